// SPDX-License-Identifier: MIT
/*
 * test_threads.c - task 3: a thread's stack (stack_of_self) and TLS
 * (tls_of_self), malloc's arenas (arenas_predict) and remote frees
 * (remote_free_predict), in threads.c. The tests read the worker's maps,
 * limits and program themselves, and run the remote-free scenarios in a
 * child of their own.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "judge_threads.h"
#include "labtest.h"
#include "lab07.h"
#include "threads.h"

LAB_TEST(threads, stack_and_guard, 7,
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

LAB_TEST(threads, overflow_caught, 7,
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

LAB_TEST(threads, arenas_few, 3,
         "With few threads each one that calls malloc gets an arena of its own.")
{
	arenas(5, 0);
}

LAB_TEST(threads, arenas_many, 5,
         "glibc stops making arenas at 8 per CPU, and counts the CPUs only once there are more "
         "than 8 arenas.")
{
	arenas(40, 0);
}

LAB_TEST(threads, arenas_max, 4,
         "arena_max (M_ARENA_MAX, or the tunable glibc.malloc.arena_max) is the limit when set; "
         "the main arena counts.")
{
	arenas(40, 2);
}

LAB_TEST(threads, predict_rejects, 2,
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

/* The worker's thread stacks: an rw-p mapping of the default stack size
   or more (a neighbour above may have merged with it) right above a ---p
   guard, that was not in before[] (nb of them). */
static bool new_stack(const struct jmap *m, int i, const struct jmap *before, int nb, size_t size)
{
	if (i < 1 || strcmp(m[i].perms, "rw-p") || !m[i].anon || strcmp(m[i - 1].perms, "---p") ||
	    m[i - 1].hi != m[i].lo || m[i].hi - m[i].lo < size)
		return false;
	for (int k = 0; k < nb; k++)
		if (before[k].lo == m[i].lo)
			return false;
	return true;
}

LAB_TEST(threads, tls_block, 5,
         "The thread pointer is __builtin_thread_pointer(); dl_iterate_phdr gives the program's "
         "PT_TLS and, in dlpi_tls_data, the calling thread's copy of it. On x86-64 both sit at the "
         "top of the thread's stack mapping, and pthread_getattr_np counts them as stack.")
{
	struct tls_rule rule;
	judge_tls_rule(&rule);
	if (!rule.ok)
		cr_skip_test("%s", rule.why);
	pid_t pid = remote_worker_pid();
	size_t size = judge_thread_stack(pid);
	static struct jmap before[4096], m[4096];
	int nb = judge_maps(pid, before, 4096);
	if (nb < 0 || size == 0)
		cr_skip_test("the tests cannot read the worker's maps and limits here");
	struct tls_info t;
	int err;
	int rc = worker_tls(&t, &err);
	cr_assert_eq(rc, 0, "tls_of_self returned %d (%s)", rc, strerror(err));
	int n = judge_maps(pid, m, 4096);
	size_t memsz, align, vaddr;
	cr_assert(n > 0 && judge_exe_tls(pid, &memsz, &align, &vaddr), "the tests cannot read the worker's "
	          "maps, or the PT_TLS of its program (/proc/%d/exe)", (int)pid);
	/* The new thread's stack: the one that holds your tp, else the only new one. */
	int at = -1, fresh = 0;
	for (int i = 0; i < n; i++)
		if (new_stack(m, i, before, nb, size)) {
			fresh++;
			if (at < 0 || (m[i].lo <= t.tp && t.tp < m[i].lo + size))
				at = i;
		}
	cr_assert(at >= 0, "the tests find no new thread stack (%zu KiB above a ---p guard) in the worker's "
	          "maps after tls_of_self's thread started", size / 1024);
	uintptr_t top = m[at].lo + size;
	size_t a = align > 64 ? align : 64;
	uintptr_t tp = top - (rule.tcb_below_top + a - 1) / a * a;
	cr_assert_eq(t.tp, tp, "tls_of_self: tp %#lx, but the new thread's stack is [%#lx, %#lx) and its "
	             "thread pointer lies %zu bytes below the top (as in a thread of the tests%s): %#lx",
	             (unsigned long)t.tp, (unsigned long)m[at].lo, (unsigned long)top, (size_t)(top - tp),
	             fresh > 1 ? "; there are other new stacks" : "", (unsigned long)tp);
	uintptr_t lo = tp - tls_offset(memsz, align, vaddr);
	cr_assert(t.block_lo == lo && t.block_hi == lo + memsz, "tls_of_self: the program's TLS block "
	          "[%#lx, %#lx), but the worker's program has a PT_TLS of %zu bytes (align %zu), and its "
	          "copy for this thread lies right below the thread pointer: [%#lx, %#lx)",
	          (unsigned long)t.block_lo, (unsigned long)t.block_hi, memsz, align, (unsigned long)lo,
	          (unsigned long)(lo + memsz));
	uintptr_t end = 0;
	for (int i = 0; i < n; i++)
		if (m[i].lo <= tp && tp < m[i].hi)
			end = m[i].hi;
	cr_assert_eq(t.map_hi, end, "tls_of_self: map_hi %#lx, but the worker's maps show the mapping that "
	             "holds the thread pointer ending at %#lx", (unsigned long)t.map_hi, (unsigned long)end);
	cr_assert_eq(t.in_stack, rule.in_stack, "tls_of_self: in_stack %d, but pthread_getattr_np's stack "
	             "%s the TCB and the TLS block (in a thread of the tests, on this glibc)", t.in_stack,
	             rule.in_stack ? "holds" : "does not hold");
	labtest_note("TCB %zu bytes below the stack's top, the program's TLS block (%zu bytes) %zu below it; "
	             "pthread_getattr_np counts them as stack: %s", (size_t)(top - tp), memsz,
	             (size_t)(tp - lo), rule.in_stack ? "yes" : "no");
}

/* A random scenario: 2 or 3 threads besides the main one, blocks of sizes
   small (tcache), middling and big (mmap), freed by their thread or by
   another; and a burst of 8 or 9 blocks of one size from one thread that
   another frees (a tcache bin holds 7). */
static unsigned next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static int scenario(unsigned seed, int *nthreads, struct rf_block *b)
{
	static const size_t sizes[] = { 24, 40, 100, 200, 500, 1000, 1032, 1040, 3000, 9000, 1 << 20 };
	unsigned s = seed;
	int t = 2 + (int)(next(&s) % 2);
	int n = 12 + (int)(next(&s) % 12), burst = (int)(next(&s) % (unsigned)n);
	int k = 0;
	for (int i = 0; i < n && k < RF_MAX_BLOCKS; i++) {
		int by = (int)(next(&s) % (unsigned)(t + 1));
		int fb = next(&s) % 2 ? by : (int)(next(&s) % (unsigned)(t + 1));
		size_t size = sizes[next(&s) % (sizeof sizes / sizeof sizes[0])];
		if (i == burst) {
			int len = 8 + (int)(next(&s) % 2);
			size_t bs = sizes[next(&s) % 5];
			fb = (by + 1 + (int)(next(&s) % (unsigned)t)) % (t + 1);
			for (int j = 0; j < len && k < RF_MAX_BLOCKS; j++)
				b[k++] = (struct rf_block){ .by = by, .freed_by = fb, .size = bs };
			continue;
		}
		b[k++] = (struct rf_block){ .by = by, .freed_by = fb, .size = size };
	}
	*nthreads = t;
	return k;
}

static const char *arena_name(int a, char *buf, size_t len)
{
	if (a == RF_MMAPPED)
		snprintf(buf, len, "mmap");
	else if (a == 0)
		snprintf(buf, len, "main arena");
	else
		snprintf(buf, len, "thread %d's arena", a);
	return buf;
}

LAB_TEST(threads, remote_free, 5,
         "A block comes from the arena of the thread that mallocs it (mmap from 128 KiB). Its free, "
         "by whatever thread, goes first to the FREEING thread's tcache: 1032 bytes at most, 7 of a "
         "size; only the rest goes back to the block's own arena.")
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer, whose malloc has no arenas of glibc's");
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid() << 8;
	const char *env = getenv("MEMLAB07_SEED");  /* a run replayed */
	if (env && *env)
		seed = (unsigned)strtoul(env, NULL, 0);
	labtest_note("seed %u (MEMLAB07_SEED=%u replays it)", seed, seed);
	struct rf_block b[1] = { { .by = 3, .freed_by = 0, .size = 8 } };
	struct rf_guess g[RF_MAX_BLOCKS], seen[RF_MAX_BLOCKS];
	errno = 0;
	int rc = remote_free_predict(2, b, 1, g);
	cr_assert(rc == -1 && errno == EINVAL, "remote_free_predict(2 threads, a block of thread 3): %d "
	          "(%s), expected -1 EINVAL", rc, strerror(errno));
	int remote = 0, cached = 0, spilled = 0, mapped = 0, total = 0;
	for (unsigned k = 0; k < 3; k++) {
		struct rf_block sb[RF_MAX_BLOCKS];
		int t, n = scenario(seed + k, &t, sb);
		char why[160];
		if (judge_remote_free(t, sb, n, seen, why, sizeof why))
			cr_skip_test("%s", why);
		memset(g, 0, sizeof g);
		errno = 0;
		rc = remote_free_predict(t, sb, n, g);
		cr_assert_eq(rc, 0, "remote_free_predict (seed %u): %d (%s)", seed + k, rc, strerror(errno));
		for (int i = 0; i < n; i++) {
			char a1[32], a2[32];
			cr_assert(g[i].arena == seen[i].arena && g[i].remote == seen[i].remote &&
			          g[i].tcache == seen[i].tcache, "seed %u, %d threads, block %d of %d (%zu bytes, malloc'd "
			          "by thread %d, freed by thread %d): you say %s, %s, %s; the tests' run on this glibc "
			          "says %s, %s, %s", seed + k, t, i, n, sb[i].size, sb[i].by, sb[i].freed_by,
			          arena_name(g[i].arena, a1, sizeof a1), g[i].remote ? "remote" : "not remote",
			          g[i].tcache ? "to a tcache" : "not to a tcache",
			          arena_name(seen[i].arena, a2, sizeof a2), seen[i].remote ? "remote" : "not remote",
			          seen[i].tcache ? "to a tcache" : "not to a tcache");
			total++;
			mapped += seen[i].arena == RF_MMAPPED;
			remote += seen[i].remote;
			cached += seen[i].remote && seen[i].tcache;
			spilled += seen[i].remote && !seen[i].tcache;
		}
	}
	labtest_note("%d blocks in 3 scenarios: %d mmap'd, %d freed remotely: %d of them into the freeing "
	             "thread's tcache, %d back to their own arena", total, mapped, remote, cached, spilled);
}
