// SPDX-License-Identifier: MIT
/*
 * report_junit.c - the record as JUnit XML, which CI systems (GitHub
 * Actions reporters, GitLab, Jenkins) show as a test tree: one <testsuite>
 * per lab, one <testcase> per test. It keeps to the strictest schema in use
 * (Jenkins' junit-10.xsd): a <testcase> holds only failure, error, skipped,
 * system-out and system-err, so a test's points and metrics are the lab's
 * <properties> ("TEST score", "TEST max_score", "TEST METRIC").
 */
#include "report.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void count(const struct lab_result *lab, int *fail, int *error, int *skip)
{
	*fail = *error = *skip = 0;
	for (size_t j = 0; j < lab->ntests; j++) {
		enum test_status st = lab->tests[j].status;
		*fail += st == ST_FAIL;
		*error += st == ST_ERROR || st == ST_TIMEOUT;
		*skip += st == ST_SKIP;
	}
}

static void property(FILE *out, const char *test, const char *name, double value)
{
	fputs("      <property name=\"", out);
	xml_string(out, test);
	fputc(' ', out);
	xml_string(out, name);
	fprintf(out, "\" value=\"%.10g\"/>\n", isfinite(value) ? value : 0.0);
}

static void properties(FILE *out, const struct lab_result *lab)
{
	fprintf(out, "    <properties>\n"
	        "      <property name=\"score\" value=\"%.10g\"/>\n"
	        "      <property name=\"max_score\" value=\"%.10g\"/>\n"
	        "      <property name=\"build\" value=\"%s\"/>\n"
	        "      <property name=\"outcome\" value=\"%s\"/>\n",
	        lab->score, lab->max_score, lab->built ? "ok" : "failed", outcome_name(lab->outcome));
	for (size_t j = 0; j < lab->ntests; j++) {
		const struct test_result *t = &lab->tests[j];
		property(out, t->name, "score", t->score);
		property(out, t->name, "max_score", t->max_score);
		for (size_t k = 0; k < t->nmetrics; k++)
			property(out, t->name, t->metrics[k].key, t->metrics[k].value);
	}
	fputs("    </properties>\n", out);
}

/* A failure's message attribute: what a CI page shows on one line, the
 * assertion's first line and the points; the element's text has it all. */
static void message(FILE *out, const struct test_result *t, const char *text)
{
	size_t n = strcspn(text, "\n");
	char *first = xasprintf("%.*s%s(%.10g/%.10g points)", (int)(n > 300 ? 300 : n), text,
	                        n ? " " : "", t->score, t->max_score);
	xml_string(out, first);
	free(first);
}

static void testcase(FILE *out, const struct lab_result *lab, const struct test_result *t)
{
	fputs("    <testcase classname=\"", out);
	xml_string(out, lab->lab);
	fputs("\" name=\"", out);
	xml_string(out, t->name);
	fprintf(out, "\" time=\"%.3f\">\n", t->seconds);
	char *text = test_explanation(t);
	const char *tag = t->status == ST_FAIL ? "failure" :
	                  t->status == ST_SKIP ? "skipped" :
	                  t->status == ST_PASS ? NULL : "error";
	if (tag) {
		fprintf(out, "      <%s message=\"", tag);
		message(out, t, text);
		fprintf(out, "\" type=\"%s\">", status_name(t->status));
		xml_string(out, text);
		fprintf(out, "</%s>\n", tag);
	} else if (*text) {
		fputs("      <system-out>", out);
		xml_string(out, text);
		fputs("</system-out>\n", out);
	}
	free(text);
	fputs("    </testcase>\n", out);
}

void report_junit(FILE *out, const struct report *r)
{
	int tests = 0, fail = 0, error = 0;
	for (size_t i = 0; i < r->nlabs; i++) {
		int f, e, s;
		count(&r->labs[i], &f, &e, &s);
		tests += (int)r->labs[i].ntests;
		fail += f;
		error += e;
		(void)s; /* <testsuites> has no skipped: each suite counts its own */
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"memlabs\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
	        "time=\"%.3f\">\n", tests, fail, error, r->seconds);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		int f, e, s;
		count(lab, &f, &e, &s);
		fputs("  <testsuite name=\"", out);
		xml_string(out, lab->lab);
		fprintf(out, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		        lab->ntests, f, e, s, lab->seconds);
		properties(out, lab);
		for (size_t j = 0; j < lab->ntests; j++)
			testcase(out, lab, &lab->tests[j]);
		char *why = lab_explanation(lab);
		if (!lab->built && *why) {
			fputs("    <system-err>", out);
			xml_string(out, why);
			fputs("</system-err>\n", out);
		}
		free(why);
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
}
