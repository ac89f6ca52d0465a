// SPDX-License-Identifier: MIT
/*
 * heapviz.h - print a heap block by block, and as a one-line coloured map.
 *
 * Your mm_checkheap(1) walks the heap and calls these; you get the picture
 * for free, in gdb too:  (gdb) call mm_checkheap(1)
 *
 *     viz_begin(mem_heap_lo(), mem_heap_hi());
 *     for each block:  viz_block(block, size, allocated, list);
 *     viz_end();
 *
 * `list` is the free list (size class) a free block was found in, or
 * VIZ_NO_LIST for an allocated block, or VIZ_LOST for a free block that no
 * list holds (a bug: that memory can never be reused).
 *
 * Output goes to stderr; colours only when stderr is a terminal and
 * NO_COLOR is not set.
 */
#ifndef HEAPVIZ_H
#define HEAPVIZ_H

#include <stdbool.h>
#include <stddef.h>

enum { VIZ_NO_LIST = -1, VIZ_LOST = -2 };

void viz_begin(const void *lo, const void *hi);
void viz_block(const void *block, size_t size, bool allocated, int list);
/* A block cut into slots of one size (a slab), `used` of `slots` taken. */
void viz_slab(const void *block, size_t size, size_t slot, size_t used, size_t slots);
void viz_end(void);

#endif
