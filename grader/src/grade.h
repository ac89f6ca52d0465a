// SPDX-License-Identifier: MIT
/*
 * grade.h - grade labs into the record. For each lab: read its description,
 * prepare the student's copy, get the reference's objects, list the tests
 * from the lab as shipped, build the student's copy, run and judge each
 * test (within the lab's budget for hangs), run the driver tests, run each
 * test the student's code skipped again with trusted code in its place
 * (the reference, or the skeleton); and say how far that went (enum
 * lab_outcome).
 */
#ifndef GRADE_H
#define GRADE_H

#include "report.h"
#include "setup.h"

#include <stddef.h>

void grade_lab(const struct grade_config *cfg, const char *name, struct lab_result *lab);

/* The tests of lab `name` as shipped (built on its own in the scratch
   folder, with the reference's objects): what a batch lists once for all
   its students. Returns 0, or -1 with a message in *err (to free). */
int grade_list_shipped(const struct grade_config *cfg, const char *name,
                       struct test_list *list, char **err);

/* Grade the labs, in order, into r. */
void grade_all(const struct grade_config *cfg, char **labs, size_t nlabs, struct report *r);

#endif
