// SPDX-License-Identifier: MIT
/*
 * labproto.h - the lines a lab's programs write for the grader: the one
 * writer and the one field escaper of each text protocol. The grader has the
 * one reader of each; nothing here knows about the grader.
 *
 * Every protocol is lines of text. A field never holds a tab, a newline or a
 * carriage return: labproto_field() turns each into a space.
 *
 * The lab list: `run-tests --lab-list` and the driver's `--lab-list` print
 * one line per test, five fields separated by tabs:
 *
 *     name  points  signal  partial  hint
 *
 * name is suite/name (or the driver's name for it), points a number, signal
 * the signal the test must die of (0: none), partial 1 when the test earns a
 * share of its points (0 otherwise), hint a sentence for the student.
 *
 * The driver's results: the driver's `--lab-results FILE` appends one line
 * per test to FILE, seven fields separated by tabs:
 *
 *     test  name  status  score  max  message  metrics
 *
 * status is pass, fail, error, timeout or skip; score and max are points;
 * metrics is key=value,key=value (may be empty). A name ending in '*' stands
 * for every listed test it is a prefix of that has no line of its own.
 *
 * The marks: a test body appends to the file named by LABTEST_MARK a line
 * "begin" when it starts, "end" when it returns, and between them "score S"
 * (a partial test's share, 0 to 1) and "note TEXT" lines.
 *
 * The lab's description: `make lab-info` (written by lab.mk, not in C)
 * prints "key value" lines:
 *
 *     student FILE...               the files the grader takes from a submission
 *     driver-tests CMD ARG...       the program that runs the driver tests (may be empty)
 *     driver-tests-timeout SECONDS  wall-clock limit of that program's run
 *     reference yes|no              the build compiles the reference's sources in
 *     worker yes|no                 the tests run the student's code in build/worker
 *                                   (labs/common/remote.h), never in their own process
 */
#ifndef LABPROTO_H
#define LABPROTO_H

#include <stdbool.h>
#include <stdio.h>

/* The fields of a lab list line, in order. */
enum labproto_list_field {
	LIST_NAME, LIST_POINTS, LIST_SIGNAL, LIST_PARTIAL, LIST_HINT, LIST_FIELDS
};

/* The fields of a results line, in order; the first is always "test". */
enum labproto_result_field {
	RESULT_TAG, RESULT_NAME, RESULT_STATUS, RESULT_SCORE, RESULT_MAX,
	RESULT_MESSAGE, RESULT_METRICS, RESULT_FIELDS
};
#define LABPROTO_RESULT_TAG "test"
#define LABPROTO_WILDCARD '*'

/* The mark lines' keywords. */
#define LABPROTO_MARK_BEGIN "begin"
#define LABPROTO_MARK_END "end"
#define LABPROTO_MARK_SCORE "score"
#define LABPROTO_MARK_NOTE "note"

/* Seconds Criterion gives one test of a lab (labtest.h) before it stops it. */
#define LABPROTO_TEST_SECONDS 10.0

/* A call of the student's code that did not return within its time limit
   (remote.c) ends the test with the failure "FN did not return within N s:
   ...": the grader reads it as a hang. */
#define LABPROTO_HUNG "did not return within"

/* A partial test that earned less than all its points fails in Criterion
   with "partial credit: N% of the points" (labtest.c); the grader, which
   counts the points itself, says it in its own words instead. */
#define LABPROTO_PARTIAL "partial credit: "

/* The lab-info keys. */
#define LABINFO_STUDENT "student"
#define LABINFO_DRIVER_TESTS "driver-tests"
#define LABINFO_DRIVER_TESTS_TIMEOUT "driver-tests-timeout"
#define LABINFO_REFERENCE "reference"
#define LABINFO_WORKER "worker"
#define LABINFO_MEMCG "memcg"

/* Write `s` (NULL: nothing) as one field: tab, newline and CR become spaces. */
void labproto_field(FILE *out, const char *s);

/* One line of the lab list. */
void labproto_list_line(FILE *out, const char *name, double points, int signal,
                        bool partial, const char *hint);

/* One line of the driver's results; metrics "k=v,k=v" or "". */
void labproto_result_line(FILE *out, const char *name, const char *status, double score,
                          double max, const char *message, const char *metrics);

/* One mark line: "begin", "end", "note TEXT" (text may be NULL), flushed. */
void labproto_mark(FILE *out, const char *keyword, const char *text);
/* The mark line of a partial test's share. */
void labproto_mark_score(FILE *out, double share);

#endif
