// SPDX-License-Identifier: MIT
/*
 * judge_threads.h - what the lab 07 tests measure themselves about threads,
 * in processes and threads of their own: where glibc puts a thread's
 * control block and static TLS, and what happens to blocks that threads
 * malloc and other threads free.
 */
#ifndef JUDGE_THREADS_H
#define JUDGE_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "threads.h"

/* The layout of a thread of the tests' own, started with default
   attributes: the thread pointer lies tcb_below_top bytes below the top of
   its stack (what pthread_getattr_np calls hi); the program's static TLS
   block lies right below the thread pointer, at the offset the rule of
   tls_offset() gives (TLS variant II); in_stack says whether
   pthread_getattr_np's [lo, hi) holds both. ok is false, with why, when
   the layout is not that one (another architecture, another libc). */
struct tls_rule {
	bool ok;
	size_t tcb_below_top;
	bool in_stack;
	char why[160];
};
void judge_tls_rule(struct tls_rule *r);

/* How far below the thread pointer a program's TLS block starts when it is
   the first (x86-64, variant II): from its PT_TLS p_memsz, p_align and
   p_vaddr, as glibc's _dl_determine_tlsoffset places it. */
size_t tls_offset(size_t memsz, size_t align, size_t vaddr);

/* The PT_TLS segment of the program of pid (/proc/PID/exe, an ELF file):
   false if it cannot be read or has none. */
bool judge_exe_tls(pid_t pid, size_t *memsz, size_t *align, size_t *vaddr);

/* Your tls_of_self in a new thread of the worker (default attributes),
   which then stays; its return value, and errno in *err. */
int worker_tls(struct tls_info *t, int *err);

/* Runs a remote-free scenario (threads.h) in a child process of the tests,
   on the real glibc, and says what happened to each block in seen[i]: its
   arena (from the chunk's header: IS_MMAPPED, NON_MAIN_ARENA, and the
   heap_info at the 64 MiB boundary below it, compared with each thread's
   first block), remote when the freeing thread's arena differs, tcache
   when after the free the block holds the tcache's key (tcache_put writes
   it). Returns 0; -1 with why where the scenario cannot be watched (threads
   sharing arenas, a child that failed). */
int judge_remote_free(int nthreads, const struct rf_block *b, int n, struct rf_guess *seen, char *why,
                      size_t len);

#endif
