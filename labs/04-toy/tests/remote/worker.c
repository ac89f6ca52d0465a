// SPDX-License-Identifier: MIT
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

#include "heapcall.h"
#include "toy.h"

static void w_toy_init(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	heapcall_answer_i64(out, toy_init());
}

static void w_toy_malloc(struct rmsg *in, struct rmsg *out)
{
	size_t size = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, toy_malloc(size));
}

static void w_toy_free(struct rmsg *in, struct rmsg *out)
{
	void *ptr = (void *)(uintptr_t)wget_u64(in);
	heapcall_begin(in);
	toy_free(ptr);
	rmsg_put_i64(out, errno);
}

static void w_toy_check(struct rmsg *in, struct rmsg *out)
{
	int verbose = (int)wget_i64(in);
	heapcall_begin(in);
	heapcall_answer_i64(out, toy_check(verbose));
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_TOY_INIT] = { "toy_init", w_toy_init },
	[RF_TOY_MALLOC] = { "toy_malloc", w_toy_malloc },
	[RF_TOY_FREE] = { "toy_free", w_toy_free },
	[RF_TOY_CHECK] = { "toy_check", w_toy_check },
};

int main(void)
{
	return heapcall_worker_main(fns, RF_COUNT);
}
