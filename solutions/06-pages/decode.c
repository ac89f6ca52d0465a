// SPDX-License-Identifier: MIT
/*
 * decode.c - read and decode /proc/PID/pagemap (task 1 of lab 06: see
 * README.md).
 *
// >>> design
//|  * TODO: decode the bits of one entry (pages.h lists them), then read n
//|  * entries of a process's pagemap: entry i is at byte 8 * i, i the page
//|  * number of the address.
 * A pagemap entry is 64 bits: flags at the top, the frame number (PFN) at
 * the bottom. The file is indexed by virtual page number, so one pread at
 * 8 * (addr / page size) gets the entries of consecutive pages.
// <<< design
 */
#include "pages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

// >>> pagemap-bits (solution only)
static const uint64_t PM_BIT_PRESENT = 1ULL << 63;
static const uint64_t PM_BIT_SWAPPED = 1ULL << 62;
static const uint64_t PM_BIT_FILE = 1ULL << 61;
static const uint64_t PM_BIT_EXCLUSIVE = 1ULL << 56;
static const uint64_t PM_BIT_SOFT_DIRTY = 1ULL << 55;
static const uint64_t PM_PFN_MASK = (1ULL << 55) - 1;
// <<< pagemap-bits

int pm_decode(uint64_t raw, struct pm_page *pg)
{
	*pg = (struct pm_page){ 0 };
	// >>> pm_decode
	//| /* TODO: set each field of *pg from its bit of raw. */
	//| (void)raw;
	//| errno = ENOSYS;
	//| return -1;
	pg->present = raw & PM_BIT_PRESENT;
	pg->swapped = raw & PM_BIT_SWAPPED;
	pg->file = raw & PM_BIT_FILE;
	pg->exclusive = raw & PM_BIT_EXCLUSIVE;
	pg->soft_dirty = raw & PM_BIT_SOFT_DIRTY;
	/* A swapped entry holds the swap type and offset there, not a PFN. */
	if (pg->present && !pg->swapped)
		pg->pfn = raw & PM_PFN_MASK;
	return 0;
	// <<< pm_decode
}

ssize_t pm_read(pid_t pid, uintptr_t addr, size_t n, struct pm_page *out)
{
	// >>> pm_read
	//| /* TODO: open /proc/self/pagemap or /proc/PID/pagemap, read the n
	//|    entries from the page of addr, decode each into out. */
	//| (void)pid, (void)addr, (void)n, (void)out;
	//| errno = ENOSYS;
	//| return -1;
	char path[64];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/pagemap");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	off_t at = (off_t)(addr / (uintptr_t)sysconf(_SC_PAGESIZE) * sizeof(uint64_t));
	size_t done = 0;
	while (done < n) {
		uint64_t raw[64];
		size_t want = n - done < 64 ? n - done : 64;
		ssize_t got = pread(fd, raw, want * sizeof raw[0], at + (off_t)(done * sizeof raw[0]));
		if (got <= 0 || got % (ssize_t)sizeof raw[0]) {
			if (got >= 0)
				errno = EIO;
			close(fd);
			return -1;
		}
		for (size_t i = 0; i < (size_t)got / sizeof raw[0]; i++)
			pm_decode(raw[i], &out[done + i]);
		done += (size_t)got / sizeof raw[0];
	}
	close(fd);
	return (ssize_t)n;
	// <<< pm_read
}
