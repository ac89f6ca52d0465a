// SPDX-License-Identifier: MIT
/*
 * chunk.c - the chunk glibc's malloc takes for a request, on 64-bit.
 *
// >>> design
//|  * Task 2 of the handout. A chunk starts with two 8-byte fields, prev_size
//|  * and size; the block malloc returns begins right after them. Find out
//|  * from the handout (and malloc_usable_size) how much a request of n bytes
//|  * really takes.
 * A chunk starts with two 8-byte fields, prev_size and size, and the block
 * malloc returns begins right after them (16 bytes in). prev_size is only
 * read while the chunk *before* is free, so an in-use chunk lends its last
 * 8 bytes to the next chunk's prev_size field: a chunk needs request + 8
 * bytes, not request + 16. Sizes are multiples of 16 (the alignment of
 * every block malloc returns) and never less than 32, the room a free
 * chunk needs for its size field and its fd/bk list pointers.
// <<< design
 */
#include "chunk.h"

#include <stdint.h>

// >>> helpers (solution only)
enum {
	SIZE_SZ = sizeof(size_t),               /* the size field: 8 bytes */
	CHUNK_ALIGN = 2 * sizeof(size_t),       /* 16 */
	MIN_CHUNK = 4 * sizeof(size_t),         /* 32: size, fd, bk, and the next prev_size */
};

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}
// <<< helpers

// >>> chunk-size
size_t chunk_size(size_t request)
{
	// >>> chunk-size-body
	//| /* TODO: the rule: size field, alignment, minimum; 0 for requests
	//|    glibc refuses (above PTRDIFF_MAX). */
	//| (void)request;
	//| return 0;
	/* glibc refuses requests above PTRDIFF_MAX (pointer differences must fit). */
	if (request > PTRDIFF_MAX)
		return 0;
	size_t size = align_up(request + SIZE_SZ, CHUNK_ALIGN);
	return size < MIN_CHUNK ? MIN_CHUNK : size;
	// <<< chunk-size-body
}
// <<< chunk-size
