/*
 * heap.c - grow and shrink the heap by moving the program break.
 *
 * sbrk(incr) moves the break by a signed increment and returns where it was;
 * brk(2), the system call underneath, always answers with where the break is
 * after the call, so a refused request shows up as "the break did not move".
 * These wrappers take sizes, and turn every way of failing into NULL + errno.
 */
#include "heap.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

// >>> heap-break
void *heap_break(void)
{
	void *brk = sbrk(0);
	return brk == (void *)-1 ? NULL : brk;
}
// <<< heap-break

// >>> heap-grow
void *heap_grow(size_t n)
{
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
}
// <<< heap-grow

// >>> heap-shrink
void *heap_shrink(size_t n)
{
	if (n > INTPTR_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	void *old = sbrk(0);
	if (old == (void *)-1)
		return NULL;
	void *was = sbrk(-(intptr_t)n);
	if (was == (void *)-1)
		return NULL;
	/* Below the start of the heap the kernel leaves the break alone and
	   returns it unchanged; glibc's sbrk then reports success. Only the
	   break itself tells whether the move happened. */
	void *now = sbrk(0);
	if ((uintptr_t)now != (uintptr_t)old - n) {
		errno = ENOMEM;
		return NULL;
	}
	return was;       /* sbrk returned the break as it was */
}
// <<< heap-shrink
