// SPDX-License-Identifier: MIT
/*
 * test_check.c - mm_checkheap, rule by rule (task 1). Each test shows the
 * checker a good heap (it must say true), breaks one invariant, and
 * expects false (and no crash).
 *
 * Where the handout fixes the format (task 1: the header word, its bits, the
 * epilogue at the heap's last word), the test builds the heap itself, with
 * mm_init only: it grows the heap with mem_sbrk, writes blocks where your
 * epilogue was and a new epilogue at the new end. Those tests run before
 * you have written mm_malloc. Your free lists are yours (where the heads
 * live, how links are stored), so the tests of the list rules make their
 * good heap with your mm_malloc and mm_free, then break it.
 */
#include "mmtest.h"

#include <stdio.h>

enum { F_ALLOC = 1, F_PREV_ALLOC = 2, F_PREV_MINI = 4, F_BITS = 15 };

static size_t get(const unsigned char *at)
{
	size_t w;
	memcpy(&w, at, sizeof w);
	return w;
}

static void put(unsigned char *at, size_t w)
{
	memcpy(at, &w, sizeof w);
}

/* ---- heaps the tests build: mm_init, then blocks written here ---- */

enum { MAXB = 16 };
static unsigned char *blk[MAXB + 1];   /* headers; blk[n] is the epilogue */
static size_t nblk;
static char shape[256];

/* A heap of blocks given as "a48 f64 a32" (a: allocated, f: free, then
   the size), from where mm_init left its epilogue to a new epilogue at the
   heap's last word, with every PREV_ALLOC bit right. */
static void build(const char *spec)
{
	mm_setup();
	unsigned char *end = (unsigned char *)mem_heap_hi() + 1;
	unsigned char *at = end - 8;
	size_t epi = get(at);
	cr_assert(((uintptr_t)at % 16 == 8) && (epi & ~(size_t)F_BITS) == 0 && (epi & F_ALLOC),
		  "after mm_init the heap's last 8 bytes (at %p) must be the epilogue: "
		  "a header of size 0, ALLOC set, at 8 mod 16; found %#zx", (void *)at, epi);
	size_t total = 0, n = 0;
	char kind[MAXB];
	size_t size[MAXB];
	for (const char *s = spec; *s; ) {
		int used = 0;
		cr_assert(n < MAXB && sscanf(s, " %c%zu%n", &kind[n], &size[n], &used) == 2,
			  "bad heap spec in the test: %s", spec);
		total += size[n++];
		s += used;
		while (*s == ' ')
			s++;
	}
	cr_assert_neq(mem_sbrk((intptr_t)total), (void *)-1, "mem_sbrk(%zu) failed in the test", total);
	/* The first block inherits what the epilogue said of the block before
	   it (your mm_init's: nothing but list heads, allocated). */
	size_t before = epi & (F_PREV_ALLOC | F_PREV_MINI);
	bool prev_alloc = true;
	snprintf(shape, sizeof shape, "the test's blocks from the old epilogue on: %s", spec);
	for (size_t i = 0; i < n; i++) {
		blk[i] = at;
		bool alloc = kind[i] == 'a';
		size_t bits = i == 0 ? before : prev_alloc ? F_PREV_ALLOC : 0;
		put(at, size[i] | (alloc ? F_ALLOC : 0) | bits);
		if (!alloc)
			put(at + size[i] - 8, size[i]);
		prev_alloc = alloc;
		at += size[i];
	}
	blk[n] = at;
	nblk = n;
	put(at, F_ALLOC | (prev_alloc ? F_PREV_ALLOC : 0));
	cr_assert_eq(at, (unsigned char *)mem_heap_hi() + 1 - 8, "the test's heap does not end at the epilogue");
}

static void expect_true(const char *what)
{
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false on a good heap (%s; %s)",
		  what, shape);
}

static void expect_false(const char *what)
{
	cr_assert_not(mm_checkheap(0), "mm_checkheap(0) returned true on a heap with %s (%s)",
		      what, shape);
}

#define GOOD "a48 a32 a64 a4096 a32"

LAB_TEST(check, accepts_valid_heaps, 1,
	"On a good heap mm_checkheap(0) must return true: right after mm_init, "
	"and on heaps this test writes itself (task 1 says how: headers only, "
	"PREV_ALLOC bits, the epilogue at the heap's last word). Find the end "
	"from mem_heap_hi(), not from a variable of yours: the test grew the heap.")
{
	mm_setup();
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false right after mm_init");
	build("a32");
	expect_true("one allocated block");
	build(GOOD);
	expect_true("allocated blocks only");
	build("a4096 a32 a48 a32 a64");
	expect_true("allocated blocks only");
}

LAB_TEST(check, prev_alloc_wrong, 1,
	"Keep whether the block before was allocated as you walk, and compare it "
	"with each header's PREV_ALLOC bit (and the epilogue's).")
{
	build(GOOD);
	expect_true("allocated blocks only");
	put(blk[2], get(blk[2]) & ~(size_t)F_PREV_ALLOC);
	expect_false("PREV_ALLOC clear in the third block, after an allocated block");
	put(blk[2], get(blk[2]) | F_PREV_ALLOC);
	put(blk[nblk], get(blk[nblk]) & ~(size_t)F_PREV_ALLOC);
	expect_false("PREV_ALLOC clear in the epilogue, after an allocated block");
}

LAB_TEST(check, size_not_multiple_of_16, 1,
	"A block's size is its header with the three flag bits cleared "
	"(header & ~7), and it must be a multiple of 16, so that every payload "
	"stays 16-byte aligned: check it for each block as you walk.")
{
	build(GOOD);
	expect_true("allocated blocks only");
	put(blk[1], get(blk[1]) | 8);      /* the 32 now says 40 */
	snprintf(shape, sizeof shape, "the test's blocks from the old epilogue on: a48 a40 a64 a4096 a32");
	expect_false("a header whose size is 40 (header & ~7), not a multiple of 16");
}

LAB_TEST(check, block_past_heap_end, 1,
	"Never follow a size out of the heap: before you step to the next "
	"header, check that it is inside [mem_heap_lo(), mem_heap_hi()]. A "
	"smashed header must give false, not a segfault.")
{
	build(GOOD);
	expect_true("allocated blocks only");
	put(blk[3], ((size_t)1 << 36) | F_PREV_ALLOC);
	expect_false("a header claiming a free block of 2^36 bytes (its footer "
		     "would be far past the heap's end)");
}

LAB_TEST(check, bad_epilogue, 1,
	"The walk must end exactly at the heap's last word (mem_heap_hi() - 7), "
	"on a header of size 0 marked allocated: the epilogue.")
{
	build(GOOD);
	expect_true("allocated blocks only");
	size_t epi = get(blk[nblk]);
	put(blk[nblk], epi & ~(size_t)F_ALLOC);
	expect_false("an epilogue marked free");
	put(blk[nblk], epi | 32);
	expect_false("an epilogue of size 32");
	put(blk[nblk], epi);
	expect_true("the epilogue repaired");
}

LAB_TEST(check, free_block_not_listed, 1,
	"Count the free blocks you meet walking the heap and the blocks in your "
	"free lists: the two counts must be equal. (This heap's free block is in "
	"no list: the test wrote it.)")
{
	build(GOOD);
	expect_true("allocated blocks only");
	build("a48 a32 f64 a4096 a32");
	expect_false("a free block of 64 bytes (header, footer and the next "
		     "PREV_ALLOC bit right) in none of your free lists");
}

/* ---- heaps made by your mm_malloc and mm_free, then broken ---- */

static unsigned char *hdr_of(void *p) { return (unsigned char *)p - 8; }
static size_t size_of(void *p) { return get(hdr_of(p)) & ~(size_t)F_BITS; }

/* n blocks of the given sizes, side by side in that order (the last one
   stays allocated: a wall), payloads zeroed. */
static void side_by_side(unsigned char **p, const size_t *sizes, int n)
{
	mm_setup();
	for (int i = 0; i < n; i++) {
		p[i] = mm_malloc(sizes[i]);
		cr_assert_not_null(p[i], "mm_malloc(%zu) returned NULL", sizes[i]);
		memset(p[i], 0, sizes[i]);
	}
	for (int i = 1; i < n; i++)
		cr_assert_eq(p[i], p[i - 1] + size_of(p[i - 1]),
			     "this test needs blocks side by side, in the order they "
			     "were asked for (as a fresh heap gives them): mm_malloc(%zu) "
			     "returned %p, expected %p, right after the block before",
			     sizes[i], (void *)p[i], (void *)(p[i - 1] + size_of(p[i - 1])));
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after %d mm_malloc", n);
	snprintf(shape, sizeof shape, "the heap made by your mm_malloc and mm_free, then changed by the test");
}

LAB_TEST(check, free_footer_differs, 1,
	"In a free block (bigger than 16 bytes) the footer, its last word, must "
	"hold the same size as the header: compare them. (The good heap here is "
	"made by your mm_malloc and mm_free, then the test changes the footer.)")
{
	unsigned char *p[3];
	size_t s[3] = { 200, 200, 200 };
	side_by_side(p, s, 3);
	mm_free(p[1]);
	expect_true("a free block between two allocated ones");
	unsigned char *footer = hdr_of(p[1]) + size_of(p[1]) - 8;
	put(footer, get(footer) ^ 16);
	expect_false("a free block whose footer's size is 16 off its header's");
}

LAB_TEST(check, two_free_in_a_row, 1,
	"Remember whether the block before was free: two free blocks side by "
	"side mean a free that forgot to coalesce. (The good heap here is made "
	"by your mm_malloc and mm_free; the test then merges a free block with "
	"the allocated one after it, so the lists stay as they were.)")
{
	unsigned char *p[4];
	size_t s[4] = { 2100, 100, 2100, 2100 };   /* 2112 + 112: still 2112's class */
	side_by_side(p, s, 4);
	mm_free(p[0]);
	mm_free(p[2]);
	expect_true("two free blocks with an allocated one between");
	size_t a = size_of(p[0]), b = size_of(p[1]);
	size_t foot = get(hdr_of(p[0]) + a - 8);
	put(hdr_of(p[0]), (get(hdr_of(p[0])) & F_BITS) | (a + b));
	put(hdr_of(p[0]) + a + b - 8, (foot & F_BITS) | (a + b));
	put(hdr_of(p[2]), get(hdr_of(p[2])) & ~(size_t)(F_PREV_ALLOC | F_PREV_MINI));
	expect_false("two free blocks side by side (the first grown over the "
		     "allocated block between them), each in a free list");
}

LAB_TEST(check, listed_block_allocated, 1,
	"Every block in a free list must be free. Count alone does not tell: "
	"here the lists hold an allocated block and miss a free one. (The good "
	"heap is made by your mm_malloc and mm_free, then the test flips two "
	"blocks' ALLOC bits.)")
{
	unsigned char *p[5];
	size_t s[5] = { 200, 200, 200, 200, 200 };
	side_by_side(p, s, 5);
	mm_free(p[1]);
	expect_true("a free block between allocated ones");
	size_t foot = get(hdr_of(p[1]) + size_of(p[1]) - 8);
	put(hdr_of(p[1]), get(hdr_of(p[1])) | F_ALLOC);                 /* listed, allocated */
	put(hdr_of(p[2]), get(hdr_of(p[2])) | F_PREV_ALLOC);
	size_t d = size_of(p[3]);
	put(hdr_of(p[3]), get(hdr_of(p[3])) & ~(size_t)F_ALLOC);        /* free, in no list */
	put(hdr_of(p[3]) + d - 8, (foot & F_BITS) | d);
	unsigned char *after = hdr_of(p[3]) + d;
	put(after, get(after) & ~(size_t)F_PREV_ALLOC);
	expect_false("an allocated block in a free list (and a free block in none)");
}

LAB_TEST(check, list_link_outside_heap, 1,
	"Before you follow a free-list link, check that it points inside the "
	"heap (and stop after as many blocks as there are free ones: a loop). "
	"(The good heap is made by your mm_malloc and mm_free; the test then "
	"overwrites the first 8 bytes of a free block's payload, where links go.)")
{
	unsigned char *p[5];
	size_t s[5] = { 200, 200, 200, 1000, 1000 };
	side_by_side(p, s, 5);
	mm_free(p[1]);
	mm_free(p[3]);
	expect_true("two free blocks between allocated ones");
	memset(p[1], 0xf0, 8);
	expect_false("a free block whose link points far outside the heap");
}

LAB_TEST(check, list_prev_link_wrong, 1,
	"Walk each list checking both directions: the block after b must point "
	"back to b. (The good heap is made by your mm_malloc and mm_free; the "
	"test frees two blocks of one size and zeroes the links of the one "
	"freed first, which is second in a LIFO list.)")
{
	unsigned char *p[5];
	size_t s[5] = { 1000, 1000, 1000, 1000, 1000 };
	side_by_side(p, s, 5);
	mm_free(p[1]);
	mm_free(p[3]);
	expect_true("two free blocks of one size between allocated ones");
	memset(p[1], 0, 16);
	expect_false("a listed block whose links are zero (its prev link no "
		     "longer points back)");
}
