/*
 * run.h - replaying a trace against an allocator: once with every check
 * (run_checked), then without checks for the clock (run_timed).
 */
#ifndef RUN_H
#define RUN_H

#include "allocator.h"
#include "trace.h"

#include <stdbool.h>
#include <stddef.h>

/* Where a replay is: kept in memory shared with the parent, so that if the
   allocator crashes or hangs the parent can say at which operation. */
struct progress {
	volatile int op;        /* index of the operation started last, or -1 */
	char phase[48];         /* "checking student", "timing reference", ... */
};

struct run_opts {
	size_t align;           /* payload alignment to check */
	bool heapcheck;         /* call the allocator's checker after each op */
	int verbose;
};

/* Replay with every check. Returns 0 and the utilisation, or -1 and a
   message naming the line, the operation and the block. */
int run_checked(const struct allocator *a, const struct trace *t,
		const struct run_opts *o, struct progress *pr,
		double *util, char *msg, size_t len);

#define RUN_MAX_TIMED 4

/* Replay without checks, again and again, taking turns among the n
   allocators; secs[k] gets the fastest replay of a[k] in seconds of CPU
   time, or -1 if it returned NULL (then the result is -1 and msg says
   where). */
int run_timed(const struct allocator *const *a, double *secs, int n,
	      const struct trace *t, struct progress *pr, char *msg, size_t len);

#endif
