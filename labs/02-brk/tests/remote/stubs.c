// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back. The tests never share a process with your
 * code, so nothing it does can change what they check (labs/common/remote.h).
 * A crash, an exit or an endless loop in your function fails the test that
 * called it, with a message naming the function.
 *
 * The pointers your functions return are addresses in the worker: the tests
 * compare them and look at the memory behind them from outside, never
 * through them.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>

#include "bump.h"
#include "heap.h"
#include "maps.h"
#include "probe.h"
#include "remote.h"

static void *ptr_call(uint32_t id, const char *fn, int with_arg, uint64_t arg)
{
	struct rcall c;
	rcall_begin(&c, id, fn);
	if (with_arg)
		rmsg_put_u64(&c.msg, arg);
	rcall_send(&c);
	void *p = (void *)(uintptr_t)rcall_u64(&c);
	int err = (int)rcall_i64(&c);
	rcall_end(&c);
	errno = err;
	return p;
}

static int int_call(uint32_t id, const char *fn, int with_arg, uint64_t arg)
{
	struct rcall c;
	rcall_begin(&c, id, fn);
	if (with_arg)
		rmsg_put_u64(&c.msg, arg);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_end(&c);
	errno = err;
	return rc;
}

void *heap_break(void)
{
	return ptr_call(RF_HEAP_BREAK, "heap_break", 0, 0);
}

void *heap_grow(size_t n)
{
	return ptr_call(RF_HEAP_GROW, "heap_grow", 1, n);
}

void *heap_shrink(size_t n)
{
	return ptr_call(RF_HEAP_SHRINK, "heap_shrink", 1, n);
}

int probe_readable(const void *addr)
{
	return int_call(RF_PROBE_READABLE, "probe_readable", 1, (uintptr_t)addr);
}

int probe_writable(void *addr)
{
	return int_call(RF_PROBE_WRITABLE, "probe_writable", 1, (uintptr_t)addr);
}

void *bump_alloc(size_t size)
{
	return ptr_call(RF_BUMP_ALLOC, "bump_alloc", 1, size);
}

int bump_reset(void)
{
	return int_call(RF_BUMP_RESET, "bump_reset", 0, 0);
}

/* The worker's /proc/self/maps: your code reads it there. */
int maps_find_heap(uintptr_t *start, uintptr_t *end)
{
	struct rcall c;
	rcall_begin(&c, RF_MAPS_FIND_HEAP, "maps_find_heap");
	rmsg_put_u64(&c.msg, *start);
	rmsg_put_u64(&c.msg, *end);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	*start = (uintptr_t)rcall_u64(&c);
	*end = (uintptr_t)rcall_u64(&c);
	rcall_end(&c);
	errno = err;
	return rc;
}
