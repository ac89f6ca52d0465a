// SPDX-License-Identifier: MIT
/*
 * report_prairielearn.c - the record as PrairieLearn's external grader
 * results.json: the score as a fraction of the points, the overview as the
 * output, one test per test with points and max_points, and "gradable":
 * false with the reasons in "format_errors" when no lab could be built (a
 * submission that does not compile costs the student no attempt).
 */
#include "report.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* No lab was built: the submission has nothing to grade. */
static bool nothing_built(const struct report *r)
{
	for (size_t i = 0; i < r->nlabs; i++)
		if (r->labs[i].built || r->labs[i].outcome == LAB_GRADER_ERROR ||
		    r->labs[i].outcome == LAB_REFERENCE_MISSING)
			return false;
	return r->nlabs > 0;
}

static void test(FILE *out, const struct report *r, const struct lab_result *lab,
                 const struct test_result *t, bool first)
{
	fputs(first ? "\n  {" : ",\n  {", out);
	char *name = r->nlabs > 1 ? xasprintf("%s: %s", lab->lab, t->name) : xstrdup(t->name);
	json_str_member(out, "", "name", name);
	free(name);
	/* A skipped test is left out of the lab's total: 0 of 0 points. */
	bool skip = t->status == ST_SKIP;
	json_num_member(out, ", ", "points", skip ? 0 : t->score);
	json_num_member(out, ", ", "max_points", skip ? 0 : t->max_score);
	char *text = test_explanation(t);
	size_t n = strcspn(text, "\n");
	const char *status = skip ? "skipped" : status_name(t->status);
	char *first_line = xasprintf("%s%s%.*s", status, n ? ": " : "", (int)n, text);
	json_str_member(out, ", ", "message", first_line);
	json_str_member(out, ", ", "output", text);
	free(first_line);
	free(text);
	fputs("}", out);
}

void report_prairielearn(FILE *out, const struct report *r)
{
	char *overview = report_overview(r, true);
	bool gradable = !nothing_built(r);
	fprintf(out, "{\"gradable\": %s", gradable ? "true" : "false");
	if (!gradable) {
		fputs(", \"format_errors\": [", out);
		for (size_t i = 0; i < r->nlabs; i++) {
			char *why = lab_explanation(&r->labs[i]);
			char *line = xasprintf("%s %s: %s", r->labs[i].lab, lab_state(&r->labs[i]), why);
			fputs(i ? ", " : "", out);
			json_string(out, line);
			free(line);
			free(why);
		}
		fputs("]", out);
	}
	json_num_member(out, ", ", "score", r->max_score > 0 ? r->score / r->max_score : 0);
	char *message = xasprintf("memlabs: %g/%g points", r->score, r->max_score);
	json_str_member(out, ", ", "message", message);
	free(message);
	json_str_member(out, ", ", "output", overview);
	free(overview);
	fputs(", \"tests\": [", out);
	bool first = true;
	for (size_t i = 0; i < r->nlabs; i++)
		for (size_t j = 0; j < r->labs[i].ntests; j++) {
			test(out, r, &r->labs[i], &r->labs[i].tests[j], first);
			first = false;
		}
	fputs("]}\n", out);
}
