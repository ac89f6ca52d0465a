// SPDX-License-Identifier: MIT
/*
 * test_bump.c - task 4: the bump allocator (bump.c).
 *
 * Each test first moves the break off a 16-byte boundary (3 bytes up), so
 * that an allocator that forgets to align shows it. The break and the
 * blocks are the worker's (build/worker runs your code): the tests write and
 * read the blocks from outside (remote_poke, remote_peek).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "bump.h"
#include "labtest.h"
#include "lab02.h"

static size_t round16(size_t n)
{
	return (n + 15) / 16 * 16;
}

/* Moves the break to 3 bytes past a 16-byte boundary; returns the break. */
static char *misalign_break(void)
{
	char *b = worker_brk();
	size_t up = (size_t)((16 - (uintptr_t)b % 16) % 16) + 3;
	worker_sbrk((intptr_t)up);
	return worker_brk();
}

static const size_t sizes[] = { 1, 3, 16, 17, 100, 4000, 4096, 5000, 65536 + 5 };
enum { NSIZES = sizeof sizes / sizeof sizes[0] };

LAB_TEST(bump, blocks_are_aligned, 4,
         "The break can be anywhere: pad it up to the next multiple of 16 before handing out a block.")
{
	char *b0 = worker_brk();
	misalign_break();
	void *p[NSIZES];
	for (int i = 0; i < NSIZES; i++)
		p[i] = bump_alloc(sizes[i]);
	restore_break(b0);
	for (int i = 0; i < NSIZES; i++) {
		cr_assert_not_null(p[i], "bump_alloc(%zu) returned NULL", sizes[i]);
		cr_assert_eq((uintptr_t)p[i] % 16, 0, "bump_alloc(%zu) returned %p, not a multiple of 16",
		             sizes[i], p[i]);
	}
}

LAB_TEST(bump, blocks_are_separate, 4,
         "Each block starts where the previous one ended (after padding): no two blocks may overlap.")
{
	char *b0 = worker_brk();
	char *start = misalign_break();
	static unsigned char fill[65536 + 5];
	unsigned char *p[NSIZES];
	bool written = true;
	for (int i = 0; i < NSIZES; i++) {
		p[i] = bump_alloc(sizes[i]);
		memset(fill, 'A' + i, sizes[i]);
		if (p[i])
			written &= remote_poke((uintptr_t)p[i], fill, sizes[i]) == 0;
	}
	char *top = worker_brk();
	/* Check every block against the break first, then its contents. */
	int bad = -1, bad_byte = -1;
	for (int i = 0; i < NSIZES && bad < 0; i++) {
		if (!p[i] || (char *)p[i] < start || (char *)p[i] + sizes[i] > top ||
		    remote_peek((uintptr_t)p[i], fill, sizes[i]) != 0)
			bad = i;
		for (size_t j = 0; bad < 0 && j < sizes[i]; j++)
			if (fill[j] != 'A' + i)
				bad = i, bad_byte = (int)j;
	}
	char *pi = bad >= 0 ? (char *)p[bad] : NULL;
	restore_break(b0);
	if (bad >= 0 && !pi)
		cr_assert_fail("bump_alloc(%zu) (block %d) returned NULL", sizes[bad], bad);
	cr_assert(written, "a block bump_alloc handed out cannot be written");
	if (bad >= 0 && bad_byte < 0)
		cr_assert_fail("block %d, bump_alloc(%zu) = %p, does not lie between the old break %p and the new one %p",
		               bad, sizes[bad], (void *)pi, (void *)start, (void *)top);
	cr_assert_lt(bad, 0, "block %d (bump_alloc(%zu) = %p): byte %d was overwritten by a later block",
	             bad, bad >= 0 ? sizes[bad] : 0, (void *)pi, bad_byte);
}

LAB_TEST(bump, break_ends_at_last_block, 3,
         "Move the break by the padding plus the size rounded up to 16, no more: the break is byte-granular.")
{
	char *b0 = worker_brk();
	misalign_break();
	char *p[NSIZES], *after[NSIZES];
	for (int i = 0; i < NSIZES; i++) {
		p[i] = bump_alloc(sizes[i]);
		after[i] = worker_brk();
	}
	restore_break(b0);
	for (int i = 0; i < NSIZES; i++) {
		cr_assert_not_null(p[i], "bump_alloc(%zu) returned NULL", sizes[i]);
		cr_assert_eq(after[i], p[i] + round16(sizes[i]),
		             "after bump_alloc(%zu) = %p the break is %p, expected %p (the block rounded up to 16)",
		             sizes[i], (void *)p[i], (void *)after[i], (void *)(p[i] + round16(sizes[i])));
	}
}

LAB_TEST(bump, too_big_fails, 3,
         "Rounding SIZE_MAX - 7 up to 16 wraps around to 0. Check sizes before any arithmetic that can overflow.")
{
	static const size_t huge[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)INTPTR_MAX, (size_t)1 << 46 };
	static const char *names[] = { "SIZE_MAX", "SIZE_MAX - 7", "INTPTR_MAX", "64 TiB" };
	char *b0 = worker_brk();
	for (int i = 0; i < 4; i++) {
		errno = 0;
		void *p = bump_alloc(huge[i]);
		int err = errno;
		char *b1 = worker_brk();
		restore_break(b0);
		cr_assert_null(p, "bump_alloc(%s) returned %p, expected NULL", names[i], p);
		cr_assert_eq(err, ENOMEM, "bump_alloc(%s) set errno %d (%s), expected ENOMEM",
		             names[i], err, strerror(err));
		cr_assert_eq(b1, b0, "the failed bump_alloc(%s) moved the break from %p to %p",
		             names[i], (void *)b0, (void *)b1);
	}
}

LAB_TEST(bump, reset_restores_break, 4,
         "Remember the break as it was before the first block (not the first block itself), and put it back with brk.")
{
	char *b0 = worker_brk();
	char *start = misalign_break();
	char *first = bump_alloc(10);
	for (int i = 0; i < NSIZES; i++)
		bump_alloc(sizes[i]);
	int r = bump_reset();
	char *after = worker_brk();
	char *again = bump_alloc(10);
	int r2 = bump_reset();
	char *after2 = worker_brk();
	int r3 = bump_reset();          /* nothing allocated: nothing to do */
	char *after3 = worker_brk();
	restore_break(b0);
	cr_assert_not_null(first, "bump_alloc(10) returned NULL");
	cr_assert_eq(r, 0, "bump_reset() returned %d, expected 0", r);
	cr_assert_eq(after, start, "after bump_reset() the break is %p, expected %p (where it was before the first block)",
	             (void *)after, (void *)start);
	cr_assert_eq(again, first, "after bump_reset() bump_alloc(10) returned %p, expected the first block again, %p",
	             (void *)again, (void *)first);
	cr_assert(r2 == 0 && after2 == start, "a second bump_reset() returned %d and left the break at %p, expected 0 and %p",
	          r2, (void *)after2, (void *)start);
	cr_assert(r3 == 0 && after3 == start,
	          "bump_reset() with nothing allocated returned %d and moved the break to %p, expected 0 and %p",
	          r3, (void *)after3, (void *)start);
}

LAB_TEST(bump, zero_size, 2,
         "bump_alloc(0) hands out a block as bump_alloc(1) does: a real, aligned address that no other block gets.")
{
	char *b0 = worker_brk();
	misalign_break();
	char *a = bump_alloc(0);
	char *b = bump_alloc(0);
	char *top = worker_brk();
	restore_break(b0);
	cr_assert(a && b, "bump_alloc(0) returned %p and %p, expected two blocks", (void *)a, (void *)b);
	cr_assert(a != b, "two calls to bump_alloc(0) both returned %p", (void *)a);
	cr_assert((uintptr_t)a % 16 == 0 && (uintptr_t)b % 16 == 0, "bump_alloc(0) returned %p and %p: not aligned",
	          (void *)a, (void *)b);
	cr_assert_eq(top, b + 16, "after two bump_alloc(0) the break is %p, expected %p", (void *)top, (void *)(b + 16));
}
