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
 * toy.h gives you the vocabulary: block_size, block_alloc, block_next,
 * block_prev, block_set, heap_first. Write small static helpers here (the
 * handout suggests adjust_size, find_fit, place, coalesce, extend_heap) and
 * build the four functions out of them. Write toy_check early: it is the
 * tool that tells you where the heap went wrong.
 */
#include "toy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "memlib.h"

int toy_init(void)
{
	// TODO: grow the heap by 32 bytes with mem_sbrk and write the padding
	// word, the prologue (header and footer: 16, allocated) and the
	// epilogue header (0, allocated). Return -1 if mem_sbrk fails.
	errno = ENOSYS;
	return -1;
}

void *toy_malloc(size_t size)
{
	// TODO: 0 bytes: NULL. Otherwise the block size (size + 16, rounded up
	// to 16, at least 32; NULL with ENOMEM if that overflows), the first
	// free block that fits, or else a new one from extend_heap (at least
	// TOY_CHUNK bytes); split it if the rest can be a block of its own.
	(void)size;
	errno = ENOSYS;
	return NULL;
}

void toy_free(void *ptr)
{
	// TODO: NULL does nothing. Otherwise mark the block free in its header
	// and its footer, then merge it with a free neighbour on either side.
	(void)ptr;
}

bool toy_check(int verbose)
{
	// TODO: walk from heap_first() to the epilogue. Check the prologue;
	// for each block: size a multiple of 16 and at least 32, the block
	// inside the heap, footer equal to header, not two free blocks in a
	// row; the epilogue (0, allocated) is the heap's last word. Never
	// read outside [mem_heap_lo(), mem_heap_hi()]. With verbose, print
	// what is wrong to stderr.
	(void)verbose;
	return false;
}
