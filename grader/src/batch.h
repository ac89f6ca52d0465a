/*
 * batch.h - grade a class: every student folder or archive in a folder, in
 * parallel grader processes, into one report per student and a CSV
 * gradebook (student, a score per lab, total, status).
 */
#ifndef BATCH_H
#define BATCH_H

#include "lab.h"
#include "report.h"

/* Grade every entry of `dir`. `labs` are the labs to grade (one or all).
   Writes OUT/gradebook.csv and OUT/STUDENT.FORMAT. Returns 0 when every
   student was graded (whatever the scores), 1 when some could not be. */
int grade_batch(const struct grade_config *cfg, char **labs, size_t nlabs,
                const char *dir, int jobs, const char *out, const struct report_format *fmt,
                bool quiet);

/* Grade the labs into r (shared with the single-submission mode). */
void grade_all(const struct grade_config *cfg, char **labs, size_t nlabs, struct report *r);

/* Write a report into `path` as a whole: a temporary file in the same
   folder, renamed over `path`, so nothing written to `path` during the
   grading survives. A path that exists and is not a regular file (the
   link /dev/stdout, a pipe) is written through instead. Returns 0 or -1. */
int write_report_file(const char *path, const struct report_format *fmt, const struct report *r);

/* The user student code runs as, for this grader process (0: none): when
   the grader is root, a user of its own, if that user can reach the
   project and the scratch folder. */
unsigned pick_sandbox_uid(const char *root, const char *scratch);

/* Let the sandbox user (its group) and no other into a scratch folder:
   students graded in parallel cannot reach each other's copies. */
void confine_scratch(const char *scratch, unsigned uid);

/* The folders student code needs from the real /tmp (which it does not
   see): the project, the scratch folder, absolute TRACES folders. */
void set_keep(struct grade_config *cfg);

#endif
