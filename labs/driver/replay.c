// SPDX-License-Identifier: MIT
/*
 * replay.c - what every replay shares: realloc and calloc for allocators
 * without them, and the unchecked loop the clock measures (replay_ops).
 */
#include "replay.h"

#include "memlib.h"

#include <string.h>

uint64_t replay_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t pattern_word(uint64_t seed, size_t i)
{
	return seed ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
}

static unsigned char pattern_byte(uint64_t seed, size_t at)
{
	uint64_t v = pattern_word(seed, at / 8);
	unsigned char b[8];
	memcpy(b, &v, 8);
	return b[at % 8];
}

void replay_fill(unsigned char *p, size_t from, size_t to, uint64_t seed)
{
	size_t i = from;
	for (; i < to && i % 8; i++)
		p[i] = pattern_byte(seed, i);
	for (; i + 8 <= to; i += 8) {
		uint64_t v = pattern_word(seed, i / 8);
		memcpy(p + i, &v, 8);
	}
	for (; i < to; i++)
		p[i] = pattern_byte(seed, i);
}

size_t replay_verify(const unsigned char *p, size_t n, uint64_t seed)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = pattern_word(seed, i / 8), got;
		memcpy(&got, p + i, 8);
		if (got != v)
			break;
	}
	for (; i < n; i++)
		if (p[i] != pattern_byte(seed, i))
			return i;
	return n;
}

/* realloc, or malloc-copy-free for an allocator without one. */
void *replay_realloc(const struct allocator *a, void *p, size_t old, size_t n)
{
	if (a->realloc)
		return a->realloc(p, n);
	void *q = a->malloc(n);
	if (q) {
		memcpy(q, p, old < n ? old : n);
		a->free(p);
	}
	return q;
}

void *replay_calloc(const struct allocator *a, size_t nmemb, size_t n)
{
	if (a->calloc)
		return a->calloc(nmemb, n / nmemb);
	void *q = a->malloc(n);
	if (q)
		memset(q, 0, n);
	return q;
}

int replay_span(const struct allocator *a, const struct trace *t, int from, int to,
		void **ptr, size_t *size, struct progress *pr, void **record)
{
	for (int i = from; i < to; i++) {
		const struct op *op = &t->ops[i];
		pr->op = i;
		void *p;
		switch (op->kind) {
		case OP_ALLOC:
			p = ptr[op->id] = a->malloc(op->size);
			break;
		case OP_CALLOC:
			p = ptr[op->id] = replay_calloc(a, op->nmemb, op->size);
			break;
		case OP_REALLOC:
			p = replay_realloc(a, ptr[op->id], size[op->id], op->size);
			if (p)
				ptr[op->id] = p;
			break;
		default:
			a->free(ptr[op->id]);
			ptr[op->id] = p = NULL;
			if (record)
				record[i] = NULL;
			continue;
		}
		if (record)
			record[i] = p;
		if (!p)
			return i;
		size[op->id] = op->size;
	}
	return -1;
}

int replay_ops(const struct allocator *a, const struct trace *t, void **ptr,
	       size_t *size, struct progress *pr, void **record)
{
	memset(ptr, 0, (size_t)t->num_ids * sizeof *ptr);
	pr->op = 0;
	if (a->init() < 0)
		return t->num_ops;
	return replay_span(a, t, 0, t->num_ops, ptr, size, pr, record);
}

size_t replay_extent(const struct trace *t, void *const *record)
{
	uintptr_t lo = (uintptr_t)mem_heap_lo();
	size_t end = 0;
	for (int i = 0; i < t->num_ops; i++)
		if (record[i] && (uintptr_t)record[i] >= lo &&
		    (size_t)((uintptr_t)record[i] - lo) + t->ops[i].size > end)
			end = (size_t)((uintptr_t)record[i] - lo) + t->ops[i].size;
	return end;
}
