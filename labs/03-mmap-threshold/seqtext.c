// SPDX-License-Identifier: MIT
/*
 * seqtext.c - sequences and events as text, and random sequences.
 *
 * Fixed code: the tests, `compare` and the grader's checks share it.
 */
#include "seq.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char op_letters[] = "mfMTP";   /* in enum op_kind order */

int events_add(struct op_events *e, enum ev_kind kind, size_t len)
{
	if (e->n >= OP_MAX_EVENTS)
		return -1;
	e->ev[e->n].kind = kind;
	e->ev[e->n].len = len;
	e->n++;
	return 0;
}

int seq_parse(const char *text, struct seq *s, char *err, size_t errlen)
{
	s->n = 0;
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *letter = strchr(op_letters, *p);
		if (!letter || !*p) {
			snprintf(err, errlen, "unknown operation '%c' (want one of %s)", *p, op_letters);
			return -1;
		}
		if (s->n == SEQ_MAX_OPS) {
			snprintf(err, errlen, "more than %d operations", SEQ_MAX_OPS);
			return -1;
		}
		char *end;
		errno = 0;
		unsigned long long v = strtoull(p + 1, &end, 10);
		if (end == p + 1 || errno || p[1] == '-') {
			snprintf(err, errlen, "operation %zu: '%c' needs a number", s->n, *p);
			return -1;
		}
		s->ops[s->n].kind = (enum op_kind)(letter - op_letters);
		s->ops[s->n].arg = (size_t)v;
		s->n++;
		p = end;
	}
	return seq_valid(s, err, errlen) ? 0 : -1;
}

bool seq_valid(const struct seq *s, char *err, size_t errlen)
{
	bool freed[SEQ_MAX_OPS] = { false };
	if (s->n > SEQ_MAX_OPS) {
		snprintf(err, errlen, "more than %d operations", SEQ_MAX_OPS);
		return false;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct op *op = &s->ops[i];
		switch (op->kind) {
		case OP_MALLOC:
			if (op->arg < SEQ_MIN_MALLOC || op->arg > (size_t)1 << 40) {
				snprintf(err, errlen, "operation %zu: malloc(%zu) is outside [%d, 2^40]",
				         i, op->arg, SEQ_MIN_MALLOC);
				return false;
			}
			break;
		case OP_FREE:
			if (op->arg >= i || s->ops[op->arg].kind != OP_MALLOC || freed[op->arg]) {
				snprintf(err, errlen, "operation %zu: f%zu must name an earlier malloc not yet freed",
				         i, op->arg);
				return false;
			}
			freed[op->arg] = true;
			break;
		case OP_MMAP_THRESHOLD:
		case OP_TRIM_THRESHOLD:
		case OP_TOP_PAD:
			if (op->arg > INT_MAX) {
				snprintf(err, errlen, "operation %zu: mallopt takes an int, %zu is too big", i, op->arg);
				return false;
			}
			break;
		default:
			snprintf(err, errlen, "operation %zu: bad kind", i);
			return false;
		}
	}
	return true;
}

void seq_format(const struct seq *s, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->n && used < len; i++) {
		int k = snprintf(buf + used, len - used, "%s%c%zu", i ? " " : "",
		                 op_letters[s->ops[i].kind], s->ops[i].arg);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

void op_format(const struct op *op, char *buf, size_t len)
{
	switch (op->kind) {
	case OP_MALLOC:
		snprintf(buf, len, "malloc(%zu)", op->arg);
		break;
	case OP_FREE:
		snprintf(buf, len, "free(#%zu)", op->arg);
		break;
	case OP_MMAP_THRESHOLD:
		snprintf(buf, len, "mallopt(M_MMAP_THRESHOLD, %zu)", op->arg);
		break;
	case OP_TRIM_THRESHOLD:
		snprintf(buf, len, "mallopt(M_TRIM_THRESHOLD, %zu)", op->arg);
		break;
	case OP_TOP_PAD:
		snprintf(buf, len, "mallopt(M_TOP_PAD, %zu)", op->arg);
		break;
	default:
		snprintf(buf, len, "?");
	}
}

static const char *ev_name(enum ev_kind k)
{
	switch (k) {
	case EV_BRK_GROW: return "brk +";
	case EV_BRK_SHRINK: return "brk -";
	case EV_MMAP: return "mmap ";
	case EV_MUNMAP: return "munmap ";
	}
	return "? ";
}

void events_format(const struct op_events *e, char *buf, size_t len)
{
	if (e->n <= 0) {
		snprintf(buf, len, "none");
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < e->n && i < OP_MAX_EVENTS && used < len; i++) {
		int k = snprintf(buf + used, len - used, "%s%s%zu", i ? ", " : "",
		                 ev_name(e->ev[i].kind), e->ev[i].len);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

bool events_equal(const struct op_events *a, const struct op_events *b)
{
	if (a->n != b->n || a->n < 0 || a->n > OP_MAX_EVENTS)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->ev[i].kind != b->ev[i].kind || a->ev[i].len != b->ev[i].len)
			return false;
	return true;
}

void events_summarize(struct op_events *e)
{
	size_t sum[4] = { 0 };
	for (int i = 0; i < e->n && i < OP_MAX_EVENTS; i++)
		sum[e->ev[i].kind] += e->ev[i].len;
	/* The break's net move is all mallinfo2().arena can show. */
	struct op_events out = { 0 };
	if (sum[EV_BRK_GROW] > sum[EV_BRK_SHRINK])
		events_add(&out, EV_BRK_GROW, sum[EV_BRK_GROW] - sum[EV_BRK_SHRINK]);
	else if (sum[EV_BRK_SHRINK] > sum[EV_BRK_GROW])
		events_add(&out, EV_BRK_SHRINK, sum[EV_BRK_SHRINK] - sum[EV_BRK_GROW]);
	if (sum[EV_MMAP] > sum[EV_MUNMAP])
		events_add(&out, EV_MMAP, sum[EV_MMAP] - sum[EV_MUNMAP]);
	else if (sum[EV_MUNMAP] > sum[EV_MMAP])
		events_add(&out, EV_MUNMAP, sum[EV_MUNMAP] - sum[EV_MMAP]);
	*e = out;
}

/* A small generator of our own, so a seed means the same sequence everywhere. */
static unsigned long rng_next(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return *state >> 33;
}

static size_t rng_range(unsigned long *state, size_t lo, size_t hi)
{
	return lo + rng_next(state) % (hi - lo + 1);
}

static size_t random_malloc_size(unsigned long *r)
{
	switch (rng_next(r) % 8) {
	case 0:  /* around the classic 128 KiB boundary and the fresh top */
		return rng_range(r, 128 * 1024 - 64, 136 * 1024);
	case 1: case 2: case 3:
		return rng_range(r, 64 * 1024, 192 * 1024);
	case 4: case 5: case 6:
		return rng_range(r, 192 * 1024, 1024 * 1024);
	default:
		return rng_range(r, 1024 * 1024, 4 * 1024 * 1024);
	}
}

static size_t random_mallopt_value(unsigned long *r, enum op_kind kind)
{
	switch (kind) {
	case OP_MMAP_THRESHOLD:
		switch (rng_next(r) % 6) {
		case 0: return 32 * 1024 * 1024;       /* the cap of the dynamic threshold */
		case 1: return 128 * 1024;
		case 2: return rng_range(r, 1024 * 1024, 8 * 1024 * 1024);
		default: return rng_range(r, 64 * 1024, 1024 * 1024);
		}
	case OP_TRIM_THRESHOLD:
		switch (rng_next(r) % 5) {
		case 0: return 0;
		case 1: return 64 * 1024 * 1024;
		default: return rng_range(r, 0, 2 * 1024 * 1024);
		}
	default:
		switch (rng_next(r) % 4) {
		case 0: return 0;
		case 1: return 4096;
		default: return rng_range(r, 0, 1024 * 1024);
		}
	}
}

void seq_random(unsigned long seed, size_t nops, struct seq *s)
{
	unsigned long r = seed * 2654435761UL + 12345;
	size_t live[SEQ_MAX_OPS];
	size_t nlive = 0;
	if (nops > SEQ_MAX_OPS)
		nops = SEQ_MAX_OPS;
	s->n = 0;
	while (s->n < nops) {
		struct op *op = &s->ops[s->n];
		unsigned long pick = rng_next(&r) % 100;
		if (pick < 12) {
			op->kind = (enum op_kind)(OP_MMAP_THRESHOLD + pick % 3);
			op->arg = random_mallopt_value(&r, op->kind);
		} else if (pick < 52 && nlive > 0) {
			size_t k = rng_next(&r) % nlive;
			op->kind = OP_FREE;
			op->arg = live[k];
			live[k] = live[--nlive];
		} else {
			op->kind = OP_MALLOC;
			op->arg = random_malloc_size(&r);
			live[nlive++] = s->n;
		}
		s->n++;
	}
}
