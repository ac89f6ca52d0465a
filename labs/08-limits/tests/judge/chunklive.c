// SPDX-License-Identifier: MIT
/*
 * chunklive.c - the tests' own 32-bit program (build/chunklive32, never
 * your code): malloc(REQ) when the heap has no room left for it (the top
 * chunk filled first), as glibc did it. Prints "REQ chunk N usable N
 * mmapped 0|1" from the chunk's size field.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	size_t req = (size_t)strtoull(argv[1], NULL, 10);
	void *volatile first = malloc(1); /* malloc's set-up: the heap, the tcache */
	free(first);
	/* The top chunk (keepcost) filled, less room for a minimum chunk. */
	size_t top = mallinfo2().keepcost;
	void *volatile fill = top > 64 ? malloc(top - 32) : NULL; /* volatile: kept */
	if (top > 64 && !fill)
		return 1;
	void *p = malloc(req);
	if (!p)
		return 1;
	size_t head = ((size_t *)p)[-1];
	printf("%zu chunk %zu usable %zu mmapped %d\n", req, head & ~(size_t)7, malloc_usable_size(p),
	       (int)((head >> 1) & 1));
	return 0;
}
