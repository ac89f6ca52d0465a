// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back. The tests never share a process with your
 * code, so nothing it does can change what they check (labs/common/remote.h).
 * A crash, an exit or an endless loop in your function fails the test that
 * called it, with a message naming the function.
 *
 * The simulated heap is the one memory both processes share (memlib.h):
 * the tests call mem_init, build and corrupt heaps, and read payloads here;
 * your functions run on the same pages in the worker.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>

#include "heapcall.h"
#include "toy.h"

int toy_init(void)
{
	struct rcall c;
	rcall_begin(&c, RF_TOY_INIT, "toy_init");
	heapcall_send(&c);
	int rc = (int)rcall_i64(&c);
	heapcall_finish(&c);
	return rc;
}

void *toy_malloc(size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_TOY_MALLOC, "toy_malloc");
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

void toy_free(void *ptr)
{
	struct rcall c;
	rcall_begin(&c, RF_TOY_FREE, "toy_free");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	heapcall_send(&c);
	heapcall_finish(&c);
}

bool toy_check(int verbose)
{
	struct rcall c;
	rcall_begin(&c, RF_TOY_CHECK, "toy_check");
	rmsg_put_i64(&c.msg, verbose);
	heapcall_send(&c);
	bool ok = rcall_i64(&c) != 0;
	heapcall_finish(&c);
	return ok;
}
