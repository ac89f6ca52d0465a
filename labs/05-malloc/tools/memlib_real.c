// SPDX-License-Identifier: MIT
/*
 * memlib_real.c - memlib.h over plain memory, for libmm.so.
 *
 * The lab's memlib (labs/common/memlib.c) opens the heap page by page with
 * mprotect, so that a write past the break faults: good for finding bugs,
 * but it costs a system call per page of growth, which a real program
 * should not pay for its allocator. Here the whole region is readable and
 * writable from the start (MAP_NORESERVE: a page costs memory only once
 * touched) and a reset keeps the pages, as the C library keeps the memory
 * it got from the kernel, clearing what the heap reached so that new heap
 * still reads as zero. Same functions, same contract otherwise;
 * mem_set_limit is not supported beyond asking.
 */
#include "memlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *heap_start, *heap_brk;
static char *heap_dirty;   /* the highest break since the heap was last zero */
static size_t reserved;

size_t mem_pagesize(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

void mem_init(void)
{
	if (heap_start) {
		mem_reset_brk();
		return;
	}
	/* As much address space as the system lets us have, up to 64 GiB. */
	for (size_t size = (size_t)64 << 30; size >= ((size_t)64 << 20); size /= 2) {
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			heap_start = heap_brk = heap_dirty = p;
			reserved = size;
			return;
		}
	}
	static const char msg[] = "memlib_real: cannot reserve the heap\n";
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		abort();
	abort();
}

void mem_deinit(void)
{
	if (heap_start)
		munmap(heap_start, reserved);
	heap_start = heap_brk = heap_dirty = NULL;
}

void *mem_sbrk(intptr_t incr)
{
	size_t used = (size_t)(heap_brk - heap_start);
	if (!heap_start || (incr < 0 && (size_t)0 - (size_t)incr > used)) {
		errno = EINVAL;
		return (void *)-1;
	}
	if (incr > 0 && (size_t)incr > reserved - used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *old = heap_brk;
	heap_brk += incr;
	if (heap_brk > heap_dirty)
		heap_dirty = heap_brk;
	return old;
}

void mem_reset_brk(void)
{
	memset(heap_start, 0, (size_t)(heap_dirty - heap_start));
	heap_brk = heap_dirty = heap_start;
}

/* A reset here already keeps the pages, so a rewind is the same. */
void mem_rewind_brk(void)
{
	mem_reset_brk();
}

void *mem_heap_lo(void)
{
	return heap_start;
}

void *mem_heap_hi(void)
{
	return heap_start ? heap_brk - 1 : NULL;
}

size_t mem_heapsize(void)
{
	return (size_t)(heap_brk - heap_start);
}

size_t mem_set_limit(size_t bytes)
{
	(void)bytes;
	return reserved;
}
