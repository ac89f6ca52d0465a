// SPDX-License-Identifier: MIT
// >>> header
/*
 * rss - show that malloc'd memory costs no RAM until it is touched.
 *
 * Usage: rss [-c] [MIB]   (default 64; -c: calloc instead of malloc)
 *
 * Try:   ./rss 256;  ./rss -c 256
 * It allocates MIB mebibytes with one malloc (a private anonymous mapping),
 * then writes to one half, then to the rest, and prints VmSize (virtual) and
 * VmRSS (resident) from /proc/self/status after each step. The virtual size
 * jumps at malloc; the resident size grows only as pages are first written:
 * each first write to a page is a page fault that makes the kernel find a
 * physical page for it (demand paging). With -c the block comes from
 * calloc, which must return zeros, yet the resident size does not grow at
 * calloc either: a fresh anonymous mapping is already zero, so glibc's calloc
 * does not clear a block it got from mmap.
 */
// <<< header
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "die.h"

/* Write one byte in each page of [p, p+n): the first write to a page faults it in. */
static void touch(char *p, size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *v = p;
	for (size_t i = 0; i < n; i += page)
		v[i] = 1;
}

/* Print the lines of /proc/self/status that start with one of the keys. */
static void show_status(const char *step)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		die_errno("open /proc/self/status");
	char line[256];
	long size = -1, rss = -1;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "VmSize:", 7) == 0)
			size = strtol(line + 7, NULL, 10);
		else if (strncmp(line, "VmRSS:", 6) == 0)
			rss = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	printf("%-28s VmSize %8ld KiB   VmRSS %8ld KiB\n", step, size, rss);
}

int main(int argc, char **argv)
{
	int use_calloc = argc > 1 && strcmp(argv[1], "-c") == 0;
	if (argc > 2 + use_calloc)
		usage("[-c] [MIB]");
	size_t mib = argc == 2 + use_calloc ? parse_size(argv[1 + use_calloc], "MIB") : 64;
	size_t n = mib << 20;

	show_status("at start");
	char *p = use_calloc ? calloc(1, n) : malloc(n);
	if (p == NULL)
		die_errno("%s(%zu MiB)", use_calloc ? "calloc" : "malloc", mib);
	show_status(use_calloc ? "after calloc" : "after malloc");
	touch(p, n / 2);
	show_status("after writing half");
	touch(p + n / 2, n - n / 2);
	show_status("after writing all");
	free(p);
	show_status("after free");
	return 0;
}
