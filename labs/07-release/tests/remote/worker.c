// SPDX-License-Identifier: MIT
/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned and errno. The
 * handlers after them are fixed code the tests use to set the scene in
 * this process (fns.h).
 */
#include "fns.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heapmodel.h"
#include "measure.h"
#include "release.h"
#include "remote.h"
#include "remote_worker.h"
#include "run_confined.h"
#include "threads.h"
#include "workload.h"

static void w_mem_now(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	struct mem m;
	memset(&m, 0, sizeof m);
	errno = 0;
	int rc = mem_now(&m);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_bytes(out, &m, sizeof m);
}

/* The predictions run where they can only compute (run_confined.h): no
   open (no /proc/self/smaps or maps), no getrusage, fork, clone or exec.
   What the worker sends first: why the child failed ("" if it did not),
   and whether the filter was in force. */
static void put_confined(struct rmsg *out, const struct confined_call *r, const char *err)
{
	rmsg_put_str(out, err);
	rmsg_put_i64(out, r->confined);
}

static int call_trim_predict(const void *arg, void *out)
{
	*(long *)out = trim_gain_predict(arg);
	return 0;
}

static void w_trim_predict(struct rmsg *in, struct rmsg *out)
{
	struct mem m;
	wget_bytes(in, &m, sizeof m);
	long kb = 0;
	struct confined_call r = { .rc = -1 };
	char err[400] = "";
	run_confined(call_trim_predict, &m, &kb, sizeof kb, 0, 0, "trim_gain_predict", &r, err,
	             sizeof err);
	put_confined(out, &r, err);
	rmsg_put_i64(out, kb);
}

static void w_policy_init(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	policy_init();
}

static void w_policy_after_free(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	policy_after_free();
}

struct arenas_args {
	int n, ncpus, arena_max;
};

static int call_arenas_predict(const void *arg, void *out)
{
	(void)out;
	const struct arenas_args *a = arg;
	return arenas_predict(a->n, a->ncpus, a->arena_max);
}

static void w_arenas_predict(struct rmsg *in, struct rmsg *out)
{
	struct arenas_args a;
	a.n = (int)wget_i64(in);
	a.ncpus = (int)wget_i64(in);
	a.arena_max = (int)wget_i64(in);
	struct confined_call r = { .rc = -1 };
	char err[400] = "";
	run_confined(call_arenas_predict, &a, NULL, 0, 0, 0, "arenas_predict", &r, err, sizeof err);
	put_confined(out, &r, err);
	rmsg_put_i64(out, r.rc);
	rmsg_put_i64(out, r.err);
}

struct remote_args {
	int nthreads, n;
	const struct rf_block *b;
};

static int call_remote_predict(const void *arg, void *out)
{
	const struct remote_args *a = arg;
	return remote_free_predict(a->nthreads, a->b, a->n, out);
}

static void w_remote_predict(struct rmsg *in, struct rmsg *out)
{
	static struct rf_block b[RF_MAX_BLOCKS];
	static struct rf_guess g[RF_MAX_BLOCKS];
	int nthreads = (int)wget_i64(in);
	int n = (int)wget_i64(in);
	int sent = n < 0 ? 0 : n > RF_MAX_BLOCKS ? RF_MAX_BLOCKS : n;
	for (int i = 0; i < sent; i++)
		wget_bytes(in, &b[i], sizeof b[i]);
	memset(g, 0, sizeof g);
	struct remote_args a = { nthreads, n > RF_MAX_BLOCKS ? RF_MAX_BLOCKS : n, b };
	struct confined_call r = { .rc = -1 };
	char err[400] = "";
	run_confined(call_remote_predict, &a, g, sizeof g, 0, 0, "remote_free_predict", &r, err,
	             sizeof err);
	put_confined(out, &r, err);
	rmsg_put_i64(out, r.rc);
	rmsg_put_i64(out, r.err);
	for (int i = 0; i < sent; i++)
		rmsg_put_bytes(out, &g[i], sizeof g[i]);
}

struct analyse_args {
	const struct trace *t;
	const struct glibc_params *p;
};

static int call_analyse(const void *arg, void *out)
{
	const struct analyse_args *a = arg;
	return analyse(a->t, a->p, out);
}

/* Task 1's analyser: the trace comes as its operations (the tests read
   or made it), and goes to your analyse() as trace_read would give it.
   analyse runs confined, and without brk: the C library's malloc then
   gets its memory with mmap, so replaying the trace on it here and
   reading mallinfo2 does not give the numbers of a fresh process. */
static void w_analyse(struct rmsg *in, struct rmsg *out)
{
	struct trace t = { .name = "trace", .path = "trace" };
	t.num_ids = (int)wget_i64(in);
	t.num_ops = (int)wget_i64(in);
	if (t.num_ops < 0 || t.num_ops > (1 << 22))
		t.num_ops = 0;
	t.ops = calloc((size_t)t.num_ops + 1, sizeof *t.ops);
	struct glibc_params p;
	struct phase_mem m[AN_PHASES];
	memset(m, 0, sizeof m);
	wget_bytes(in, t.ops, (size_t)t.num_ops * sizeof *t.ops);
	wget_bytes(in, &p, sizeof p);
	struct analyse_args a = { &t, &p };
	struct confined_call r = { .rc = -1 };
	char err[400] = "";
	run_confined(call_analyse, &a, m, sizeof m, CONFINE_NO_BRK, 0, "analyse", &r, err,
	             sizeof err);
	put_confined(out, &r, err);
	rmsg_put_i64(out, r.rc);
	rmsg_put_i64(out, r.err);
	rmsg_put_bytes(out, m, sizeof m);
	free(t.ops);
}

/* The fixed code's own scene setting. */

static void w_phase(struct rmsg *in, struct rmsg *out)
{
	int k = (int)wget_i64(in);
	int policy = (int)wget_i64(in);
	if (k == 0 && policy)
		policy_init();
	rmsg_put_i64(out, workload_phase(k, policy ? policy_after_free : NULL));
}

static void w_trim(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	rmsg_put_i64(out, malloc_trim(0));
}

static void w_lazy(struct rmsg *in, struct rmsg *out)
{
	size_t len = (size_t)wget_u64(in);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		memset(p, 1, len);
		if (madvise(p, len, MADV_FREE)) {
			munmap(p, len);
			p = MAP_FAILED;
		}
	}
	rmsg_put_u64(out, p == MAP_FAILED ? 0 : (uintptr_t)p);
}

/* Threads live until the worker ends: the tests read its maps meanwhile. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int arrived, wanted;

static void *park(void)
{
	for (;;)
		pause();
	return NULL;
}

/* A call of yours in a thread of its own, which stays parked after. */
struct thread_call {
	void (*body)(struct thread_call *);
	int rc, err;
	struct stack_info s;
	struct tls_info t;
	int done;
};

static void *call_thread(void *arg)
{
	struct thread_call *c = arg;
	errno = 0;
	c->body(c);
	c->err = errno;
	pthread_mutex_lock(&lock);
	c->done = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return park();
}

/* Runs c->body in a new thread and waits until it returned; rc -2 and the
   error when the thread could not start. */
static void in_new_thread(struct thread_call *c)
{
	c->done = 0;
	memset(&c->s, 0, sizeof c->s);
	memset(&c->t, 0, sizeof c->t);
	pthread_t t;
	int rc = pthread_create(&t, NULL, call_thread, c);
	if (rc == 0) {
		pthread_mutex_lock(&lock);
		while (!c->done)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
	} else {
		c->rc = -2;
		c->err = rc;
	}
}

static void stack_body(struct thread_call *c)
{
	c->rc = stack_of_self(&c->s);
}

static void w_thread_stack(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	static struct thread_call c = { .body = stack_body };
	in_new_thread(&c);
	rmsg_put_i64(out, c.rc);
	rmsg_put_i64(out, c.err);
	rmsg_put_bytes(out, &c.s, sizeof c.s);
}

static void tls_body(struct thread_call *c)
{
	c->rc = tls_of_self(&c->t);
}

static void w_tls(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	static struct thread_call c = { .body = tls_body };
	in_new_thread(&c);
	rmsg_put_i64(out, c.rc);
	rmsg_put_i64(out, c.err);
	rmsg_put_bytes(out, &c.t, sizeof c.t);
}

/* Each thread mallocs, then waits until all have: all alive at once. */
static void *malloc_thread(void *arg)
{
	(void)arg;
	void *volatile p = malloc(64);  /* volatile: clang would drop an unused malloc */
	pthread_mutex_lock(&lock);
	arrived += p != NULL;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return park();
}

static void w_threads(struct rmsg *in, struct rmsg *out)
{
	int n = (int)wget_i64(in);
	int arena_max = (int)wget_i64(in);
	if (n > 64)
		n = 64;
	if (arena_max > 0)
		mallopt(M_ARENA_MAX, arena_max);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	int started = 0;
	for (int i = 0; i < n; i++) {
		pthread_t t;
		started += pthread_create(&t, &a, malloc_thread, NULL) == 0;
	}
	pthread_attr_destroy(&a);
	pthread_mutex_lock(&lock);
	wanted = started;
	while (arrived < wanted)
		pthread_cond_wait(&cond, &lock);
	int got = arrived;
	pthread_mutex_unlock(&lock);
	rmsg_put_i64(out, got);
}

/* A child of the worker whose one thread calls overflow_watch, then waits
   for a byte on go and recurses until its stack runs out. */
static pid_t ovf_child;
static int ovf_go = -1, ovf_report = -1;

static volatile int forever = 1;

__attribute__((noinline)) static int deep(int n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	return forever ? deep(n + 1) + frame[0] : n;
}

struct ovf_args {
	int report, status, go;
};

static void *ovf_thread(void *arg)
{
	struct ovf_args *a = arg;
	errno = 0;
	int rc = overflow_watch(a->report);
	int out[2] = { rc, errno };
	if (write(a->status, out, sizeof out) != sizeof out)
		_exit(1);
	char c;
	if (read(a->go, &c, 1) != 1)
		_exit(1);
	return (void *)(intptr_t)deep(0);
}

static void w_overflow(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	int report[2], status[2], go[2];
	int res[2] = { -1, EAGAIN };
	pid_t pid = -1;
	if (pipe(report) == 0 && pipe(status) == 0 && pipe(go) == 0) {
		pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(REMOTE_FD);
			struct ovf_args a = { report[1], status[1], go[0] };
			pthread_attr_t attr;
			pthread_t t;
			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, OVERFLOW_STACK);
			if (pthread_create(&t, &attr, ovf_thread, &a))
				_exit(1);
			pthread_join(t, NULL);
			_exit(0);
		}
		close(report[1]);
		close(status[1]);
		close(go[0]);
		if (pid > 0 && read(status[0], res, sizeof res) != sizeof res)
			res[0] = -2;
		close(status[0]);
		ovf_child = pid;
		ovf_go = go[1];
		ovf_report = report[0];
	}
	rmsg_put_i64(out, pid);
	rmsg_put_i64(out, res[0]);
	rmsg_put_i64(out, res[1]);
}

static void w_overflow_go(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	char line[128] = "";
	int st = -1;
	if (ovf_child > 0 && write(ovf_go, "g", 1) == 1) {
		struct pollfd p = { .fd = ovf_report, .events = POLLIN };
		size_t got = 0;
		ssize_t n;
		while (got < sizeof line - 1 && poll(&p, 1, 3000) == 1 &&
		       (n = read(ovf_report, line + got, sizeof line - 1 - got)) > 0)
			got += (size_t)n;
		line[got] = '\0';
		kill(ovf_child, SIGKILL);
		waitpid(ovf_child, &st, 0);
	}
	rmsg_put_str(out, line);
	rmsg_put_i64(out, st);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_MEM_NOW] = { "mem_now", w_mem_now },
	[RF_TRIM_PREDICT] = { "trim_gain_predict", w_trim_predict },
	[RF_POLICY_INIT] = { "policy_init", w_policy_init },
	[RF_POLICY_AFTER_FREE] = { "policy_after_free", w_policy_after_free },
	[RF_ARENAS_PREDICT] = { "arenas_predict", w_arenas_predict },
	[RF_REMOTE_PREDICT] = { "remote_free_predict", w_remote_predict },
	[RF_ANALYSE] = { "analyse", w_analyse },
	[RF_PHASE] = { "running the workload in the worker", w_phase },
	[RF_TRIM] = { "malloc_trim(0) in the worker", w_trim },
	[RF_LAZY] = { "MADV_FREE in the worker", w_lazy },
	[RF_THREAD_STACK] = { "stack_of_self in a thread of the worker", w_thread_stack },
	[RF_THREADS] = { "starting threads in the worker", w_threads },
	[RF_OVERFLOW] = { "overflow_watch in a thread of a child of the worker", w_overflow },
	[RF_OVERFLOW_GO] = { "a stack overflow in a child of the worker", w_overflow_go },
	[RF_TLS] = { "tls_of_self in a thread of the worker", w_tls },
};

int main(void)
{
	return remote_worker_main(fns, RF_COUNT);
}
