// SPDX-License-Identifier: MIT
/*
 * test_basic.c - mm_malloc and mm_free: alignment, where blocks are, and that
 * they keep what is written in them.
 */
#include "mmtest.h"

LAB_TEST(basic, first_block, 1,
	"mm_init must leave a heap mm_malloc can use, and mm_malloc(1) must "
	"return a pointer, not NULL: start with mm_init and extend_heap.")
{
	mm_setup();
	void *p = mm_malloc(1);
	cr_assert_not_null(p, "mm_malloc(1) returned NULL after mm_init");
	mm_free(p);
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after one malloc and free");
}

LAB_TEST(basic, aligned, 1,
	"Every payload must start at a multiple of 16: round the block size up "
	"to 16 and keep the header 8 bytes before a 16-byte boundary.")
{
	mm_setup();
	uint32_t seed = 1;
	for (int i = 0; i < 1000; i++) {
		size_t size = 1 + mm_rand(&seed) % 3000;
		void *p = mm_malloc(size);
		cr_assert_not_null(p, "mm_malloc(%zu) returned NULL (request %d)", size, i);
		cr_assert_eq((uintptr_t)p % 16, 0,
			     "mm_malloc(%zu) returned %p, which is not 16-byte aligned", size, p);
		if (i % 3 == 0)
			mm_free(p);
	}
}

LAB_TEST(basic, inside_heap, 1,
	"Payloads must lie inside memlib's heap [mem_heap_lo(), mem_heap_hi()]: "
	"get memory only from mem_sbrk, never from malloc or mmap.")
{
	mm_setup();
	uint32_t seed = 7;
	for (int i = 0; i < 500; i++) {
		size_t size = 1 + mm_rand(&seed) % 5000;
		unsigned char *p = mm_malloc(size);
		cr_assert_not_null(p, "mm_malloc(%zu) returned NULL", size);
		cr_assert(mm_inside_heap(p, size),
			  "mm_malloc(%zu) returned [%p, +%zu), outside the heap [%p, %p]",
			  size, (void *)p, size, mem_heap_lo(), mem_heap_hi());
	}
}

struct span {
	unsigned char *p;
	size_t n;
};

static int by_address(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->p < y->p ? -1 : x->p > y->p;
}

LAB_TEST(basic, no_overlap, 1,
	"Two live blocks must never share a byte: check how find_fit and the "
	"split compute the size and start of the block they hand out.")
{
	mm_setup();
	enum { N = 600 };
	struct span s[N];
	uint32_t seed = 99;
	for (int i = 0; i < N; i++) {
		s[i].n = 1 + mm_rand(&seed) % 700;
		s[i].p = mm_malloc(s[i].n);
		cr_assert_not_null(s[i].p, "mm_malloc(%zu) returned NULL", s[i].n);
		if (i % 4 == 1) {            /* make holes, then fill them */
			mm_free(s[i - 1].p);
			s[i - 1].n = 1 + mm_rand(&seed) % 300;
			s[i - 1].p = mm_malloc(s[i - 1].n);
			cr_assert_not_null(s[i - 1].p, "mm_malloc(%zu) returned NULL", s[i - 1].n);
		}
	}
	qsort(s, N, sizeof s[0], by_address);
	for (int i = 1; i < N; i++)
		cr_assert(s[i - 1].p + s[i - 1].n <= s[i].p,
			  "block [%p, +%zu) overlaps block [%p, +%zu)",
			  (void *)s[i - 1].p, s[i - 1].n, (void *)s[i].p, s[i].n);
}

LAB_TEST(basic, contents_kept, 1,
	"A block's bytes must not change while it is allocated: look for "
	"headers, footers or free-list links written inside a live payload.")
{
	mm_setup();
	enum { N = 300 };
	unsigned char *p[N] = { 0 };
	size_t n[N] = { 0 };
	uint32_t seed = 12345;
	for (int step = 0; step < 6000; step++) {
		int i = (int)(mm_rand(&seed) % N);
		if (p[i]) {
			size_t bad = mm_first_bad(p[i], n[i], (unsigned)i);
			cr_assert_eq(bad, n[i], "step %d: byte %zu of block %p (%zu bytes) changed "
				     "while it was allocated", step, bad, (void *)p[i], n[i]);
			mm_free(p[i]);
			p[i] = NULL;
		} else {
			n[i] = 1 + mm_rand(&seed) % (mm_rand(&seed) % 8 ? 200 : 6000);
			p[i] = mm_malloc(n[i]);
			cr_assert_not_null(p[i], "step %d: mm_malloc(%zu) returned NULL", step, n[i]);
			mm_fill(p[i], n[i], (unsigned)i);
		}
	}
}
