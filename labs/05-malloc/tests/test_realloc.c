// SPDX-License-Identifier: MIT
/*
 * test_realloc.c - mm_realloc: contents kept, NULL and 0, growing in place.
 */
#include "mmtest.h"

LAB_TEST(realloc, copies_when_moving, 1,
	"When mm_realloc cannot grow a block where it is, it must allocate a "
	"new block and copy the old payload into it before freeing the old one.")
{
	mm_setup();
	unsigned char *p = mm_malloc(40);
	cr_assert_not_null(p, "mm_malloc(40) returned NULL");
	mm_fill(p, 40, 1);
	size_t size = 40;
	for (int i = 0; i < 12; i++) {
		void *wall = mm_malloc(24);       /* a live block right after p */
		cr_assert_not_null(wall, "mm_malloc(24) returned NULL");
		size_t bigger = size * 2 + 100;
		unsigned char *q = mm_realloc(p, bigger);
		cr_assert_not_null(q, "mm_realloc(%p, %zu) returned NULL", (void *)p, bigger);
		size_t bad = mm_first_bad(q, size, 1);
		cr_assert_eq(bad, size, "after mm_realloc(%p, %zu) -> %p, byte %zu of the "
			     "old %zu is not what was there", (void *)p, bigger, (void *)q, bad, size);
		mm_fill(q, bigger, 1);
		p = q;
		size = bigger;
	}
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after the reallocs");
}

LAB_TEST(realloc, shrink_keeps, 1,
	"Shrinking must keep the first `size` bytes: shrink in place (split off "
	"the tail if it is a block's worth) or copy only what fits.")
{
	mm_setup();
	unsigned char *p = mm_malloc(3000);
	cr_assert_not_null(p, "mm_malloc(3000) returned NULL");
	mm_fill(p, 3000, 4);
	unsigned char *q = mm_realloc(p, 100);
	cr_assert_not_null(q, "mm_realloc(p, 100) returned NULL");
	size_t bad = mm_first_bad(q, 100, 4);
	cr_assert_eq(bad, 100, "after shrinking 3000 -> 100 bytes, byte %zu changed", bad);
	void *r = mm_malloc(2000);      /* should fit in what the shrink gave back */
	cr_assert_not_null(r, "mm_malloc(2000) returned NULL");
	bad = mm_first_bad(q, 100, 4);
	cr_assert_eq(bad, 100, "a malloc after the shrink changed byte %zu of the shrunk block", bad);
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after a shrink");
}

LAB_TEST(realloc, null_and_zero, 1,
	"mm_realloc(NULL, n) is mm_malloc(n); mm_realloc(p, 0) frees p and "
	"returns NULL. Handle both before looking at the block.")
{
	mm_setup();
	unsigned char *p = mm_realloc(NULL, 64);
	cr_assert_not_null(p, "mm_realloc(NULL, 64) returned NULL, expected a new block");
	cr_assert_eq((uintptr_t)p % 16, 0, "mm_realloc(NULL, 64) returned unaligned %p", (void *)p);
	mm_fill(p, 64, 2);
	size_t before = mem_heapsize();
	for (int i = 0; i < 1000; i++) {     /* frees, or the heap would grow */
		void *q = mm_malloc(5000);
		cr_assert_not_null(q, "mm_malloc(5000) returned NULL");
		void *r = mm_realloc(q, 0);
		cr_assert_null(r, "mm_realloc(p, 0) returned %p, expected NULL", r);
	}
	cr_assert_leq(mem_heapsize(), before + 64 * 1024,
		      "1000 x (malloc 5000, realloc to 0) grew the heap from %zu to %zu bytes: "
		      "realloc(p, 0) does not free p", before, mem_heapsize());
	cr_assert_eq(mm_first_bad(p, 64, 2), 64, "the first block changed");
}

LAB_TEST(realloc, grows_in_place, 1,
	"Before moving, look at the block after ptr: if it is free and big "
	"enough, absorb it; if ptr is the last block, extend the heap.")
{
	mm_setup();
	unsigned char *a = mm_malloc(1000), *b = mm_malloc(1000), *c = mm_malloc(16);
	cr_assert(a && b && c, "mm_malloc returned NULL");
	mm_fill(a, 1000, 3);
	mm_free(b);
	unsigned char *r = mm_realloc(a, 1900);
	cr_assert_eq(r, a, "mm_realloc(a, 1900) moved the block from %p to %p although "
		     "the 1000-byte block after it was free", (void *)a, (void *)r);
	cr_assert_eq(mm_first_bad(r, 1000, 3), 1000, "the payload changed");

	/* Growing the last block of the heap. */
	unsigned char *d = mm_malloc(200000);
	cr_assert_not_null(d, "mm_malloc(200000) returned NULL");
	size_t before = mem_heapsize();
	unsigned char *e = mm_realloc(d, 300000);
	cr_assert_eq(e, d, "mm_realloc of the heap's last block moved it from %p to %p: "
		     "extend the heap instead", (void *)d, (void *)e);
	cr_assert_leq(mem_heapsize(), before + 100000 + 4096,
		      "growing the last block by 100000 bytes grew the heap by %zu",
		      mem_heapsize() - before);
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false");
}
