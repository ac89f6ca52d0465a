// SPDX-License-Identifier: MIT
/*
 * memprobe.c - how much this process can allocate: your probe_largest and
 * probe_total (probe.c), and where its address space went. Built twice:
 * build/memprobe (64-bit) and, where gcc -m32 works, build/memprobe32.
 *
 *   memprobe largest            the largest single malloc, to within 1 MiB
 *   memprobe total [MIB]        malloc in pieces of MIB MiB (16) until NULL
 *   memprobe maps               this process's /proc/self/maps, to explain them
 *
 * Try them under a limit: (ulimit -v 262144; ./build/memprobe total 4),
 * and 32-bit: ./build/memprobe32 total; setarch i386 --3gb ./build/memprobe32 total.
 */
#include "memlimits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB ((size_t)1 << 20)

static int usage(void)
{
	fprintf(stderr, "usage: memprobe largest | total [MIB] | maps\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "largest") == 0) {
		size_t n = probe_largest(SIZE_MAX, MIB);
		printf("largest %zu (%zu MiB)\n", n, n / MIB);
	} else if (strcmp(argv[1], "total") == 0) {
		size_t piece = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) * MIB : 16 * MIB;
		if (piece == 0)
			return usage();
		size_t n = probe_total(piece);
		printf("total %zu (%zu MiB in pieces of %zu MiB)\n", n, n / MIB, piece / MIB);
	} else if (strcmp(argv[1], "maps") == 0) {
		FILE *f = fopen("/proc/self/maps", "re");
		int c;
		while (f && (c = getc(f)) != EOF)
			putchar(c);
		if (f)
			fclose(f);
	} else {
		return usage();
	}
	return 0;
}
