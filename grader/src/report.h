// SPDX-License-Identifier: MIT
/*
 * report.h - the one record of a grading run. The grader fills it in; each
 * output format (report_text.c, report_json.c, ...) only turns it into text.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum test_status { ST_PASS, ST_FAIL, ST_ERROR, ST_TIMEOUT, ST_SKIP };

struct metric {
	char *key;
	double value;
};

struct test_result {
	char *name;            /* suite/name, or a driver test's name */
	enum test_status status;
	double score, max_score;
	char *message;         /* what went wrong (or a note), may be "" */
	char *hint;            /* what to look at, may be "" */
	bool driver_test;      /* one of the lab's driver tests, not a Criterion test */
	struct metric *metrics;
	size_t nmetrics;
	double seconds;
};

/* How far a lab's grading went, and so why it scored what it did. */
enum lab_outcome {
	LAB_GRADED,             /* built, and its tests ran */
	LAB_NOT_STARTED,        /* no student file handed in (not built), or all
	                           as shipped (built, and its tests ran) */
	LAB_FILES_MISSING,      /* some student files not handed in: `missing` */
	LAB_BUILD_FAILED,       /* the compiler failed: `log` */
	LAB_REFERENCE_MISSING,  /* the lab needs the reference, and this grading has none: `log` */
	LAB_GRADER_ERROR,       /* the grader could not grade it: `log` */
};

struct lab_result {
	char *lab;             /* directory name, e.g. "01-segments" */
	char *title;           /* from the handout's first heading */
	double score, max_score;
	enum lab_outcome outcome;
	bool built;            /* the student's copy built, and its tests ran */
	char *missing;         /* the student files not handed in ("02-brk/heap.c, ..."), or "" */
	char *log;             /* the compiler's first errors, or what the grader
	                          found (reference missing, grader error), or "" */
	char *note;            /* about the lab as a whole, may be "" */
	char *folder;          /* the submission's folder of the lab (absolute), where
	                          its tests run by hand, or "" when it has no Makefile */
	struct test_result *tests;
	size_t ntests;
	double seconds;
};

struct report {
	char *submission;
	struct lab_result *labs;
	size_t nlabs;
	double score, max_score;
	double seconds;
};

const char *status_name(enum test_status st);
/* The outcome for machines: graded, not_started, files_missing,
   build_failed, reference_missing, grader_error. */
const char *outcome_name(enum lab_outcome outcome);

struct test_result *lab_add_test(struct lab_result *lab);
void test_add_metric(struct test_result *t, const char *key, double value);
struct lab_result *report_add_lab(struct report *r);

/* Add up the tests of a lab and the labs of the report (skipped tests'
   points are left out and the lab's score is scaled to its maximum). */
void lab_total(struct lab_result *lab);
void report_total(struct report *r);

/* A lab's state in a few words: done, in progress, not started, files
   missing, does not build, no reference, grader error. */
const char *lab_state(const struct lab_result *lab);

/* Why a lab that was not graded scored what it did, for people: a sentence,
   then any log on the lines below (to free; "" for a graded lab). */
char *lab_explanation(const struct lab_result *lab);

void report_free(struct report *r);

/* One line per lab (score, state), why a lab that was not built scored 0
   (the compiler's or the grader's words only when quote_logs), its note,
   and the total: the summary the platforms show above the tests (to free). */
char *report_overview(const struct report *r, bool quote_logs);

/* The formats. `color` only matters to text. */
void report_text(FILE *out, const struct report *r, bool color);       /* a screenful */
void report_text_full(FILE *out, const struct report *r, bool color);  /* every test */
void report_json(FILE *out, const struct report *r);
void report_gradescope(FILE *out, const struct report *r);
/* Whether MEMLABS_VISIBILITY, when set, is one of Gradescope's visibilities. */
bool gradescope_visibility_known(void);
void report_autolab(FILE *out, const struct report *r);
void report_junit(FILE *out, const struct report *r);
void report_tap(FILE *out, const struct report *r);
void report_prairielearn(FILE *out, const struct report *r);

/* Helpers shared by the formats. */
void json_string(FILE *out, const char *s);
/* A number: %.10g, or `bad` (e.g. "null", "0") when it is not finite. */
void json_number(FILE *out, double x, const char *bad);
/* One member of an object, `"key": value`, after `sep` ("" or ", "). */
void json_str_member(FILE *out, const char *sep, const char *key, const char *value);
void json_num_member(FILE *out, const char *sep, const char *key, double value);
void xml_string(FILE *out, const char *s);   /* escaped for text and attributes */
/* A test's message, then its hint when it lost points (to free). */
char *test_explanation(const struct test_result *t);
double round2(double x);

#endif
