// SPDX-License-Identifier: MIT
/*
 * batch.h - grade a class: every student folder or archive in a folder, in
 * parallel grader processes, into one report per student and a CSV
 * gradebook (student, a score per lab, total, status).
 */
#ifndef BATCH_H
#define BATCH_H

#include "formats.h"
#include "setup.h"

#include <stdbool.h>
#include <stddef.h>

/* How a class is graded, beside the grading's own settings. */
struct batch_options {
	int jobs;                          /* students graded at once */
	const char *out;                   /* the folder of the reports and the gradebook */
	const struct report_format *fmt;   /* the reports' format */
	bool quiet;                        /* no progress lines */
	double student_seconds;            /* wall-clock limit of one student's grading */
	unsigned long long scratch_bytes;  /* each student's own scratch file system (as
	                                      root), at most this big; 0: none */
};

/* Grade every entry of `dir`. `labs` are the labs to grade (one or all).
   Writes OUT/gradebook.csv and OUT/STUDENT.FORMAT. A student whose grading
   overruns its limit, or during whose grading a scratch file system filled
   up, gets an error row. Returns 0 when every student was graded (whatever
   the scores), 1 when some could not be. */
int grade_batch(const struct grade_config *cfg, char **labs, size_t nlabs,
                const char *dir, const struct batch_options *opt);

#endif
