// SPDX-License-Identifier: MIT
/*
 * test_threads.c - task 3: a thread's stack (stack_of_self) and malloc's
 * arenas (arenas_predict), in threads.c. The tests read the worker's maps
 * and limits themselves.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "lab07.h"
#include "threads.h"

LAB_TEST(threads, stack_and_guard, 10,
         "pthread_getattr_np, then pthread_attr_getstack (it gives the lowest address and the "
         "size) and pthread_attr_getguardsize. The guard lies below the stack: it grows down.")
{
	struct stack_info s;
	int err;
	int rc = worker_thread_stack(&s, &err);
	cr_assert_eq(rc, 0, "stack_of_self returned %d (%s)", rc, strerror(err));
	pid_t pid = remote_worker_pid();
	size_t want = judge_thread_stack(pid);
	static struct jmap m[4096];
	int n = judge_maps(pid, m, 4096);
	cr_assert(n > 0 && want > 0, "cannot read the worker's maps and limits");
	int at = -1;
	for (int i = 0; i < n; i++)
		if (m[i].lo <= s.lo && s.lo < m[i].hi)
			at = i;
	cr_assert(at > 0, "stack_of_self: lo %#lx is in no mapping of the worker", (unsigned long)s.lo);
	cr_assert(!strcmp(m[at].perms, "rw-p") && s.hi <= m[at].hi, "stack_of_self: [%#lx, %#lx) is not "
	          "inside one rw-p mapping of the worker (%#lx-%#lx %s)", (unsigned long)s.lo,
	          (unsigned long)s.hi, (unsigned long)m[at].lo, (unsigned long)m[at].hi, m[at].perms);
	cr_assert_eq(s.hi - s.lo, want, "stack_of_self: a stack of %zu bytes, but a new thread of the "
	             "worker gets %zu (its RLIMIT_STACK, /proc/PID/limits)", (size_t)(s.hi - s.lo), want);
	const struct jmap *g = &m[at - 1];
	cr_assert(s.lo == m[at].lo && g->hi == s.lo && !strcmp(g->perms, "---p"), "stack_of_self: the "
	          "stack starts at %#lx; the worker's maps show no ---p guard ending there",
	          (unsigned long)s.lo);
	cr_assert_eq(s.guard, g->hi - g->lo, "stack_of_self: guard %zu bytes, but the ---p mapping below "
	             "the stack is %zu", s.guard, (size_t)(g->hi - g->lo));
	labtest_note("a thread's stack: %zu KiB, guard %zu KiB below it", want / 1024, s.guard / 1024);
}

/* The one thread of process pid other than its main thread, as the tests
   see it in /proc/PID/task; 0 if there is not exactly one. */
static pid_t other_thread(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	pid_t found = 0;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		pid_t tid = (pid_t)atoi(e->d_name);
		if (tid > 0 && tid != pid) {
			found = tid;
			n++;
		}
	}
	closedir(d);
	return n == 1 ? found : 0;
}

LAB_TEST(threads, overflow_caught, 8,
         "The handler must run on a stack of its own (sigaltstack, SA_ONSTACK): the thread's has no "
         "room left. The faulting address is si_addr; the depth is hi minus it.")
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer, which catches SIGSEGV itself");
	int rc, err;
	pid_t pid = worker_overflow(&rc, &err);
	cr_assert_eq(rc, 0, "overflow_watch returned %d (%s)", rc, strerror(err));
	pid_t tid = other_thread(pid);
	cr_assert_gt(tid, 0, "the tests do not find the one thread of the worker's child in /proc/%d/task",
	             (int)pid);
	int st;
	char *line = worker_overflow_go(&st);
	int got_tid = 0;
	unsigned long depth = 0;
	long ps = sysconf(_SC_PAGESIZE);
	bool parsed = line && sscanf(line, "overflow tid %d depth %lu", &got_tid, &depth) == 2;
	cr_assert(parsed, "the thread overflowed its %d KiB stack; expected the line \"overflow tid %d "
	          "depth N\", got \"%s\" (the child %s %d)", OVERFLOW_STACK / 1024, (int)tid,
	          line ? line : "", WIFSIGNALED(st) ? "was killed by signal" : "exited with status",
	          WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	free(line);
	cr_assert_eq(got_tid, tid, "overflow_watch reported thread %d, but the thread that overflowed is %d "
	             "(the tests' reading of /proc/%d/task)", got_tid, (int)tid, (int)pid);
	cr_assert(depth >= OVERFLOW_STACK && depth <= (unsigned long)(OVERFLOW_STACK + ps), "overflow_watch "
	          "reported a depth of %lu bytes; the thread's stack is %d bytes with a guard of %ld below it",
	          depth, OVERFLOW_STACK, ps);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3, "after its report the child should _exit(3); its "
	          "wait status was %#x", st);
	labtest_note("a thread with %d KiB of stack overflowed at depth %lu", OVERFLOW_STACK / 1024, depth);
}

/* n threads in the worker, all alive, each having called malloc: its
   arenas as the tests count them, and the prediction. */
static void arenas(int nthreads, int arena_max)
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer, whose malloc has no arenas of glibc's");
	worker_phase(0, false);         /* the worker runs: its pid is its own */
	pid_t pid = remote_worker_pid();
	int before = judge_arenas(pid);
	if (before < 0)
		cr_skip_test("the tests cannot read the worker's maps here");
	cr_assert_eq(before, 0, "the worker has %d arenas of threads before it starts any", before);
	worker_threads(nthreads, arena_max);
	int seen = 1 + judge_arenas(pid);
	int cpus = judge_cpus(pid);
	int want = arenas_predict(nthreads, cpus, arena_max);
	cr_assert_eq(want, seen, "arenas_predict(%d threads, %d CPUs, arena_max %d): %d, but the worker's "
	             "maps show %d (the main arena and %d of 64 MiB)", nthreads, cpus, arena_max, want, seen,
	             seen - 1);
	labtest_note("%d threads, %d CPUs, arena_max %d: %d arenas", nthreads, cpus, arena_max, seen);
}

LAB_TEST(threads, arenas_few, 5,
         "With few threads each one that calls malloc gets an arena of its own.")
{
	arenas(5, 0);
}

LAB_TEST(threads, arenas_many, 6,
         "glibc stops making arenas at 8 per CPU, and counts the CPUs only once there are more "
         "than 8 arenas.")
{
	arenas(40, 0);
}

LAB_TEST(threads, arenas_max, 6,
         "arena_max (M_ARENA_MAX, or the tunable glibc.malloc.arena_max) is the limit when set; "
         "the main arena counts.")
{
	arenas(40, 2);
}

LAB_TEST(threads, predict_rejects, 3,
         "Check the arguments first: EINVAL.")
{
	errno = 0;
	int rc = arenas_predict(-1, 2, 0);
	cr_assert(rc == -1 && errno == EINVAL, "arenas_predict(-1 threads): %d (%s), expected -1 EINVAL",
	          rc, strerror(errno));
	errno = 0;
	rc = arenas_predict(4, 0, 0);
	cr_assert(rc == -1 && errno == EINVAL, "arenas_predict(4 threads, 0 CPUs): %d (%s), expected -1 "
	          "EINVAL", rc, strerror(errno));
}
