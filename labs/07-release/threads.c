// SPDX-License-Identifier: MIT
/*
 * threads.c - a thread's stack and TLS, and malloc's arenas (task 3 of
 * lab 07: see README.md).
 *
 * TODO: stack_of_self from pthread_getattr_np; overflow_watch with
 * sigaltstack and a SIGSEGV handler; tls_of_self from the thread pointer,
 * dl_iterate_phdr and /proc/self/maps; arenas_predict and
 * remote_free_predict from glibc's rules (README.md).
 */
#include "threads.h"

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int stack_of_self(struct stack_info *s)
{
	/* TODO: pthread_getattr_np(pthread_self(), ...), then
	   pthread_attr_getstack and pthread_attr_getguardsize. */
	(void)s;
	errno = ENOSYS;
	return -1;
}

// >>> overflow-watch
int overflow_watch(int fd)
{
	/* TODO: stack_of_self, then sigaltstack with a stack of its own,
	   then sigaction(SIGSEGV) with SA_ONSTACK | SA_SIGINFO. */
	(void)fd;
	errno = ENOSYS;
	return -1;
}
// <<< overflow-watch

// >>> arenas
int arenas_predict(int nthreads, int ncpus, int arena_max)
{
	/* TODO: the main arena, plus one per thread up to the limit. */
	(void)nthreads, (void)ncpus, (void)arena_max;
	errno = ENOSYS;
	return -1;
}
// <<< arenas

int tls_of_self(struct tls_info *t)
{
	/* TODO: __builtin_thread_pointer(); dl_iterate_phdr for the program's
	   PT_TLS (dlpi_tls_data, p_memsz); /proc/self/maps for the end of
	   the mapping; stack_of_self for in_stack. */
	(void)t;
	errno = ENOSYS;
	return -1;
}

int remote_free_predict(int nthreads, const struct rf_block *b, int n, struct rf_guess *out)
{
	/* TODO: the arena of the thread that mallocs (mmap past the
	   threshold); remote when freed by another; the freeing thread's
	   tcache while the block is small and its bin has room. */
	(void)nthreads, (void)b, (void)n, (void)out;
	errno = ENOSYS;
	return -1;
}
