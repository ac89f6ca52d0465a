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
 * in its own memory. A timed replay runs in the worker as a whole (a call
 * per operation would time the channel), on a variant of the trace the
 * worker gets just before (variant.c); the driver reads the worker's CPU
 * clock from outside around it, then checks every payload it returned.
 */
#ifndef ALLOC_REMOTE_H
#define ALLOC_REMOTE_H

#include "allocator.h"
#include "tracefile.h"

enum {
	RA_INFO,        /* -> name, has realloc, has calloc, has check */
	RA_INIT, RA_MALLOC, RA_FREE, RA_REALLOC, RA_CALLOC, RA_CHECK,
	RA_REWIND,      /* mem_rewind_brk, before a timed replay */
	RA_REPLAY,      /* allocator (RA_OWN, RA_LIBC), num_ids, num_ops, the
			   ops: the timed call -> replay_ops's result */
	RA_RESULTS,     /* -> the last replay's payloads, one per operation */
	RA_COUNT
};
enum { RA_OWN, RA_LIBC, RA_OWN_AS_IS };  /* as is: the heap not rewound first */

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
