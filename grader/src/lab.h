/*
 * lab.h - grade one lab: copy it and the submission's files into scratch,
 * build, list the tests from the pristine lab, run each test in isolation,
 * run the lab's extra driver if it has one, and fill in a lab_result.
 */
#ifndef LAB_H
#define LAB_H

#include "report.h"

struct grade_config {
	const char *root;         /* the project (absolute) */
	const char *submission;   /* a folder laid out like labs/ (absolute) */
	const char *reference;    /* the reference solutions (absolute) */
	const char *scratch;      /* where copies are built (absolute) */
	double test_timeout;      /* wall-clock seconds for one test */
	bool verbose;             /* progress on standard error */
};

void grade_lab(const struct grade_config *cfg, const char *name, struct lab_result *lab);

#endif
