// SPDX-License-Identifier: MIT
/*
 * threads.h - memory with threads (task 3): a thread's stack and guard
 * page, and how many malloc arenas threads make.
 */
#ifndef THREADS_H
#define THREADS_H

#include <stddef.h>
#include <stdint.h>

struct stack_info {
	uintptr_t lo, hi;       /* the stack the thread may use: [lo, hi) */
	size_t guard;           /* bytes of the guard area just below lo */
};

/* The calling thread's stack, from pthread_getattr_np. Returns 0, or -1
   with errno. */
int stack_of_self(struct stack_info *s);

/* Watches the calling thread for a stack overflow: gives it an alternate
   signal stack (sigaltstack) and catches SIGSEGV on it. A fault in the
   guard below the thread's stack writes one line to fd,
       overflow tid TID depth BYTES\n
   (TID from gettid(), BYTES the distance from the top of the stack, hi, to
   the faulting address) and ends the process with _exit(3); any other
   SIGSEGV ends it as SIGSEGV would. Returns 0, or -1 with errno. */
int overflow_watch(int fd);

/* How many arenas glibc's malloc has (the main one included) once
   nthreads threads, all alive at once, have each called malloc, on ncpus
   CPUs, with glibc.malloc.arena_max (M_ARENA_MAX) = arena_max, 0 for its
   default. Returns -1 with errno = EINVAL for a count below 0 or ncpus < 1. */
int arenas_predict(int nthreads, int ncpus, int arena_max);

#endif
