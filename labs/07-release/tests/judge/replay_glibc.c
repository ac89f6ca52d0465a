// SPDX-License-Identifier: MIT
/*
 * replay_glibc.c - build/replay-glibc: a trace replayed on glibc's malloc,
 * stopping where it is told, for the tests and build/analyse (glibcrun.h).
 * Never student code. It reads the trace's operations from its standard
 * input before its first malloc (into memory of its own mmap), so that the
 * heap holds the trace's blocks and glibc's tcache only. Each operation
 * goes through the driver's replay (replay_span, labs/driver), and every
 * payload is then written whole, so its pages are resident.
 *
 * Protocol, binary, on standard input and output (glibcrun.c speaks it):
 *   in:  struct rg_header, then num_ops struct op
 *   then commands struct rg_cmd:
 *     'r' to: replay up to operation `to` (excluded); answer struct rg_reply
 *     't':    fork a copy that calls malloc_trim(0) and then waits: answer
 *             an rg_reply whose rc is the copy's pid (the asker kills it)
 */
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "allocator.h"
#include "glibcrun.h"
#include "replay.h"

static int read_all(void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t got = read(0, p, n);
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static int write_all(const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t put = write(1, p, n);
		if (put <= 0)
			return -1;
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

static void *map(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	memset(p, 0, n);
	return p;
}

static void fill_mallinfo(struct rg_reply *r)
{
	struct mallinfo2 mi = mallinfo2();
	r->arena = mi.arena;
	r->hblkhd = mi.hblkhd;
	r->fordblks = mi.fordblks;
	r->keepcost = mi.keepcost;
	r->uordblks = mi.uordblks;
}

int main(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Pages of 4 KiB, as the model counts them, whatever the machine's
	   transparent huge pages (a 2 MiB page would be resident whole). */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	signal(SIGCHLD, SIG_IGN);       /* the trimmed copies reap themselves */
	struct rg_header h;
	if (read_all(&h, sizeof h) || h.magic != RG_MAGIC || h.num_ops < 0 || h.num_ids <= 0)
		return 2;
	struct trace t = { .num_ids = h.num_ids, .num_ops = h.num_ops };
	t.ops = map((size_t)h.num_ops * sizeof *t.ops);
	if (read_all(t.ops, (size_t)h.num_ops * sizeof *t.ops))
		return 2;
	void **ptr = map((size_t)h.num_ids * sizeof *ptr);
	size_t *size = map((size_t)h.num_ids * sizeof *size);
	struct progress pr = { .op = -1 };
	int done = 0;
	struct rg_cmd c;
	while (read_all(&c, sizeof c) == 0) {
		struct rg_reply r = { .rc = -1 };
		if (c.cmd == 'r') {
			for (; done < c.to && done < t.num_ops && r.rc == -1; done++) {
				const struct op *op = &t.ops[done];
				r.rc = replay_span(&libc_allocator, &t, done, done + 1, ptr, size, &pr, NULL);
				if (r.rc == -1 && op->kind != OP_FREE)
					memset(ptr[op->id], 0xa5, op->size);
			}
		} else if (c.cmd == 't') {
			int sync[2];
			if (pipe(sync))
				return 2;
			pid_t pid = fork();
			if (pid == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				malloc_trim(0);
				char b = 't';
				if (write(sync[1], &b, 1) != 1)
					_exit(1);
				for (;;)
					pause();
			}
			char b = 0;
			close(sync[1]);
			if (pid < 0 || read(sync[0], &b, 1) != 1)
				pid = -1;
			close(sync[0]);
			r.rc = pid;
		} else {
			return 2;
		}
		fill_mallinfo(&r);
		if (write_all(&r, sizeof r))
			return 2;
	}
	return 0;
}
