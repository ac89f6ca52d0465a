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

/* Grade every entry of `dir`. `labs` are the labs to grade (one or all).
   Writes OUT/gradebook.csv and OUT/STUDENT.FORMAT. Returns 0 when every
   student was graded (whatever the scores), 1 when some could not be. */
int grade_batch(const struct grade_config *cfg, char **labs, size_t nlabs,
                const char *dir, int jobs, const char *out, const struct report_format *fmt,
                bool quiet);

#endif
