// SPDX-License-Identifier: MIT
/*
 * measure.h - what this process holds, as the kernel and as malloc see it
 * (task 1), and what malloc_trim(0) would give back.
 */
#ifndef MEASURE_H
#define MEASURE_H

#include <stddef.h>

struct mem {
	long rss_kb;            /* Rss of /proc/self/smaps_rollup, in kB */
	long lazyfree_kb;       /* its LazyFree: MADV_FREE'd, still resident */
	size_t heap_bytes;      /* mallinfo2: arena, the bytes malloc got with brk */
	size_t heap_free;       /* mallinfo2: fordblks, free bytes in them */
	size_t top_free;        /* mallinfo2: keepcost, the free block at the top */
};

/* This process now. Returns 0, or -1 with errno. */
int mem_now(struct mem *m);

/* The drop of Rss, in kB, that malloc_trim(0) would make now, from m (as
   mem_now filled it): every free page of the heap, not only the top. */
long trim_gain_predict(const struct mem *m);

#endif
