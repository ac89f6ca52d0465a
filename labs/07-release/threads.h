// SPDX-License-Identifier: MIT
/*
 * threads.h - memory with threads (task 3): a thread's stack and guard
 * page, where its TLS block is, how many malloc arenas threads make, and
 * which arena a block comes from when threads free each other's blocks.
 */
#ifndef THREADS_H
#define THREADS_H

#include <stdbool.h>
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

/* Where the calling thread's control block and static TLS are. */
struct tls_info {
	uintptr_t tp;           /* the thread pointer (glibc's struct pthread on x86-64) */
	uintptr_t block_lo;     /* the program's own static TLS block for this thread, */
	uintptr_t block_hi;     /*   [block_lo, block_hi): the executable's PT_TLS segment */
	uintptr_t map_hi;       /* the end of the mapping in /proc/self/maps that holds tp */
	bool in_stack;          /* are tp and the block inside the stack [lo, hi) that
	                           pthread_getattr_np gives? */
};

/* The calling thread's thread pointer, its copy of the program's static
   TLS block (dl_iterate_phdr: dlpi_tls_data, and PT_TLS's p_memsz), the
   end of the mapping that holds them, and whether pthread_getattr_np
   counts them as stack. Returns 0, or -1 with errno. */
int tls_of_self(struct tls_info *t);

/* One block of a scenario of threads: thread `by` mallocs `size` bytes,
   later thread `freed_by` frees it. Thread 0 is the main thread; threads
   1 .. nthreads are started first, all alive throughout, and each has
   called malloc once before the scenario (so each has an arena of its
   own). The blocks are allocated one at a time in their order, then freed
   one at a time in their order. */
struct rf_block {
	int by, freed_by;
	size_t size;
};

enum { RF_MMAPPED = -1 };

/* What happens to one block. */
struct rf_guess {
	int arena;              /* the thread whose arena it comes from (0: the main
	                           arena), or RF_MMAPPED for a block of its own mmap */
	bool remote;            /* freed by a thread whose arena is not the block's */
	bool tcache;            /* its free puts it in the freeing thread's tcache */
};

/* The scenario's n blocks b[0..n-1] with nthreads threads besides the main
   one, with glibc's default tunables: out[i] for each block. Returns 0, or
   -1 with errno = EINVAL for a thread number out of 0 .. nthreads, n < 0
   or nthreads < 0. */
int remote_free_predict(int nthreads, const struct rf_block *b, int n, struct rf_guess *out);

#endif
