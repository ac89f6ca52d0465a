/*
 * test_heap.c - task 1: heap_break, heap_grow, heap_shrink (heap.c).
 *
 * The truth is what sbrk(0) says. Each test puts the break back where it
 * found it before asserting, so a wrong answer cannot break malloc's heap
 * under Criterion's own reporting.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "heap.h"
#include "labtest.h"
#include "rss.h"
#include "lab02.h"

LAB_TEST(heap, break_is_where_sbrk_says, 2,
         "heap_break returns the current break: sbrk(0) moves nothing and returns it.")
{
	char *b0 = sbrk(0);
	char *got0 = heap_break();
	sbrk(100);
	char *got1 = heap_break();
	restore_break(b0);
	cr_assert_eq(got0, b0, "heap_break() returned %p, but the break (sbrk(0)) is %p",
	             (void *)got0, (void *)b0);
	cr_assert_eq(got1, b0 + 100, "after sbrk(100) heap_break() returned %p, expected %p",
	             (void *)got1, (void *)(b0 + 100));
}

LAB_TEST(heap, grow_returns_old_break, 4,
         "sbrk(n) returns the break as it was before the move: the first of the new bytes.")
{
	char *b0 = sbrk(0);
	char *p = heap_grow(100);
	char *b1 = sbrk(0);
	char *q = heap_grow(28);
	char *b2 = sbrk(0);
	if (p == b0 && b1 == b0 + 100)
		memset(p, 0xab, 100);   /* the new bytes must be usable */
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(100) returned %p, expected the old break %p",
	             (void *)p, (void *)b0);
	cr_assert_eq(b1, b0 + 100, "heap_grow(100) moved the break from %p to %p (by %td bytes), expected by 100",
	             (void *)b0, (void *)b1, b1 - b0);
	cr_assert_eq(q, b1, "the next heap_grow(28) returned %p, expected %p", (void *)q, (void *)b1);
	cr_assert_eq(b2, b0 + 128, "after heap_grow(100) and heap_grow(28) the break is %p, expected %p",
	             (void *)b2, (void *)(b0 + 128));
}

LAB_TEST(heap, grow_zero_moves_nothing, 2,
         "heap_grow(0) is a question, not a request: it returns the break as it is.")
{
	char *b0 = sbrk(0);
	char *p = heap_grow(0);
	char *b1 = sbrk(0);
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(0) returned %p, expected the break %p", (void *)p, (void *)b0);
	cr_assert_eq(b1, b0, "heap_grow(0) moved the break from %p to %p", (void *)b0, (void *)b1);
}

LAB_TEST(heap, shrink_returns_new_break, 4,
         "sbrk(-n) returns the OLD break, but heap_shrink promises the new one.")
{
	size_t page = page_size();
	char *b0 = sbrk(0);
	char *g = heap_grow(3 * page);
	char *s1 = heap_shrink(page + 5);
	char *b1 = sbrk(0);
	char *s2 = heap_shrink(2 * page - 5);
	char *b2 = sbrk(0);
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
	char *b0 = sbrk(0);
	errno = 0;
	char *p = heap_grow(n);
	int err = errno;
	char *b1 = sbrk(0);
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
	uintptr_t start_data = proc_stat_field(45), end_data = proc_stat_field(46);
	uintptr_t start_brk = proc_stat_field(47);
	long vm_data = proc_status_kib("VmData:");
	char *b0 = sbrk(0);
	if (!start_brk || end_data < start_data || (uintptr_t)b0 < start_brk || vm_data <= 0)
		cr_skip_test("cannot read start_brk, start_data or VmData from /proc/self");
	rlim_t used = ((uintptr_t)b0 - start_brk) + (end_data - start_data);
	if (used < (rlim_t)vm_data * 1024)
		used = (rlim_t)vm_data * 1024;

	struct rlimit old;
	cr_assert_eq(getrlimit(RLIMIT_DATA, &old), 0, "getrlimit: %s", strerror(errno));
	struct rlimit low = old;
	low.rlim_cur = used + 64 * 1024;
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < low.rlim_cur)
		cr_skip_test("RLIMIT_DATA's hard limit is already too low");
	cr_assert_eq(setrlimit(RLIMIT_DATA, &low), 0, "setrlimit: %s", strerror(errno));

	char *small = heap_grow(4096);          /* within the limit */
	char *b1 = sbrk(0);
	errno = 0;
	char *big = heap_grow(1 << 20);         /* past it */
	int err = errno;
	char *b2 = sbrk(0);

	setrlimit(RLIMIT_DATA, &old);
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
	char *b0 = sbrk(0);
	errno = 0;
	char *p = heap_shrink(n);
	int err = errno;
	char *b1 = sbrk(0);
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
	char *b0 = sbrk(0);
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
	char *b0 = sbrk(0);
	long rss0 = rss_bytes();
	char *p = heap_grow(n);
	if (p == b0)
		for (size_t i = 0; i < n; i += page_size())
			((volatile char *)p)[i] = 1;
	long rss1 = rss_bytes();
	char *s = heap_shrink(n);
	long rss2 = rss_bytes();
	char *b1 = sbrk(0);
	restore_break(b0);
	cr_assert_eq(p, b0, "heap_grow(16 MiB) returned %p, expected %p", (void *)p, (void *)b0);
	cr_assert(rss0 > 0 && rss1 - rss0 > (long)(n / 2),
	          "touching 16 MiB of new heap raised RSS from %ld to %ld KiB only", rss0 >> 10, rss1 >> 10);
	cr_assert_eq(s, b0, "heap_shrink(16 MiB) returned %p, expected %p", (void *)s, (void *)b0);
	cr_assert_eq(b1, b0, "after heap_shrink(16 MiB) the break is %p, expected %p", (void *)b1, (void *)b0);
	cr_assert(rss1 - rss2 > (long)(n / 2),
	          "RSS was %ld KiB before heap_shrink(16 MiB) and %ld KiB after: expected it to fall by about 16384 KiB",
	          rss1 >> 10, rss2 >> 10);
}
