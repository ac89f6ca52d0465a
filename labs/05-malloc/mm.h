// SPDX-License-Identifier: MIT
/*
 * mm.h - the allocator you write in lab 05 (the CS:APP malloc lab's API).
 *
 * Every payload is aligned to 16 bytes and lies inside the simulated heap
 * of memlib.h (mem_sbrk is your only source of memory). The functions are
 * not thread-safe: the drop-in build (preload.c) puts a lock around them.
 *
 * On failure mm_malloc, mm_realloc and mm_calloc return NULL with errno set
 * to ENOMEM, like the C library's malloc.
 */
#ifndef MM_H
#define MM_H

#include <stdbool.h>
#include <stddef.h>

enum { MM_ALIGNMENT = 16 };

/* Start a new, empty heap on memlib's heap. 0 on success, -1 on failure. */
int mm_init(void);

/* A block of at least `size` bytes, or NULL (size 0 gives NULL too). */
void *mm_malloc(size_t size);

/* Give back a block from mm_malloc/mm_realloc/mm_calloc; NULL is ignored. */
void mm_free(void *ptr);

/* Resize: NULL ptr is mm_malloc(size); size 0 frees ptr and returns NULL.
   The first min(old, new) bytes are kept. On failure ptr is left alone. */
void *mm_realloc(void *ptr, size_t size);

/* nmemb * size zeroed bytes; NULL with ENOMEM if the product overflows. */
void *mm_calloc(size_t nmemb, size_t size);

/* How many bytes the caller may use at ptr (at least what was asked). */
size_t mm_usable_size(void *ptr);

/* Check every invariant of the heap; print what is wrong to stderr and
   return false. With verbose != 0, also print the heap block by block and
   a one-line map (heapviz.h). */
bool mm_checkheap(int verbose);

#endif
