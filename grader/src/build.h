// SPDX-License-Identifier: MIT
/*
 * build.h - build a copy of a lab as the grader does: `make all`, with the
 * reference's sources hidden and REFERENCE an empty folder, since the
 * reference comes in as objects (reference.h). A copy with student files
 * is built as the sandbox user in bubblewrap (buildbox.h), then given back
 * to the grader's user before any of it runs.
 */
#ifndef BUILD_H
#define BUILD_H

#include "setup.h"

/* Build the lab copy in `labdir`. `student` (the student files, plain
   names, NULL-terminated) says the copy holds a submission's files: it is
   then built confined, and the errors show only what the compiler says of
   those files; NULL: the lab as shipped, built as the grader. Returns 0, or
   -1 with the compiler's first errors and how make ended in *errors (to
   free). */
int build_lab(const struct grade_config *cfg, const char *labdir, char *const *student, char **errors);

#endif
