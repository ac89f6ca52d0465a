// SPDX-License-Identifier: MIT
/*
 * chunk32.c - glibc's malloc arithmetic on 32-bit x86 (task 3 of lab 08:
 * see README.md).
 *
// >>> design
//|  * TODO: chunk32, usable32, mmapped32: lab 03's rules redone with i386's
//|  * sizes.
 * On i386 a size field is 4 bytes (SIZE_SZ), but chunks are aligned to 16
 * (MALLOC_ALIGNMENT: 16 since glibc 2.26, for long double and _Float128),
 * so the smallest chunk is 16 bytes and holds 12. An mmapped chunk is
 * whole pages less the 8 bytes glibc skips to align the block to 16.
// <<< design
 */
#include "memlimits.h"

// >>> constants (solution only)
enum {
	SIZE_SZ = 4,
	ALIGN = 16,
	MIN_CHUNK = 16,
	PAGE = 4096,
	THRESHOLD = 128 * 1024,
};

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

// <<< constants
size_t chunk32(size_t req)
{
	// >>> chunk32
	//| /* TODO: the chunk of malloc(req) on i386: from the heap, or mmapped. */
	//| (void)req;
	//| return 0;
	size_t nb = align_up(req + SIZE_SZ, ALIGN);
	if (nb < MIN_CHUNK)
		nb = MIN_CHUNK;
	if (nb < THRESHOLD)
		return nb;
	/* mmap: whole pages for nb and a size field, less the 8 bytes skipped
	   so that the block is 16-aligned (mmap gives 4096-aligned memory and
	   the block starts 8 bytes in). */
	return align_up(nb + SIZE_SZ, PAGE) - (ALIGN - 2 * SIZE_SZ);
	// <<< chunk32
}

size_t usable32(size_t req)
{
	// >>> usable32
	//| /* TODO: what the chunk holds for the caller. */
	//| (void)req;
	//| return 0;
	/* A heap chunk lends the next chunk's prev_size field: its size less
	   one field. An mmapped chunk has no next chunk: less two. */
	return chunk32(req) - (mmapped32(req) ? 2 * SIZE_SZ : SIZE_SZ);
	// <<< usable32
}

int mmapped32(size_t req)
{
	// >>> mmapped32
	//| /* TODO: served by mmap at the default threshold? */
	//| (void)req;
	//| return 0;
	/* The threshold compares the chunk size, not the request: the
	   boundary is 128 KiB - 20 bytes. */
	size_t nb = align_up(req + SIZE_SZ, ALIGN);
	return nb >= THRESHOLD;
	// <<< mmapped32
}
