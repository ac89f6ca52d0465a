// SPDX-License-Identifier: MIT
/*
 * heapcall.h - calls of an allocator that runs in the worker on the tests'
 * simulated heap (labs 04 and 05): the remote.h channel plus memlib's shared
 * mode (memlib.h). Every call carries errno both ways, since the tests check
 * it, and each side's view of the heap is brought to the shared break around
 * the call.
 *
 * The tests' side (heapcall_judge.c), in a stub:
 *
 *     rcall_begin(&c, RF_MM_MALLOC, "mm_malloc");
 *     rmsg_put_u64(&c.msg, size);
 *     return heapcall_pointer(&c);          or heapcall_send, read, heapcall_finish
 *
 * The worker's side (heapcall_worker.c), in a handler:
 *
 *     size_t size = (size_t)wget_u64(in);
 *     heapcall_begin(in);                   after the arguments
 *     heapcall_answer_ptr(out, mm_malloc(size));
 *
 * and its main is heapcall_worker_main(fns, n).
 */
#ifndef HEAPCALL_H
#define HEAPCALL_H

#include <stddef.h>
#include <stdint.h>

#include "remote.h"
#include "remote_worker.h"

/* The tests' side. Linking heapcall_judge.o makes the tests' heap one the
   worker can map (mem_share before any mem_init). */
void heapcall_send(struct rcall *c);      /* the heap's descriptor and errno go along */
void heapcall_finish(struct rcall *c);    /* errno back, the heap synced, the call ended */
void *heapcall_pointer(struct rcall *c);  /* send, a pointer answer, finish */

/* The worker's side. */
void heapcall_begin(struct rmsg *in);                  /* the heap synced, the tests' errno */
void heapcall_answer_i64(struct rmsg *out, int64_t v); /* v, then the errno left */
void heapcall_answer_u64(struct rmsg *out, uint64_t v);
void heapcall_answer_ptr(struct rmsg *out, void *p);
/* Map the tests' heap from REMOTE_FD + 1, then answer calls. */
int heapcall_worker_main(const struct remote_fn *fns, size_t n);

#endif
