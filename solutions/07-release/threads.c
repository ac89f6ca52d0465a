// SPDX-License-Identifier: MIT
/*
 * threads.c - a thread's stack, and malloc's arenas (task 3 of lab 07:
 * see README.md).
 *
// >>> design
//|  * TODO: stack_of_self from pthread_getattr_np; overflow_watch with
//|  * sigaltstack and a SIGSEGV handler; arenas_predict from glibc's rules
//|  * (README.md).
 * pthread_getattr_np gives the lowest address of the usable stack and its
 * size; the guard lies just below (stacks grow down into it). glibc's
 * malloc gives a thread that first calls malloc an arena of its own until
 * there are 8 per CPU (arena_max when set); it counts CPUs only once more
 * than 8 arenas exist, so one CPU still gets 9. An overflow is caught on
 * an alternate signal stack: the thread's own has no room left.
// <<< design
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
	// >>> stack_of_self
	//| /* TODO: pthread_getattr_np(pthread_self(), ...), then
	//|    pthread_attr_getstack and pthread_attr_getguardsize. */
	//| (void)s;
	//| errno = ENOSYS;
	//| return -1;
	pthread_attr_t a;
	int err = pthread_getattr_np(pthread_self(), &a);
	if (err) {
		errno = err;
		return -1;
	}
	void *lo;
	size_t size, guard;
	err = pthread_attr_getstack(&a, &lo, &size);
	if (!err)
		err = pthread_attr_getguardsize(&a, &guard);
	pthread_attr_destroy(&a);
	if (err) {
		errno = err;
		return -1;
	}
	s->lo = (uintptr_t)lo;
	s->hi = (uintptr_t)lo + size;
	s->guard = guard;
	return 0;
	// <<< stack_of_self
}

// >>> overflow-helpers (solution only)
static int report_fd = -1;
static _Thread_local struct stack_info watched;

/* The line, written without stdio: the handler may only call what is
   async-signal-safe. */
static void report(pid_t tid, size_t depth)
{
	char line[64] = "overflow tid ", num[24];
	size_t len = strlen(line);
	unsigned long v[2] = { (unsigned long)tid, depth };
	for (int k = 0; k < 2; k++) {
		int n = 0;
		do
			num[n++] = (char)('0' + v[k] % 10);
		while (v[k] /= 10);
		while (n)
			line[len++] = num[--n];
		if (k == 0) {
			memcpy(line + len, " depth ", 7);
			len += 7;
		}
	}
	line[len++] = '\n';
	(void)!write(report_fd, line, len);
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	uintptr_t at = (uintptr_t)si->si_addr;
	if (watched.hi && at < watched.lo && at >= watched.lo - watched.guard) {
		report(gettid(), watched.hi - at);
		_exit(3);
	}
	signal(sig, SIG_DFL);           /* not ours: the fault happens again, unhandled */
}
// <<< overflow-helpers

// >>> overflow-watch
int overflow_watch(int fd)
{
	// >>> overflow_watch
	//| /* TODO: stack_of_self, then sigaltstack with a stack of its own,
	//|    then sigaction(SIGSEGV) with SA_ONSTACK | SA_SIGINFO. */
	//| (void)fd;
	//| errno = ENOSYS;
	//| return -1;
	if (stack_of_self(&watched))
		return -1;
	/* The handler cannot run on the stack that overflowed. */
	size_t len = 64 * 1024;
	void *alt = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (alt == MAP_FAILED)
		return -1;
	stack_t ss = { .ss_sp = alt, .ss_size = len };
	if (sigaltstack(&ss, NULL))
		return -1;
	report_fd = fd;
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_ONSTACK | SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, NULL);
	// <<< overflow_watch
}
// <<< overflow-watch

// >>> arenas
int arenas_predict(int nthreads, int ncpus, int arena_max)
{
	// >>> arenas_predict
	//| /* TODO: the main arena, plus one per thread up to the limit. */
	//| (void)nthreads, (void)ncpus, (void)arena_max;
	//| errno = ENOSYS;
	//| return -1;
	if (nthreads < 0 || ncpus < 1 || arena_max < 0) {
		errno = EINVAL;
		return -1;
	}
	int limit = arena_max ? arena_max : 8 * ncpus;
	if (!arena_max && limit < 9)
		limit = 9;      /* the CPUs are counted once there are 9 */
	return 1 + nthreads < limit ? 1 + nthreads : limit;
	// <<< arenas_predict
}
// <<< arenas
