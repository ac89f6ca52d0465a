// SPDX-License-Identifier: MIT
/* heapcall_judge.c - the tests' side of heapcall.h. */
#include "heapcall.h"

#include <errno.h>

#include "memlib.h"

/* Before any test's mem_init: the heap must be one the worker can map. */
__attribute__((constructor))
static void share_the_heap(void)
{
	mem_share();
}

void heapcall_send(struct rcall *c)
{
	remote_pass_fd(mem_share_fd());
	rmsg_put_i64(&c->msg, errno);   /* the worker's code starts with it */
	rcall_send(c);
}

void heapcall_finish(struct rcall *c)
{
	int e = (int)rcall_i64(c);
	rcall_end(c);
	/* This process's view brought up to the break the worker may have moved. */
	mem_share_sync();
	errno = e;
}

void *heapcall_pointer(struct rcall *c)
{
	heapcall_send(c);
	void *p = (void *)(uintptr_t)rcall_u64(c);
	heapcall_finish(c);
	return p;
}
