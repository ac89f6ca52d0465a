/*
 * memlib.c - the simulated heap: one region reserved with mmap, a break that
 * moves inside it.
 *
 * The region is mapped PROT_NONE and MAP_NORESERVE; pages become readable and
 * writable as the break passes them, so a stray write past the break faults
 * like it would past a real one. Reserving costs address space, not memory.
 * mem_reset_brk closes the pages again; mem_rewind_brk, for timed runs,
 * leaves them open and only clears them.
 */
#include "memlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *heap_start;        /* first byte of the region, or NULL */
static char *heap_brk;          /* the break: one past the heap's last byte */
static char *heap_open;         /* pages below this are readable and writable */
static size_t heap_limit = MEM_MAX_HEAP;

size_t mem_pagesize(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t page_round_up(size_t n)
{
	size_t page = mem_pagesize();
	return (n + page - 1) / page * page;
}

void mem_init(void)
{
	if (heap_start) {
		mem_reset_brk();
		return;
	}
	void *p = mmap((void *)MEM_HEAP_HINT, MEM_MAX_HEAP, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("memlib: mmap of the simulated heap");
		exit(EXIT_FAILURE);
	}
	heap_start = heap_brk = heap_open = p;
}

void mem_deinit(void)
{
	if (!heap_start)
		return;
	munmap(heap_start, MEM_MAX_HEAP);
	heap_start = heap_brk = heap_open = NULL;
}

/* Make [heap_start, heap_start + bytes) accessible, page by page. */
static int open_up_to(size_t bytes)
{
	char *want = heap_start + page_round_up(bytes);
	if (want <= heap_open)
		return 0;
	if (mprotect(heap_open, (size_t)(want - heap_open), PROT_READ | PROT_WRITE) < 0)
		return -1;
	heap_open = want;
	return 0;
}

void *mem_sbrk(intptr_t incr)
{
	if (!heap_start) {
		errno = EINVAL;
		return (void *)-1;
	}
	size_t used = (size_t)(heap_brk - heap_start);
	if (incr < 0 && (size_t)0 - (size_t)incr > used) {   /* below the start */
		errno = EINVAL;
		return (void *)-1;
	}
	if (incr > 0 && (used > heap_limit || (size_t)incr > heap_limit - used)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr > 0 && open_up_to(used + (size_t)incr) < 0) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *old = heap_brk;
	heap_brk += incr;
	return old;
}

void mem_reset_brk(void)
{
	if (!heap_start)
		return;
	/* Drop the pages: they read as zero next time, and cost nothing now. */
	size_t open = (size_t)(heap_open - heap_start);
	if (open) {
		madvise(heap_start, open, MADV_DONTNEED);
		mprotect(heap_start, open, PROT_NONE);
	}
	heap_brk = heap_open = heap_start;
}

/* Make [p, end) (whole pages) read as zero again without faulting in the
   pages nobody touched: resident pages are cleared with memset and stay
   resident; the others are dropped, which also drops a copy in swap. */
static void zero_pages(char *p, char *end)
{
	static unsigned char vec[4096];         /* one byte per page */
	size_t page = mem_pagesize();
	while (p < end) {
		size_t n = (size_t)(end - p) / page;
		if (n > sizeof vec)
			n = sizeof vec;
		if (mincore(p, n * page, vec) < 0) {
			memset(p, 0, n * page);         /* cannot tell: clear them all */
			p += n * page;
			continue;
		}
		for (size_t i = 0, j; i < n; i = j) {
			int in = vec[i] & 1;
			for (j = i + 1; j < n && (vec[j] & 1) == in; j++)
				continue;
			if (in)
				memset(p + i * page, 0, (j - i) * page);
			else
				madvise(p + i * page, (j - i) * page, MADV_DONTNEED);
		}
		p += n * page;
	}
}

void mem_rewind_brk(void)
{
	if (!heap_start)
		return;
	/* Keep the pages open and in memory, as a C library keeps what it got
	   from the kernel: the next heap pays no mprotect and no page faults. */
	zero_pages(heap_start, heap_open);
	heap_brk = heap_start;
}

void *mem_heap_lo(void)
{
	return heap_start;
}

void *mem_heap_hi(void)
{
	if (!heap_start)
		return NULL;
	return heap_brk - 1;
}

size_t mem_heapsize(void)
{
	return (size_t)(heap_brk - heap_start);
}

size_t mem_set_limit(size_t bytes)
{
	if (bytes)
		heap_limit = bytes > MEM_MAX_HEAP ? MEM_MAX_HEAP : page_round_up(bytes);
	return heap_limit;
}
