/*
 * replay_timed.c - the timed replays: no checks, the allocators taking
 * turns, the fastest replay of each counted.
 *
 * An allocator's time on a trace depends on what runs between its replays
 * (the processor's caches and branch predictors keep more of the last
 * replay, most likely): lab 05's reference ran the project's random trace
 * at 70,000 Kops taking turns with the C library alone, at 47,000 with the
 * submission's replays in between too. So every mode of the driver times
 * the same allocators in the same order: the submission, the reference,
 * the C library.
 */
#include "replay.h"

#include "memlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of this thread: a replay preempted by another process (the
   grader runs several at once) is not charged for the time it waited. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One replay without checks: seconds, or -1 if an allocation failed. */
static double replay_once(const struct allocator *a, const struct trace *t,
			  void **ptr, size_t *size, struct progress *pr, uint64_t *sig)
{
	uint64_t h = 0;
	/* Rewind, not reset: the pages stay open and in memory from one replay
	   to the next, as the C library keeps its arena, so the clock measures
	   the allocator and not memlib's mprotect calls and page faults. */
	if (a->uses_memlib)
		mem_rewind_brk();
	memset(ptr, 0, (size_t)t->num_ids * sizeof *ptr);
	pr->op = 0;
	double t0 = now();
	if (a->init() < 0)
		return -1;
	int i;
	for (i = 0; i < t->num_ops; i++) {
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
			ptr[op->id] = NULL;
			continue;
		}
		if (!p)
			break;
		size[op->id] = op->size;
		h = payload_digest(h, p);
	}
	double secs = now() - t0;
	*sig = h;
	if (!a->uses_memlib)            /* give the C library its memory back */
		for (int id = 0; id < t->num_ids; id++)
			if (ptr[id])
				a->free(ptr[id]);
	return i < t->num_ops ? -1 : secs;
}

#define TIME_MIN_TOTAL 0.1       /* seconds of replays per allocator, at least */
#define TIME_MIN_RUNS 3
#define TIME_MAX_RUNS 100
#define TIME_ENOUGH 0.5           /* one replay this long is measure enough */

struct timing {
	const struct allocator *a;
	void **ptr;
	size_t *size;
	double best, total;
	int runs;
	int failed_op;          /* where a replay returned NULL, or -1 */
	bool differs;           /* a replay returned other payloads */
};

/* Enough replays: runs of them if asked, else enough to take the fastest
   of (at least 0.1 s, or one long replay). */
static bool timing_done(const struct timing *tm, int runs)
{
	if (tm->failed_op >= 0)
		return true;
	if (runs > 0)
		return tm->runs >= runs;
	return tm->runs >= TIME_MAX_RUNS ||
	       (tm->runs >= TIME_MIN_RUNS && tm->total >= TIME_MIN_TOTAL) ||
	       (tm->runs >= 1 && tm->total >= TIME_ENOUGH);
}

int run_timed(const struct allocator *const *a, const uint64_t *sig,
	      double *secs, bool *same, int n, const struct trace *t, int runs,
	      struct progress *pr, char *msg, size_t len)
{
	struct timing tm[RUN_MAX_TIMED] = { 0 };
	int rc = 0;
	if (n > RUN_MAX_TIMED)
		n = RUN_MAX_TIMED;
	for (int k = 0; k < n; k++) {
		tm[k].a = a[k];
		tm[k].best = -1;
		tm[k].failed_op = -1;
		tm[k].ptr = calloc((size_t)t->num_ids, sizeof *tm[k].ptr);
		tm[k].size = calloc((size_t)t->num_ids, sizeof *tm[k].size);
		if (!tm[k].ptr || !tm[k].size) {
			snprintf(msg, len, "driver: out of memory");
			rc = -1;
		}
	}
	/* One replay each that is not counted: it brings in the pages the trace
	   needs, as the checked replay did for memlib's heap; the C library's
	   heap gets them here. */
	for (int k = 0; rc == 0 && k < n; k++) {
		snprintf(pr->phase, sizeof pr->phase, "timing %s", tm[k].a->name);
		uint64_t h;
		if (replay_once(tm[k].a, t, tm[k].ptr, tm[k].size, pr, &h) < 0)
			tm[k].failed_op = pr->op;
	}
	/* Take turns, so that whatever slows the machine down slows all. */
	for (bool more = rc == 0; more;) {
		more = false;
		for (int k = 0; k < n; k++) {
			struct timing *m = &tm[k];
			if (timing_done(m, runs))
				continue;
			more = true;
			snprintf(pr->phase, sizeof pr->phase, "timing %s", m->a->name);
			uint64_t h;
			double s = replay_once(m->a, t, m->ptr, m->size, pr, &h);
			if (s < 0) {
				m->failed_op = pr->op;
				continue;
			}
			if (m->a->uses_memlib && h != sig[k])
				m->differs = true;
			m->runs++;
			m->total += s;
			if (m->best < 0 || s < m->best)
				m->best = s;
		}
	}
	for (int k = 0; k < n; k++) {
		const struct timing *m = &tm[k];
		if (m->failed_op >= 0 && rc == 0) {
			const struct op *op = &t->ops[m->failed_op];
			char opbuf[64];
			op_format(op, opbuf, sizeof opbuf);
			snprintf(msg, len, "%s.rep:%d: %s: %s returned NULL in a timed replay",
				 t->name, op->line, opbuf, m->a->name);
			rc = -1;
		}
		secs[k] = m->failed_op >= 0 ? -1 : m->best;
		same[k] = !m->differs;
		free(m->ptr);
		free(m->size);
	}
	pr->op = -1;
	return rc;
}
