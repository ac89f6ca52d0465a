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
	const char *reference;    /* the reference's sources (absolute), or NULL */
	const char *pack;         /* a reference pack folder (absolute), or NULL */
	const char *no_reference; /* an empty folder, passed as REFERENCE */
	const char *const *hide;  /* folders student code must not see, NULL-terminated */
	unsigned sandbox_uid;     /* run student code as this user (0: as we are) */
	const char *const *keep;  /* folders student code needs: the project, scratch, traces */
	bool flat;                /* student files may sit at the submission's top */
	const char *scratch;      /* where copies are built (absolute) */
	double test_timeout;      /* wall-clock seconds for one test */
	bool verbose;             /* progress on standard error */
};

/* The limits for untrusted code: the defaults and the isolation above. */
struct run_limits student_limits(const struct grade_config *cfg);

/* Copy labs/common and labs/NAME of the project into dir (emptied first). */
int copy_lab(const struct grade_config *cfg, const char *name, const char *dir, char **err);

void grade_lab(const struct grade_config *cfg, const char *name, struct lab_result *lab);

#endif
