/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned, and errno.
 *
 * The heap is the tests' (memlib.h, shared mode): mapped from the
 * descriptor they pass as REMOTE_FD + 1, at their address. Before each
 * call this process's view of it is brought to the shared break, so a
 * write past the break faults here, as it would past a real one.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "memlib.h"
#include "remote.h"
#include "remote_worker.h"
#include "toy.h"

/* The errno the tests had: the last argument of every call. */
static void begin(struct rmsg *in)
{
	mem_share_sync();
	errno = (int)wget_i64(in);
}

static void w_toy_init(struct rmsg *in, struct rmsg *out)
{
	begin(in);
	int rc = toy_init();
	int e = errno;
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, e);
}

static void w_toy_malloc(struct rmsg *in, struct rmsg *out)
{
	size_t size = (size_t)wget_u64(in);
	begin(in);
	void *p = toy_malloc(size);
	int e = errno;
	rmsg_put_u64(out, (uintptr_t)p);
	rmsg_put_i64(out, e);
}

static void w_toy_free(struct rmsg *in, struct rmsg *out)
{
	void *ptr = (void *)(uintptr_t)wget_u64(in);
	begin(in);
	toy_free(ptr);
	rmsg_put_i64(out, errno);
}

static void w_toy_check(struct rmsg *in, struct rmsg *out)
{
	int verbose = (int)wget_i64(in);
	begin(in);
	bool ok = toy_check(verbose);
	int e = errno;
	rmsg_put_i64(out, ok);
	rmsg_put_i64(out, e);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_TOY_INIT] = { "toy_init", w_toy_init },
	[RF_TOY_MALLOC] = { "toy_malloc", w_toy_malloc },
	[RF_TOY_FREE] = { "toy_free", w_toy_free },
	[RF_TOY_CHECK] = { "toy_check", w_toy_check },
};

int main(void)
{
	if (mem_share_attach(REMOTE_FD + 1) < 0) {
		fprintf(stderr, "worker: cannot map the tests' heap (descriptor %d): %s\n",
			REMOTE_FD + 1, strerror(errno));
		return 2;
	}
	return remote_worker_main(fns, RF_COUNT);
}
