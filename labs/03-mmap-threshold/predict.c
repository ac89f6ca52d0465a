// SPDX-License-Identifier: MIT
/*
 * predict.c - a model of glibc's malloc for large requests: which brk,
 * mmap and munmap calls each operation of a sequence makes.
 *
 * Task 4 of the handout. The model needs no real memory: keep the chunks
 * of the heap as (offset, size, in use or free) from the heap's start,
 * the top chunk (where it starts, how big it is: it ends at the break),
 * the free chunks in the order glibc's bins keep them, which blocks were
 * mmapped and how long they are, and the three tunables with the flag
 * that says whether they may still move (the dynamic threshold).
 *
 * Suggested pieces, in the order the handout builds them up:
 *   model_malloc   free chunks first (best fit, split), then the top chunk,
 *                  then sysmalloc: mmap at or above the threshold, else brk
 *   model_free     munmap (and the dynamic threshold) or merge with free
 *                  neighbours and the top, then maybe trim
 *   systrim        how much brk gives back
 */
#include "predict.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"

enum {
	TCACHE_CHUNK = 0x290,                   /* the tcache's own chunk (glibc 2.36: 640 + 16) */
	DEFAULT_THRESHOLD = 128 * 1024,         /* mmap and trim thresholds, top pad */
};

struct model {
	size_t page;
	size_t mmap_threshold, trim_threshold, top_pad;
	bool dynamic;                   /* no mallopt yet: thresholds may move */
	bool tcache_ready;
	size_t top_addr, top_size;      /* the top chunk ends at the break */
	/* TODO: the heap's chunks, the free lists, what each malloc returned */
	struct op_events *out;          /* the current operation's events */
};

static void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
	long page = sysconf(_SC_PAGESIZE);
	m->page = page > 0 ? (size_t)page : 4096;
	m->mmap_threshold = m->trim_threshold = m->top_pad = DEFAULT_THRESHOLD;
	m->dynamic = true;
}

int predict(const struct seq *s, struct op_events out[])
{
	/* TODO: delete these two lines when the cases below are written. */
	errno = ENOSYS;
	return -1;

	static struct model m;
	model_init(&m);
	for (size_t i = 0; i < s->n; i++) {
		const struct op *op = &s->ops[i];
		out[i].n = 0;
		m.out = &out[i];        /* record calls with events_add(m.out, kind, len) */
		switch (op->kind) {
		case OP_MALLOC:
			/* TODO: the first malloc allocates the tcache's chunk first,
			   in the same operation; then chunk_size(op->arg). */
			break;
		case OP_FREE:
			/* TODO: free the block operation op->arg returned. */
			break;
		case OP_MMAP_THRESHOLD:
		case OP_TRIM_THRESHOLD:
		case OP_TOP_PAD:
			/* TODO: set the tunable; what else does mallopt change? */
			break;
		}
	}
	return 0;
}
