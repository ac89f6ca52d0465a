// SPDX-License-Identifier: MIT
/*
 * chunk32.c - glibc's malloc arithmetic on 32-bit x86 (task 3 of lab 08:
 * see README.md).
 *
 * TODO: chunk32, usable32, mmapped32: lab 03's rules redone with i386's
 * sizes.
 */
#include "memlimits.h"

size_t chunk32(size_t req)
{
	/* TODO: the chunk of malloc(req) on i386: from the heap, or mmapped. */
	(void)req;
	return 0;
}

size_t usable32(size_t req)
{
	/* TODO: what the chunk holds for the caller. */
	(void)req;
	return 0;
}

int mmapped32(size_t req)
{
	/* TODO: served by mmap at the default threshold? */
	(void)req;
	return 0;
}
