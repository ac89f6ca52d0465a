// SPDX-License-Identifier: MIT
/* alloc_remote.c - the driver's side of alloc_remote.h. Links no student code. */
#include "alloc_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heapcall.h"
#include "memlib.h"
#include "remote.h"

static struct allocator remote = { .uses_memlib = true };
static char remote_name[64];

static int r_init(void)
{
	struct rcall c;
	rcall_begin(&c, RA_INIT, "init");
	heapcall_send(&c);
	int rc = (int)rcall_i64(&c);
	heapcall_finish(&c);
	return rc;
}

static void *r_malloc(size_t size)
{
	struct rcall c;
	rcall_begin(&c, RA_MALLOC, "malloc");
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

static void r_free(void *p)
{
	struct rcall c;
	rcall_begin(&c, RA_FREE, "free");
	rmsg_put_u64(&c.msg, (uintptr_t)p);
	heapcall_send(&c);
	heapcall_finish(&c);
}

static void *r_realloc(void *p, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RA_REALLOC, "realloc");
	rmsg_put_u64(&c.msg, (uintptr_t)p);
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

static void *r_calloc(size_t nmemb, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RA_CALLOC, "calloc");
	rmsg_put_u64(&c.msg, nmemb);
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

static bool r_check(int verbose)
{
	struct rcall c;
	rcall_begin(&c, RA_CHECK, "the heap checker");
	rmsg_put_i64(&c.msg, verbose);
	heapcall_send(&c);
	bool ok = rcall_i64(&c) != 0;
	heapcall_finish(&c);
	return ok;
}

void remote_batch(const struct batch_op *ops, int n, struct batch_result *r)
{
	struct rcall c;
	rcall_begin(&c, RA_BATCH, "a batch of the checked replay");
	rmsg_put_i64(&c.msg, n);
	rmsg_put_bytes(&c.msg, ops, (size_t)n * sizeof *ops);
	heapcall_send(&c);
	int64_t done = rcall_i64(&c), status = rcall_i64(&c);
	r->detail = rcall_u64(&c);
	if (done < 1 || done > n || status < BATCH_DONE || status > BATCH_NOT_KEPT ||
	    (status == BATCH_DONE) != (done == n))
		remote_fail("a batch of the checked replay: a malformed answer from the "
			    "student's process: %lld of %d operations done, status %lld",
			    (long long)done, n, (long long)status);
	r->n = (int)done;
	r->status = (int)status;
	rcall_bytes(&c, r->payload, (size_t)done * sizeof *r->payload);
	rcall_bytes(&c, r->heapsize, (size_t)done * sizeof *r->heapsize);
	heapcall_finish(&c);
}

const struct allocator *remote_allocator(void)
{
	if (remote.init)
		return &remote;
	struct rcall c;
	rcall_begin(&c, RA_INFO, "the worker's start");
	heapcall_send(&c);
	char *name = rcall_str(&c, sizeof remote_name - 1);
	bool has_realloc = rcall_i64(&c), has_calloc = rcall_i64(&c), has_check = rcall_i64(&c);
	heapcall_finish(&c);
	/* The worker names its allocator; the name is only shown. */
	snprintf(remote_name, sizeof remote_name, "%s", name ? name : "submission");
	free(name);
	remote.name = remote_name;
	remote.malloc = r_malloc;
	remote.free = r_free;
	remote.realloc = has_realloc ? r_realloc : NULL;
	remote.calloc = has_calloc ? r_calloc : NULL;
	remote.check = has_check ? r_check : NULL;
	remote.init = r_init;
	return &remote;
}

void remote_hello(void)
{
	struct rcall c;
	rcall_begin(&c, RA_INFO, "the worker's start");
	heapcall_send(&c);
	free(rcall_str(&c, 63));
	for (int k = 0; k < 3; k++)
		rcall_i64(&c);
	heapcall_finish(&c);
}

/* A call with no answer but errno, on the heap. */
static void plain_call(struct rcall *c)
{
	heapcall_send(c);
	heapcall_finish(c);
}

int remote_replay(const struct trace *t, int which, void **record, double *secs)
{
	struct rcall c;
	/* The clock below starts the worker if it is not running yet: with
	   the heap to map, as every call's would. */
	remote_pass_fd(mem_share_fd());
	if (which == RA_OWN) {
		rcall_begin(&c, RA_REWIND, "mem_rewind_brk before a timed replay");
		plain_call(&c);
	}
	/* The clock is read here, from outside: nothing the worker says
	   about its time counts. */
	rcall_begin(&c, RA_REPLAY, "a timed replay");
	rmsg_put_i64(&c.msg, which);
	rmsg_put_i64(&c.msg, t->num_ids);
	rmsg_put_i64(&c.msg, t->num_ops);
	rmsg_put_bytes(&c.msg, t->ops, (size_t)t->num_ops * sizeof *t->ops);
	long long before = remote_cpu_ns();
	heapcall_send(&c);
	long long after = remote_cpu_ns();
	int rc = (int)rcall_i64(&c);
	heapcall_finish(&c);
	remote_pause();
	if (before < 0 || after < before)
		remote_fail("cannot read the worker's CPU time (/proc/%d)", (int)remote_worker_pid());
	*secs = (double)(after - before) * 1e-9;
	rcall_begin(&c, RA_RESULTS, "the payloads of a timed replay");
	heapcall_send(&c);
	rcall_bytes(&c, record, (size_t)t->num_ops * sizeof *record);
	heapcall_finish(&c);
	remote_pause();
	return rc < -1 || rc > t->num_ops ? t->num_ops : rc;
}
