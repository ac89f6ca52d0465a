// SPDX-License-Identifier: MIT
/*
 * threads.c - a thread's stack, and malloc's arenas (task 3 of lab 07:
 * see README.md).
 *
 * TODO: stack_of_self from pthread_getattr_np; overflow_watch with
 * sigaltstack and a SIGSEGV handler; arenas_predict from glibc's rules
 * (README.md).
 */
#include "threads.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
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
