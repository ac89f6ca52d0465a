// SPDX-License-Identifier: MIT
/*
 * malloc_once - make one malloc call in a fresh process, then exit.
 *
 * Usage: malloc_once [-s] SIZE
 *   -s   print malloc_stats() after the call (to stderr)
 *
 * Try:   strace -e trace=brk,mmap,munmap ./malloc_once 131048
 *        strace -e trace=brk,mmap,munmap ./malloc_once 200000
 *        ./malloc_once -s 0
 * The last lines of strace show whether the request grew the heap (brk) or
 * got a mapping of its own (mmap). Nothing else runs before the call, so the
 * heap is as fresh as a C program's heap can be.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "die.h"

int main(int argc, char **argv)
{
	int stats = argc == 3 && strcmp(argv[1], "-s") == 0;
	if (argc != 2 + stats)
		usage("[-s] SIZE");
	size_t n = parse_size(argv[1 + stats], "SIZE");

	void *p = malloc(n);
	if (p == NULL)
		die_errno("malloc(%zu)", n);
	if (stats)
		malloc_stats();
	return 0;
}
