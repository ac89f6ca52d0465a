// SPDX-License-Identifier: MIT
/* report.c - building and totalling the record (see report.h). */
#include "report.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *status_name(enum test_status st)
{
	switch (st) {
	case ST_PASS: return "pass";
	case ST_FAIL: return "fail";
	case ST_ERROR: return "error";
	case ST_TIMEOUT: return "timeout";
	case ST_SKIP: return "skip";
	}
	return "error";
}

const char *outcome_name(enum lab_outcome outcome)
{
	switch (outcome) {
	case LAB_GRADED: return "graded";
	case LAB_NOT_STARTED: return "not_started";
	case LAB_FILES_MISSING: return "files_missing";
	case LAB_BUILD_FAILED: return "build_failed";
	case LAB_REFERENCE_MISSING: return "reference_missing";
	case LAB_GRADER_ERROR: return "grader_error";
	}
	return "grader_error";
}

struct test_result *lab_add_test(struct lab_result *lab)
{
	lab->tests = xrealloc(lab->tests, (lab->ntests + 1) * sizeof *lab->tests);
	struct test_result *t = &lab->tests[lab->ntests++];
	memset(t, 0, sizeof *t);
	t->status = ST_ERROR;
	t->message = xstrdup("");
	t->hint = xstrdup("");
	return t;
}

void test_add_metric(struct test_result *t, const char *key, double value)
{
	t->metrics = xrealloc(t->metrics, (t->nmetrics + 1) * sizeof *t->metrics);
	t->metrics[t->nmetrics].key = xstrdup(key);
	t->metrics[t->nmetrics].value = value;
	t->nmetrics++;
}

struct lab_result *report_add_lab(struct report *r)
{
	r->labs = xrealloc(r->labs, (r->nlabs + 1) * sizeof *r->labs);
	struct lab_result *lab = &r->labs[r->nlabs++];
	memset(lab, 0, sizeof *lab);
	lab->max_score = 100;
	lab->outcome = LAB_GRADER_ERROR;   /* until the grader says otherwise */
	lab->missing = xstrdup("");
	lab->log = xstrdup("");
	lab->note = xstrdup("");
	lab->folder = xstrdup("");
	lab->title = xstrdup("");
	return lab;
}

double round2(double x)
{
	return round(x * 100) / 100;
}

void lab_total(struct lab_result *lab)
{
	double earned = 0, possible = 0, skipped = 0;
	for (size_t i = 0; i < lab->ntests; i++) {
		struct test_result *t = &lab->tests[i];
		if (t->status == ST_SKIP) {
			t->score = 0;
			skipped += t->max_score;
			continue;
		}
		earned += t->score;
		possible += t->max_score;
	}
	/* A skipped test is one the system could not run (ASLR off, ptrace
	   refused): the lab is scored on the rest, scaled to its maximum. */
	if (possible > 0 && skipped > 0)
		lab->score = round2(earned * lab->max_score / possible);
	else
		lab->score = round2(earned);
	if (lab->score > lab->max_score)
		lab->score = lab->max_score;
	/* Scores to the hundredth (the totals above used the exact values),
	   never above the maximum: full marks on a trace worth 26/12 points
	   are 26/12, not 2.17. Maximums stay exact, so that they add up to the
	   lab's; a format for people rounds them when it shows them. */
	for (size_t i = 0; i < lab->ntests; i++) {
		struct test_result *t = &lab->tests[i];
		t->score = round2(t->score);
		if (t->score > t->max_score || t->max_score - t->score < 0.005)
			t->score = t->max_score;
	}
}

void report_total(struct report *r)
{
	r->score = r->max_score = 0;
	for (size_t i = 0; i < r->nlabs; i++) {
		r->score += r->labs[i].score;
		r->max_score += r->labs[i].max_score;
	}
	r->score = round2(r->score);
}

const char *lab_state(const struct lab_result *lab)
{
	switch (lab->outcome) {
	case LAB_GRADED: return lab->score >= lab->max_score ? "done" : "in progress";
	case LAB_NOT_STARTED: return "not started";
	case LAB_FILES_MISSING: return "files missing";
	case LAB_BUILD_FAILED: return "does not build";
	case LAB_REFERENCE_MISSING: return "no reference";
	case LAB_GRADER_ERROR: return "grader error";
	}
	return "grader error";
}

char *lab_explanation(const struct lab_result *lab)
{
	switch (lab->outcome) {
	case LAB_GRADED:
		return xstrdup("");
	case LAB_NOT_STARTED:
		return lab->built ? xstrdup("its files are the skeleton as shipped")
		                  : xasprintf("the submission has none of its files (no %s)", lab->missing);
	case LAB_FILES_MISSING:
		return xasprintf("the submission has no %s:\n"
		                 "a lab is built only with all of its files, so it scores 0", lab->missing);
	case LAB_BUILD_FAILED:
		return xasprintf("the lab scores 0. The compiler said:\n%s", lab->log);
	case LAB_REFERENCE_MISSING:
		return xstrdup(lab->log);
	case LAB_GRADER_ERROR:
		break;
	}
	return xasprintf("the grader could not grade this lab: its own failure, not the\n"
	                 "submission's (tell your instructor). It said:\n%s", lab->log);
}

char *report_overview(const struct report *r, bool quote_logs)
{
	struct buf b = {0};
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		buf_printf(&b, "%-24s %6g/%g  %s\n", lab->lab, lab->score, lab->max_score, lab_state(lab));
		char *why = lab_explanation(lab);
		if (!lab->built && *why && (quote_logs || (lab->outcome != LAB_BUILD_FAILED &&
		                                           lab->outcome != LAB_GRADER_ERROR)))
			buf_printf(&b, "\n%s, %s: %s\n\n", lab->lab, lab_state(lab), why);
		free(why);
		if (*lab->note)
			buf_printf(&b, "%s\n", lab->note);
	}
	buf_printf(&b, "Total %g/%g", r->score, r->max_score);
	return buf_take(&b);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->nlabs; i++) {
		struct lab_result *lab = &r->labs[i];
		for (size_t j = 0; j < lab->ntests; j++) {
			struct test_result *t = &lab->tests[j];
			free(t->name);
			free(t->message);
			free(t->hint);
			for (size_t k = 0; k < t->nmetrics; k++)
				free(t->metrics[k].key);
			free(t->metrics);
		}
		free(lab->tests);
		free(lab->lab);
		free(lab->title);
		free(lab->missing);
		free(lab->log);
		free(lab->note);
		free(lab->folder);
	}
	free(r->labs);
	free(r->submission);
	memset(r, 0, sizeof *r);
}

/* Every string of a JSON or XML report goes through clean_text first: a
   name or message that is not strict UTF-8 (a student's folder named with
   a surrogate) or holds a character XML forbids would make the whole
   report unreadable. */
void json_string(FILE *out, const char *s)
{
	char *clean = clean_text(s ? s : "", SIZE_MAX);
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
	free(clean);
}

void json_number(FILE *out, double x, const char *bad)
{
	if (isfinite(x))
		fprintf(out, "%.10g", x);
	else
		fputs(bad, out);
}

void json_str_member(FILE *out, const char *sep, const char *key, const char *value)
{
	fputs(sep, out);
	json_string(out, key);
	fputs(": ", out);
	json_string(out, value);
}

void json_num_member(FILE *out, const char *sep, const char *key, double value)
{
	fputs(sep, out);
	json_string(out, key);
	fputs(": ", out);
	json_number(out, value, "null");
}

char *test_explanation(const struct test_result *t)
{
	if (t->status == ST_PASS || t->status == ST_SKIP || !*t->hint)
		return xstrdup(t->message);
	return xasprintf("%s%shint: %s", t->message, *t->message ? "\n" : "", t->hint);
}

void xml_string(FILE *out, const char *s)
{
	char *clean = clean_text(s ? s : "", SIZE_MAX);
	for (const char *p = clean; *p; p++) {
		switch (*p) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(*p, out);
		}
	}
	free(clean);
}
