// SPDX-License-Identifier: MIT
/*
 * bump.c - a bump allocator: every block is carved from the top of the heap
 * by moving the break up; the only way to free is to move it back down past
 * all of them (bump_reset).
 *
// >>> design (solution only)
 * Each call aligns the current break, so the allocator stays correct even if
 * something else (malloc) moved the break between two calls. bump_reset is
 * then the dangerous one: it hands back everything above the first block,
 * whoever it belonged to.
 *
// <<< design
 * Task 4 of lab 02: see README.md. Tests: tests/test_bump.c.
 */
#include "bump.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

// >>> state (solution only)
static char *bump_start;        /* the break before the first block, or NULL */

/* Bytes from addr up to the next multiple of BUMP_ALIGN. */
static size_t pad_to_align(uintptr_t addr)
{
	return (BUMP_ALIGN - addr % BUMP_ALIGN) % BUMP_ALIGN;
}
// <<< state

// >>> bump-alloc
void *bump_alloc(size_t size)
{
	// >>> bump-alloc-body
	//| /* TODO: pad the current break up to a multiple of BUMP_ALIGN, move
	//|    it up by the padding plus size rounded up to BUMP_ALIGN, and return
	//|    the aligned address. Remember the break before the first block for
	//|    bump_reset. Sizes whose rounding would overflow fail with ENOMEM. */
	//| (void)size;
	//| errno = ENOSYS;
	//| return NULL;
	if (size == 0)
		size = 1;
	/* Rounding up and adding the padding must not wrap, and the total
	   must fit sbrk's signed increment. */
	if (size > INTPTR_MAX - 2 * BUMP_ALIGN) {
		errno = ENOMEM;
		return NULL;
	}
	size_t rounded = (size + BUMP_ALIGN - 1) / BUMP_ALIGN * BUMP_ALIGN;

	char *brk = sbrk(0);
	if (brk == (void *)-1)
		return NULL;
	size_t pad = pad_to_align((uintptr_t)brk);
	char *old = sbrk((intptr_t)(pad + rounded));
	if (old == (void *)-1)
		return NULL;
	if (!bump_start)
		bump_start = old;
	return old + pad;
	// <<< bump-alloc-body
}
// <<< bump-alloc

// >>> bump-reset
int bump_reset(void)
{
	// >>> bump-reset-body
	//| /* TODO: put the break back where it was before the first block
	//|    (brk takes an address). Nothing allocated: nothing to do. */
	//| errno = ENOSYS;
	//| return -1;
	if (!bump_start)
		return 0;
	/* brk takes an address, sbrk a distance: here we know the address. */
	if (brk(bump_start) < 0)
		return -1;
	bump_start = NULL;
	return 0;
	// <<< bump-reset-body
}
// <<< bump-reset
