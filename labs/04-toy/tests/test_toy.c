// SPDX-License-Identifier: MIT
/*
 * test_toy.c - toy_init, toy_malloc and toy_free, on heaps the tests build
 * word by word (heap_util.c) so that each test looks at one rule.
 */
#include "labtest.h"
#include "heap_util.h"
#include "memlib.h"
#include "toy.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static struct seen s[MAX_SEEN];

LAB_TEST(toy, init_layout, 3,
	 "toy_init: mem_sbrk 32 bytes, then write the padding word, the prologue's "
	 "header and footer (16, allocated) and the epilogue header (0, allocated).")
{
	mem_init();
	int rc = toy_init();
	cr_assert_eq(rc, 0, "toy_init returned %d, expected 0", rc);
	char *lo = mem_heap_lo();
	cr_assert_geq(mem_heapsize(), 32, "heap is %zu bytes after toy_init, expected "
		      "at least 32", mem_heapsize());
	cr_assert_eq(tag_get(lo + 8), tag_pack(16, true), "prologue header is %#llx, "
		     "expected %#llx (16 | allocated)", (unsigned long long)tag_get(lo + 8),
		     (unsigned long long)tag_pack(16, true));
	cr_assert_eq(tag_get(lo + 16), tag_pack(16, true), "prologue footer is %#llx, "
		     "expected %#llx", (unsigned long long)tag_get(lo + 16),
		     (unsigned long long)tag_pack(16, true));
	int n = assert_heap_sane(s, MAX_SEEN, "after toy_init");
	for (int i = 0; i < n; i++)
		cr_assert(!s[i].alloc, "after toy_init the block at %zu is allocated; "
			  "nothing has been allocated yet", s[i].off);
}

LAB_TEST(toy, alignment, 5,
	 "Round every block size up to a multiple of 16 (payload + 16 bytes of tags): "
	 "then every payload, which starts 8 bytes after a header, stays 16-aligned.")
{
	mem_init();
	cr_assert_eq(toy_init(), 0, "toy_init failed");
	static const size_t sizes[] = { 1, 7, 8, 9, 15, 16, 17, 24, 25, 31, 32, 33,
					40, 47, 48, 100, 127, 1000, 4095, 4096, 5000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *p = toy_malloc(sizes[i]);
		cr_assert_not_null(p, "toy_malloc(%zu) returned NULL", sizes[i]);
		cr_assert_eq((uintptr_t)p % 16, 0, "toy_malloc(%zu) returned %p, which is "
			     "%zu bytes past a multiple of 16", sizes[i], (void *)p,
			     (size_t)((uintptr_t)p % 16));
		cr_assert(p >= (char *)mem_heap_lo() && p + sizes[i] - 1 <= (char *)mem_heap_hi(),
			  "toy_malloc(%zu) returned %p, outside the heap [%p, %p]",
			  sizes[i], (void *)p, mem_heap_lo(), mem_heap_hi());
	}
}

/* Fill payload i with bytes made from i, so any overlap shows. */
static void paint(char *p, size_t n, unsigned i)
{
	for (size_t k = 0; k < n; k++)
		p[k] = (char)(i * 31 + k * 7 + 1);
}

static size_t paint_check(const char *p, size_t n, unsigned i)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != (char)(i * 31 + k * 7 + 1))
			return k;
	return n;
}

LAB_TEST(toy, payloads_intact, 7,
	 "A block must hold its whole payload plus a header and a footer: count both "
	 "tags when you size a block, or the footer lands on the payload's last bytes.")
{
	mem_init();
	cr_assert_eq(toy_init(), 0, "toy_init failed");
	enum { N = 120 };
	char *p[N];
	size_t size[N];
	for (unsigned i = 0; i < N; i++) {
		size[i] = 1 + (i * 37) % 100 + (i % 10 == 0 ? 3000 : 0);
		p[i] = toy_malloc(size[i]);
		cr_assert_not_null(p[i], "toy_malloc(%zu) returned NULL", size[i]);
		paint(p[i], size[i], i);
	}
	/* Free every third one, allocate again, and look at everything. */
	for (unsigned i = 0; i < N; i += 3)
		toy_free(p[i]);
	for (unsigned i = 0; i < N; i += 3) {
		p[i] = toy_malloc(size[i]);
		cr_assert_not_null(p[i], "toy_malloc(%zu) returned NULL", size[i]);
		paint(p[i], size[i], i);
	}
	for (unsigned i = 0; i < N; i++) {
		size_t bad = paint_check(p[i], size[i], i);
		cr_assert_eq(bad, size[i], "the payload of toy_malloc(%zu) at offset %ld was "
			     "changed at byte %zu after other blocks were allocated and freed: "
			     "its block overlaps a header, footer or another payload. Heap: %s",
			     size[i], heap_off(p[i]), bad, heap_text());
		cr_assert_geq(block_size(p[i]), size[i] + 16, "toy_malloc(%zu) gave a block "
			      "of %zu bytes: too small for the payload and two tags", size[i],
			      block_size(p[i]));
	}
	assert_heap_sane(s, MAX_SEEN, "after 160 mallocs and 40 frees");
}

LAB_TEST(toy, split, 5,
	 "place(): when the free block is at least 32 bytes bigger than needed, "
	 "allocate the front part and write a header and footer for the free rest.")
{
	char *bp[4];
	build_heap("f512 a32", bp, 4);
	char *p = toy_malloc(40);
	cr_assert_eq(p, bp[0], "toy_malloc(40) in a heap with one free block (512 "
		     "bytes at offset 32) returned %s, expected offset 32", at(p));
	int n = assert_heap_sane(s, MAX_SEEN, "after splitting a 512-byte block for malloc(40)");
	cr_assert_eq(n, 3, "expected 3 blocks (64 allocated, 448 free, 32 allocated), "
		     "found %d: %s", n, heap_text());
	cr_assert(s[0].size == 64 && s[0].alloc, "first block: expected 64 allocated, "
		  "found %zu %s", s[0].size, s[0].alloc ? "allocated" : "free");
	cr_assert(s[1].size == 448 && !s[1].alloc, "the rest after the split: expected "
		  "448 free at offset 96, found %zu %s at %zu", s[1].size,
		  s[1].alloc ? "allocated" : "free", s[1].off);
}

LAB_TEST(toy, no_split_small_rest, 3,
	 "A leftover smaller than the 32-byte minimum block cannot be a block: "
	 "give the whole free block to the request instead of splitting it.")
{
	char *bp[4];
	build_heap("a32 f64 a32", bp, 4);
	char *p = toy_malloc(24);           /* needs 48 of the 64 */
	cr_assert_eq(p, bp[1], "toy_malloc(24) should use the free 64-byte block at "
		     "offset 64, returned %s", at(p));
	int n = assert_heap_sane(s, MAX_SEEN, "after malloc(24) in a 64-byte block");
	cr_assert_eq(n, 3, "expected 3 blocks (a 16-byte rest is not a block), "
		     "found %d: %s", n, heap_text());
	cr_assert(s[1].size == 64 && s[1].alloc, "expected the whole 64-byte block "
		  "allocated, found %zu %s", s[1].size, s[1].alloc ? "allocated" : "free");
}

/* Free the middle block of a heap and expect one free block of `size` at
   offset `off` where the three were. */
static void coalesce_case(const char *spec, long off, size_t size, const char *what)
{
	char *bp[8];
	build_heap(spec, bp, 8);
	toy_free(bp[2]);
	int n = assert_heap_sane(s, MAX_SEEN, what);
	for (int i = 0; i < n; i++) {
		if ((long)s[i].off != off)
			continue;
		cr_assert(!s[i].alloc && s[i].size == size, "%s: expected a free block of "
			  "%zu at offset %ld, found %zu %s. Heap: %s", what, size, off,
			  s[i].size, s[i].alloc ? "allocated" : "free", heap_text());
		for (int j = 1; j < n; j++)
			cr_assert(s[j].alloc || s[j - 1].alloc, "%s: two free blocks next "
				  "to each other at %zu and %zu. Heap: %s", what,
				  s[j - 1].off, s[j].off, heap_text());
		return;
	}
	cr_assert_fail("%s: no block starts at offset %ld. Heap: %s", what, off, heap_text());
}

LAB_TEST(toy, coalesce_none, 3,
	 "Case 1 of coalescing: with both neighbours allocated, free only flips the "
	 "allocated bit in the header and in the footer.")
{
	coalesce_case("a32 a48 a64 a48 a32", 112, 64, "free between two allocated blocks");
}

LAB_TEST(toy, coalesce_next, 3,
	 "Case 2: the next block (bp + size) is free: one block with the two sizes "
	 "added, header at the freed block, footer at the end of the next one.")
{
	coalesce_case("a32 a48 a64 f48 a32", 112, 112, "free before a free block");
}

LAB_TEST(toy, coalesce_prev, 3,
	 "Case 3: the previous block is free; you find it through its footer, the word "
	 "just before your header. The merged block starts at the previous block.")
{
	coalesce_case("a32 f48 a64 a48 a32", 64, 112, "free after a free block");
}

LAB_TEST(toy, coalesce_both, 3,
	 "Case 4: both neighbours are free: three blocks become one, from the previous "
	 "block's header to the next block's footer.")
{
	coalesce_case("a32 f48 a64 f48 a32", 64, 160, "free between two free blocks");
}

LAB_TEST(toy, free_marks_both_tags, 2,
	 "free must write the block's footer as well as its header: the next block's "
	 "coalescing reads this footer to see that the block is free.")
{
	char *bp[4];
	build_heap("a32 a64 a32", bp, 4);
	toy_free(bp[1]);
	tag_t h = tag_get(bp[1] - 8), f = tag_get(bp[1] + 64 - 16);
	cr_assert_eq(h, tag_pack(64, false), "header after free: %#llx, expected %#llx",
		     (unsigned long long)h, (unsigned long long)tag_pack(64, false));
	cr_assert_eq(f, tag_pack(64, false), "footer after free: %#llx, expected %#llx "
		     "(same as the header)", (unsigned long long)f,
		     (unsigned long long)tag_pack(64, false));
}

LAB_TEST(toy, first_fit, 4,
	 "find_fit: walk from the first block and stop at the first free block that is "
	 "big enough, even if a later one fits better.")
{
	char *bp[8];
	build_heap("a32 f256 a32 f64 a32", bp, 8);
	char *p = toy_malloc(40);           /* 64: fits both free blocks */
	cr_assert_eq(p, bp[1], "toy_malloc(40) returned %s; first fit takes the "
		     "256-byte block at offset %ld, the first that fits",
		     at(p), heap_off(bp[1]));
	char *q = toy_malloc(150);          /* 176: only the rest of the first fits */
	cr_assert_eq(q, bp[1] + 64, "toy_malloc(150) returned %s, expected offset %ld "
		     "(the rest of the split block)", at(q), heap_off(bp[1] + 64));
	assert_heap_sane(s, MAX_SEEN, "after two first-fit mallocs");
}

LAB_TEST(toy, extend_heap, 3,
	 "When no block fits, mem_sbrk more (the new block takes the old epilogue's "
	 "place, a new epilogue goes at the end) and merge it with a free last block.")
{
	char *bp[4];
	build_heap("a32 f64", bp, 4);
	size_t before = mem_heapsize();
	char *p = toy_malloc(200);          /* 224: more than the free 64 */
	cr_assert_not_null(p, "toy_malloc(200) returned NULL: it should grow the heap");
	cr_assert_gt(mem_heapsize(), before, "the heap did not grow (%zu bytes)", before);
	cr_assert_eq(p, bp[1], "toy_malloc(200) returned %s; the new memory should "
		     "merge with the free 64-byte block at offset %ld at the end of the "
		     "heap, and the request go there", at(p), heap_off(bp[1]));
	assert_heap_sane(s, MAX_SEEN, "after growing the heap");
}

LAB_TEST(toy, edge_cases, 2,
	 "malloc(0) returns NULL; a request too big for the heap returns NULL with "
	 "errno ENOMEM (watch for overflow when you add the tags); free(NULL) does nothing.")
{
	mem_init();
	cr_assert_eq(toy_init(), 0, "toy_init failed");
	cr_assert_null(toy_malloc(0), "toy_malloc(0) should return NULL");
	errno = 0;
	void *p = toy_malloc(SIZE_MAX - 8);
	cr_assert_null(p, "toy_malloc(SIZE_MAX - 8) returned %p", p);
	cr_assert_eq(errno, ENOMEM, "errno after toy_malloc(SIZE_MAX - 8) is %d, expected "
		     "ENOMEM (%d)", errno, ENOMEM);
	errno = 0;
	p = toy_malloc(MEM_MAX_HEAP);
	cr_assert_null(p, "toy_malloc(%zu), the whole reserved region, returned %p",
		       (size_t)MEM_MAX_HEAP, p);
	cr_assert_eq(errno, ENOMEM, "errno after a request larger than the heap can grow "
		     "is %d, expected ENOMEM", errno);
	toy_free(NULL);
	assert_heap_sane(s, MAX_SEEN, "after failed requests and free(NULL)");
}
