// SPDX-License-Identifier: MIT
/*
 * judge.h - the verdict on one Criterion test, a pure function of what was
 * observed when it ran (runtest.h): no I/O, nothing read from the test's
 * process but the observation. A test passes only when Criterion says so
 * and its body reached its end mark (or, for a test that must die of a
 * signal, began); its score comes from the lab's list, never from anything
 * the student's code printed.
 */
#ifndef JUDGE_H
#define JUDGE_H

#include "listing.h"
#include "report.h"
#include "sandbox.h"

#include <stdbool.h>

/* Criterion's TAP record of the test. */
struct tap_record {
	bool found;       /* a line "ok - suite::name" or "not ok - suite::name" */
	bool ok;
	char *reason;     /* the status line after the name: "# SKIP why", "timed out (10.00s)",
	                     "unexpected signal after f.c:8", "(0.00s)" */
	char *failures;   /* the failed assertions, one a line, may be "" */
};

/* What the test's body wrote to its mark file (labs/common/labproto.h). */
struct marks {
	bool begin, end;
	double share;     /* a partial test's share, -1 when none */
	char *notes;      /* its notes, one a line, may be "" */
};

struct observation {
	struct run_result run;     /* how the test runner ended; run.output: what it printed */
	struct run_limits limits;  /* what it ran under */
	struct tap_record tap;
	struct marks marks;
	double call_seconds;       /* the time limit of one call of the student's code */
	bool hurried;              /* shorter than usual: the lab's earlier tests hung */
};

struct verdict {
	enum test_status status;
	double score;              /* of the test's points */
	char *message;             /* for the student, cleaned (to free) */
	bool hint;                 /* the test's hint applies: not to a hang, whose
	                              cause is a loop or a wait, whatever the test */
};

struct verdict judge(const struct listed_test *test, const struct observation *obs);

/* A skip counts only when the machine cannot run the test: `student`, a
   skip, against the verdict on the same test run with trusted code in the
   student's place (`check`, by `who`: "the reference solution", ...). The skip
   stands when the check skips too; else it is a failure, 0 points, saying
   that the student's process caused it. Takes `student`'s message. */
struct verdict judge_skip(struct verdict student, const struct verdict *check, const char *who);

#endif
