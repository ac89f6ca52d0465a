// SPDX-License-Identifier: MIT
/*
 * mm.c - your allocator for lab 05: segregated explicit free lists.
 *
 * Replace this comment with a description of your design: the block
 * layout, how free blocks are organised, how a fit is found, and how
 * realloc avoids copying. The handout (README.md) walks through it task by
 * task; the tests in tests/ and the trace driver say what must hold.
 *
 * A suggested layout (the one of the reference; yours may differ):
 *
 *   allocated:  | header | payload ...................................... |
 *   free:       | header | next | prev | (unused) ............. | footer  |
 *
 *   header = block size | PREV_ALLOC | ALLOC   (sizes are multiples of 16)
 *
 * Payloads are 16-byte aligned, so a header sits 8 bytes before a 16-byte
 * boundary. Only free blocks need a footer if each header also records
 * whether the block before it is allocated (PREV_ALLOC).
 *
 * Rules: get memory only from mem_sbrk (memlib.h), never from malloc or
 * mmap; no trace-specific code. Write mm_checkheap early and use it.
 */
#include "mm.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "heapviz.h"
#include "memlib.h"

// >>> block
typedef struct block {
	size_t header;
	unsigned char payload[];
} block_t;

/* What a free block keeps at the start of its payload. */
typedef struct links {
	uint32_t next, prev;
} links_t;
// <<< block

/*
 * TODO (task 1): the block helpers, as small typed static functions
 * (block_size, is_alloc, next_block, prev_block, write_header, ...),
 * and mm_init: start an empty heap with mem_sbrk, with room for your list
 * heads if you keep them in the heap.
 */
int mm_init(void)
{
	return -1;
}

/*
 * TODO (tasks 2 and 3): round the request up to a block size, look for a
 * free block in the segregated lists, split it, and grow the heap with
 * mem_sbrk when nothing fits. NULL with errno ENOMEM when memory runs out
 * or the request is too big.
 */
void *mm_malloc(size_t size)
{
	(void)size;
	errno = ENOSYS;
	return NULL;
}

/*
 * TODO (task 2): mark the block free, coalesce it with free neighbours on
 * both sides, and put the result in its free list.
 */
void mm_free(void *ptr)
{
	(void)ptr;
}

/*
 * TODO (task 4): NULL and 0 first; shrink in place; grow into a free next
 * block or at the end of the heap; otherwise malloc, copy, free.
 */
void *mm_realloc(void *ptr, size_t size)
{
	(void)ptr;
	(void)size;
	errno = ENOSYS;
	return NULL;
}

/*
 * TODO (task 5): check that nmemb * size does not overflow, then
 * allocate and zero.
 */
void *mm_calloc(size_t nmemb, size_t size)
{
	(void)nmemb;
	(void)size;
	errno = ENOSYS;
	return NULL;
}

/*
 * TODO (task 4): the bytes a caller may use at ptr: the block's size less
 * its header.
 */
size_t mm_usable_size(void *ptr)
{
	(void)ptr;
	return 0;
}

/*
 * TODO (task 1, then keep it up to date): walk the heap and the free lists
 * and check every invariant; print what is wrong and return false. With
 * verbose, call viz_begin / viz_block / viz_end (heapviz.h) as you go.
 * make test T=check/\* tests it rule by rule, before mm_malloc exists:
 * find the heap's end from mem_heap_hi(), the tests grow the heap.
 */
bool mm_checkheap(int verbose)
{
	(void)verbose;
	fprintf(stderr, "mm_checkheap: not written yet\n");
	return false;
}
