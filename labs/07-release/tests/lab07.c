// SPDX-License-Identifier: MIT
/*
 * lab07.c - helpers for the lab 07 tests (lab07.h): the worker and a
 * child of the tests, read from outside.
 */
#include "lab07.h"

#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

long judge_rollup_kb(pid_t pid, const char *name)
{
	char buf[4096], key[64];
	if (labtest_read_proc(pid, "smaps_rollup", buf, sizeof buf) <= 0)
		return -1;
	snprintf(key, sizeof key, "\n%s", name);
	const char *at = strstr(buf, key);
	return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

long judge_minflt(pid_t pid)
{
	char buf[2048];
	if (labtest_read_proc(pid, "stat", buf, sizeof buf) <= 0)
		return -1;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 3;
	long field = 0;
	for (int f = 4; f <= 10; f++)
		field = strtol(p, &p, 10);
	return field;
}

int judge_maps(pid_t pid, struct jmap *m, int max)
{
	static char buf[1 << 18];
	if (labtest_read_proc(pid, "maps", buf, sizeof buf) <= 0)
		return -1;
	int n = 0;
	for (char *line = strtok(buf, "\n"); line && n < max; line = strtok(NULL, "\n")) {
		unsigned long lo, hi;
		char perms[5];
		int at = 0;
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s%n", &lo, &hi, perms, &at) < 3)
			continue;
		while (line[at] == ' ')
			at++;
		m[n] = (struct jmap){ .lo = lo, .hi = hi, .anon = line[at] == '\0' };
		memcpy(m[n].perms, perms, sizeof perms);
		snprintf(m[n].path, sizeof m[n].path, "%s", line + at);
		n++;
	}
	return n;
}

int judge_arenas(pid_t pid)
{
	static struct jmap m[4096];
	const uintptr_t heap_max = 64UL << 20;
	int n = judge_maps(pid, m, 4096);
	if (n < 0)
		return -1;
	int arenas = 0;
	for (int i = 1; i < n; i++)
		if (m[i].anon && m[i - 1].anon && !strcmp(m[i].perms, "---p") &&
		    !strcmp(m[i - 1].perms, "rw-p") && m[i].hi % heap_max == 0 &&
		    m[i - 1].hi == m[i].lo && m[i - 1].lo == m[i].hi - heap_max)
			arenas++;
	return arenas;
}

size_t judge_thread_stack(pid_t pid)
{
	char buf[4096];
	if (labtest_read_proc(pid, "limits", buf, sizeof buf) <= 0)
		return 0;
	const char *at = strstr(buf, "Max stack size");
	if (!at)
		return 0;
	at += strlen("Max stack size");
	while (*at == ' ')
		at++;
	if (!strncmp(at, "unlimited", 9))
		return 2 << 20;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	return (size_t)strtoull(at, NULL, 10) / ps * ps;
}

int judge_cpus(pid_t pid)
{
	cpu_set_t set;
	if (sched_getaffinity(pid, sizeof set, &set))
		return (int)sysconf(_SC_NPROCESSORS_ONLN);
	return CPU_COUNT(&set);
}

/* The tracer: a thread of the tests that traces one process (PTRACE_SEIZE)
   and counts the system calls it enters that take memory or give it back,
   while the test's own thread goes on making calls to it (a traced
   process stops at each system call until its tracer lets it go on, so
   the tracer cannot be the thread that waits for the process's answers). */
static struct {
	pthread_t thread;
	pid_t pid;
	atomic_long calls;
	atomic_int stopping;
	int seized;             /* 1 traced, -1 refused (errno in err), 0 not yet */
	int err;
	pthread_mutex_t lock;
	pthread_cond_t cond;
} tr = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static bool release_call(unsigned long nr)
{
	return nr == SYS_brk || nr == SYS_madvise || nr == SYS_munmap || nr == SYS_mprotect;
}

static void tracer_says(int seized, int err)
{
	pthread_mutex_lock(&tr.lock);
	tr.seized = seized;
	tr.err = err;
	pthread_cond_broadcast(&tr.cond);
	pthread_mutex_unlock(&tr.lock);
}

static void *tracer(void *arg)
{
	(void)arg;
	pid_t pid = tr.pid;
	int st;
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) || ptrace(PTRACE_INTERRUPT, pid, 0, 0) ||
	    waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st)) {
		tracer_says(-1, errno);
		return NULL;
	}
	tracer_says(1, 0);
	int sig = 0;
	for (;;) {
		if (atomic_load(&tr.stopping)) {
			ptrace(PTRACE_DETACH, pid, 0, 0);
			return NULL;
		}
		if (ptrace(PTRACE_SYSCALL, pid, 0, sig))
			return NULL;
		sig = 0;
		/* An end is left for the tests' own wait to read (how the
		   process ended is what they report); only stops are taken. */
		siginfo_t si = { 0 };
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WSTOPPED | __WALL | WNOWAIT) ||
		    (si.si_code != CLD_TRAPPED && si.si_code != CLD_STOPPED))
			return NULL;
		if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
			return NULL;
		int s = WSTOPSIG(st);
		if (s == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info in;
			if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof in, &in) > 0 &&
			    in.op == PTRACE_SYSCALL_INFO_ENTRY && release_call(in.entry.nr))
				atomic_fetch_add(&tr.calls, 1);
		} else if (st >> 16 == 0 && s != SIGCONT) {
			sig = s;        /* a signal for it: delivered, not ours */
		}
	}
}

/* Starts tracing pid; false (s->why says why) where ptrace is refused. */
static bool trace_start(pid_t pid, struct series *s)
{
	tr.pid = pid;
	atomic_store(&tr.calls, 0);
	atomic_store(&tr.stopping, 0);
	tr.seized = 0;
	s->traced = false;
	int err = pthread_create(&tr.thread, NULL, tracer, NULL);
	if (err) {
		snprintf(s->why, sizeof s->why, "the tests cannot start their tracer: %s", strerror(err));
		return false;
	}
	pthread_mutex_lock(&tr.lock);
	while (!tr.seized)
		pthread_cond_wait(&tr.cond, &tr.lock);
	pthread_mutex_unlock(&tr.lock);
	if (tr.seized < 0) {
		snprintf(s->why, sizeof s->why, "ptrace refused here (%s): the tests cannot count system calls",
		         strerror(tr.err));
		pthread_join(tr.thread, NULL);
		return false;
	}
	s->traced = true;
	return true;
}

/* Ends the tracing: the tracer wakes (SIGCONT, which it does not pass on)
   and lets the process go. */
static void trace_stop(void)
{
	atomic_store(&tr.stopping, 1);
	kill(tr.pid, SIGCONT);
	pthread_join(tr.thread, NULL);
}

static long traced_calls(const struct series *s)
{
	return s->traced ? atomic_load(&tr.calls) : -1;
}

void worker_phase(int k, bool policy)
{
	struct rcall c;
	rcall_begin(&c, RF_PHASE, "running the workload in the worker");
	rmsg_put_i64(&c.msg, k);
	rmsg_put_i64(&c.msg, policy);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	rcall_end(&c);
	cr_assert_eq(rc, 0, "the workload's phase %d ran out of memory in the worker", k);
}

void run_worker_series(bool policy, struct series *s)
{
	pid_t pid = remote_worker_pid();
	bool traced = trace_start(pid, s);
	for (int k = 0; k < WL_PHASES; k++) {
		worker_phase(k, policy);
		s->rss[k] = judge_rollup_kb(pid, "Rss:");
		s->flt[k] = judge_minflt(pid);
		s->sys[k] = traced_calls(s);
		cr_assert(s->rss[k] >= 0 && s->flt[k] >= 0, "cannot read the worker's smaps_rollup and stat");
	}
	if (traced)
		trace_stop();
}

void run_baseline_series(struct series *s)
{
	int go[2], done[2];
	cr_assert(pipe(go) == 0 && pipe(done) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(go[1]);
		close(done[0]);
		unsigned char k;
		while (read(go[0], &k, 1) == 1) {
			char rc = (char)workload_phase(k, NULL);
			if (write(done[1], &rc, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	bool traced = trace_start(pid, s);
	for (int k = 0; k < WL_PHASES; k++) {
		unsigned char kk = (unsigned char)k;
		char rc = 1;
		cr_assert(write(go[1], &kk, 1) == 1 && read(done[0], &rc, 1) == 1 && rc == 0,
		          "the tests' own run of the workload failed in phase %d", k);
		s->rss[k] = judge_rollup_kb(pid, "Rss:");
		s->flt[k] = judge_minflt(pid);
		s->sys[k] = traced_calls(s);
	}
	if (traced)
		trace_stop();
	close(go[1]);
	close(done[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int worker_thread_stack(struct stack_info *s, int *err)
{
	struct rcall c;
	rcall_begin(&c, RF_THREAD_STACK, "stack_of_self in a thread of the worker");
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	*err = (int)rcall_i64(&c);
	rcall_bytes(&c, s, sizeof *s);
	rcall_end(&c);
	cr_assert_neq(rc, -2, "the worker could not start a thread: %s", strerror(*err));
	return rc;
}

int worker_threads(int n, int arena_max)
{
	struct rcall c;
	rcall_begin(&c, RF_THREADS, "starting threads in the worker");
	rmsg_put_i64(&c.msg, n);
	rmsg_put_i64(&c.msg, arena_max);
	rcall_send(&c);
	int got = (int)rcall_i64(&c);
	rcall_end(&c);
	cr_assert_eq(got, n, "the worker started %d threads of %d", got, n);
	return got;
}

pid_t worker_overflow(int *rc, int *err)
{
	struct rcall c;
	rcall_begin(&c, RF_OVERFLOW, "overflow_watch in a thread of a child of the worker");
	rcall_send(&c);
	pid_t pid = (pid_t)rcall_i64(&c);
	*rc = (int)rcall_i64(&c);
	*err = (int)rcall_i64(&c);
	rcall_end(&c);
	cr_assert_gt(pid, 0, "the worker could not start a child");
	cr_assert_neq(*rc, -2, "the worker's child ended before its thread said what overflow_watch "
	              "returned: did overflow_watch end the process?");
	return pid;
}

char *worker_overflow_go(int *status)
{
	struct rcall c;
	rcall_begin(&c, RF_OVERFLOW_GO, "a stack overflow in a child of the worker");
	rcall_send(&c);
	char *line = rcall_str(&c, 128);
	*status = (int)rcall_i64(&c);
	rcall_end(&c);
	return line;
}
