/*
 * test_observe.c - what glibc's free() does to the break (free_and_sbrk.c
 * is the same experiment as a program). Uses heap_break from task 1.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "labtest.h"

LAB_TEST(observe, free_lowers_break_only_at_top, 3,
         "heap_break must return the real break for this to be seen; run ./build/free_and_sbrk to watch it yourself.")
{
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: its blocks do not come from the break");
	enum { N = 8, SIZE = 100 * 1024 };      /* below the 128 KiB mmap threshold */
	/* Fix the trim threshold at its default: glibc raises it on its own
	   after freeing a large mmapped block. */
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	char *volatile blk[N];        /* volatile: the compiler may not drop the mallocs */
	for (int i = 0; i < N; i++) {
		blk[i] = malloc(SIZE);
		cr_assert_not_null(blk[i], "malloc failed");
		memset(blk[i], i, SIZE);
	}
	for (int i = 1; i < N; i++)
		if (blk[i] < blk[i - 1])
			cr_skip_test("malloc did not hand out the blocks in address order here");
	char *full = heap_break();
	uintptr_t top_end = (uintptr_t)blk[N - 1] + SIZE;
	for (int i = 0; i < N - 1; i++)
		free(blk[i]);
	char *below_top = heap_break();
	free(blk[N - 1]);
	char *all = heap_break();
	cr_assert(full && (uintptr_t)full >= top_end,
	          "heap_break() returned %p, but malloc's last block ends at %#jx", (void *)full,
	          (uintmax_t)top_end);
	cr_assert_eq(below_top, full, "freeing all blocks but the top one moved the break from %p to %p",
	             (void *)full, (void *)below_top);
	cr_assert_lt((uintptr_t)all, (uintptr_t)full,
	             "freeing the top block as well (%d x %d KiB free at the top) left the break at %p, expected lower than %p",
	             N, SIZE / 1024, (void *)all, (void *)full);
	labtest_note("free() of the top block lowered the break by %td KiB", (full - all) / 1024);
}
