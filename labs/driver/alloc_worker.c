// SPDX-License-Identifier: MIT
/*
 * alloc_worker.c - build/driver-worker: the submission's allocator (its
 * adapter, student_allocator) answering the trace driver's calls
 * (alloc_remote.h), on the driver's heap (labs/common/heapcall.h).
 * Compiled once more with WORKER_ALLOCATOR=reference_allocator, it is
 * build/driver-worker-ref, where the reference and the C library are
 * timed the same way.
 *
 * Nothing it says is a verdict: the driver checks every payload, reads the
 * time of a replay from outside, and decides.
 */
#include "alloc_remote.h"
#include "replay.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "heapcall.h"
#include "memlib.h"

#ifndef WORKER_ALLOCATOR
#define WORKER_ALLOCATOR student_allocator
#define WORKER_TIMES_LIBC 0
#else
#define WORKER_TIMES_LIBC 1     /* the reference's worker times the C library */
#endif
#define A WORKER_ALLOCATOR

/* The trace of the next timed replay, and what the last one returned. */
static struct trace loaded;
static void **record, **ptr;
static size_t *size;

static void w_info(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	rmsg_put_str(out, A.name);
	rmsg_put_i64(out, A.realloc != NULL);
	rmsg_put_i64(out, A.calloc != NULL);
	heapcall_answer_i64(out, A.check != NULL);
}

static void w_init(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	heapcall_answer_i64(out, A.init());
}

static void w_malloc(struct rmsg *in, struct rmsg *out)
{
	size_t n = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, A.malloc(n));
}

static void w_free(struct rmsg *in, struct rmsg *out)
{
	void *p = (void *)(uintptr_t)wget_u64(in);
	heapcall_begin(in);
	A.free(p);
	rmsg_put_i64(out, errno);
}

static void w_realloc(struct rmsg *in, struct rmsg *out)
{
	void *p = (void *)(uintptr_t)wget_u64(in);
	size_t n = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, A.realloc(p, n));
}

static void w_calloc(struct rmsg *in, struct rmsg *out)
{
	size_t nmemb = (size_t)wget_u64(in), n = (size_t)wget_u64(in);
	heapcall_begin(in);
	heapcall_answer_ptr(out, A.calloc(nmemb, n));
}

static void w_check(struct rmsg *in, struct rmsg *out)
{
	int verbose = (int)wget_i64(in);
	heapcall_begin(in);
	heapcall_answer_i64(out, A.check(verbose));
}

static void w_rewind(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	mem_rewind_brk();
	rmsg_put_i64(out, errno);
}

/* The trace arrives with the call the driver times, and is replayed. */
static void w_replay(struct rmsg *in, struct rmsg *out)
{
	int64_t which = wget_i64(in), ids = wget_i64(in), ops = wget_i64(in);
	if (ids < 1 || ops < 1 || ids > INT32_MAX || ops > INT32_MAX)
		abort();        /* the driver's bug: it checks its traces */
	free(loaded.ops);
	free(record);
	free(ptr);
	free(size);
	loaded.num_ids = (int)ids;
	loaded.num_ops = (int)ops;
	loaded.ops = malloc((size_t)ops * sizeof *loaded.ops);
	record = malloc((size_t)ops * sizeof *record);
	ptr = malloc((size_t)ids * sizeof *ptr);
	size = calloc((size_t)ids, sizeof *size);
	if (!loaded.ops || !record || !ptr || !size)
		abort();
	wget_bytes(in, loaded.ops, (size_t)ops * sizeof *loaded.ops);
	heapcall_begin(in);
	const struct allocator *a = which == RA_LIBC ? &libc_allocator : &A;
	struct progress pr;
	int rc = replay_ops(a, &loaded, ptr, size, &pr, record);
	if (a == &libc_allocator)       /* give the C library its memory back */
		for (int id = 0; id < loaded.num_ids; id++)
			free(ptr[id]);
	heapcall_answer_i64(out, rc);
}

static void w_results(struct rmsg *in, struct rmsg *out)
{
	heapcall_begin(in);
	rmsg_put_bytes(out, record, (size_t)loaded.num_ops * sizeof *record);
	rmsg_put_i64(out, errno);
}

/* A payload the worker can write its pattern into: inside the heap. The
   judge checks every one anyway, alignment and overlap too. */
static bool writable(const unsigned char *p, size_t n)
{
	uintptr_t lo = (uintptr_t)mem_heap_lo(), hi = (uintptr_t)mem_heap_hi(), a = (uintptr_t)p;
	return p && lo && a >= lo && a <= hi && n - 1 <= hi - a;
}

/* A stretch of the checked replay (alloc_remote.h, "A batch"). */
static void w_batch(struct rmsg *in, struct rmsg *out)
{
	static struct batch_op ops[BATCH_MAX];
	static struct batch_result r;
	int64_t n = wget_i64(in);
	if (n < 1 || n > BATCH_MAX)
		abort();        /* the driver's bug */
	wget_bytes(in, ops, (size_t)n * sizeof *ops);
	heapcall_begin(in);
	r.status = BATCH_DONE;
	r.detail = 0;
	int k = 0;
	while (k < n && r.status == BATCH_DONE) {
		const struct batch_op *op = &ops[k];
		if ((op->kind == OP_FREE || op->kind == OP_REALLOC) && k > 0)
			abort();        /* the driver's bug: only a batch's first */
		unsigned char *old = (unsigned char *)(uintptr_t)op->ptr, *p = NULL;
		size_t size = (size_t)op->size, before = (size_t)op->old_size, at;
		switch (op->kind) {
		case OP_ALLOC:
			p = A.malloc(size);
			if (!writable(p, size))
				r.status = BATCH_BAD_PAYLOAD;
			else
				replay_fill(p, 0, size, op->seed);
			break;
		case OP_CALLOC:         /* the judge checks its zeros: the last of a batch */
			p = replay_calloc(&A, (size_t)op->nmemb, size);
			if (!writable(p, size))
				r.status = BATCH_BAD_PAYLOAD;
			else if (k != n - 1)
				abort();
			break;
		case OP_FREE:
			if ((at = replay_verify(old, before, op->seed)) < before) {
				r.status = BATCH_CHANGED;
				r.detail = at;
			} else {
				A.free(old);
			}
			break;
		case OP_REALLOC:
			if ((at = replay_verify(old, before, op->seed)) < before) {
				r.status = BATCH_CHANGED;
				r.detail = at;
				break;
			}
			p = replay_realloc(&A, old, before, size);
			size_t keep = before < size ? before : size;
			if (!writable(p, size)) {
				r.status = BATCH_BAD_PAYLOAD;
			} else if ((at = replay_verify(p, keep, op->seed)) < keep) {
				r.status = BATCH_NOT_KEPT;
				r.detail = at;
			} else {
				replay_fill(p, keep, size, op->seed);
			}
			break;
		default:
			abort();
		}
		r.payload[k] = (uintptr_t)p;
		r.heapsize[k] = mem_heapsize();
		k++;
	}
	rmsg_put_i64(out, k);
	rmsg_put_i64(out, r.status);
	rmsg_put_u64(out, r.detail);
	rmsg_put_bytes(out, r.payload, (size_t)k * sizeof *r.payload);
	rmsg_put_bytes(out, r.heapsize, (size_t)k * sizeof *r.heapsize);
	rmsg_put_i64(out, errno);
}

static const struct remote_fn fns[RA_COUNT] = {
	[RA_INFO] = { "the worker's start", w_info },
	[RA_INIT] = { "init", w_init },
	[RA_MALLOC] = { "malloc", w_malloc },
	[RA_FREE] = { "free", w_free },
	[RA_REALLOC] = { "realloc", w_realloc },
	[RA_CALLOC] = { "calloc", w_calloc },
	[RA_CHECK] = { "the heap checker", w_check },
	[RA_REWIND] = { "mem_rewind_brk", w_rewind },
	[RA_REPLAY] = { "a timed replay", w_replay },
	[RA_RESULTS] = { "the payloads of a timed replay", w_results },
	[RA_BATCH] = { "a batch of the checked replay", w_batch },
};

/*
 * MDRIVER_LIBC_PRELOAD=lib.so (lab 05's make bench): the C library's
 * column is another malloc's, jemalloc's say. The worker that times the C
 * library starts again with lib.so in LD_PRELOAD, so that the malloc, free,
 * realloc and calloc libc_alloc.c calls (through the PLT) are lib.so's; the
 * judge and the submission's worker keep glibc's. Its descriptors and its
 * process id survive the exec. If lib.so did not take malloc's place (the
 * dynamic linker only warns), the worker stops rather than time glibc
 * under another name.
 */
static void preload_libc(char **argv)
{
	const char *lib = getenv("MDRIVER_LIBC_PRELOAD");
	if (!WORKER_TIMES_LIBC || !lib || !*lib)
		return;
	const char *now = getenv("LD_PRELOAD");
	if (!now || strcmp(now, lib) != 0) {
		setenv("LD_PRELOAD", lib, 1);
		execv("/proc/self/exe", argv);
		fprintf(stderr, "worker: cannot start again with LD_PRELOAD=%s\n", lib);
		exit(2);
	}
	Dl_info info;
	const char *base = strrchr(lib, '/') ? strrchr(lib, '/') + 1 : lib;
	if (!dladdr((void *)(uintptr_t)libc_allocator.malloc, &info) || !info.dli_fname ||
	    !strstr(info.dli_fname, base)) {
		fprintf(stderr, "worker: MDRIVER_LIBC_PRELOAD=%s: malloc is still %s's\n", lib,
			info.dli_fname ? info.dli_fname : "?");
		exit(2);
	}
	unsetenv("LD_PRELOAD");
}

int main(int argc, char **argv)
{
	(void)argc;
	preload_libc(argv);
	libc_keep_memory();     /* libc_alloc.c: the C library timed as memlib's */
	return heapcall_worker_main(fns, RA_COUNT);
}
