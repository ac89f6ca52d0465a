// SPDX-License-Identifier: MIT
/*
 * heap.c - grow and shrink the heap by moving the program break.
 *
 * sbrk(incr) moves the break by a signed increment and returns where it was;
 * brk(2), the system call underneath, always answers with where the break is
 * after the call, so a refused request shows up as "the break did not move".
 * These wrappers take sizes, and turn every way of failing into NULL + errno.
 *
 * Task 1 of lab 02: see README.md. Tests: tests/test_heap.c.
 */
#include "heap.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

void *heap_break(void)
{
	// >>> heap_break
	//| /* TODO: return the current break; NULL if sbrk fails. */
	//| errno = ENOSYS;
	//| return NULL;
	void *brk = sbrk(0);
	return brk == (void *)-1 ? NULL : brk;
	// <<< heap_break
}

void *heap_grow(size_t n)
{
	// >>> heap_grow
	//| /* TODO: move the break up by n bytes with sbrk and return the old
	//|    break. sbrk's increment is signed (intptr_t), and sbrk's failure
	//|    value is (void *)-1: report both kinds of failure as NULL + ENOMEM. */
	//| (void)n;
	//| errno = ENOSYS;
	//| return NULL;
	/* sbrk's increment is signed: a size above INTPTR_MAX would turn into
	   a negative increment and shrink the heap instead. */
	if (n > INTPTR_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	void *old = sbrk((intptr_t)n);
	if (old == (void *)-1)          /* sbrk's failure value is not NULL */
		return NULL;            /* errno is ENOMEM, set by sbrk */
	return old;
	// <<< heap_grow
}

void *heap_shrink(size_t n)
{
	// >>> heap_shrink
	//| /* TODO: move the break down by n bytes and return the new break.
	//|    Then check where the break really is: the kernel may have refused
	//|    to move it without sbrk saying so. */
	//| (void)n;
	//| errno = ENOSYS;
	//| return NULL;
	if (n > INTPTR_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	void *old = sbrk(0);
	if (old == (void *)-1)
		return NULL;
	if (sbrk(-(intptr_t)n) == (void *)-1)
		return NULL;
	/* Below the start of the heap the kernel leaves the break alone and
	   returns it unchanged; glibc's sbrk then reports success. Only the
	   break itself tells whether the move happened. */
	void *now = sbrk(0);
	if ((uintptr_t)now != (uintptr_t)old - n) {
		errno = ENOMEM;
		return NULL;
	}
	return now;
	// <<< heap_shrink
}
