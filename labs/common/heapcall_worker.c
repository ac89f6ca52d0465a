// SPDX-License-Identifier: MIT
/* heapcall_worker.c - the worker's side of heapcall.h. */
#include "heapcall.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "memlib.h"

void heapcall_begin(struct rmsg *in)
{
	/* A write past the shared break must fault here, as past a real one. */
	mem_share_sync();
	errno = (int)wget_i64(in);
}

void heapcall_answer_i64(struct rmsg *out, int64_t v)
{
	int e = errno;
	rmsg_put_i64(out, v);
	rmsg_put_i64(out, e);
}

void heapcall_answer_u64(struct rmsg *out, uint64_t v)
{
	int e = errno;
	rmsg_put_u64(out, v);
	rmsg_put_i64(out, e);
}

void heapcall_answer_ptr(struct rmsg *out, void *p)
{
	heapcall_answer_u64(out, (uintptr_t)p);
}

int heapcall_worker_main(const struct remote_fn *fns, size_t n)
{
	if (mem_share_attach(REMOTE_FD + 1) < 0) {
		fprintf(stderr, "worker: cannot map the tests' heap (descriptor %d): %s\n",
			REMOTE_FD + 1, strerror(errno));
		return 2;
	}
	return remote_worker_main(fns, n);
}
