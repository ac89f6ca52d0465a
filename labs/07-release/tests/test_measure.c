// SPDX-License-Identifier: MIT
/*
 * test_measure.c - task 1: mem_now and trim_gain_predict (measure.c). The
 * worker runs the workload's first phases; the tests read its
 * smaps_rollup and maps before and after each call, and measure what
 * malloc_trim(0) really gave back.
 */
#include <errno.h>
#include <string.h>

#include "labtest.h"
#include "lab07.h"
#include "measure.h"

/* The size of the worker's [heap] in its maps, or 0. */
static size_t judge_heap(pid_t pid)
{
	static struct jmap m[4096];
	int n = judge_maps(pid, m, 4096);
	for (int i = 0; i < n; i++)
		if (!strcmp(m[i].path, "[heap]"))
			return m[i].hi - m[i].lo;
	return 0;
}

/* Phases 0-2 in the worker (glibc's defaults), then mem_now between two
   readings of the tests'. */
static struct mem fragmented(long *rss0, long *rss1)
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer, whose malloc replaces glibc's");
	for (int k = 0; k <= 2; k++)
		worker_phase(k, false);
	pid_t pid = remote_worker_pid();
	*rss0 = judge_rollup_kb(pid, "Rss:");
	if (*rss0 < 0)
		cr_skip_test("the tests cannot read the worker's /proc/PID/smaps_rollup here");
	struct mem m;
	memset(&m, 0xff, sizeof m);
	int rc = mem_now(&m);
	int err = errno;
	*rss1 = judge_rollup_kb(pid, "Rss:");
	cr_assert_eq(rc, 0, "mem_now returned %d (%s)", rc, strerror(err));
	return m;
}

LAB_TEST(measure, mem_now_matches, 4,
         "Rss is smaps_rollup's line, in kB as it stands. The heap's numbers are mallinfo2's: "
         "arena is the size of the heap, fordblks what is free in it, keepcost the top block.")
{
	long rss0, rss1;
	struct mem m = fragmented(&rss0, &rss1);
	long lo = rss0 < rss1 ? rss0 : rss1, hi = rss0 < rss1 ? rss1 : rss0;
	cr_assert(m.rss_kb >= lo - 64 && m.rss_kb <= hi + 64, "mem_now: rss_kb %ld, but the worker's "
	          "smaps_rollup said %ld kB before the call and %ld after", m.rss_kb, rss0, rss1);
	size_t heap = judge_heap(remote_worker_pid());
	cr_assert(heap > 0, "the tests found no [heap] in the worker's maps");
	cr_assert(m.heap_bytes + 4096 >= heap && m.heap_bytes <= heap, "mem_now: heap_bytes %zu, but "
	          "the worker's [heap] in its maps is %zu bytes", m.heap_bytes, heap);
	size_t freed = (size_t)WL_BLOCKS * WL_BLOCK;
	cr_assert(m.heap_free >= freed && m.heap_free <= m.heap_bytes, "mem_now: heap_free %zu, but the "
	          "workload has just freed %zu bytes of a heap of %zu", m.heap_free, freed, heap);
	cr_assert(m.top_free < m.heap_free && m.top_free < 1u << 20, "mem_now: top_free %zu, but a block "
	          "in use sits near the top of the heap (heap_free %zu)", m.top_free, m.heap_free);
	labtest_note("48 MiB allocated, all freed but the top block: Rss %ld kB, heap %zu kB, free %zu kB, top %zu kB",
	             m.rss_kb, m.heap_bytes / 1024, m.heap_free / 1024, m.top_free / 1024);
}

LAB_TEST(measure, lazyfree, 2,
         "Pages given MADV_FREE stay resident until memory is short: smaps_rollup counts them "
         "in Rss and again in LazyFree.")
{
	pid_t pid = remote_worker_pid();
	const size_t len = 4 << 20;
	struct rcall c;
	rcall_begin(&c, RF_LAZY, "MADV_FREE in the worker");
	rmsg_put_u64(&c.msg, len);
	rcall_send(&c);
	uint64_t addr = rcall_u64(&c);
	rcall_end(&c);
	if (!addr)
		cr_skip_test("MADV_FREE is refused here");
	long lz0 = judge_rollup_kb(pid, "LazyFree:");
	if (lz0 < (long)(len / 1024) / 2)
		cr_skip_test("this kernel shows %ld kB LazyFree after MADV_FREE of %zu kB", lz0, len / 1024);
	struct mem m;
	memset(&m, 0xff, sizeof m);
	int rc = mem_now(&m);
	int err = errno;
	long lz1 = judge_rollup_kb(pid, "LazyFree:");
	cr_assert_eq(rc, 0, "mem_now returned %d (%s)", rc, strerror(err));
	long lo = lz0 < lz1 ? lz0 : lz1, hi = lz0 < lz1 ? lz1 : lz0;
	cr_assert(m.lazyfree_kb >= lo - 64 && m.lazyfree_kb <= hi + 64, "mem_now: lazyfree_kb %ld after "
	          "MADV_FREE of %zu kB, but the worker's smaps_rollup said %ld kB before the call and "
	          "%ld after", m.lazyfree_kb, len / 1024, lz0, lz1);
	labtest_note("MADV_FREE of %zu kB: LazyFree %ld kB, still in Rss", len / 1024, lz1);
}

LAB_TEST(measure, trim_gain, 4,
         "malloc_trim(0) releases the free pages inside the heap too, not only the top: "
         "all of heap_free but a few pages. The top block alone is a wrong answer here.")
{
	long rss0, rss1;
	struct mem m = fragmented(&rss0, &rss1);
	long want = trim_gain_predict(&m);
	pid_t pid = remote_worker_pid();
	long before = judge_rollup_kb(pid, "Rss:");
	struct rcall c;
	rcall_begin(&c, RF_TRIM, "malloc_trim(0) in the worker");
	rcall_send(&c);
	(void)rcall_i64(&c);
	rcall_end(&c);
	long after = judge_rollup_kb(pid, "Rss:");
	long drop = before - after;
	long freed = (long)WL_BLOCKS * WL_BLOCK / 1024;
	if (drop < freed / 2)
		cr_skip_test("malloc_trim(0) gave back only %ld kB of %ld kB free here: "
		             "not glibc's malloc?", drop, freed);
	long tol = drop / 10 + 512;
	cr_assert(want >= drop - tol && want <= drop + tol, "trim_gain_predict: %ld kB, but malloc_trim(0) "
	          "lowered the worker's Rss by %ld kB (from %ld to %ld; tolerance %ld kB)", want, drop,
	          before, after, tol);
	labtest_note("malloc_trim(0): Rss %ld kB -> %ld kB, predicted a drop of %ld kB", before, after, want);
}
