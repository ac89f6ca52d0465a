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

struct ref_objects;

/* build_lab for a lab whose build links the reference's objects (`ref`;
   none: build_lab). A copy with student files is built in two steps, so
   that student code never sees the reference: first as the sandbox user
   without the objects and what is made of them (make -o), then, once the
   build is the grader's again, those, as the grader; the copy of the lab
   as shipped (`student` NULL) in one. Then the objects and what is made of
   them are sealed (reference_seal; `worker`: the lab has one). */
int build_with_reference(const struct grade_config *cfg, const char *labdir, char *const *student,
                         const struct ref_objects *ref, bool worker, char **errors);

#endif
