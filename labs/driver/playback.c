// SPDX-License-Identifier: MIT
/*
 * playback.c - see playback.h. An allocator that answers with the recorded
 * payloads, in order, and does what a real one must for the checks to
 * mean what they say: realloc moves the old contents, calloc zeroes.
 */
#include "playback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *const *rec;        /* the recorded payloads */
static const struct trace *tr;
static int next;                /* the operation answered next */
static size_t *sizes;           /* live size per id, for realloc's copy */

/* The next operation's payload; sizes follows the trace. */
static void *take(void)
{
	if (next >= tr->num_ops)
		return NULL;
	const struct op *op = &tr->ops[next];
	sizes[op->id] = op->kind == OP_FREE ? 0 : op->size;
	return rec[next++];
}

static int p_init(void)
{
	return 0;
}

static void *p_malloc(size_t n)
{
	(void)n;
	return take();
}

static void p_free(void *p)
{
	(void)p;
	take();
}

static void *p_realloc(void *p, size_t n)
{
	const struct op *op = &tr->ops[next];
	size_t old = sizes[op->id];
	void *q = take();
	if (q && q != p)
		memmove(q, p, old < n ? old : n);
	return q;
}

static void *p_calloc(size_t nmemb, size_t n)
{
	void *q = take();
	if (q)
		memset(q, 0, nmemb * n);
	return q;
}

static const struct allocator playback = {
	.name = "the submission", .init = p_init, .malloc = p_malloc, .free = p_free,
	.realloc = p_realloc, .calloc = p_calloc, .uses_memlib = true,
};

int playback_check(const struct trace *t, void *const *record, const struct run_opts *o,
		   struct progress *pr, double *util, size_t *extent, char *msg, size_t len)
{
	/* realloc's copy needs each block's size before the operation. */
	sizes = calloc((size_t)t->num_ids, sizeof *sizes);
	if (!sizes) {
		snprintf(msg, len, "driver: out of memory");
		return -1;
	}
	rec = record;
	tr = t;
	next = 0;
	struct run_opts po = *o;
	po.keep_heap = true;
	po.heapcheck = false;
	int rc = run_checked(&playback, t, &po, pr, util, extent, msg, len);
	free(sizes);
	sizes = NULL;
	return rc;
}
