// SPDX-License-Identifier: MIT
/*
 * test_heap.c - the free lists and coalescing, seen from outside: freed blocks
 * are reused, neighbours merge, and mm_checkheap tells the truth.
 */
#include "mmtest.h"

LAB_TEST(heap, checkheap_after_random_ops, 1,
	"mm_checkheap(0) must return true on a good heap. If it fails here, "
	"run the ops with mmdemo or call mm_checkheap(1) in gdb to see which "
	"invariant breaks first.")
{
	mm_setup();
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false right after mm_init");
	enum { N = 200 };
	unsigned char *p[N] = { 0 };
	size_t n[N] = { 0 };
	uint32_t seed = 2024;
	for (int step = 0; step < 4000; step++) {
		int i = (int)(mm_rand(&seed) % N);
		uint32_t r = mm_rand(&seed);
		size_t size = 1 + mm_rand(&seed) % (r % 5 ? 120 : 4000);
		if (!p[i]) {
			p[i] = mm_malloc(size);
			cr_assert_not_null(p[i], "mm_malloc(%zu) returned NULL", size);
			n[i] = size;
			mm_fill(p[i], n[i], (unsigned)i);
		} else if (r % 3 == 0) {
			p[i] = mm_realloc(p[i], size);
			cr_assert_not_null(p[i], "mm_realloc(.., %zu) returned NULL", size);
			n[i] = size;
			mm_fill(p[i], n[i], (unsigned)i);
		} else {
			size_t bad = mm_first_bad(p[i], n[i], (unsigned)i);
			cr_assert_eq(bad, n[i], "step %d: byte %zu of a %zu-byte block changed",
				     step, bad, n[i]);
			mm_free(p[i]);
			p[i] = NULL;
		}
		if (step % 50 == 0)
			cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after step %d", step);
	}
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false at the end");
}

/* Largest first. */
static int by_size_down(const void *x, const void *y)
{
	const size_t *a = x, *b = y;
	return *a > *b ? -1 : *a < *b;
}

/* Allocate n blocks of lo..lo+span-1 bytes, free every other one, ask for
   the same sizes again: the heap may grow by a page at most. The sizes come
   back largest first, so that whatever the placement policy (first fit on
   a LIFO list included), each request finds a hole of its own size: a
   smaller request cannot take the hole a larger one needs. What is checked
   is that every freed block can be found again, not where a block goes. */
static void reuse(int n, size_t lo, size_t span, uint32_t seed)
{
	void **p = calloc((size_t)n, sizeof *p);
	size_t *size = calloc((size_t)n, sizeof *size);
	cr_assert(p && size, "calloc failed in the test itself");
	for (int i = 0; i < n; i++) {
		size[i] = lo + mm_rand(&seed) % span;
		p[i] = mm_malloc(size[i]);
		cr_assert_not_null(p[i], "mm_malloc(%zu) returned NULL", size[i]);
	}
	for (int i = 0; i < n; i += 2)     /* holes between live blocks */
		mm_free(p[i]);
	size_t before = mem_heapsize();
	size_t *again = calloc((size_t)n / 2 + 1, sizeof *again);
	cr_assert(again, "calloc failed in the test itself");
	int m = 0;
	for (int i = 0; i < n; i += 2)
		again[m++] = size[i];
	qsort(again, (size_t)m, sizeof *again, by_size_down);
	for (int i = 0; i < n; i += 2) {
		size[i] = again[i / 2];
		p[i] = mm_malloc(size[i]);
		cr_assert_not_null(p[i], "mm_malloc(%zu) returned NULL", size[i]);
	}
	cr_assert_leq(mem_heapsize(), before + 4096,
		      "freed %d blocks of %zu to %zu bytes and asked for the same sizes "
		      "again (largest first), but the heap grew from %zu to %zu bytes: "
		      "freed blocks were not found", n / 2, lo, lo + span - 1, before,
		      mem_heapsize());
	free(again);
	free(p);
	free(size);
}

LAB_TEST(heap, free_blocks_reused, 1,
	"Every freed block must be findable again: check that inserting into a "
	"free list keeps the blocks already there (link the new block to the "
	"old head).")
{
	mm_setup();
	reuse(400, 16, 400, 5);
	reuse(3000, 1, 48, 7);             /* small ones too (slabs, if you have them) */
}

static int by_address(const void *x, const void *y)
{
	unsigned char *const *a = x, *const *b = y;
	return *a < *b ? -1 : *a > *b;
}

/* Three 1000-byte blocks side by side, a < b < c (whichever end of a free
   block your allocator takes them from), and a live block after them. */
static void three_blocks(unsigned char **a, unsigned char **b, unsigned char **c)
{
	unsigned char *p[3];
	for (int i = 0; i < 3; i++) {
		p[i] = mm_malloc(1000);
		cr_assert_not_null(p[i], "mm_malloc(1000) returned NULL");
	}
	void *wall = mm_malloc(1000);
	cr_assert_not_null(wall, "mm_malloc(1000) returned NULL");
	qsort(p, 3, sizeof p[0], by_address);
	*a = p[0];
	*b = p[1];
	*c = p[2];
	cr_assert(*b - *a == *c - *b && (size_t)(*b - *a) < 1100,
		  "expected three 1000-byte blocks side by side, got %p %p %p",
		  (void *)*a, (void *)*b, (void *)*c);
}

/* Ask for exactly the room of the blocks from a to the end of c. */
static void expect_merged(unsigned char *a, unsigned char *end, const char *what)
{
	size_t room = (size_t)(end - a);
	unsigned char *m = mm_malloc(room);
	cr_assert_eq(m, a, "%s: mm_malloc(%zu), the size of the merged free block, "
		     "returned %p, expected the merged block at %p", what, room,
		     (void *)m, (void *)a);
	mm_fill(m, room, 9);
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false");
}

LAB_TEST(heap, coalesce_next, 1,
	"When a block is freed and the block after it is free, the two must "
	"become one free block (take the next block out of its list first).")
{
	mm_setup();
	unsigned char *a, *b, *c;
	three_blocks(&a, &b, &c);
	mm_free(b);
	mm_free(a);
	expect_merged(a, b + mm_usable_size(b), "free(b), free(a)");
}

LAB_TEST(heap, coalesce_prev, 1,
	"When a block is freed and the block before it is free, the two must "
	"merge: find the previous block from its footer (or your prev-size "
	"bits), take it out of its list, and grow it.")
{
	mm_setup();
	unsigned char *a, *b, *c;
	three_blocks(&a, &b, &c);
	size_t end = (size_t)(b - a) + mm_usable_size(b);
	mm_free(a);
	mm_free(b);
	expect_merged(a, a + end, "free(a), free(b)");
}

LAB_TEST(heap, coalesce_both, 1,
	"Freeing a block between two free blocks must merge all three into one.")
{
	mm_setup();
	unsigned char *a, *b, *c;
	three_blocks(&a, &b, &c);
	size_t end = (size_t)(c - a) + mm_usable_size(c);
	mm_free(a);
	mm_free(c);
	mm_free(b);
	expect_merged(a, a + end, "free(a), free(c), free(b)");
}

LAB_TEST(heap, usable_size, 1,
	"mm_usable_size(p) is the payload's whole size: at least what was "
	"asked, and writing all of it must not touch the next block's header.")
{
	mm_setup();
	uint32_t seed = 77;
	enum { N = 200 };
	unsigned char *p[N];
	size_t u[N];
	for (int i = 0; i < N; i++) {
		size_t size = 1 + mm_rand(&seed) % 300;
		p[i] = mm_malloc(size);
		cr_assert_not_null(p[i], "mm_malloc(%zu) returned NULL", size);
		u[i] = mm_usable_size(p[i]);
		cr_assert_geq(u[i], size, "mm_usable_size of a %zu-byte block is %zu", size, u[i]);
		cr_assert_lt(u[i], size + 64, "mm_usable_size of a %zu-byte block is %zu: "
			     "more than the block can hold?", size, u[i]);
		mm_fill(p[i], u[i], (unsigned)i);
	}
	cr_assert(mm_checkheap(0), "writing mm_usable_size bytes into each block broke the heap");
	for (int i = 0; i < N; i++) {
		size_t bad = mm_first_bad(p[i], u[i], (unsigned)i);
		cr_assert_eq(bad, u[i], "block %d: byte %zu of its %zu usable bytes changed", i, bad, u[i]);
		mm_free(p[i]);
	}
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after freeing all");
}
