// SPDX-License-Identifier: MIT
/*
 * sbrk_shrink - what moving the program break down does, and what free does.
 *
 * Usage: sbrk_shrink
 *
 * Try:   ./sbrk_shrink;  strace -e trace=brk ./sbrk_shrink
 * Part 1 moves the break up by 8 MiB with sbrk, writes every page, then moves
 * it down again with sbrk(-8 MiB): the resident size falls back, because the
 * kernel unmaps the pages above the new break (brk(2) shrinking is munmap).
 * Part 2 uses malloc/free instead: freeing a block below the top of the heap
 * never lowers the break; freeing the blocks at the top does, once the free
 * space at the top exceeds glibc's trim threshold (128 KiB by default), and
 * glibc keeps 128 KiB of it (the top pad) for the next requests.
 * Mixing the two is wrong: malloc owns the heap, and a program that lowers
 * the break itself takes memory away from under malloc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "die.h"

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

static void show(const char *step)
{
	printf("%-36s break %p   VmRSS %6ld KiB\n", step, sbrk(0), rss_kib());
}

int main(void)
{
	const long n = 8 << 20;

	setvbuf(stdout, NULL, _IONBF, 0);   /* no stdio buffer from malloc in between */
	(void)rss_kib();                    /* let stdio allocate its FILE first */
	show("part 1: start");
	char *p = sbrk(n);
	if (p == (void *)-1)
		die_errno("sbrk(+8 MiB)");
	memset(p, 1, (size_t)n);
	show("after sbrk(+8 MiB) and writing it");
	if (sbrk(-n) == (void *)-1)
		die_errno("sbrk(-8 MiB)");
	show("after sbrk(-8 MiB)");

	char *blocks[10];
	for (int i = 0; i < 10; i++) {
		blocks[i] = malloc(100 << 10);   /* 100 KiB: below the mmap threshold */
		if (blocks[i] == NULL)
			die("malloc failed");
		memset(blocks[i], 1, 100 << 10);
	}
	show("part 2: after 10 x malloc(100 KiB)");
	free(blocks[0]);
	show("after freeing the lowest block");
	for (int i = 9; i > 0; i--)
		free(blocks[i]);
	show("after freeing the other nine");
	return 0;
}
