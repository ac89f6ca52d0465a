// SPDX-License-Identifier: MIT
/*
 * setup.h - the grading run's setup: its settings (struct grade_config), its
 * scratch folder, the user student code runs as, where the reference comes
 * from, the private traces, and the limits student code runs under.
 */
#ifndef SETUP_H
#define SETUP_H

#include "sandbox.h"

#include "listing.h"

#include <stdbool.h>

/* Folders student code must reach when its /tmp is private: the project,
   the scratch folder and absolute TRACES folders. */
enum { REACHABLE_MAX = 8 };

struct grade_config {
	const char *root;           /* the project (absolute): its labs/ at least */
	const char *staged_root;    /* a copy of its labs/ in scratch, when the
				       project is closed to other users (or NULL) */
	const char *submission;     /* a folder laid out like labs/ (absolute) */
	const char *ref_sources;    /* the reference's sources (absolute), or NULL */
	const char *ref_pack;       /* a reference pack folder (absolute), or NULL */
	const char *empty_dir;      /* an empty folder: every build's REFERENCE */
	const char *hide[4];        /* folders student code must not see, NULL-terminated */
	const char *reachable[REACHABLE_MAX];   /* NULL-terminated */
	unsigned sandbox_uid;       /* run student code as this user (0: as we are) */
	bool flat;                  /* student files may sit at the submission's top */
	const char *scratch;        /* where copies are built (absolute) */
	double test_timeout;        /* wall-clock seconds for one test */
	bool verbose;               /* progress on standard error */
	char **traces;              /* TRACES's folders, made absolute, NULL-terminated (or NULL) */
	const char *only;           /* --only: the tests to run (test_list_select), or NULL: all */
	/* A batch lists each lab's tests once, from the lab as shipped, before
	   it forks its graders (grade_list_shipped): NULL-named at the end. */
	const struct shipped_list *shipped;
};

struct shipped_list {
	const char *lab;
	struct test_list *tests;
};

/* A reference pack is a folder holding this file (reference.h). */
#define REFERENCE_PACK_MARKER "REFERENCE-PACK"

/* What the options ask of the setup. */
struct setup_request {
	const char *root;
	const char *reference;      /* --reference, or NULL: solutions/ */
	double test_timeout;
	bool flat, verbose;
	bool shared_scratch;        /* batch: each student gets a folder of its own inside */
};

/* Make the scratch folder, pick the sandbox user, find the reference, make
   TRACES absolute. Stops the grader (status 2) when it cannot. */
void setup_grading(struct grade_config *cfg, const struct setup_request *req);

/* Remove the scratch folder (unless `keep_scratch`) and free the setup. */
void end_grading(struct grade_config *cfg, bool keep_scratch);

/* A grader process of a batch: a user and a scratch folder of its own,
   inside the batch's; as root, with `scratch_bytes` (not 0), a file system
   of its own there too, a tmpfs of that size in a mount namespace of its
   own. `scratch` is owned by the caller. */
void setup_student(struct grade_config *cfg, const char *scratch, unsigned long long scratch_bytes);

/* The end of a batch's grader process: its sandbox user given back. */
void end_student(struct grade_config *cfg);

/* Remove the uid claims no grader holds any more: those of a batch's
   student graders killed at their time limit, which could not give
   theirs back. */
void release_stale_claims(void);

/* The limits for untrusted code: the defaults and the isolation above. */
struct run_limits student_limits(const struct grade_config *cfg);

/* The limits of a lab's tests when they hold no student code (a lab with a
   worker, labs/common/remote.h): the isolation above, but the grader's own
   user, so that the worker, which runs as the student's, can neither reach
   what the tests write nor signal them. The student's processes are killed
   with the run's. */
struct run_limits judge_limits(const struct grade_config *cfg);

#endif
