// SPDX-License-Identifier: MIT
/*
 * race_pads.h - pages the worker maps below its program so that [heap]'s
 * line is the last one of a read of /proc/self/maps (worker.c, test_race.c).
 *
 * A read(2) of the maps ends with the line that reaches the size asked for
 * (stdio asks /proc for 1 KiB at a time); the next read starts after that
 * line's mapping as the mappings are *then*. If [heap] ended a read and the
 * heap grew before the next one, [heap] comes again, with its new end. Each
 * pad is one anonymous page, a line of 2 d + 25 bytes when its addresses
 * print with d hex digits (8 to 12: "10000000-10001000 r--p 00000000 00:00
 * 0 \n"): the number of pads decides how many lines come before [heap], and
 * their digits move [heap]'s line, 2 bytes at a time, to the end of a read.
 */
#ifndef LAB01_RACE_PADS_H
#define LAB01_RACE_PADS_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fns.h"

enum { PAD_READ = 1024, PAD_MIN_DIGITS = 8, PAD_MAX_DIGITS = 12, PAD_PAGE = 4096 };

static uintptr_t pads_at[LAB01_MAX_PADS];
static size_t pads_n;

/* Pad i of those with d digits: from 16^(d-1) up, every other page. */
static uintptr_t pad_address(int digits, size_t i)
{
	return ((uintptr_t)1 << (4 * (digits - 1))) + i * 2 * PAD_PAGE;
}

static void pads_unmap(void)
{
	for (size_t i = 0; i < pads_n; i++)
		munmap((void *)pads_at[i], PAD_PAGE);
	pads_n = 0;
}

/* n pads, with `extra` digits more than 8 in all (at most 4 each). */
static void pads_map(size_t n, size_t extra)
{
	size_t used[PAD_MAX_DIGITS + 1] = { 0 };
	for (size_t i = 0; i < n && i < LAB01_MAX_PADS; i++) {
		size_t more = extra < 4 ? extra : 4;
		extra -= more;
		int d = PAD_MIN_DIGITS + (int)more;
		void *want = (void *)pad_address(d, used[d]++);
		void *p = mmap(want, PAD_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == want)
			pads_at[pads_n++] = (uintptr_t)p;
		else if (p != MAP_FAILED)
			munmap(p, PAD_PAGE);   /* a kernel without MAP_FIXED_NOREPLACE */
	}
}

/* Where [heap]'s line starts in this process's maps, and its length with
   the '\n'. Read with no allocation, into a buffer that does not grow. */
static bool heap_line(size_t *at, size_t *len)
{
	static char text[1 << 20];
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	size_t n = 0;
	ssize_t got;
	while (n < sizeof text - 1 && (got = read(fd, text + n, sizeof text - 1 - n)) > 0)
		n += (size_t)got;
	close(fd);
	text[n] = '\0';
	const char *h = strstr(text, " [heap]\n");
	if (!h)
		return false;
	const char *start = h;
	while (start > text && start[-1] != '\n')
		start--;
	*at = (size_t)(start - text);
	*len = (size_t)(h + sizeof " [heap]\n" - 1 - start);
	return true;
}

/* Whether [heap]'s line reaches the end of a read of PAD_READ bytes. */
static bool heap_ends_read(void)
{
	size_t at, len;
	return heap_line(&at, &len) && at % PAD_READ + len >= PAD_READ;
}

/* Map n pads with the digits that make [heap]'s line end a read. Returns
   whether that worked (it cannot for some n: the pads' lines are too few
   to move [heap]'s far enough). */
static bool pads_put_heap_at_read_end(size_t n)
{
	pads_unmap();
	pads_map(n, 0);
	size_t at, len;
	if (pads_n != n || !heap_line(&at, &len))
		return false;
	for (size_t extra = 0; extra <= 4 * n; extra++) {
		if ((at + 2 * extra) % PAD_READ + len < PAD_READ)
			continue;
		pads_unmap();
		pads_map(n, extra);
		return pads_n == n && heap_ends_read();
	}
	return false;
}

#endif
