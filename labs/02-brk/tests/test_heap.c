// SPDX-License-Identifier: MIT
/*
 * test_heap.c - task 1: heap_break, heap_grow, heap_shrink (heap.c).
 *
 * Your functions move the break of the worker (build/worker, which runs
 * your code). The truth is the worker's break as the kernel's brk says it
 * there, checked against its [heap] in /proc/PID/maps (lab02.h); the bytes
 * are tried from outside with remote_poke. Each test puts the break back
 * where it found it before asserting, so that the worker's malloc keeps a
 * sane heap.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "heap.h"
#include "labtest.h"
#include "lab02.h"

LAB_TEST(heap, break_is_where_sbrk_says, 2,
         "heap_break returns the current break: sbrk(0) moves nothing and returns it.")
{
	char *b0 = worker_brk();
	char *got0 = heap_break();
	worker_sbrk(100);
	char *got1 = heap_break();
	restore_break(b0);
	cr_assert_eq(got0, b0, "heap_break() returned %p, but the break (sbrk(0) in the worker) is %p",
	             (void *)got0, (void *)b0);
	cr_assert_eq(got1, b0 + 100, "after sbrk(100) heap_break() returned %p, expected %p",
	             (void *)got1, (void *)(b0 + 100));
}

LAB_TEST(heap, grow_returns_old_break, 4,
         "sbrk(n) returns the break as it was before the move: the first of the new bytes.")
{
	char *b0 = worker_brk();
	char *p = heap_grow(100);
	char *b1 = worker_brk();
	char *q = heap_grow(28);
	char *b2 = worker_brk();
	/* The new bytes must be usable: the tests write them from outside. */
	static unsigned char bytes[100];
	memset(bytes, 0xab, sizeof bytes);
	bool usable = p == b0 && b1 == b0 + 100 && remote_poke((uintptr_t)p, bytes, sizeof bytes) == 0;
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(100) returned %p, expected the old break %p",
	             (void *)p, (void *)b0);
	cr_assert_eq(b1, b0 + 100, "heap_grow(100) moved the break from %p to %p (by %td bytes), expected by 100",
	             (void *)b0, (void *)b1, b1 - b0);
	cr_assert(usable, "the 100 bytes heap_grow(100) gave at %p cannot be written", (void *)p);
	cr_assert_eq(q, b1, "the next heap_grow(28) returned %p, expected %p", (void *)q, (void *)b1);
	cr_assert_eq(b2, b0 + 128, "after heap_grow(100) and heap_grow(28) the break is %p, expected %p",
	             (void *)b2, (void *)(b0 + 128));
}

LAB_TEST(heap, grow_zero_moves_nothing, 2,
         "heap_grow(0) is a question, not a request: it returns the break as it is.")
{
	char *b0 = worker_brk();
	char *p = heap_grow(0);
	char *b1 = worker_brk();
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(0) returned %p, expected the break %p", (void *)p, (void *)b0);
	cr_assert_eq(b1, b0, "heap_grow(0) moved the break from %p to %p", (void *)b0, (void *)b1);
}

LAB_TEST(heap, shrink_returns_new_break, 4,
         "sbrk(-n) returns the OLD break, but heap_shrink promises the new one.")
{
	size_t page = page_size();
	char *b0 = worker_brk();
	char *g = heap_grow(3 * page);
	char *s1 = heap_shrink(page + 5);
	char *b1 = worker_brk();
	char *s2 = heap_shrink(2 * page - 5);
	char *b2 = worker_brk();
	restore_break(b0);
	cr_assert_eq(g, b0, "heap_grow(%zu) returned %p, expected %p", 3 * page, (void *)g, (void *)b0);
	cr_assert_eq(b1, b0 + 2 * page - 5,
	             "after growing by %zu and heap_shrink(%zu) the break is %p, expected %p",
	             3 * page, page + 5, (void *)b1, (void *)(b0 + 2 * page - 5));
	cr_assert_eq(s1, b1, "heap_shrink(%zu) returned %p, but the break is now %p: return the new break",
	             page + 5, (void *)s1, (void *)b1);
	cr_assert_eq(b2, b0, "the second heap_shrink left the break at %p, expected %p",
	             (void *)b2, (void *)b0);
	cr_assert_eq(s2, b0, "the second heap_shrink returned %p, expected the new break %p",
	             (void *)s2, (void *)b0);
}

/* Calls heap_grow(n) and checks it failed with ENOMEM and left the break. */
static void expect_grow_fails(size_t n, const char *what)
{
	char *b0 = worker_brk();
	errno = 0;
	char *p = heap_grow(n);
	int err = errno;
	char *b1 = worker_brk();
	restore_break(b0);
	cr_assert_null(p, "heap_grow(%s) returned %p, expected NULL (failure)", what, (void *)p);
	cr_assert_eq(err, ENOMEM, "heap_grow(%s) failed with errno %d (%s), expected ENOMEM",
	             what, err, strerror(err));
	cr_assert_eq(b1, b0, "heap_grow(%s) failed but moved the break from %p to %p",
	             what, (void *)b0, (void *)b1);
}

LAB_TEST(heap, grow_too_big_fails, 3,
         "sbrk takes a signed increment: what does a size_t above INTPTR_MAX become? And what does sbrk return on failure?")
{
	expect_grow_fails(SIZE_MAX, "SIZE_MAX");
	expect_grow_fails((size_t)INTPTR_MAX + 1, "INTPTR_MAX + 1");
	expect_grow_fails((size_t)1 << 46, "64 TiB");
}

LAB_TEST(heap, grow_over_rlimit_fails, 4,
         "With RLIMIT_DATA lowered the kernel refuses to move the break: sbrk returns (void *)-1, not NULL.")
{
	/* The kernel counts against the limit the heap plus initialised data
	   (brk checks that) and all private writable mappings (VmData). */
	/* The worker's, from /proc/PID/stat and status, once it answers (a
	   worker that has not run yet may still be a copy of the tests). */
	char *b0 = worker_brk();
	uintptr_t start_data = proc_stat_field(45), end_data = proc_stat_field(46);
	uintptr_t start_brk = proc_stat_field(47);
	long vm_data = proc_status_kib("VmData:");
	if (!start_brk || end_data < start_data || (uintptr_t)b0 < start_brk || vm_data <= 0)
		cr_skip_test("cannot read start_brk, start_data or VmData from the worker's /proc/PID");
	rlim_t used = ((uintptr_t)b0 - start_brk) + (end_data - start_data);
	if (used < (rlim_t)vm_data * 1024)
		used = (rlim_t)vm_data * 1024;

	/* The worker's limits, from /proc/PID/limits; the worker's fixed code
	   lowers the soft one, and the tests see that it did. */
	struct rlimit old;
	cr_assert(worker_data_limit(&old), "cannot read the worker's /proc/PID/limits");
	rlim_t low = used + 64 * 1024;
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < low)
		cr_skip_test("RLIMIT_DATA's hard limit is already too low");
	int64_t set = worker_call(RF_SET_DATA_LIMIT, "setrlimit in the worker", low);
	struct rlimit now;
	cr_assert(set == 0 && worker_data_limit(&now) && now.rlim_cur == low,
		  "set-up: could not lower the worker's RLIMIT_DATA to %ju (%s)", (uintmax_t)low,
		  strerror((int)-set));

	char *small = heap_grow(4096);          /* within the limit */
	char *b1 = worker_brk();
	errno = 0;
	char *big = heap_grow(1 << 20);         /* past it */
	int err = errno;
	char *b2 = worker_brk();

	worker_call(RF_SET_DATA_LIMIT, "setrlimit in the worker", old.rlim_cur);
	restore_break(b0);
	cr_assert_eq(small, b0, "heap_grow(4096) under the limit returned %p, expected %p",
	             (void *)small, (void *)b0);
	cr_assert_null(big, "heap_grow(1 MiB) past RLIMIT_DATA returned %p, expected NULL", (void *)big);
	cr_assert_eq(err, ENOMEM, "heap_grow(1 MiB) past RLIMIT_DATA set errno %d (%s), expected ENOMEM",
	             err, strerror(err));
	cr_assert_eq(b2, b1, "the failed heap_grow moved the break from %p to %p", (void *)b1, (void *)b2);
}

/* Calls heap_shrink(n) and checks it failed with ENOMEM and left the break. */
static void expect_shrink_fails(size_t n, const char *what)
{
	char *b0 = worker_brk();
	errno = 0;
	char *p = heap_shrink(n);
	int err = errno;
	char *b1 = worker_brk();
	restore_break(b0);
	cr_assert_null(p, "heap_shrink(%s) returned %p (the break is still %p), expected NULL",
	               what, (void *)p, (void *)b1);
	cr_assert_eq(err, ENOMEM, "heap_shrink(%s) set errno %d (%s), expected ENOMEM",
	             what, err, strerror(err));
	cr_assert_eq(b1, b0, "heap_shrink(%s) failed but moved the break from %p to %p",
	             what, (void *)b0, (void *)b1);
}

LAB_TEST(heap, shrink_below_start_fails, 3,
         "Ask for a break below the start of the heap: the kernel does not move it, and glibc's sbrk still "
         "returns success. Compare the break after the call with the one you asked for.")
{
	char *b0 = worker_brk();
	size_t page = page_size();
	char below[64];
	snprintf(below, sizeof below, "%#zx (down to address %#zx)", (uintptr_t)b0 - page, page);
	expect_shrink_fails((uintptr_t)b0 - page, below);
	expect_shrink_fails((uintptr_t)b0 + 1, "break + 1 (below address 0)");
	expect_shrink_fails(SIZE_MAX, "SIZE_MAX");
}

LAB_TEST(heap, shrink_gives_pages_back, 3,
         "Moving the break down unmaps the pages above it: the resident size (RSS) must fall.")
{
	const size_t n = 16u << 20;
	char *b0 = worker_brk();
	long rss0 = worker_rss();
	char *p = heap_grow(n);
	/* Touch every page from outside: the kernel faults them in for the
	   worker as if it had written them. */
	static char ones[1 << 20];
	memset(ones, 1, sizeof ones);
	bool touched = p == b0;
	for (size_t i = 0; touched && i < n; i += sizeof ones)
		touched = remote_poke((uintptr_t)p + i, ones, sizeof ones) == 0;
	long rss1 = worker_rss();
	char *s = heap_shrink(n);
	long rss2 = worker_rss();
	char *b1 = worker_brk();
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(16 MiB) returned %p, expected %p", (void *)p, (void *)b0);
	cr_assert(touched, "the 16 MiB heap_grow gave cannot be written");
	cr_assert(rss0 > 0 && rss1 - rss0 > (long)(n / 2),
	          "touching 16 MiB of new heap raised RSS from %ld to %ld KiB only", rss0 >> 10, rss1 >> 10);
	cr_assert_eq(s, b0, "heap_shrink(16 MiB) returned %p, expected %p", (void *)s, (void *)b0);
	cr_assert_eq(b1, b0, "after heap_shrink(16 MiB) the break is %p, expected %p", (void *)b1, (void *)b0);
	cr_assert(rss1 - rss2 > (long)(n / 2),
	          "RSS was %ld KiB before heap_shrink(16 MiB) and %ld KiB after: expected it to fall by about 16384 KiB",
	          rss1 >> 10, rss2 >> 10);
}
