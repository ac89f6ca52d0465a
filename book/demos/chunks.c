// SPDX-License-Identifier: MIT
/*
 * chunks - how many bytes glibc's malloc really sets aside for a request.
 *
 * Usage: chunks SIZE...
 *
 * Try:   ./chunks 0 1 24 25 40 48 100 1000
 * For each size it calls malloc twice in a row and prints what
 * malloc_usable_size says the block can hold and how far apart the two
 * blocks are (the chunk size, when both come from the top of the heap: ask
 * for sizes that the tcache and bins do not already hold, as here, in a fresh
 * process). On 64-bit glibc: chunk = max(32, (size + 8 + 15) & ~15), and the
 * usable size is the chunk size minus 8.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "die.h"

int main(int argc, char **argv)
{
	if (argc < 2)
		usage("SIZE...");
	printf("%8s %8s %8s\n", "request", "usable", "chunk");
	for (int i = 1; i < argc; i++) {
		size_t n = parse_size(argv[i], "SIZE");
		char *a = malloc(n);
		char *b = malloc(n);
		if (a == NULL || b == NULL)
			die_errno("malloc(%zu)", n);
		printf("%8zu %8zu %8ld\n", n, malloc_usable_size(a), (long)(b - a));
		/* not freed: a freed chunk could be handed out again for the next size */
	}
	return 0;
}
