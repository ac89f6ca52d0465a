// SPDX-License-Identifier: MIT
/*
 * alloc_remote.h - the submission's allocator in a worker process, as the
 * trace driver calls it: the protocol's calls, the judge's side
 * (alloc_remote.c) and the worker's (alloc_worker.c, the main of
 * build/driver-worker).
 *
 * The driver is the judge: it never links the submission. Every call of the
 * checked replay crosses to the worker over labs/common/remote.h on the
 * heap both map (labs/common/heapcall.h), and the driver checks each answer
 * in its own memory, or several operations go in one call (RA_BATCH,
 * below) and the driver checks every answer afterwards. A timed replay runs in the worker as a whole (a call
 * per operation would time the channel), on a variant of the trace the
 * worker gets just before (variant.c); the driver reads the worker's CPU
 * clock from outside around it, then checks every payload it returned.
 */
#ifndef ALLOC_REMOTE_H
#define ALLOC_REMOTE_H

#include <stdint.h>

#include "allocator.h"
#include "tracefile.h"

enum {
	RA_INFO,        /* -> name, has realloc, has calloc, has check */
	RA_INIT, RA_MALLOC, RA_FREE, RA_REALLOC, RA_CALLOC, RA_CHECK,
	RA_REWIND,      /* mem_rewind_brk, before a timed replay */
	RA_REPLAY,      /* allocator (RA_OWN, RA_LIBC), num_ids, num_ops, the
			   ops: the timed call -> replay_ops's result */
	RA_RESULTS,     /* -> the last replay's payloads, one per operation */
	RA_BATCH,       /* n, n struct batch_op: a stretch of the checked
			   replay -> struct batch_result's fields */
	RA_COUNT
};
enum { RA_OWN, RA_LIBC, RA_OWN_AS_IS };  /* as is: the heap not rewound first */

/*
 * A batch of the checked replay: up to BATCH_MAX operations in one call,
 * where one call per operation cost about 16 us each (the judge and the
 * worker take turns on a processor for every call). The worker does each
 * operation in turn, as the judge would: it writes the pattern into a
 * block malloc or realloc returned (replay_fill, the seed the judge chose)
 * and checks it (replay_verify) before a free or a realloc; it stops at a
 * NULL or a payload outside the heap (which it cannot write to), at a
 * block whose pattern changed, and after a realloc that lost contents.
 * The judge then checks every answer itself, in order, as in the
 * one-call-per-operation replay: NULL, inside the heap, aligned, no
 * overlap with a live payload; where the worker stopped at a changed or
 * lost pattern, the judge finds it itself in the shared heap (nothing ran
 * after it). A free or realloc can only start a batch: the judge checks
 * the block's pattern just before, and after the batch a realloc's first
 * bytes; a calloc ends a batch, so that the judge checks its zeros and
 * writes its pattern itself. So every check of contents is the judge's;
 * the worker's own checks only stop a batch early (replay_checked.c,
 * labs/driver/README.md, "The checked replay in batches").
 */
#define BATCH_MAX 1024
struct batch_op {
	uint64_t kind;          /* enum op_kind */
	uint64_t size;          /* the bytes asked for (calloc: nmemb * size) */
	uint64_t nmemb;         /* calloc */
	uint64_t ptr;           /* free, realloc (only a batch's first): the block */
	uint64_t seed;          /* the block's pattern */
	uint64_t old_size;      /* free, realloc: the block's size before */
};
enum batch_status {
	BATCH_DONE,             /* every operation done */
	BATCH_BAD_PAYLOAD,      /* the last one returned NULL or memory outside the heap */
	BATCH_CHANGED,          /* the last one's block changed before it: not done */
	BATCH_NOT_KEPT,         /* the last one, a realloc, did not keep the contents */
};
struct batch_result {
	int n;                  /* operations done (the last one's status) */
	int status;             /* enum batch_status */
	uint64_t detail;        /* the offset of the first byte that differs */
	uint64_t payload[BATCH_MAX];    /* what each returned (free: 0) */
	uint64_t heapsize[BATCH_MAX];   /* mem_heapsize() after each */
};

/* One batch in the submission's worker: ops[0..n), 1 <= n <= BATCH_MAX. */
void remote_batch(const struct batch_op *ops, int n, struct batch_result *r);

/* The workers of a trace: the submission's (build/driver-worker, or
   MEMLABS_WORKER) and the reference's (build/driver-worker-ref), which
   also times the C library. Every timed replay runs in one of them, the
   same way, so that what one pays for the call the others pay too. */
enum { SLOT_SUBMISSION, SLOT_REFERENCE, SLOT_COUNT_SUBMISSION, SLOT_COUNT_REFERENCE };

/* The submission's allocator, in its worker (started at the first call:
   MEMLABS_WORKER, labs/common/remote.h). A crash, a hang or a malformed
   answer ends the call through remote_fail. */
const struct allocator *remote_allocator(void);

/* One call that does nothing: the worker starts, answers, and is ready to
   end (count.c's baseline). */
void remote_hello(void);

/* One unchecked replay of t in the current slot's worker (replay_ops
   there), of its own allocator or the C library's (RA_OWN, RA_LIBC). The
   trace goes with the call that is timed: the worker learns it when the
   clock runs. *secs gets the CPU time the worker's process (every thread)
   used during the call, read here; record gets its payloads
   (t->num_ops). Returns what replay_ops returned. */
int remote_replay(const struct trace *t, int which, void **record, double *secs);

#endif
