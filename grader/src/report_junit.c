/*
 * report_junit.c - the record as JUnit XML, which CI systems (GitHub
 * Actions reporters, GitLab, Jenkins) show as a test tree: one <testsuite>
 * per lab, one <testcase> per test with its points as properties.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>

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

static void testcase(FILE *out, const struct lab_result *lab, const struct test_result *t)
{
	fputs("    <testcase classname=\"", out);
	xml_string(out, lab->lab);
	fputs("\" name=\"", out);
	xml_string(out, t->name);
	fprintf(out, "\" time=\"%.3f\">\n", t->seconds);
	fprintf(out, "      <properties><property name=\"score\" value=\"%.10g\"/>"
	        "<property name=\"max_score\" value=\"%.10g\"/>", t->score, t->max_score);
	for (size_t k = 0; k < t->nmetrics; k++) {
		fputs("<property name=\"", out);
		xml_string(out, t->metrics[k].key);
		fprintf(out, "\" value=\"%.10g\"/>", isfinite(t->metrics[k].value) ? t->metrics[k].value : 0.0);
	}
	fputs("</properties>\n", out);
	char *text = test_explanation(t);
	const char *tag = t->status == ST_FAIL ? "failure" :
	                  t->status == ST_SKIP ? "skipped" :
	                  t->status == ST_PASS ? NULL : "error";
	if (tag) {
		fprintf(out, "      <%s message=\"%s: %.10g/%.10g points\" type=\"%s\">", tag,
		        status_name(t->status), t->score, t->max_score, status_name(t->status));
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
	int tests = 0, fail = 0, error = 0, skip = 0;
	for (size_t i = 0; i < r->nlabs; i++) {
		int f, e, s;
		count(&r->labs[i], &f, &e, &s);
		tests += (int)r->labs[i].ntests;
		fail += f;
		error += e;
		skip += s;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"memlabs\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
	        "skipped=\"%d\" time=\"%.3f\">\n", tests, fail, error, skip, r->seconds);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		int f, e, s;
		count(lab, &f, &e, &s);
		fputs("  <testsuite name=\"", out);
		xml_string(out, lab->lab);
		fprintf(out, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		        lab->ntests, f, e, s, lab->seconds);
		fprintf(out, "    <properties><property name=\"score\" value=\"%.10g\"/>"
		        "<property name=\"max_score\" value=\"%.10g\"/>"
		        "<property name=\"build\" value=\"%s\"/>"
		        "<property name=\"outcome\" value=\"%s\"/></properties>\n",
		        lab->score, lab->max_score, lab->built ? "ok" : "failed",
		        outcome_name(lab->outcome));
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
