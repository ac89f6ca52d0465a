// SPDX-License-Identifier: MIT
/*
 * heap_util.h - building toy heaps word by word, and reading them back, for
 * the tests. Independent of toy.c: the tests trust only the layout of toy.h.
 */
#ifndef HEAP_UTIL_H
#define HEAP_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define MAX_SEEN 512

struct seen {
	size_t off;             /* payload offset from mem_heap_lo */
	size_t size;
	bool alloc;
	bool footer_ok;         /* the footer equals the header */
};

/* A fresh heap holding exactly these blocks, e.g. "f64 a32 f160": f for a
   free block, a for an allocated one, then its size. bp[i] gets the i-th
   block's payload. Calls toy_init first, in case the allocator wants to be
   told; then rebuilds the heap from scratch. Returns the number of blocks. */
int build_heap(const char *spec, char *bp[], int max);

/* Walk the heap from the first block. Returns the number of blocks, or -1
   if the walk leaves the heap or meets a bad size before the epilogue;
   *why says what went wrong. */
int walk_heap(struct seen out[], int max, const char **why);

/* The heap as text, "32:64a 96:32f ...", for failure messages. */
const char *heap_text(void);

/* Offset of a payload from mem_heap_lo. */
long heap_off(const void *p);

/* "offset 96", or "NULL", for messages about what an allocator returned. */
const char *at(const void *p);

/* Assert the heap walks cleanly and every footer matches; returns the
   number of blocks. */
int assert_heap_sane(struct seen out[], int max, const char *context);

#endif
