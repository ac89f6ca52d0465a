// SPDX-License-Identifier: MIT
/*
 * test_check.c - toy_check, on heaps the tests build and then break in one
 * place. Each test first shows toy_check the heap intact (it must say true),
 * then breaks it (it must say false, and not crash).
 */
#include "labtest.h"
#include "heap_util.h"
#include "memlib.h"
#include "toy.h"

#include <stdio.h>

#define VALID "a32 f64 a48 a32 f96 a32"

static char *bp[8];

static void start(void)
{
	build_heap(VALID, bp, 8);
	cr_assert(toy_check(0), "toy_check returned false on a consistent heap "
		  "(offset:size a/f): %s", heap_text());
}

static void expect_caught(const char *what)
{
	cr_assert(!toy_check(0), "toy_check returned true on a heap with %s. Heap: %s",
		  what, heap_text());
}

LAB_TEST(check, accepts_valid_heaps, 2,
	 "A checker that cries wolf is no use: on a good heap toy_check must return "
	 "true. Start at the first block (mem_heap_lo() + 32), stop at the epilogue.")
{
	mem_init();
	cr_assert_eq(toy_init(), 0, "toy_init failed");
	cr_assert(toy_check(0), "toy_check returned false right after toy_init: %s",
		  heap_text());
	build_heap("a32", bp, 8);
	cr_assert(toy_check(0), "toy_check returned false on: %s", heap_text());
	build_heap(VALID, bp, 8);
	cr_assert(toy_check(0), "toy_check returned false on: %s", heap_text());
	build_heap("f4096", bp, 8);
	cr_assert(toy_check(0), "toy_check returned false on: %s", heap_text());
}

LAB_TEST(check, footer_mismatch, 2,
	 "Compare every block's footer (bp + size - 16) with its header; both words "
	 "must be equal.")
{
	start();
	tag_put(bp[2] + 48 - 16, tag_pack(48, false));
	expect_caught("an allocated block of 48 at offset 128 whose footer says free");
}

LAB_TEST(check, adjacent_free, 2,
	 "Remember whether the previous block was free: two free blocks side by side "
	 "mean a free forgot to coalesce.")
{
	start();
	block_set(bp[2], 48, false);       /* the block after the free 64 */
	expect_caught("two free blocks next to each other (offsets 64 and 128)");
}

LAB_TEST(check, bad_size, 3,
	 "Check each size before you use it: at least 32 bytes (header, 16 bytes of "
	 "payload, footer), or the block cannot hold what a block must.")
{
	start();
	/* Split the allocated 48 at offset 128 into a 16 and a 32, tags matching. */
	tag_put(bp[2] - 8, tag_pack(16, true));
	tag_put(bp[2], tag_pack(16, true));
	tag_put(bp[2] + 8, tag_pack(32, true));
	tag_put(bp[2] + 32, tag_pack(32, true));
	expect_caught("a 16-byte block at offset 128 (smaller than the 32-byte minimum)");
}

LAB_TEST(check, bad_epilogue, 2,
	 "The walk must end at a header of size 0 marked allocated, and that header "
	 "must be the heap's last word (mem_heap_hi() - 7).")
{
	start();
	char *end = (char *)mem_heap_hi() + 1;
	tag_put(end - 8, tag_pack(0, false));
	expect_caught("an epilogue marked free");
	tag_put(end - 8, tag_pack(0, true));
	cr_assert(toy_check(0), "toy_check returned false after the epilogue was repaired");
	mem_sbrk(16);                       /* the epilogue is no longer last */
	tag_put(end + 8, tag_pack(0, true));
	expect_caught("a size-0 header 24 bytes before the end of the heap");
}

LAB_TEST(check, past_heap_end, 3,
	 "Before you read a block's footer or the next header, check that it is "
	 "inside the heap: a corrupt size must give false, not a segfault.")
{
	start();
	size_t huge = 1u << 20;             /* far past the end of the heap */
	tag_put(bp[4] - 8, tag_pack(huge, false));
	expect_caught("a free block whose size (1 MiB) runs past the end of the heap");
}
