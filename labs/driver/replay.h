/*
 * replay.h - replaying a trace against an allocator: once with every check
 * (run_checked, replay_checked.c), then without checks for the clock
 * (run_timed, replay_timed.c).
 */
#ifndef REPLAY_H
#define REPLAY_H

#include "allocator.h"
#include "tracefile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
   message naming the line, the operation and the block. *sig gets a digest
   of the payload offsets the allocator returned, in order. */
int run_checked(const struct allocator *a, const struct trace *t,
		const struct run_opts *o, struct progress *pr,
		double *util, uint64_t *sig, char *msg, size_t len);

/* realloc, or malloc-copy-free for an allocator without one (old: the
   block's size). */
void *replay_realloc(const struct allocator *a, void *p, size_t old, size_t n);

/* calloc(nmemb, n / nmemb), or malloc and memset for an allocator without. */
void *replay_calloc(const struct allocator *a, size_t nmemb, size_t n);

/* The digest of the payloads returned so far, with p added. */
uint64_t payload_digest(uint64_t sig, const void *p);

#define RUN_MAX_TIMED 4

/* Replay without checks, again and again, taking turns among the n
   allocators; secs[k] gets the fastest replay of a[k] in seconds of CPU
   time, or -1 if it returned NULL (then the result is -1 and msg says
   where, for the first such allocator in a). runs > 0: that many replays of
   each; 0: enough to measure (replay_timed.c). For an allocator over
   memlib, every replay must return the same offsets as the checked one
   (sig[k], from run_checked): a replay that does not sets same[k] false;
   its time then measures something else. */
int run_timed(const struct allocator *const *a, const uint64_t *sig,
	      double *secs, bool *same, int n, const struct trace *t, int runs,
	      struct progress *pr, char *msg, size_t len);

/* Set the C library up to be timed as the allocators over memlib are
   (libc_alloc.c says how and why). Call once, in the process that times. */
void libc_keep_memory(void);

#endif
