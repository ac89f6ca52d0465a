// SPDX-License-Identifier: MIT
/*
 * test_observe.c - what glibc's free() does to the break (free_and_sbrk.c
 * is the same experiment as a program). Uses heap_break from task 1. The
 * malloc and free are the worker's (build/worker runs your heap_break), and
 * the tests check its answers against the worker's [heap] in /proc/PID/maps.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "labtest.h"
#include "lab02.h"

LAB_TEST(observe, free_lowers_break_only_at_top, 3,
         "heap_break must return the real break for this to be seen; run ./build/free_and_sbrk to watch it yourself.")
{
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: its blocks do not come from the break");
	enum { N = 8, SIZE = 100 * 1024 };      /* below the 128 KiB mmap threshold */
	/* Fix the trim threshold at its default: glibc raises it on its own
	   after freeing a large mmapped block. */
	worker_call(RF_TRIM_THRESHOLD, "mallopt in the worker", 128 * 1024);
	static char fill[SIZE];
	char *blk[N];
	for (int i = 0; i < N; i++) {
		blk[i] = (char *)(uintptr_t)worker_call(RF_MALLOC, "malloc in the worker", SIZE);
		cr_assert_not_null(blk[i], "malloc in the worker failed");
		memset(fill, i, SIZE);
		cr_assert_eq(remote_poke((uintptr_t)blk[i], fill, SIZE), 0, "cannot write a block malloc gave");
	}
	for (int i = 1; i < N; i++)
		if (blk[i] < blk[i - 1])
			cr_skip_test("malloc did not hand out the blocks in address order here");
	char *full = heap_break();
	uintptr_t hs, full_end = 0, below_end = 0, all_end = 0;
	bool heap_full = worker_heap(&hs, &full_end);
	uintptr_t top_end = (uintptr_t)blk[N - 1] + SIZE;
	for (int i = 0; i < N - 1; i++)
		worker_call(RF_FREE, "free in the worker", (uintptr_t)blk[i]);
	char *below_top = heap_break();
	worker_heap(&hs, &below_end);
	worker_call(RF_FREE, "free in the worker", (uintptr_t)blk[N - 1]);
	char *all = heap_break();
	worker_heap(&hs, &all_end);
	cr_assert(full && (uintptr_t)full >= top_end,
	          "heap_break() returned %p, but malloc's last block ends at %#jx", (void *)full,
	          (uintmax_t)top_end);
	cr_assert(heap_full && full_end == page_round_up((uintptr_t)full),
	          "heap_break() returned %p, but the worker's [heap] ends at %#jx", (void *)full,
	          (uintmax_t)full_end);
	cr_assert_eq(below_top, full, "freeing all blocks but the top one moved the break from %p to %p",
	             (void *)full, (void *)below_top);
	cr_assert_eq(below_end, full_end, "heap_break() says the break stayed at %p, but the worker's "
	             "[heap] end moved from %#jx to %#jx", (void *)full, (uintmax_t)full_end,
	             (uintmax_t)below_end);
	cr_assert_lt((uintptr_t)all, (uintptr_t)full,
	             "freeing the top block as well (%d x %d KiB free at the top) left the break at %p, expected lower than %p",
	             N, SIZE / 1024, (void *)all, (void *)full);
	cr_assert_eq(all_end, page_round_up((uintptr_t)all), "heap_break() returned %p after the last "
	             "free, but the worker's [heap] ends at %#jx", (void *)all, (uintmax_t)all_end);
	labtest_note("free() of the top block lowered the break by %td KiB", (full - all) / 1024);
}
