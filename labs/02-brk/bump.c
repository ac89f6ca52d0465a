// SPDX-License-Identifier: MIT
/*
 * bump.c - a bump allocator: every block is carved from the top of the heap
 * by moving the break up; the only way to free is to move it back down past
 * all of them (bump_reset).
 *
 * Task 4 of lab 02: see README.md. Tests: tests/test_bump.c.
 */
#include "bump.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

// >>> bump-alloc
void *bump_alloc(size_t size)
{
	/* TODO: pad the current break up to a multiple of BUMP_ALIGN, move
	   it up by the padding plus size rounded up to BUMP_ALIGN, and return
	   the aligned address. Remember the break before the first block for
	   bump_reset. Sizes whose rounding would overflow fail with ENOMEM. */
	(void)size;
	errno = ENOSYS;
	return NULL;
}
// <<< bump-alloc

// >>> bump-reset
int bump_reset(void)
{
	/* TODO: put the break back where it was before the first block
	   (brk takes an address). Nothing allocated: nothing to do. */
	errno = ENOSYS;
	return -1;
}
// <<< bump-reset
