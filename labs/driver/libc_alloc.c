// SPDX-License-Identifier: MIT
/*
 * libc_alloc.c - the C library's malloc, timed beside the allocators under
 * test so that their throughput has a yardstick measured on the same machine
 * in the same run.
 */
#include "replay.h"

#include <malloc.h>
#include <stdlib.h>

static int libc_init(void)
{
	return 0;
}

const struct allocator libc_allocator = {
	.name = "libc",
	.init = libc_init,
	.malloc = malloc,
	.free = free,
	.realloc = realloc,
	.calloc = calloc,
	.check = NULL,
	.uses_memlib = false,
};

/*
 * An allocator over memlib is timed on a heap that keeps its pages from one
 * replay to the next (mem_rewind_brk): growing it costs no system call and
 * no page fault, and shrinking it (mem_sbrk(-n)) gives nothing back. The C
 * library gets the same terms: it keeps all the memory it got from the
 * kernel, and serves every request from its heap.
 *
 * - No trimming (M_TRIM_THRESHOLD -1): by default glibc gives the top of
 *   its heap back with brk whenever more than 128 KiB of it is free, which
 *   a trace's frees, and the driver's free of the blocks a trace leaves
 *   live, do again and again; every page of the heap grown back costs a
 *   page fault. Measured so, glibc ran CS:APP's expr-bal 8 times slower,
 *   cp-decl-bal 5 and binary-bal 4 times slower.
 * - No mapping per block (M_MMAP_MAX 0): a block of 128 KiB or more would
 *   otherwise be an mmap of its own, made and unmade with system calls
 *   (until glibc raises its threshold, after the first such free).
 *
 * Setting them also holds them, whatever the replays free. Everything else
 * - tcache, fastbins, bins, coalescing, realloc in place - is glibc's, as
 * in any program. With GLIBC_TUNABLES set, the driver leaves glibc as the
 * tunables set it: GLIBC_TUNABLES=glibc.malloc.tcache_count=7 (the
 * default) times glibc as a program gets it.
 */
void libc_keep_memory(void)
{
	if (getenv("GLIBC_TUNABLES"))
		return;
	mallopt(M_TRIM_THRESHOLD, -1);
	mallopt(M_MMAP_MAX, 0);
}
