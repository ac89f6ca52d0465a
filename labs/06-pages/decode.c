// SPDX-License-Identifier: MIT
/*
 * decode.c - read and decode /proc/PID/pagemap (task 1 of lab 06: see
 * README.md).
 *
 * TODO: decode the bits of one entry (pages.h lists them), then read n
 * entries of a process's pagemap: entry i is at byte 8 * i, i the page
 * number of the address.
 */
#include "pages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int pm_decode(uint64_t raw, struct pm_page *pg)
{
	*pg = (struct pm_page){ 0 };
	/* TODO: set each field of *pg from its bit of raw. */
	(void)raw;
	errno = ENOSYS;
	return -1;
}

ssize_t pm_read(pid_t pid, uintptr_t addr, size_t n, struct pm_page *out)
{
	/* TODO: open /proc/self/pagemap or /proc/PID/pagemap, read the n
	   entries from the page of addr, decode each into out. */
	(void)pid, (void)addr, (void)n, (void)out;
	errno = ENOSYS;
	return -1;
}
