// SPDX-License-Identifier: MIT
/*
 * variant.c - a variant of a trace for a timed replay: the same operations
 * with every size moved up by a few bytes, chosen from a seed.
 *
 * The timed replays run where the judge cannot watch each operation (the
 * submission's in its worker), so the judge checks their payloads after
 * the fact. A replay of the trace itself could be answered from memory:
 * the payloads of the checked replay, handed out again with no allocator's
 * work behind them, pass every check. A variant the allocator has never
 * seen needs an allocator to answer it: its sizes, and so where its blocks
 * may go, are new in every round.
 */
#include "replay.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int trace_variant(const struct trace *t, uint64_t seed, struct trace *v)
{
	memset(v, 0, sizeof *v);
	v->ops = malloc((size_t)t->num_ops * sizeof *v->ops);
	size_t *live_size = calloc((size_t)t->num_ids, sizeof *live_size);
	v->name = strdup(t->name);
	v->path = strdup(t->path);
	if (!v->ops || !live_size || !v->name || !v->path) {
		free(live_size);
		trace_free(v);
		return -1;
	}
	v->num_ids = t->num_ids;
	v->num_ops = t->num_ops;
	v->header_kind = t->header_kind;
	v->weight = t->weight;
	size_t live = 0;
	for (int i = 0; i < t->num_ops; i++) {
		struct op op = t->ops[i];
		/* Up to 15 bytes more: past the alignment, so that block sizes
		   change, and too little to change what the trace is. calloc's
		   element count stays; its element grows. */
		uint64_t r = replay_random(&seed) % TRACE_VARIANT_MAX_EXTRA;
		if (op.kind == OP_CALLOC)
			op.size = op.nmemb * (op.size / op.nmemb + r);
		else if (op.kind != OP_FREE)
			op.size += r;
		if (op.size > TRACE_MAX_SIZE)
			op.size = t->ops[i].size;
		live -= live_size[op.id];
		live_size[op.id] = op.kind == OP_FREE ? 0 : op.size;
		live += live_size[op.id];
		if (live > v->peak_live)
			v->peak_live = live;
		v->ops[i] = op;
	}
	free(live_size);
	return 0;
}

int trace_variants(const struct trace *t, uint64_t seed, int k, struct trace *v)
{
	if (k <= 1)
		return trace_variant(t, seed, v);
	memset(v, 0, sizeof *v);
	/* Each variant's ops, and at most one free per id after it. */
	size_t cap = (size_t)k * ((size_t)t->num_ops + (size_t)t->num_ids);
	struct op *ops = malloc(cap * sizeof *ops);
	bool *live = calloc((size_t)t->num_ids, sizeof *live);
	if (!ops || !live) {
		free(ops);
		free(live);
		return -1;
	}
	size_t n = 0, peak = 0;
	for (int j = 0; j < k; j++) {
		struct trace one;
		if (trace_variant(t, seed + 0x9e3779b97f4a7c15ULL * (uint64_t)j, &one) < 0) {
			free(ops);
			free(live);
			trace_free(v);
			return -1;
		}
		if (j == 0) {
			v->name = one.name;
			v->path = one.path;
			one.name = one.path = NULL;
		}
		int last_line = 0;
		for (int i = 0; i < one.num_ops; i++) {
			ops[n++] = one.ops[i];
			live[one.ops[i].id] = one.ops[i].kind != OP_FREE && one.ops[i].size > 0;
			last_line = one.ops[i].line;
		}
		for (int id = 0; id < t->num_ids; id++)
			if (live[id]) {
				ops[n++] = (struct op){ .kind = OP_FREE, .id = id, .line = last_line };
				live[id] = false;
			}
		if (one.peak_live > peak)
			peak = one.peak_live;
		trace_free(&one);
	}
	free(live);
	v->ops = ops;
	v->num_ids = t->num_ids;
	v->num_ops = (int)n;
	v->peak_live = peak;
	v->header_kind = t->header_kind;
	v->weight = t->weight;
	return 0;
}
