// SPDX-License-Identifier: MIT
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
	volatile int last;      /* in a batch of the checked replay (op to
				   last, in one call to the worker): its last;
				   else -1 or 0 */
	char phase[48];         /* "checking student", "timing reference", ... */
};

struct run_opts {
	size_t align;           /* payload alignment to check */
	bool heapcheck;         /* call the allocator's checker after each op */
	bool keep_heap;         /* check a replay already done (playback.c):
				   no reset of the heap, no init */
	int batch;              /* the submission's checked replay: up to this
				   many operations per call to its worker
				   (alloc_remote.h, RA_BATCH); 0 or 1: one call
				   per operation, as with -c */
	int verbose;
};

/* Replay with every check. Returns 0 and the utilisation, or -1 and a
   message naming the line, the operation and the block. *extent gets the
   end of the highest payload, as an offset from the heap's start: the heap
   the allocator needed, whatever its break says. */
int run_checked(const struct allocator *a, const struct trace *t,
		const struct run_opts *o, struct progress *pr,
		double *util, size_t *extent, char *msg, size_t len);

/* The end of the highest payload a replay returned (record, as replay_ops
   fills it), from the heap's start: the heap it needed. */
size_t replay_extent(const struct trace *t, void *const *record);

/* splitmix64: a fast, good enough stream of 64-bit values (the payloads'
   patterns, the variants' sizes). */
uint64_t replay_random(uint64_t *state);

/* The pattern the checked replay writes into a block and checks before
   the block is freed: a stream of bytes, word i of it seed ^ (i * K).
   Cheap enough to write and check every byte of megabyte blocks, and
   different in every block (seed) and at every offset (i), so both an
   overwrite by a neighbour and a copy to the wrong place show. The judge
   and the submission's worker (a batch of the checked replay,
   alloc_remote.h) write and check the same one. replay_fill writes bytes
   [from, to) of the stream at p + from; replay_verify returns the offset
   of the first byte of [0, n) that differs, or n. */
void replay_fill(unsigned char *p, size_t from, size_t to, uint64_t seed);
size_t replay_verify(const unsigned char *p, size_t n, uint64_t seed);

/* realloc, or malloc-copy-free for an allocator without one (old: the
   block's size). */
void *replay_realloc(const struct allocator *a, void *p, size_t old, size_t n);

/* calloc(nmemb, n / nmemb), or malloc and memset for an allocator without. */
void *replay_calloc(const struct allocator *a, size_t nmemb, size_t n);


/* The trace's operations, without checks: init, then every operation, the
   blocks kept in ptr and size (num_ids each, zeroed first). record, when
   not NULL, gets each operation's payload (NULL for a free): what the
   judge checks after a replay it did not watch. Returns -1 when every
   operation ran, else the index of the one that returned NULL (or
   num_ops if init failed). The loop the clock measures, for every
   allocator: in the judge for the reference and the C library, in the
   worker for the submission (alloc_worker.c). */
int replay_ops(const struct allocator *a, const struct trace *t, void **ptr,
	       size_t *size, struct progress *pr, void **record);

/* Operations [from, to) of the trace, as replay_ops does them, on blocks
   already in ptr and size: a replay that stops between operations (lab
   07's replay on glibc, phase by phase). Returns -1, or the index of the
   operation that returned NULL. */
int replay_span(const struct allocator *a, const struct trace *t, int from, int to,
		void **ptr, size_t *size, struct progress *pr, void **record);

/* The timed replays (replay_timed.c): the submission in its worker (when
   `student`), then the reference and the C library in this process, taking
   turns, each round on a new variant of the trace (variant.c) that none of
   them has seen. secs gets each one's fastest replay in seconds of CPU time
   (-1: not timed). The submission's payloads of every round are checked
   here afterwards (every check of the checked replay but contents); its
   heap's extent (the end of its highest payload) over the reference's, on
   the same variant, goes in *extent_ratio (the worst round's). Returns 0,
   or -1 with msg when the submission failed a round (NULL, a bad payload,
   a crash or a hang in its worker). runs > 0: that many rounds; 0: enough
   to measure. */
struct timed {
	double secs, ref_secs, libc_secs;
	double extent_ratio;
};
int run_timed(bool student, const struct trace *t, const struct run_opts *o,
	      int runs, struct progress *pr, struct timed *out, char *msg, size_t len);

/* Set the C library up to be timed as the allocators over memlib are
   (libc_alloc.c says how and why). Call once, in the process that times. */
void libc_keep_memory(void);

#endif
