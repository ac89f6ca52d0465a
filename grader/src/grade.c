// SPDX-License-Identifier: MIT
/* grade.c - grade labs into the record (see grade.h). */
#include "grade.h"
#include "build.h"
#include "driver.h"
#include "judge.h"
#include "labinfo.h"
#include "listing.h"
#include "prepare.h"
#include "reference.h"
#include "runtest.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One lab's grading under way. */
struct lab_job {
	const struct grade_config *cfg;
	const char *name;
	struct lab_result *lab;
	char *work;                 /* scratch/NAME */
	struct lab_info info;
	struct student_copy copy;
	struct ref_objects ref;
	bool have_reference;        /* the lab needs none, or its objects are here */
	struct test_list tests;
	unsigned hung_in_a_row;     /* tests that hung, one after the other, just now */
};

/* The budget of a lab whose code hangs: after HANG_STREAK tests in a row
   hung, each call of the student's code may take HURRIED_CALL_SECONDS
   instead of full_call_seconds (8 s), until a test does not hang. The
   reference's slowest call takes 4 ms (lab 03's chunk_size); its slowest
   test 3 s (70001 calls), which a limit per call does not cut short. Lab
   01's 33 tests, all hanging, take 2 x 8 s + 31 x about 0.8 s. */
enum { HANG_STREAK = 2 };
#define HURRIED_CALL_SECONDS 0.5

/* An outcome that ends the grading, with what the grader found (taken). */
static enum lab_outcome stop(struct lab_job *j, enum lab_outcome outcome, char *log)
{
	free(j->lab->log);
	j->lab->log = log;
	return outcome;
}

static bool untouched(const struct lab_job *j)
{
	return !j->copy.nmissing && !j->copy.nchanged;
}

static char *reference_missing_message(const struct grade_config *cfg, const char *name)
{
	char *why = cfg->ref_pack ? xasprintf("the reference pack %s has no objects for it", cfg->ref_pack)
	          : cfg->ref_sources ? xasprintf("%s has no %s/ to build it from", cfg->ref_sources, name)
	          : xstrdup("this grading has none (no solutions/ in the project, no REFERENCE=)");
	char *msg = xasprintf("this lab needs the reference solution (its tests run it beside the\n"
	                      "submission), and %s.\n"
	                      "That is the grading's setup, not the submission: an instructor grades it\n"
	                      "with solutions/ in the project, or with REFERENCE= a reference pack\n"
	                      "(make reference-pack; grader/README.md, \"Hiding the solutions\").", why);
	free(why);
	return msg;
}

/* What the lab is, the student's copy of it, the reference's objects. */
static enum lab_outcome start_job(struct lab_job *j)
{
	const struct grade_config *cfg = j->cfg;
	char *err = NULL;
	char *shipped = xasprintf("%s/labs/%s", cfg->root, j->name);
	int rc = read_lab_info(shipped, &j->info, &err);
	free(shipped);
	free(j->lab->title);
	j->lab->title = xstrdup(j->info.title ? j->info.title : "");
	if (rc < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	char *dir = xasprintf("%s/student", j->work);
	rc = prepare_student_copy(cfg, j->name, &j->info, dir, &j->copy, &err);
	free(dir);
	if (rc < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	if (reference_objects(cfg, j->name, &j->ref, &err) < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	j->have_reference = !j->info.needs_reference || j->ref.n > 0;
	if (j->copy.nmissing) {
		free(j->lab->missing);
		j->lab->missing = xstrdup(j->copy.missing);
		return j->copy.nmissing == j->info.nstudent ? LAB_NOT_STARTED : LAB_FILES_MISSING;
	}
	if (!j->have_reference)
		return stop(j, LAB_REFERENCE_MISSING, reference_missing_message(cfg, j->name));
	return untouched(j) ? LAB_NOT_STARTED : LAB_GRADED;
}

/* The tests, listed from a copy of the lab as shipped built on its own, so
   that code in a submission cannot change which tests exist or what they
   are worth. */
static int build_and_list(const struct grade_config *cfg, const char *name,
                          const struct lab_info *info, const struct ref_objects *ref,
                          const char *work, struct test_list *list, char **err)
{
	char *root = xasprintf("%s/pristine", work);
	char *lab = xasprintf("%s/%s", root, name);
	char *log = NULL;
	int rc = -1;
	if (copy_lab(cfg, name, root, err) == 0) {
		if (build_with_reference(cfg, lab, NULL, ref, info->worker, &log) < 0)
			*err = xasprintf("the lab as shipped does not build, so its tests cannot be listed:\n%s", log);
		else
			rc = list_tests(lab, info, list, err);
	}
	free(log);
	free(root);
	free(lab);
	return rc;
}

static int list_shipped(struct lab_job *j, char **err)
{
	for (const struct shipped_list *c = j->cfg->shipped; c && c->lab; c++) {
		if (strcmp(c->lab, j->name))
			continue;
		for (size_t i = 0; i < c->tests->n; i++) {
			struct listed_test t = c->tests->v[i];
			t.name = xstrdup(t.name);
			t.hint = xstrdup(t.hint);
			j->tests.v = xrealloc(j->tests.v, (j->tests.n + 1) * sizeof *j->tests.v);
			j->tests.v[j->tests.n++] = t;
		}
		return 0;
	}
	return build_and_list(j->cfg, j->name, &j->info, &j->ref, j->work, &j->tests, err);
}

int grade_list_shipped(const struct grade_config *cfg, const char *name,
                       struct test_list *list, char **err)
{
	struct lab_info info = {0};
	struct ref_objects ref = {0};
	char *shipped = xasprintf("%s/labs/%s", cfg->root, name);
	char *work = xasprintf("%s/shipped-%s", cfg->scratch, name);
	int rc = read_lab_info(shipped, &info, err);
	if (rc == 0 && (rc = reference_objects(cfg, name, &ref, err)) == 0) {
		if (info.needs_reference && ref.n == 0) {
			*err = xstrdup("no reference");
			rc = -1;
		} else {
			rc = build_and_list(cfg, name, &info, &ref, work, list, err);
		}
	}
	ref_objects_free(&ref);
	lab_info_free(&info);
	free(shipped);
	free(work);
	return rc;
}

/* The listed tests into the record; `not_run` (may be NULL) says why none ran. */
static void record_tests(struct lab_job *j, const char *not_run)
{
	for (size_t i = 0; i < j->tests.n; i++) {
		const struct listed_test *l = &j->tests.v[i];
		struct test_result *t = lab_add_test(j->lab);
		t->name = xstrdup(l->name);
		t->max_score = l->points;
		free(t->hint);
		t->hint = xstrdup(l->hint);
		t->driver_test = l->driver;
		if (not_run) {
			free(t->message);
			t->message = xasprintf("not run: %s", not_run);
		}
	}
}

/* A lab with files missing, or none at all: its tests, none of them run
   (when its tests can be listed without the reference it lacks). */
static enum lab_outcome not_built(struct lab_job *j, enum lab_outcome outcome)
{
	char *err = NULL;
	if (j->have_reference && list_shipped(j, &err) < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	record_tests(j, outcome == LAB_NOT_STARTED ? "the lab is not started"
	                                          : "the lab has missing files");
	return outcome;
}

/* The verdict into the record. */
static void record_verdict(struct test_result *t, struct verdict v)
{
	t->status = v.status;
	t->score = v.score;
	free(t->message);
	t->message = v.message;
	if (!v.hint) {
		free(t->hint);
		t->hint = xstrdup("");
	}
}

/* Run one test of the student's copy, within the lab's budget. */
static void run_test(struct lab_job *j, const struct listed_test *l, struct test_result *t)
{
	if (j->cfg->verbose)
		fprintf(stderr, "grader:   %s\n", l->name);
	double full = full_call_seconds(j->cfg);
	bool hurried = j->hung_in_a_row >= HANG_STREAK && HURRIED_CALL_SECONDS < full;
	struct observation obs;
	observe_test(j->cfg, j->copy.lab, l, j->info.worker, j->info.memcg,
	             hurried ? HURRIED_CALL_SECONDS : full, hurried, &obs);
	struct verdict v = judge(l, &obs);
	j->hung_in_a_row = v.status == ST_TIMEOUT ? j->hung_in_a_row + 1 : 0;
	record_verdict(t, v);
	t->seconds = obs.run.seconds;
	observation_free(&obs);
}

/* Student code may write in its lab folder (marks, temporary files) but
   not change what the grader built there: as another user, in a sticky
   folder, it can add files but not replace the grader's. */
static void let_student_in(const struct grade_config *cfg, const char *labdir)
{
	if (cfg->sandbox_uid)
		chmod(labdir, 01777);
}

/* The reference's copy of the lab, built from its sources: its folder, or
   NULL when it cannot be built. */
static char *reference_copy(struct lab_job *j)
{
	struct grade_config ref = *j->cfg;
	ref.submission = j->cfg->ref_sources;
	ref.flat = false;
	char *dir = xasprintf("%s/checked", j->work);
	struct student_copy copy;
	char *err = NULL, *log = NULL, *lab = NULL;
	if (prepare_student_copy(&ref, j->name, &j->info, dir, &copy, &err) == 0 && !copy.nmissing &&
	    build_with_reference(j->cfg, copy.lab, NULL, &j->ref, j->info.worker, &log) == 0)   /* trusted code: as the grader */
		lab = xstrdup(copy.lab);
	free(err);
	free(log);
	free(dir);
	student_copy_free(&copy);
	return lab;
}

/* A copy of the lab with trusted code in the student's place, built: the
   reference's when its sources are here, else the lab as shipped (built to
   list the tests). `who` says which. */
static char *check_copy(struct lab_job *j, const char **who)
{
	char *lab = j->cfg->ref_sources ? reference_copy(j) : NULL;
	*who = lab ? "the reference solution" : "the lab as shipped (the skeleton)";
	if (!lab)
		lab = xasprintf("%s/pristine/%s", j->work, j->name);
	let_student_in(j->cfg, lab);
	return lab;
}

/* A skip counts only when the machine cannot run the test: each test the
   student's code skipped runs again in a trusted copy (judge_skip). This
   comes after every run of student code, so that the reference's programs
   never exist while it runs. The lab as shipped skips only for the machine. */
static void check_skips(struct lab_job *j)
{
	if (untouched(j))
		return;
	char *lab = NULL;
	const char *who = NULL;
	for (size_t i = 0; i < j->tests.n; i++) {
		const struct listed_test *l = &j->tests.v[i];
		struct test_result *t = &j->lab->tests[i];
		if (l->driver || t->status != ST_SKIP)
			continue;
		if (!lab)
			lab = check_copy(j, &who);
		struct observation obs;
		observe_test(j->cfg, lab, l, j->info.worker, j->info.memcg, full_call_seconds(j->cfg), false,
		             &obs);
		struct verdict check = judge(l, &obs);
		observation_free(&obs);
		struct verdict mine = { t->status, t->score, t->message, true };
		t->message = NULL;
		record_verdict(t, judge_skip(mine, &check, who));
		free(check.message);
	}
	free(lab);
	/* The reference's programs go at once: the next lab's student code
	   must not find them. */
	char *checked = xasprintf("%s/checked", j->work);
	remove_tree(checked);
	free(checked);
}

static void run_tests(struct lab_job *j)
{
	bool any_driver = false;
	for (size_t i = 0; i < j->tests.n; i++) {
		if (j->tests.v[i].driver)
			any_driver = true;
		else
			run_test(j, &j->tests.v[i], &j->lab->tests[i]);
	}
	if (any_driver)
		run_driver_tests(j->cfg, j->copy.lab, &j->info, &j->tests, j->lab);
	check_skips(j);
}

/* Build the student's copy and run its tests. */
static enum lab_outcome build_and_run(struct lab_job *j, enum lab_outcome outcome)
{
	char *err = NULL;
	if (!untouched(j) && list_shipped(j, &err) < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	char *errors = NULL;
	bool built = build_with_reference(j->cfg, j->copy.lab, j->info.student, &j->ref, j->info.worker,
	                                   &errors) == 0;
	if (!built && untouched(j)) {
		char *why = xasprintf("the lab as shipped does not build:\n%s", errors);
		free(errors);
		return stop(j, LAB_GRADER_ERROR, why);
	}
	if (built)
		let_student_in(j->cfg, j->copy.lab);
	if (untouched(j) && list_tests(j->copy.lab, &j->info, &j->tests, &err) < 0)
		return stop(j, LAB_GRADER_ERROR, err);
	if (j->cfg->only) {
		test_list_select(&j->tests, j->cfg->only);
		free(j->lab->note);
		j->lab->note = xasprintf("only the tests matching '%s' were run (--only): "
		                         "a quick look, not the lab's grade", j->cfg->only);
	}
	if (!built) {
		record_tests(j, "the lab did not build");
		return stop(j, LAB_BUILD_FAILED, errors);
	}
	j->lab->built = true;
	record_tests(j, NULL);
	run_tests(j);
	return outcome;
}

void grade_lab(const struct grade_config *cfg, const char *name, struct lab_result *lab)
{
	double start = now_seconds();
	free(lab->lab);
	lab->lab = xstrdup(name);
	/* Where the student runs this lab's tests by hand (the text report's
	   next step): the submission's own copy of the lab, when it is one. */
	char *makefile = xasprintf("%s/%s/Makefile", cfg->submission, name);
	if (is_file(makefile)) {
		free(lab->folder);
		lab->folder = xasprintf("%s/%s", cfg->submission, name);
	}
	free(makefile);
	if (cfg->verbose)
		fprintf(stderr, "grader: %s\n", name);
	struct lab_job j = { .cfg = cfg, .name = name, .lab = lab };
	j.work = xasprintf("%s/%s", cfg->scratch, name);
	enum lab_outcome outcome = start_job(&j);
	if (outcome == LAB_FILES_MISSING || (outcome == LAB_NOT_STARTED && !untouched(&j)))
		outcome = not_built(&j, outcome);
	else if (outcome == LAB_GRADED || outcome == LAB_NOT_STARTED)
		outcome = build_and_run(&j, outcome);
	lab->outcome = outcome;
	lab_total(lab);
	lab->seconds = now_seconds() - start;
	test_list_free(&j.tests);
	ref_objects_free(&j.ref);
	student_copy_free(&j.copy);
	lab_info_free(&j.info);
	free(j.work);
}

void grade_all(const struct grade_config *cfg, char **labs, size_t nlabs, struct report *r)
{
	double start = now_seconds();
	for (size_t i = 0; i < nlabs; i++)
		grade_lab(cfg, labs[i], report_add_lab(r));
	r->seconds = now_seconds() - start;
	report_total(r);
}
