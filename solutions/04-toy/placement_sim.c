// SPDX-License-Identifier: MIT
/*
 * placement_sim.c - a model of the toy heap that is only a list of blocks:
 * no memory, just offsets and sizes, enough to replay a placement puzzle by
 * the rules of README.md (rounding, minimum block, splitting, coalescing,
 * and where next fit resumes).
 *
 * It makes every answer of placement.txt, so it is the reference's, not the
 * lab's: students never see it. The lab's tests (tests/test_placement.c)
 * link it as the trace driver links the reference allocator, through
 * build/driver/ref/ (labs/04-toy/Makefile); the grader gives them the
 * object, built where student code cannot read it (grader/README.md).
 */
#include "tests/placement_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sblock {
	long off;               /* payload offset from mem_heap_lo */
	long size;
	bool alloc;
	char label[16];
};

struct sim {
	struct sblock b[SIM_MAX_BLOCKS];
	int n;
	long rover;             /* next fit: payload offset where the search resumes */
};

const char *policy_name(enum policy pol)
{
	static const char *const names[] = { "first", "next", "best", "worst" };
	return names[pol];
}

static long adjust(long n)
{
	long a = (n + 16 + 15) / 16 * 16;
	return a < 32 ? 32 : a;
}

static int parse_heap(struct sim *s, const char *heap)
{
	long off = 32;
	const char *p = heap;
	s->n = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (s->n == SIM_MAX_BLOCKS)
			return -1;
		struct sblock *b = &s->b[s->n++];
		memset(b, 0, sizeof *b);
		const char *colon = strchr(p, ':'), *space = strchr(p, ' ');
		if (colon && (!space || colon < space)) {
			size_t len = (size_t)(colon - p);
			if (len == 0 || len >= sizeof b->label)
				return -1;
			memcpy(b->label, p, len);
			b->alloc = true;
			p = colon + 1;
		}
		char *end;
		b->size = strtol(p, &end, 10);
		if (end == p || b->size < 32 || b->size % 16)
			return -1;
		b->off = off;
		off += b->size;
		p = end;
	}
	s->rover = 32;
	return s->n ? 0 : -1;
}

static int find(const struct sim *s, enum policy pol, long asize)
{
	int best = -1;
	if (pol == FIT_NEXT) {
		int start = 0;
		for (int i = 0; i < s->n; i++)
			if (s->b[i].off == s->rover)
				start = i;
		for (int k = 0; k < s->n; k++) {
			int i = (start + k) % s->n;
			if (!s->b[i].alloc && s->b[i].size >= asize)
				return i;
		}
		return -1;
	}
	for (int i = 0; i < s->n; i++) {
		const struct sblock *b = &s->b[i];
		if (b->alloc || b->size < asize)
			continue;
		if (pol == FIT_FIRST)
			return i;
		if (best < 0 || (pol == FIT_BEST && b->size < s->b[best].size) ||
		    (pol == FIT_WORST && b->size > s->b[best].size))
			best = i;
	}
	return best;
}

static long place(struct sim *s, int i, long asize, const char *label)
{
	struct sblock *b = &s->b[i];
	if (b->size - asize >= 32 && s->n < SIM_MAX_BLOCKS) {
		memmove(&s->b[i + 2], &s->b[i + 1], (size_t)(s->n - i - 1) * sizeof *b);
		s->n++;
		s->b[i + 1] = (struct sblock){ b->off + asize, b->size - asize, false, "" };
		b->size = asize;
	}
	b->alloc = true;
	snprintf(b->label, sizeof b->label, "%s", label);
	s->rover = i + 1 < s->n ? s->b[i + 1].off : s->b[0].off;
	return b->off;
}

/* Merge block i with block i + 1; next fit's rover follows. */
static void merge(struct sim *s, int i)
{
	if (s->rover == s->b[i + 1].off)
		s->rover = s->b[i].off;
	s->b[i].size += s->b[i + 1].size;
	memmove(&s->b[i + 1], &s->b[i + 2], (size_t)(s->n - i - 2) * sizeof s->b[0]);
	s->n--;
}

static int release(struct sim *s, const char *label)
{
	for (int i = 0; i < s->n; i++) {
		if (!s->b[i].alloc || strcmp(s->b[i].label, label) != 0)
			continue;
		s->b[i].alloc = false;
		s->b[i].label[0] = '\0';
		if (i + 1 < s->n && !s->b[i + 1].alloc)
			merge(s, i);
		if (i > 0 && !s->b[i - 1].alloc)
			merge(s, i - 1);
		return 0;
	}
	return -1;
}

/* Replay until just before request number `stop` (or to the end if 0). */
static int replay(struct sim *s, const struct puzzle *pz, enum policy pol,
		  long answers[], int max, int stop)
{
	if (parse_heap(s, pz->heap) < 0)
		return -1;
	int count = 0;
	const char *p = pz->ops;
	char op[8], arg[16];
	int used;
	while (sscanf(p, " %7[^ ,] %15[^ ,]%n", op, arg, &used) == 2) {
		p += used;
		while (*p == ' ' || *p == ',')
			p++;
		if (strcmp(op, "a") == 0) {
			if (count + 1 == stop)
				return count;
			char label[16];
			snprintf(label, sizeof label, "%d", count + 1);
			long asize = adjust(strtol(arg, NULL, 10));
			int i = find(s, pol, asize);
			long ans = i < 0 ? -1 : place(s, i, asize, label);
			if (count < max)
				answers[count] = ans;
			count++;
		} else if (strcmp(op, "f") == 0) {
			if (release(s, arg) < 0)
				return -1;
		} else {
			return -1;
		}
	}
	return *p ? -1 : count;
}

int sim_run(const struct puzzle *pz, enum policy pol, long answers[], int max)
{
	struct sim s;
	return replay(&s, pz, pol, answers, max, 0);
}

void sim_free_blocks(const struct puzzle *pz, enum policy pol, int request,
		     char *buf, size_t len)
{
	struct sim s;
	long ignore[SIM_MAX_ANSWERS];
	buf[0] = '\0';
	if (replay(&s, pz, pol, ignore, SIM_MAX_ANSWERS, request) < 0)
		return;
	size_t used = 0;
	for (int i = 0; i < s.n && used < len; i++)
		if (!s.b[i].alloc)
			used += (size_t)snprintf(buf + used, len - used, "%s%ld:%ld",
						 used ? " " : "", s.b[i].off, s.b[i].size);
	if (pol == FIT_NEXT && used < len)
		snprintf(buf + used, len - used, " (next fit resumes at %ld)", s.rover);
}
