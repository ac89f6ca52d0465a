// SPDX-License-Identifier: MIT
/*
 * test_maps.c - task 5: finding [heap] in /proc/self/maps (maps.c), and what
 * it shows about a fresh process: no heap until the break first moves, and
 * a heap that starts at a random distance past the end of bss.
 *
 * maps_find_heap runs in the worker (build/worker) and reads the worker's
 * /proc/self/maps; the tests read the worker's /proc/PID/maps and stat
 * themselves to check it. The fresh process is build/firstbrk (firstbrk.c),
 * started by the worker: it holds your code, so it runs where your code
 * runs. The worker is no good for that, it has long since called malloc.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/personality.h>
#include <unistd.h>

#include "heap.h"
#include "labtest.h"
#include "maps.h"
#include "lab02.h"

LAB_TEST(maps, finds_heap, 5,
         "Read /proc/self/maps with open/read, split it into lines, and parse the start-end of the one ending in [heap].")
{
	char *b0 = worker_brk();
	worker_sbrk(1);                 /* make sure there is a heap */
	uintptr_t brk1 = (uintptr_t)worker_brk();
	uintptr_t start = 0, end = 0, hs = 0, he = 0;
	int r = maps_find_heap(&start, &end);
	bool heap = worker_heap(&hs, &he);
	uintptr_t start_brk = proc_stat_field(47);
	restore_break(b0);
	cr_assert(heap && he == page_round_up(brk1), "set-up: the worker's [heap] is not where its break says");
	cr_assert_eq(r, 1, "maps_find_heap returned %d with a heap in place, expected 1", r);
	if (start_brk)
		cr_assert_eq(start, start_brk, "maps_find_heap found the heap starting at %#jx; the kernel says %#jx",
		             (uintmax_t)start, (uintmax_t)start_brk);
	cr_assert_eq(end, page_round_up(brk1),
	             "maps_find_heap found the heap ending at %#jx; with the break at %#jx it ends at %#jx",
	             (uintmax_t)end, (uintmax_t)brk1, (uintmax_t)page_round_up(brk1));
}

/* Runs build/firstbrk, failing the test if it could not. */
static void firstbrk(struct firstbrk *fb, bool no_aslr)
{
	char why[256];
	enum firstbrk_status st = run_firstbrk(fb, no_aslr, why, sizeof why);
	if (st == FIRSTBRK_NO_PERSONALITY)
		cr_skip_test("personality(ADDR_NO_RANDOMIZE) is refused here");
	cr_assert_eq(st, FIRSTBRK_OK, "%s", why);
	cr_assert_neq(fb->brk, 0, "in build/firstbrk heap_break() returned NULL");
}

LAB_TEST(maps, no_heap_until_first_brk, 5,
         "In a fresh process nothing has moved the break yet. If your maps_find_heap sees a heap there, did it call "
         "malloc or stdio (fopen) to look?")
{
	struct firstbrk fb;
	firstbrk(&fb, false);
	cr_assert_eq(fb.heap_before, 0,
	             "build/firstbrk: before the break moved, maps_find_heap returned %d, expected 0 (no [heap] yet)",
	             fb.heap_before);
	cr_assert_eq(fb.grown, fb.brk, "build/firstbrk: heap_grow(1) returned %#jx, expected the break %#jx",
	             (uintmax_t)fb.grown, (uintmax_t)fb.brk);
	cr_assert_eq(fb.heap_after, 1, "build/firstbrk: after heap_grow(1), maps_find_heap returned %d, expected 1",
	             fb.heap_after);
	/* The initial break is on a page boundary, except on kernels that
	   randomise its low bits too: compare with its page. */
	uintptr_t first_page = fb.brk / page_size() * page_size();
	cr_assert_eq(fb.heap_start, first_page,
	             "build/firstbrk: [heap] starts at %#jx, expected the page of the first break %#jx",
	             (uintmax_t)fb.heap_start, (uintmax_t)fb.brk);
	cr_assert_eq(fb.heap_end, page_round_up(fb.brk_after),
	             "build/firstbrk: [heap] ends at %#jx, expected the break %#jx rounded up to a page",
	             (uintmax_t)fb.heap_end, (uintmax_t)fb.brk_after);
}

LAB_TEST(maps, brk_gap_is_random, 4,
         "firstbrk prints heap_break() - &end; it changes between runs only if heap_break returns the real break.")
{
	int aslr = randomize_va_space();
	if (aslr >= 0 && aslr < 2)
		cr_skip_test("randomize_va_space is %d: the kernel does not randomise the break", aslr);
	int pers = personality(0xffffffff);
	if (pers >= 0 && (pers & ADDR_NO_RANDOMIZE))
		cr_skip_test("ASLR is off for this process and its children (setarch -R, or gdb)");
	long gaps[3];
	int distinct = 1;
	for (int i = 0; i < 3 && distinct < 2; i++) {
		struct firstbrk fb;
		firstbrk(&fb, false);
		cr_assert_geq(fb.gap, 0, "build/firstbrk: the break %#jx is below &end %#jx",
		              (uintmax_t)fb.brk, (uintmax_t)fb.end);
		gaps[i] = fb.gap;
		if (i > 0 && gaps[i] != gaps[0])
			distinct = 2;
	}
	cr_assert_eq(distinct, 2, "three runs of build/firstbrk all found the heap %ld bytes past the end of bss",
	             gaps[0]);
	labtest_note("gap between the end of bss and the heap: %ld and %ld bytes", gaps[0], gaps[1]);
}

LAB_TEST(maps, brk_gap_without_aslr, 3,
         "With ASLR off (setarch -R) the heap starts at the first page boundary after the end of bss.")
{
	struct firstbrk fb;
	firstbrk(&fb, true);
	cr_assert(fb.gap >= 0 && fb.gap < (long)page_size(),
	          "with ADDR_NO_RANDOMIZE build/firstbrk found the heap at %#jx, %ld bytes past &end %#jx; "
	          "expected less than a page",
	          (uintmax_t)fb.brk, fb.gap, (uintmax_t)fb.end);
	cr_assert_eq(fb.brk % page_size(), 0, "the first break %#jx is not on a page boundary", (uintmax_t)fb.brk);
}
