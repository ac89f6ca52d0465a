// SPDX-License-Identifier: MIT
/*
 * trace_child.h - one trace, replayed in a child process with a time limit.
 *
 * The child is the driver run again (mdriver --trace-child FD), a fresh
 * program for every trace (trace_child.c says why); the allocator under test
 * runs in the child's worker (alloc_remote.h), so that a crash, a hang or an
 * exit costs that trace only. The child reports through memory it shares
 * with the parent (never with the worker), and the parent alone turns the
 * report into an outcome and a score.
 */
#ifndef TRACE_CHILD_H
#define TRACE_CHILD_H

#include "replay.h"

#include <stdbool.h>

/* How to replay: set once from the command line. */
struct config {
	struct run_opts opts;
	double time_limit;      /* seconds for the whole trace */
	bool skip_timing;       /* -s */
	bool reference_only;    /* -R: the reference alone, in the submission's
				   place, checked and never timed */
	bool keep_reference;    /* measure the reference even when the submission
				   fails (--bench: the reference's numbers are
				   worth seeing beside a failed trace) */
	bool count;             /* count instructions for the speed points
				   (count.c): the grader's and the table's; not
				   --bench, which shows CPU time */
	int runs;               /* -n: timed replays of each allocator; 0: enough
				   for 0.1 s (replay_timed.c) */
	/* The score formula (DRIVER_SCORE, README.md "The score of a trace"):
	   the weights of correctness, utilisation, speed and their product,
	   and the ramps u and s rise on: u from 0 at util / ref_util = util_lo
	   to 1 at util_hi, s from 0 at speed = speed_lo to 1 at speed_hi. */
	double w_correct, w_util, w_speed, w_both;
	double util_lo, util_hi, speed_lo, speed_hi;
};

struct outcome {
	const char *status;     /* pass, fail, error, timeout */
	double score;           /* share of the points, 0 to 1 */
	/* The submission's util and kops are set when status is "pass"; the
	   reference's and the C library's when ref_ok. Kops are 0 with -s. */
	double util, kops, ref_util, ref_kops, libc_kops;
	bool ref_ok;
	bool counted;           /* ipo and ref_ipo were counted (count.c) */
	double ipo, ref_ipo;    /* instructions per operation */
	int ops;                /* the trace's operations (0 if it was not read) */
	int weight;             /* the trace's weight (tracefile.h) */
	char msg[1200];
};

/* Read the trace at path and replay it (README.md says what is checked and
   measured). Never fails: a bad trace or allocator is an outcome too. */
void run_entry(const struct config *cfg, const char *path, struct outcome *out);

/* The child's side, for main to call when it is run as "--trace-child FD":
   replays the trace the parent named in the memory FD shares, reports
   there, and exits. */
__attribute__((noreturn))
int trace_child_main(const char *fd_arg);

#endif
