// SPDX-License-Identifier: MIT
// >>> layout
/*
 * toy.h - the toy allocator's interface and its block layout.
 *
 * An implicit free list: every block, allocated or free, starts with a
 * header word and ends with a footer word, both holding the block's size
 * (a multiple of 16) and, in bit 0, whether it is allocated. Walking the
 * heap means jumping from header to header by the sizes.
 *
 *   mem_heap_lo()
 *   |
 *   v  0       8        16       24       32
 *   +--------+--------+--------+--------+-----------------+--------+--------+
 *   |  pad   | 16 | 1 | 16 | 1 | size|a |  payload  ...   | size|a |  0 | 1 |
 *   +--------+--------+--------+--------+-----------------+--------+--------+
 *             prologue header/footer  ^  ^ first payload   footer   epilogue
 *                                     |    (16-aligned)             header
 *                                     first block's header
 *
 * A block of size S at payload address bp has its header at bp - 8 and its
 * footer at bp + S - 16; the next block's payload is at bp + S. The smallest
 * block is 32 bytes (header, 16 bytes of payload, footer). The allocated
 * prologue and epilogue mean a block always has neighbours to look at.
 *
 * The toy allocator keeps no state of its own: everything it needs is in the
 * heap, which starts at mem_heap_lo(). (The tests rely on this: they build
 * heaps word by word and then call your functions on them.)
 */
// <<< layout
#ifndef TOY_H
#define TOY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "memlib.h"

#define TOY_ALIGN 16            /* payload alignment, and block size unit */
#define TOY_WORD 8              /* a header or footer */
#define TOY_MIN_BLOCK 32        /* header + 16 bytes of payload + footer */
#define TOY_CHUNK 4096          /* grow the heap by at least this much */

/* Make an empty heap: padding, prologue, epilogue. 0, or -1 if mem_sbrk fails. */
int toy_init(void);

/* A 16-byte aligned payload of at least size bytes, or NULL (size 0, or
   no memory: then errno is ENOMEM). */
void *toy_malloc(size_t size);

/* Free a payload toy_malloc returned; NULL does nothing. */
void toy_free(void *ptr);

/* True when the heap is consistent. With verbose, print what is wrong. */
bool toy_check(int verbose);

/* --- boundary tags: helpers for toy.c and the tests --- */

typedef uint64_t tag_t;

static inline tag_t tag_pack(size_t size, bool alloc)
{
	return (tag_t)size | (alloc ? 1 : 0);
}

static inline size_t tag_size(tag_t t)
{
	return (size_t)(t & ~(tag_t)0xf);
}

static inline bool tag_alloc(tag_t t)
{
	return t & 1;
}

/* Tags are read and written with memcpy: no alignment or aliasing trouble. */
static inline tag_t tag_get(const char *at)
{
	tag_t t;
	memcpy(&t, at, sizeof t);
	return t;
}

static inline void tag_put(char *at, tag_t t)
{
	memcpy(at, &t, sizeof t);
}

static inline char *block_header(char *bp)
{
	return bp - TOY_WORD;
}

static inline size_t block_size(char *bp)
{
	return tag_size(tag_get(block_header(bp)));
}

static inline bool block_alloc(char *bp)
{
	return tag_alloc(tag_get(block_header(bp)));
}

static inline char *block_footer(char *bp)
{
	return bp + block_size(bp) - 2 * TOY_WORD;
}

static inline char *block_next(char *bp)
{
	return bp + block_size(bp);
}

/* The previous block, found through its footer, just below our header. */
static inline char *block_prev(char *bp)
{
	return bp - tag_size(tag_get(bp - 2 * TOY_WORD));
}

/* Write both tags of the block at bp. */
static inline void block_set(char *bp, size_t size, bool alloc)
{
	tag_put(block_header(bp), tag_pack(size, alloc));
	tag_put(bp + size - 2 * TOY_WORD, tag_pack(size, alloc));
}

/* The first block's payload (or, in an empty heap, where it would be). */
static inline char *heap_first(void)
{
	return (char *)mem_heap_lo() + 4 * TOY_WORD;
}

#endif
