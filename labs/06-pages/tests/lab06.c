// SPDX-License-Identifier: MIT
/*
 * lab06.c - helpers for the lab 06 tests (lab06.h): pagemap read and
 * decoded by the tests themselves, and the worker seen from outside.
 */
#include "lab06.h"

#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

bool judge_entries(pid_t pid, uintptr_t addr, size_t n, uint64_t *raw)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	off_t at = (off_t)(addr / page_size() * sizeof *raw);
	ssize_t got = pread(fd, raw, n * sizeof *raw, at);
	close(fd);
	return got == (ssize_t)(n * sizeof *raw);
}

char judge_char(uint64_t raw, uint64_t zero_pfn)
{
	if (raw & J_SWAPPED)
		return 'w';
	if (!(raw & J_PRESENT))
		return '.';
	if (raw & J_FILE)
		return 'f';
	uint64_t pfn = raw & J_PFN_MASK;
	if (pfn && pfn == zero_pfn)
		return '0';
	return raw & J_EXCLUSIVE ? 'x' : 's';
}

uint64_t judge_zero_pfn(void)
{
	volatile char *p = mmap(NULL, page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	(void)p[0];
	uint64_t raw = 0;
	bool ok = judge_entries(getpid(), (uintptr_t)p, 1, &raw);
	munmap((void *)p, page_size());
	return ok && (raw & J_PRESENT) ? raw & J_PFN_MASK : 0;
}

bool has_sys_admin(pid_t pid)
{
	char buf[4096];
	if (labtest_read_proc(pid, "status", buf, sizeof buf) <= 0)
		return false;
	const char *cap = strstr(buf, "CapEff:");
	return cap && (strtoull(cap + 7, NULL, 16) >> 21 & 1);      /* CAP_SYS_ADMIN */
}

bool thp_madvise_works(void)
{
	char buf[256];
	int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, "[always]") || strstr(buf, "[madvise]");
}

bool worker_counters(long *minor, long *major, long *rss)
{
	/* A first call makes sure the worker runs: until it has called exec,
	   its pid is a copy of the tests' process. */
	static bool started;
	if (!started) {
		worker_region(1, REGION_MIXED);
		started = true;
	}
	pid_t pid = remote_worker_pid();
	char buf[2048];
	if (labtest_read_proc(pid, "stat", buf, sizeof buf) <= 0)
		return false;
	/* Field 2 is "(comm)" and may hold spaces: count from the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p)
		return false;
	long field[16] = { 0 };
	p += 3;                 /* ") S": field 3, the state, is a letter */
	for (int f = 4; f <= 12; f++)
		field[f] = strtol(p, &p, 10);
	*minor = field[10];
	*major = field[12];
	/* smaps_rollup walks the page tables: exact, where statm lags. */
	char roll[4096];
	if (labtest_read_proc(pid, "smaps_rollup", roll, sizeof roll) <= 0)
		return false;
	const char *line = strstr(roll, "\nRss:");
	if (!line)
		return false;
	*rss = strtol(line + strlen("\nRss:"), NULL, 10) / (long)(page_size() / 1024);
	return true;
}

uint64_t worker_region(size_t npages, int how)
{
	struct rcall c;
	rcall_begin(&c, RF_REGION, "setting up a region in the worker");
	rmsg_put_u64(&c.msg, npages);
	rmsg_put_i64(&c.msg, how);
	rcall_send(&c);
	uint64_t addr = rcall_u64(&c);
	rcall_end(&c);
	cr_assert_neq(addr, 0, "the worker could not set up a region of %zu pages", npages);
	return addr;
}

pid_t worker_child(uint64_t *addr)
{
	struct rcall c;
	rcall_begin(&c, RF_CHILD, "starting a child of the worker");
	rcall_send(&c);
	pid_t pid = (pid_t)rcall_i64(&c);
	*addr = rcall_u64(&c);
	rcall_end(&c);
	cr_assert_gt(pid, 0, "the worker could not start a child");
	return pid;
}

void worker_end_child(void)
{
	struct rcall c;
	rcall_begin(&c, RF_END_CHILD, "ending the worker's child");
	rcall_send(&c);
	(void)rcall_i64(&c);
	rcall_end(&c);
}
