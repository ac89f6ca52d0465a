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
	char *name;            /* suite/name, or a driver's test name */
	enum test_status status;
	double score, max_score;
	char *message;         /* what went wrong (or a note), may be "" */
	char *hint;            /* what to look at, may be "" */
	bool from_driver;      /* reported by the lab's extra driver, not Criterion */
	struct metric *metrics;
	size_t nmetrics;
	double seconds;
};

struct lab_result {
	char *lab;             /* directory name, e.g. "01-segments" */
	char *title;           /* from the handout's first heading */
	double score, max_score;
	bool built;
	char *build_log;       /* compiler output when the build failed, else "" */
	char *note;            /* about the lab as a whole, may be "" */
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

struct test_result *lab_add_test(struct lab_result *lab);
void test_add_metric(struct test_result *t, const char *key, double value);
struct lab_result *report_add_lab(struct report *r);

/* Add up the tests of a lab and the labs of the report (skipped tests'
   points are left out and the lab's score is scaled to its maximum). */
void lab_total(struct lab_result *lab);
void report_total(struct report *r);

/* done, in progress, not started. */
const char *lab_state(const struct lab_result *lab);

void report_free(struct report *r);

/* A format by name, for the options (main.c lists them). */
struct report_format {
	const char *name;
	const char *ext;        /* of a report's file in a batch */
	void (*write)(FILE *out, const struct report *r, bool color);
};

/* The formats. `color` only matters to text. */
void report_text(FILE *out, const struct report *r, bool color);
void report_json(FILE *out, const struct report *r);
void report_gradescope(FILE *out, const struct report *r);
void report_autolab(FILE *out, const struct report *r);
void report_junit(FILE *out, const struct report *r);
void report_tap(FILE *out, const struct report *r);

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
