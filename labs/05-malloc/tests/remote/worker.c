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

#include "mm.h"
#include "heapcall.h"

static void w_mm_init(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	heapcall_answer_i64(out, mm_init());
}

static void w_mm_malloc(struct rmsg *in, struct rmsg *out)
{
	size_t size = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, mm_malloc(size));
}

static void w_mm_free(struct rmsg *in, struct rmsg *out)
{
	void *ptr = (void *)(uintptr_t)wget_u64(in);
	heapcall_begin(in);
	mm_free(ptr);
	rmsg_put_i64(out, errno);
}

static void w_mm_realloc(struct rmsg *in, struct rmsg *out)
{
	void *ptr = (void *)(uintptr_t)wget_u64(in);
	size_t size = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, mm_realloc(ptr, size));
}

static void w_mm_calloc(struct rmsg *in, struct rmsg *out)
{
	size_t nmemb = (size_t)wget_u64(in), size = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, mm_calloc(nmemb, size));
}

static void w_mm_usable_size(struct rmsg *in, struct rmsg *out)
{
	void *ptr = (void *)(uintptr_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_u64(out, mm_usable_size(ptr));
}

static void w_mm_checkheap(struct rmsg *in, struct rmsg *out)
{
	int verbose = (int)wget_i64(in);
	heapcall_begin(in);
	heapcall_answer_i64(out, mm_checkheap(verbose));
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_MM_INIT] = { "mm_init", w_mm_init },
	[RF_MM_MALLOC] = { "mm_malloc", w_mm_malloc },
	[RF_MM_FREE] = { "mm_free", w_mm_free },
	[RF_MM_REALLOC] = { "mm_realloc", w_mm_realloc },
	[RF_MM_CALLOC] = { "mm_calloc", w_mm_calloc },
	[RF_MM_USABLE_SIZE] = { "mm_usable_size", w_mm_usable_size },
	[RF_MM_CHECKHEAP] = { "mm_checkheap", w_mm_checkheap },
};

int main(void)
{
	return heapcall_worker_main(fns, RF_COUNT);
}
