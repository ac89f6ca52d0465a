// SPDX-License-Identifier: MIT
/*
 * glibcrun.h - a trace replayed on glibc's malloc in a process of its own
 * (build/replay-glibc), measured from outside at the end of each phase:
 * what the tests of task 1 and build/analyse compare your model with. And
 * the random traces the tests make from a seed. Fixed code, not yours.
 */
#ifndef GLIBCRUN_H
#define GLIBCRUN_H

#include <stdint.h>
#include <sys/types.h>

#include "heapmodel.h"
#include "tracefile.h"

/* What glibc's malloc held at the end of a phase, as measured. */
struct glibc_phase {
	struct phase_mem m;     /* the same four numbers as your prediction */
	size_t fordblks, keepcost;  /* mallinfo2: free bytes in the heap, its top */
	size_t heap_vma;        /* the size of [heap] in /proc/PID/maps */
};

/* glibc's defaults on this machine (the page size from sysconf). */
void glibc_default_params(struct glibc_params *p);

/* Replay t on glibc in a new build/replay-glibc (prog: its path, NULL for
   "build/replay-glibc") and measure each phase: mallinfo2 in the replaying
   process; the Rss of its [heap] and anonymous mappings in its
   /proc/PID/smaps; what malloc_trim(0) lowers that by, in a copy of it
   (fork). Returns 0, or -1 with a message in err. */
int glibc_measure(const char *prog, const struct trace *t, struct glibc_phase out[AN_PHASES],
		  char *err, size_t len);

/* A random trace from seed (tiny, tcache-sized and medium blocks, holes, blocks
   over the mmap threshold, frees from the top, reallocs), as trace_read
   would have read it. 0, or -1 when out of memory. Free with trace_free. */
int glibc_random_trace(uint64_t seed, struct trace *t);

/* The protocol of build/replay-glibc (tests/judge/replay_glibc.c). */
#define RG_MAGIC 0x6c616237u
struct rg_header {
	uint32_t magic;
	int32_t num_ids, num_ops;
};
struct rg_cmd {
	int32_t cmd;            /* 'r' or 't' */
	int32_t to;
};
struct rg_reply {
	int64_t rc;
	uint64_t arena, hblkhd, fordblks, keepcost, uordblks;
};

#endif
