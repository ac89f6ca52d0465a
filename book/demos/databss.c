// SPDX-License-Identifier: MIT
/*
 * databss - initialised data is stored in the file, zeroed data (bss) is not.
 *
 * Usage: databss [-f]
 *   -f   also read, then write, every page of the bss array, and count the
 *        page faults and the resident size each pass costs
 *
 * Try:   size databss; ls -l databss
 *        readelf -S -W databss | grep -E ' \.(data|bss) '
 *        readelf -l -W databss | grep LOAD
 *        ./databss -f
 * The two arrays have the same size, 1 MiB each. `data_array` is in .data,
 * whose bytes are in the file (type PROGBITS); `bss_array` is in .bss (type
 * NOBITS): the file only records its size. In the last LOAD segment the
 * memory size (MemSiz) is larger than the file size (FileSiz) by the bss:
 * the kernel and loader fill that part with zero pages. With -f: reading a
 * bss page for the first time is a (minor) page fault that maps the shared
 * zero page, so the resident size hardly grows; writing it is another fault
 * that gives the page its own frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "die.h"

#define ARRAY_BYTES (1 << 20)

// >>> arrays
char data_array[ARRAY_BYTES] = { 1 };  /* one non-zero byte: all of it is stored */
char bss_array[ARRAY_BYTES];           /* all zero: only its size is stored */
// <<< arrays

static long minor_faults(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) < 0)
		die_errno("getrusage");
	return ru.ru_minflt;
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		die_errno("open /proc/self/status");
	char line[256];
	long rss = -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			rss = strtol(line + 6, NULL, 10);
	fclose(f);
	return rss;
}

/* Read (or write) one byte in every page of bss_array; print what it cost. */
static void touch_bss(int write)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char *v = bss_array;
	long faults = minor_faults(), rss = rss_kib();
	long sum = 0;
	for (long i = 0; i < ARRAY_BYTES; i += page) {
		if (write)
			v[i] = 1;
		else
			sum += v[i];
	}
	printf("%-5s %ld bss pages: %4ld minor faults, VmRSS %+5ld KiB%s\n",
	       write ? "wrote" : "read", ARRAY_BYTES / page, minor_faults() - faults,
	       rss_kib() - rss, sum ? " (not zero!)" : "");
}

int main(int argc, char **argv)
{
	int faults = argc == 2 && strcmp(argv[1], "-f") == 0;
	if (argc != 1 + faults)
		usage("[-f]");
	printf("data_array at %p (.data)\nbss_array  at %p (.bss)\n",
	       (void *)data_array, (void *)bss_array);
	if (faults) {
		(void)rss_kib();        /* let stdio allocate its buffers first */
		touch_bss(0);
		touch_bss(1);
	}
	return data_array[0] == 1 ? 0 : 1;
}
