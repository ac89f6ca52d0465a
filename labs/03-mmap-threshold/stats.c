// SPDX-License-Identifier: MIT
/*
 * stats - malloc some blocks, then show what glibc says about them:
 * malloc_usable_size() of each block, mallinfo2() and malloc_stats().
 *
 * Usage: stats [-c|-t] SIZE...      (sizes such as 0, 24, 131049, 200k)
 *     -c  use calloc instead of malloc       -t  malloc, then memset to 1
 *     and show the resident set size (RSS) after allocating.
 *
 * Try:
 *     build/stats 0                       article 02 says "in use bytes = 32"
 *     build/stats 0 24 25                 which of them cost the same?
 *     build/stats 131049 131049           the same size: one from the heap, one mmapped
 *     MALLOC_MMAP_THRESHOLD_=65536 build/stats 70000 140000
 *     MALLOC_TOP_PAD_=0 build/stats 0     "system bytes" is now one page
 *     build/stats -c 64M; build/stats -t 64M    calloc did not touch the pages
 *
 * Nothing here uses stdio's stdout, nor dprintf: both malloc a buffer,
 * which would be one more block in the numbers. say() formats on the
 * stack and write()s. malloc_stats() prints to stderr, which has no buffer.
 */
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"

enum { MAX_BLOCKS = 64 };

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1;
	if (n > 0 && write(STDOUT_FILENO, line, (size_t)n) != n)
		exit(EXIT_FAILURE);
}

/* Resident pages, in KiB, from /proc/self/statm (its second field). */
static long rss_kib(void)
{
	char buf[128];
	int fd = open("/proc/self/statm", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	long size, resident;
	if (sscanf(buf, "%ld %ld", &size, &resident) != 2)
		return -1;
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int main(int argc, char *argv[])
{
	int first = 1;
	char how = 'm';
	if (argc > 1 && (strcmp(argv[1], "-c") == 0 || strcmp(argv[1], "-t") == 0))
		how = argv[first++][1];
	int nblocks = argc - first;
	if (nblocks < 1 || nblocks > MAX_BLOCKS)
		usage("[-c|-t] SIZE...   (at most 64)");
	size_t size[MAX_BLOCKS];
	for (int i = 0; i < nblocks; i++)
		size[i] = parse_size(argv[first + i], "size");
	long rss_before = rss_kib();
	void *block[MAX_BLOCKS];
	size_t usable[MAX_BLOCKS];
	for (int i = 0; i < nblocks; i++) {
		block[i] = how == 'c' ? calloc(1, size[i]) : malloc(size[i]);
		if (!block[i])
			die_errno("malloc(%zu)", size[i]);
		if (how == 't')
			memset(block[i], 1, size[i]);
		usable[i] = malloc_usable_size(block[i]);
	}
	long rss_after = rss_kib();
	struct mallinfo2 mi = mallinfo2();
	for (int i = 0; i < nblocks; i++)
		say("%s(%zu) = %p  usable %zu\n", how == 'c' ? "calloc" : "malloc", size[i], block[i], usable[i]);
	say("RSS %ld KiB before, %ld KiB after%s\n", rss_before, rss_after,
	    how == 'c' ? " calloc" : how == 't' ? " malloc + memset" : " malloc");
	say("mallinfo2: arena %zu (heap bytes from brk)  uordblks %zu (in use)  "
	    "fordblks %zu (free, top included)\n           hblks %zu (mmapped blocks)  "
	    "hblkhd %zu (their bytes)\nmalloc_stats():\n",
	    mi.arena, mi.uordblks, mi.fordblks, mi.hblks, mi.hblkhd);
	malloc_stats();     /* to stderr */
	return 0;
}
