// SPDX-License-Identifier: MIT
/*
 * toy.c - a toy allocator: implicit free list, boundary tags, first fit,
 * splitting, immediate coalescing. The layout is drawn in toy.h.
 *
 * Usage: make test           the tests of this file (and of placement.txt)
 *        build/mdriver -V    the allocation traces, checked and timed
 * Try:   build/mdriver -V -c -f ../../labs/traces/short.rep
 *        (-c runs your toy_check after every operation)
 *
// >>> design
//|  * toy.h gives you the vocabulary: block_size, block_alloc, block_next,
//|  * block_prev, block_set, heap_first. Write small static helpers here (the
//|  * handout suggests adjust_size, find_fit, place, coalesce, extend_heap) and
//|  * build the four functions out of them. Write toy_check early: it is the
//|  * tool that tells you where the heap went wrong.
 * Every malloc walks the blocks from the start of the heap and takes the
 * first free one that is big enough, so it costs time in proportion to the
 * number of blocks: simple and correct, and slow on a big heap (lab 05 fixes
 * that with free lists).
// <<< design
 */
#include "toy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "memlib.h"

// >>> helpers (solution only)
/* The block size for a request: payload plus header and footer, rounded up
   to the alignment, at least the minimum block. 0 if it would overflow. */
static size_t adjust_size(size_t size)
{
	if (size > SIZE_MAX - 2 * TOY_WORD - TOY_ALIGN)
		return 0;
	size_t asize = (size + 2 * TOY_WORD + TOY_ALIGN - 1) & ~(size_t)(TOY_ALIGN - 1);
	return asize < TOY_MIN_BLOCK ? TOY_MIN_BLOCK : asize;
}

// >>> coalesce
/* Merge the free block at bp with free neighbours; returns the merged block. */
static char *coalesce(char *bp)
{
	char *prev = block_prev(bp), *next = block_next(bp);
	bool prev_alloc = block_alloc(prev), next_alloc = block_alloc(next);
	size_t size = block_size(bp);

	if (prev_alloc && next_alloc)           /* case 1: no neighbour free */
		return bp;
	if (prev_alloc && !next_alloc) {        /* case 2: the next one is */
		size += block_size(next);
	} else if (!prev_alloc && next_alloc) { /* case 3: the previous one is */
		size += block_size(prev);
		bp = prev;
	} else {                                /* case 4: both are */
		size += block_size(prev) + block_size(next);
		bp = prev;
	}
	block_set(bp, size, false);
	return bp;
}
// <<< coalesce

/* Grow the heap by size bytes (a multiple of 16) as one free block that
   replaces the epilogue; returns it, merged with a free last block. */
static char *extend_heap(size_t size)
{
	if (size > INTPTR_MAX)
		return NULL;
	char *bp = mem_sbrk((intptr_t)size);
	if (bp == (void *)-1)
		return NULL;
	/* bp is the old break: the old epilogue header is at bp - 8 and
	   becomes this block's header. */
	block_set(bp, size, false);
	tag_put(block_header(block_next(bp)), tag_pack(0, true));
	return coalesce(bp);
}
// <<< helpers

int toy_init(void)
{
	// >>> toy_init
	//| // TODO: grow the heap by 32 bytes with mem_sbrk and write the padding
	//| // word, the prologue (header and footer: 16, allocated) and the
	//| // epilogue header (0, allocated). Return -1 if mem_sbrk fails.
	//| errno = ENOSYS;
	//| return -1;
	char *p = mem_sbrk(4 * TOY_WORD);
	if (p == (void *)-1)
		return -1;
	tag_put(p, 0);                                    /* padding */
	tag_put(p + 1 * TOY_WORD, tag_pack(2 * TOY_WORD, true)); /* prologue */
	tag_put(p + 2 * TOY_WORD, tag_pack(2 * TOY_WORD, true));
	tag_put(p + 3 * TOY_WORD, tag_pack(0, true));     /* epilogue */
	return 0;
	// <<< toy_init
}

// >>> fit-helpers (solution only)
/* First fit: the first free block of at least asize bytes, or NULL. */
static char *find_fit(size_t asize)
{
	for (char *bp = heap_first(); block_size(bp) > 0; bp = block_next(bp))
		if (!block_alloc(bp) && block_size(bp) >= asize)
			return bp;
	return NULL;
}

// >>> place
/* Allocate asize bytes at the start of free block bp; split off the rest
   as a free block when it is big enough to be one. */
static void place(char *bp, size_t asize)
{
	size_t csize = block_size(bp);
	if (csize - asize >= TOY_MIN_BLOCK) {
		block_set(bp, asize, true);
		block_set(block_next(bp), csize - asize, false);
	} else {
		block_set(bp, csize, true);
	}
}
// <<< place
// <<< fit-helpers

void *toy_malloc(size_t size)
{
	// >>> toy_malloc
	//| // TODO: 0 bytes: NULL. Otherwise the block size (size + 16, rounded up
	//| // to 16, at least 32; NULL with ENOMEM if that overflows), the first
	//| // free block that fits, or else a new one from extend_heap (at least
	//| // TOY_CHUNK bytes); split it if the rest can be a block of its own.
	//| (void)size;
	//| errno = ENOSYS;
	//| return NULL;
	if (size == 0)
		return NULL;
	size_t asize = adjust_size(size);
	if (asize == 0) {
		errno = ENOMEM;
		return NULL;
	}
	char *bp = find_fit(asize);
	if (!bp) {
		bp = extend_heap(asize > TOY_CHUNK ? asize : TOY_CHUNK);
		if (!bp) {
			errno = ENOMEM;
			return NULL;
		}
	}
	place(bp, asize);
	return bp;
	// <<< toy_malloc
}

void toy_free(void *ptr)
{
	// >>> toy_free
	//| // TODO: NULL does nothing. Otherwise mark the block free in its header
	//| // and its footer, then merge it with a free neighbour on either side.
	//| (void)ptr;
	if (!ptr)
		return;
	char *bp = ptr;
	block_set(bp, block_size(bp), false);
	coalesce(bp);
	// <<< toy_free
}

// >>> checker (solution only)
__attribute__((format(printf, 3, 4)))
static bool complain(int verbose, const void *where, const char *fmt, ...)
{
	if (verbose) {
		va_list ap;
		va_start(ap, fmt);
		fprintf(stderr, "toy_check: block %p: ", where);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	return false;
}

/* Walk the heap from the prologue to the epilogue; every read is checked to
   be inside the heap before it is made, so a corrupt heap cannot crash it. */
// <<< checker
bool toy_check(int verbose)
{
	// >>> toy_check
	//| // TODO: walk from heap_first() to the epilogue. Check the prologue;
	//| // for each block: size a multiple of 16 and at least 32, the block
	//| // inside the heap, footer equal to header, not two free blocks in a
	//| // row; the epilogue (0, allocated) is the heap's last word. Never
	//| // read outside [mem_heap_lo(), mem_heap_hi()]. With verbose, print
	//| // what is wrong to stderr.
	//| (void)verbose;
	//| return false;
	char *lo = mem_heap_lo(), *end = (char *)mem_heap_hi() + 1;
	if (end - lo < 4 * TOY_WORD)
		return complain(verbose, lo, "heap smaller than padding, prologue and epilogue");
	if (tag_get(lo + TOY_WORD) != tag_pack(2 * TOY_WORD, true) ||
	    tag_get(lo + 2 * TOY_WORD) != tag_pack(2 * TOY_WORD, true))
		return complain(verbose, lo + TOY_WORD, "bad prologue");
	bool prev_free = false;
	char *bp = heap_first();
	for (;;) {
		if (bp > end)
			return complain(verbose, bp, "header past the end of the heap");
		tag_t h = tag_get(block_header(bp));
		size_t size = tag_size(h);
		if (size == 0) {                /* the epilogue */
			if (!tag_alloc(h) || h != tag_pack(0, true))
				return complain(verbose, bp, "epilogue is not 0|allocated");
			if (bp != end)
				return complain(verbose, bp, "epilogue is not the heap's last word");
			return true;
		}
		if ((h & 0xe) != 0 || size % TOY_ALIGN != 0 || size < TOY_MIN_BLOCK)
			return complain(verbose, bp, "bad size %zu in header %#llx",
					size, (unsigned long long)h);
		if ((uintptr_t)bp % TOY_ALIGN != 0)
			return complain(verbose, bp, "payload not 16-byte aligned");
		if (size > (size_t)(end - bp))
			return complain(verbose, bp, "size %zu runs past the end of the heap", size);
		if (tag_get(block_footer(bp)) != h)
			return complain(verbose, bp, "footer %#llx does not match header %#llx",
					(unsigned long long)tag_get(block_footer(bp)),
					(unsigned long long)h);
		if (!tag_alloc(h) && prev_free)
			return complain(verbose, bp, "two free blocks next to each other");
		prev_free = !tag_alloc(h);
		bp = block_next(bp);
	}
	// <<< toy_check
}
