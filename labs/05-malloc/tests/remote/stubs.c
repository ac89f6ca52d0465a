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

#include "memlib.h"
#include "mm.h"
#include "remote.h"

/* Before any test's mem_init: the heap must be one the worker can map. */
__attribute__((constructor))
static void share_the_heap(void)
{
	mem_share();
}

/* Send the call with the tests' errno (the worker's code starts with it). */
static void send(struct rcall *c)
{
	remote_pass_fd(mem_share_fd());
	rmsg_put_i64(&c->msg, errno);
	rcall_send(c);
}

/* The errno the call left, then this process's view of the heap brought up
   to the break the worker may have moved. */
static void finish(struct rcall *c)
{
	int e = (int)rcall_i64(c);
	rcall_end(c);
	mem_share_sync();
	errno = e;
}

/* A call that answers a pointer (in the shared heap, if it is right). */
static void *pointer(struct rcall *c)
{
	send(c);
	void *p = (void *)(uintptr_t)rcall_u64(c);
	finish(c);
	return p;
}

int mm_init(void)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_INIT, "mm_init");
	send(&c);
	int rc = (int)rcall_i64(&c);
	finish(&c);
	return rc;
}

void *mm_malloc(size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_MALLOC, "mm_malloc");
	rmsg_put_u64(&c.msg, size);
	return pointer(&c);
}

void mm_free(void *ptr)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_FREE, "mm_free");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	send(&c);
	finish(&c);
}

void *mm_realloc(void *ptr, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_REALLOC, "mm_realloc");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	rmsg_put_u64(&c.msg, size);
	return pointer(&c);
}

void *mm_calloc(size_t nmemb, size_t size)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_CALLOC, "mm_calloc");
	rmsg_put_u64(&c.msg, nmemb);
	rmsg_put_u64(&c.msg, size);
	return pointer(&c);
}

size_t mm_usable_size(void *ptr)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_USABLE_SIZE, "mm_usable_size");
	rmsg_put_u64(&c.msg, (uintptr_t)ptr);
	send(&c);
	size_t n = (size_t)rcall_u64(&c);
	finish(&c);
	return n;
}

bool mm_checkheap(int verbose)
{
	struct rcall c;
	rcall_begin(&c, RF_MM_CHECKHEAP, "mm_checkheap");
	rmsg_put_i64(&c.msg, verbose);
	send(&c);
	bool ok = rcall_i64(&c) != 0;
	finish(&c);
	return ok;
}
