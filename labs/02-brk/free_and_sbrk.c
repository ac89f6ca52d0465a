// SPDX-License-Identifier: MIT
/*
 * free_and_sbrk - does free() give memory back? Allocate COUNT blocks with
 * malloc, free some of them, and watch the break.
 *
 * Usage: free_and_sbrk COUNT SIZE [FIRST [LAST [STEP]]]
 *        frees blocks FIRST, FIRST+STEP, ... up to LAST (numbered from 1;
 *        default: all of them, in order)
 *
 * glibc's malloc takes memory for blocks smaller than the mmap threshold
 * (128 KiB at first) from the top of the heap. free() lowers the break only
 * when the free space at the very top of the heap grows past the trim
 * threshold (M_TRIM_THRESHOLD, 128 KiB by default): freeing a block in the
 * middle cannot lower it, because the blocks above it are still in use.
 *
 * Try:
 *   free_and_sbrk 100 10k 1 99       the top block is in use: break stays
 *   free_and_sbrk 100 10k            all freed: break drops
 *   free_and_sbrk 100 10k 100 100    only the top block: too little to trim
 *   free_and_sbrk 100 10k 80 100     the top 21 blocks: drops, but by less
 *                                    than 210 KiB (M_TOP_PAD is kept)
 *   free_and_sbrk 100 10k 1 100 2    every other block: nothing to trim
 *   strace -e trace=brk ./build/free_and_sbrk 100 10k
 * Built with SAN=1 the numbers mean nothing: ASan's malloc does not use brk.
 */
#include <stdio.h>
#include <stdlib.h>

#include "die.h"
#include "heap.h"

int main(int argc, char *argv[])
{
	if (argc < 3 || argc > 6)
		usage("COUNT SIZE [FIRST [LAST [STEP]]]");
	size_t count = parse_size(argv[1], "COUNT");
	size_t size = parse_size(argv[2], "SIZE");
	size_t first = argc > 3 ? parse_size(argv[3], "FIRST") : 1;
	size_t last = argc > 4 ? parse_size(argv[4], "LAST") : count;
	size_t step = argc > 5 ? parse_size(argv[5], "STEP") : 1;
	if (count == 0 || first < 1 || last > count || first > last || step < 1)
		die("need 1 <= FIRST <= LAST <= COUNT and STEP >= 1");

	char *start = heap_break();     /* before malloc sets up its heap */
	char **block = calloc(count, sizeof *block);
	if (!block)
		die_errno("calloc");
	printf("break before the first malloc: %p\n", (void *)start);
	printf("break after calloc(%zu, %zu):  %p\n", count, sizeof *block, heap_break());
	for (size_t i = 0; i < count; i++)
		if (!(block[i] = malloc(size)))
			die_errno("malloc(%zu)", size);
	char *top = heap_break();
	printf("break after %zu x malloc(%zu): %p\n", count, size, (void *)top);

	for (size_t i = first; i <= last; i += step)
		free(block[i - 1]);
	char *now = heap_break();
	printf("break after freeing %zu..%zu step %zu: %p (%s by %td bytes)\n",
	       first, last, step, (void *)now,
	       now < top ? "lowered" : "not lowered", top - now);
	return 0;
}
