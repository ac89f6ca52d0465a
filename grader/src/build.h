/*
 * build.h - build a copy of a lab as the grader does: `make all` run as the
 * grader (compilers do not run the code they build), with the reference's
 * sources hidden and REFERENCE an empty folder, since the reference comes
 * in as objects (reference.h).
 */
#ifndef BUILD_H
#define BUILD_H

#include "setup.h"

/* Returns 0, or -1 with the compiler's first errors and how make ended in
   *errors (to free). */
int build_lab(const struct grade_config *cfg, const char *labdir, char **errors);

#endif
