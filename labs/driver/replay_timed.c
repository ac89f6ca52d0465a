// SPDX-License-Identifier: MIT
/*
 * replay_timed.c - the timed replays: the submission in its worker, the
 * reference and the C library here, taking turns on a new variant of the
 * trace each round; the fastest replay of each counted.
 *
 * An allocator's time on a trace depends on what runs between its replays
 * (the processor's caches and branch predictors keep more of the last
 * replay, most likely): lab 05's reference ran the project's random trace
 * at 70,000 Kops taking turns with the C library alone, at 47,000 with the
 * submission's replays in between too. So every mode of the driver times
 * the same allocators in the same order: the submission, the reference,
 * the C library.
 *
 * Each replay runs in a worker, the submission's or the reference's (which
 * times the C library too), and is timed by that worker's CPU clock, read
 * here (alloc_remote.c): CPU time, so a replay preempted by another process
 * (the grader runs several at once) is not charged for the time it waited.
 * Between calls the workers are stopped, so nothing one leaves running
 * slows another's replay. A round whose time would be the submission's best
 * so far is run again with every payload checked afterwards (playback.c):
 * the time that counts is always that of a replay that was right.
 */
#include "replay.h"

#include "alloc_remote.h"
#include "memlib.h"
#include "playback.h"
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define TIME_MIN_TOTAL 0.1       /* seconds of replays per allocator, at least */
#define TIME_MIN_RUNS 3
#define TIME_MAX_RUNS 100
#define TIME_ENOUGH 0.5           /* one replay this long is measure enough */

/* Enough rounds: runs of them if asked, else enough to take the fastest of
   (at least 0.1 s of the slowest allocator, or one long replay). */
static bool enough(int done, double total, int runs)
{
	if (runs > 0)
		return done >= runs;
	return done >= TIME_MAX_RUNS || (done >= TIME_MIN_RUNS && total >= TIME_MIN_TOTAL) ||
	       (done >= 1 && total >= TIME_ENOUGH);
}

struct round {
	const struct trace *t;          /* this round's variant */
	void **ptr, **record;
	size_t *size;
	struct progress *pr;
};

/* The reference's worker's replay of the round's variant, of the
   reference or the C library (which): seconds, or -1 if it returned NULL. */
static double time_reference(struct round *r, int which)
{
	remote_use(SLOT_REFERENCE, NULL);
	double secs;
	int rc = remote_replay(r->t, which, r->record, &secs);
	return rc >= 0 ? -1 : secs;
}

/* The submission's replay of the round's variant, in its worker: seconds,
   and its extent, or -1 and msg when it failed. check: every payload is
   checked first. */
static double time_remote(struct round *r, const struct run_opts *o, bool check,
			  size_t *extent, char *msg, size_t len)
{
	remote_use(SLOT_SUBMISSION, NULL);
	double secs;
	int rc = remote_replay(r->t, RA_OWN, r->record, &secs);
	const struct op *bad = rc >= 0 && rc < r->t->num_ops ? &r->t->ops[rc] : NULL;
	if (rc >= 0) {
		char opbuf[64] = "init";
		if (bad)
			op_format(bad, opbuf, sizeof opbuf);
		snprintf(msg, len, "%s.rep:%d: %s: %s in a timed replay", r->t->name,
			 bad ? bad->line : 0, opbuf, bad ? "NULL" : "init returned -1");
		return -1;
	}
	*extent = replay_extent(r->t, r->record);
	if (!check)
		return secs;
	double util;
	char why[900];
	if (playback_check(r->t, r->record, o, r->pr, &util, extent, why, sizeof why) < 0) {
		snprintf(msg, len, "%s (in a timed replay, on a variant of the trace whose "
			 "sizes are each up to %d bytes larger)", why, TRACE_VARIANT_MAX_EXTRA - 1);
		return -1;
	}
	return secs;
}

struct clock3 {
	double best[3];         /* submission, reference, C library; -1: none */
	double total;           /* the slowest allocator's replays so far */
};

static void keep_best(double *best, double secs)
{
	if (secs >= 0 && (*best < 0 || secs < *best))
		*best = secs;
}

/* One round on a fresh variant: the submission (if any), the reference, the
   C library. Returns 0, or -1 with msg when one failed. */
static int one_round(bool student, const struct trace *t, const struct run_opts *o,
		     struct round *r, struct clock3 *c, struct timed *out, char *msg, size_t len)
{
	uint64_t seed;
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		seed = (uint64_t)time(NULL) ^ (uint64_t)clock();
	struct trace v;
	if (trace_variant(t, seed, &v) < 0) {
		snprintf(msg, len, "driver: out of memory");
		return -1;
	}
	r->t = &v;
	double secs[3] = { -1, -1, -1 };
	size_t mine = 0;        /* the submission's extent, when checked */
	int rc = 0;
	if (student) {
		snprintf(r->pr->phase, sizeof r->pr->phase, "timing the submission");
		/* A time that would be its best counts once every payload of
		   that very replay is checked: the replay is run again, then. */
		size_t extent;
		secs[0] = time_remote(r, o, false, &extent, msg, len);
		if (secs[0] >= 0 && (c->best[0] < 0 || secs[0] < c->best[0]))
			secs[0] = time_remote(r, o, true, &mine, msg, len);
		rc = secs[0] < 0 ? -1 : 0;
		if (mine && rc == 0)
			keep_best(&c->best[0], secs[0]);
	}
	for (int k = 0; rc == 0 && k < 2; k++) {
		snprintf(r->pr->phase, sizeof r->pr->phase, "timing the %s",
			 k ? "C library" : "reference");
		secs[k + 1] = time_reference(r, k ? RA_LIBC : RA_OWN);
		if (secs[k + 1] < 0) {
			snprintf(msg, len, "%s.rep: the %s returned NULL in a timed replay",
				 t->name, k ? "C library" : "reference");
			rc = -1;
		} else if (k == 0 && student && mine) {
			size_t ref = replay_extent(&v, r->record);
			double ratio = ref ? (double)mine / (double)ref : 1;
			if (ratio > out->extent_ratio)
				out->extent_ratio = ratio;
		}
		keep_best(&c->best[k + 1], secs[k + 1]);
	}
	double slowest = secs[0] > secs[1] ? secs[0] : secs[1];
	c->total += slowest > secs[2] ? slowest : secs[2];
	trace_free(&v);
	r->t = t;
	return rc;
}

int run_timed(bool student, const struct trace *t, const struct run_opts *o,
	      int runs, struct progress *pr, struct timed *out, char *msg, size_t len)
{
	struct round r = {
		.t = t, .pr = pr,
		.ptr = calloc((size_t)t->num_ids, sizeof *r.ptr),
		.size = calloc((size_t)t->num_ids, sizeof *r.size),
		.record = calloc((size_t)t->num_ops, sizeof *r.record),
	};
	*out = (struct timed){ .secs = -1, .ref_secs = -1, .libc_secs = -1 };
	int rc = 0;
	if (!r.ptr || !r.size || !r.record) {
		snprintf(msg, len, "driver: out of memory");
		rc = -1;
	}
	/* A first round that is not counted: it brings in the pages the trace
	   needs (the C library's heap gets them here) and checks the
	   submission's first timed replay. */
	struct clock3 warm = { { -1, -1, -1 }, 0 }, c = warm;
	if (rc == 0)
		rc = one_round(student, t, o, &r, &warm, out, msg, len);
	for (int done = 0; rc == 0 && !enough(done, c.total, runs); done++)
		rc = one_round(student, t, o, &r, &c, out, msg, len);
	out->secs = c.best[0];
	out->ref_secs = c.best[1];
	out->libc_secs = c.best[2];
	pr->op = -1;
	free(r.ptr);
	free(r.size);
	free(r.record);
	return rc;
}
