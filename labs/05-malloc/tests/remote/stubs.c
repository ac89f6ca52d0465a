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
 * the tests call mem_init, fill and check payloads and corrupt headers
 * here; your functions run on the same pages in the worker.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>

#include "mm.h"
#include "heapcall.h"

int mm_init(void)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_INIT, "mm_init");
	heapcall_send(&c);
	int rc = (int)rcall_i64(&c);
	heapcall_finish(&c);
	return rc;
}

void *mm_malloc(size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_MALLOC, "mm_malloc");
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

void mm_free(void *ptr)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_FREE, "mm_free");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	heapcall_send(&c);
	heapcall_finish(&c);
}

void *mm_realloc(void *ptr, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_REALLOC, "mm_realloc");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

void *mm_calloc(size_t nmemb, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_CALLOC, "mm_calloc");
	rmsg_put_u64(&c.msg, nmemb);
	rmsg_put_u64(&c.msg, size);
	return heapcall_pointer(&c);
}

size_t mm_usable_size(void *ptr)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_USABLE_SIZE, "mm_usable_size");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	heapcall_send(&c);
	size_t n = (size_t)rcall_u64(&c);
	heapcall_finish(&c);
	return n;
}

bool mm_checkheap(int verbose)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_CHECKHEAP, "mm_checkheap");
	rmsg_put_i64(&c.msg, verbose);
	heapcall_send(&c);
	bool ok = rcall_i64(&c) != 0;
	heapcall_finish(&c);
	return ok;
}
