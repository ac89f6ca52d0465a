// SPDX-License-Identifier: MIT
/*
 * heapmodel.h - a model of glibc's malloc for an allocation trace (task 1 of
 * lab 07): the heap's size, the mmapped chunks, what is resident and what
 * malloc_trim(0) could give back, phase by phase.
 */
#ifndef HEAPMODEL_H
#define HEAPMODEL_H

#include <stddef.h>

#include "tracefile.h"

/* A trace is cut into AN_PHASES phases of equal numbers of operations:
   phase k (0 to AN_PHASES - 1) ends after operation an_phase_end(n, k) - 1,
   n the trace's number of operations. (A trace of fewer operations than
   phases has empty phases: their end is the previous one's.) */
#define AN_PHASES 8
static inline int an_phase_end(int num_ops, int k)
{
	return (int)((long long)num_ops * (k + 1) / AN_PHASES);
}

/* glibc's parameters, as the process that replays the trace has them. */
struct glibc_params {
	size_t page;               /* the page size, sysconf(_SC_PAGESIZE) */
	size_t mmap_threshold;     /* M_MMAP_THRESHOLD to begin with: 128 KiB */
	size_t mmap_threshold_max; /* the most free() raises it to: 32 MiB */
	size_t trim_threshold;     /* M_TRIM_THRESHOLD to begin with: 128 KiB */
	size_t top_pad;            /* M_TOP_PAD: 128 KiB */
	size_t tcache_count;       /* chunks a tcache bin holds: 7 */
};

/* What the heap holds at the end of a phase, in bytes. */
struct phase_mem {
	size_t heap;            /* mallinfo2's arena: the heap got with brk */
	size_t in_use;          /* mallinfo2's uordblks: the heap's chunks in use
	                           (the tcache's too), headers included */
	size_t mmapped;         /* mallinfo2's hblkhd: the chunks of their own mmap */
	size_t resident;        /* pages of the heap and of those chunks in RAM */
	size_t reclaimable;     /* of those, what malloc_trim(0) would give back */
};

/* Predict, for each phase of t, what glibc's malloc holds when the trace
   is replayed on it in a new process (README.md, task 1, says how the
   tests replay it). Returns 0, or -1 with errno (EINVAL: a bad argument). */
int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES]);

#endif
