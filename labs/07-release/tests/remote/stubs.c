// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back (labs/common/remote.h). The tests check the
 * answers against what they read of the worker from outside.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "heapmodel.h"
#include "labtest.h"
#include "measure.h"
#include "release.h"
#include "remote.h"
#include "threads.h"

int mem_now(struct mem *m)
{
	struct rcall c;
	rcall_begin(&c, RF_MEM_NOW, "mem_now");
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, m, sizeof *m);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* The predictions ran in a confined child of the worker
   (run_confined.h): a crash there ends the test with its message. */
static void confined_answer(struct rcall *c)
{
	char *why = rcall_str(c, 400);
	if (why && *why)
		remote_fail("%s", why);
	free(why);
	static bool noted;
	if (rcall_i64(c) == 0 && !noted) {
		labtest_note("NOTE: the kernel refused the seccomp filter: %s() ran unconfined", c->fn);
		noted = true;
	}
}

long trim_gain_predict(const struct mem *m)
{
	struct rcall c;
	rcall_begin(&c, RF_TRIM_PREDICT, "trim_gain_predict");
	rmsg_put_bytes(&c.msg, m, sizeof *m);
	rcall_send(&c);
	confined_answer(&c);
	long kb = (long)rcall_i64(&c);
	rcall_end(&c);
	return kb;
}

void policy_init(void)
{
	struct rcall c;
	rcall_begin(&c, RF_POLICY_INIT, "policy_init");
	rcall_send(&c);
	rcall_end(&c);
}

void policy_after_free(void)
{
	struct rcall c;
	rcall_begin(&c, RF_POLICY_AFTER_FREE, "policy_after_free");
	rcall_send(&c);
	rcall_end(&c);
}

int arenas_predict(int nthreads, int ncpus, int arena_max)
{
	struct rcall c;
	rcall_begin(&c, RF_ARENAS_PREDICT, "arenas_predict");
	rmsg_put_i64(&c.msg, nthreads);
	rmsg_put_i64(&c.msg, ncpus);
	rmsg_put_i64(&c.msg, arena_max);
	rcall_send(&c);
	confined_answer(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_end(&c);
	errno = err;
	return rc;
}

int remote_free_predict(int nthreads, const struct rf_block *b, int n, struct rf_guess *out)
{
	struct rcall c;
	rcall_begin(&c, RF_REMOTE_PREDICT, "remote_free_predict");
	rmsg_put_i64(&c.msg, nthreads);
	rmsg_put_i64(&c.msg, n);
	for (int i = 0; i < n && i < RF_MAX_BLOCKS; i++)
		rmsg_put_bytes(&c.msg, &b[i], sizeof b[i]);
	rcall_send(&c);
	confined_answer(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	for (int i = 0; i < n && i < RF_MAX_BLOCKS; i++)
		rcall_bytes(&c, &out[i], sizeof out[i]);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* stack_of_self, tls_of_self and overflow_watch run in a thread of the worker (or of
   its child): the tests call them through worker_thread_stack,
   worker_tls and worker_overflow (lab07.h). */
int overflow_watch(int fd)
{
	(void)fd;
	errno = ENOTSUP;
	return -1;
}

int stack_of_self(struct stack_info *s)
{
	(void)s;
	errno = ENOTSUP;
	return -1;
}

int tls_of_self(struct tls_info *t)
{
	(void)t;
	errno = ENOTSUP;
	return -1;
}

int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES])
{
	struct rcall c;
	rcall_begin(&c, RF_ANALYSE, "analyse");
	rmsg_put_i64(&c.msg, t->num_ids);
	rmsg_put_i64(&c.msg, t->num_ops);
	rmsg_put_bytes(&c.msg, t->ops, (size_t)t->num_ops * sizeof *t->ops);
	rmsg_put_bytes(&c.msg, p, sizeof *p);
	rcall_send(&c);
	confined_answer(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, out, AN_PHASES * sizeof *out);
	rcall_end(&c);
	errno = err;
	return rc;
}
