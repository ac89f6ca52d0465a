// SPDX-License-Identifier: MIT
/*
 * maps.c - find the [heap] line of /proc/self/maps without allocating.
 *
 * stdio would be the easy way, but fopen allocates its FILE with malloc, and
 * the first malloc moves the break: the heap would appear because we looked.
 * So: open/read into a buffer on the stack, one line at a time.
 *
 * Task 5 of lab 02: see README.md. Tests: tests/test_maps.c.
 */
#include "maps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// >>> helpers (solution only)
/* Parses "start-end ..." at the front of line. Returns false if it is not
   two hex numbers joined by '-'. */
static bool parse_range(const char *line, uintptr_t *start, uintptr_t *end)
{
	char *dash, *space;
	unsigned long s = strtoul(line, &dash, 16);
	if (dash == line || *dash != '-')
		return false;
	unsigned long e = strtoul(dash + 1, &space, 16);
	if (space == dash + 1)
		return false;
	*start = s;
	*end = e;
	return true;
}

/* True if the line (without its '\n') ends in "[heap]". */
static bool is_heap_line(const char *line, size_t len)
{
	static const char tag[] = "[heap]";
	size_t n = sizeof tag - 1;
	return len >= n && memcmp(line + len - n, tag, n) == 0;
}
// <<< helpers

int maps_find_heap(uintptr_t *start, uintptr_t *end)
{
	// >>> maps_find_heap
	//| /* TODO: open /proc/self/maps, read it in chunks into a buffer on the
	//|    stack, and look at each complete line ("start-end perms offset dev
	//|    inode path"). For the line that ends in "[heap]", parse start and
	//|    end (hex, strtoul) and return 1. No such line: return 0. A line can
	//|    be cut in two by a read: keep the unfinished part for the next one. */
	//| (void)start;
	//| (void)end;
	//| errno = ENOSYS;
	//| return -1;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;

	/* A line is at most a path (4096) plus ~80 bytes of fields. */
	char buf[8192];
	size_t have = 0;
	int found = 0;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			found = -1;
			break;
		}
		have += (size_t)n;
		buf[have] = '\0';

		/* Look at every complete line; keep the incomplete rest. */
		char *line = buf, *nl;
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			if (is_heap_line(line, (size_t)(nl - line)) &&
			    parse_range(line, start, end)) {
				found = 1;
				break;
			}
			line = nl + 1;
		}
		if (found || n == 0)
			break;
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof buf - 1)
			have = 0;       /* a line longer than buf: drop it */
	}
	int err = errno;
	close(fd);
	errno = err;
	return found;
	// <<< maps_find_heap
}
