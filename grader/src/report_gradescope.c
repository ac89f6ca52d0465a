// SPDX-License-Identifier: MIT
/*
 * report_gradescope.c - the record as Gradescope's results.json: the total
 * score, the run time, a one-screen overview in "output", and one entry per
 * test (name, score, max_score, status passed/failed, output, visibility; a
 * skipped test has no max_score nor status).
 * Set MEMLABS_VISIBILITY to hidden, after_due_date or after_published to
 * hold the tests back from students (default: visible); the total score
 * is always visible.
 */
#include "report.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Gradescope wants numbers, never null. */
static void number(FILE *out, double x)
{
	json_number(out, x, "0");
}

static const char *const known_visibility[] = { "visible", "hidden", "after_due_date", "after_published" };

static const char *visibility(void)
{
	const char *v = getenv("MEMLABS_VISIBILITY");
	for (size_t i = 0; v && i < sizeof known_visibility / sizeof known_visibility[0]; i++)
		if (!strcmp(v, known_visibility[i]))
			return known_visibility[i];
	return "visible";
}

bool gradescope_visibility_known(void)
{
	const char *v = getenv("MEMLABS_VISIBILITY");
	return !v || !*v || strcmp(visibility(), "visible") || !strcmp(v, "visible");
}

/* The overview: always visible; with the tests held back, it never quotes
   a compiler's or the grader's log (they may quote private tests). */
static void overview(FILE *out, const struct report *r)
{
	char *text = report_overview(r, !strcmp(visibility(), "visible"));
	json_string(out, text);
	free(text);
}

void report_gradescope(FILE *out, const struct report *r)
{
	const char *vis = visibility();
	fputs("{\"score\": ", out);
	number(out, r->score);
	fputs(", \"execution_time\": ", out);
	fprintf(out, "%d", (int)ceil(r->seconds));
	fputs(", \"output\": ", out);
	overview(out, r);
	/* The total is always shown; the tests as the instructor chose. */
	fputs(", \"visibility\": \"visible\", \"stdout_visibility\": \"hidden\", \"tests\": [", out);
	int n = 0;
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		for (size_t j = 0; j < lab->ntests; j++) {
			const struct test_result *t = &lab->tests[j];
			fputs(n++ ? ",\n  {" : "\n  {", out);
			char *name = r->nlabs > 1 ? xasprintf("%s: %s", lab->lab, t->name)
			                          : xasprintf("%s", t->name);
			fputs("\"name\": ", out);
			json_string(out, name);
			free(name);
			fputs(", \"number\": ", out);
			fprintf(out, "\"%d\"", n);
			fputs(", \"score\": ", out);
			number(out, t->score);
			/* A skipped test is left out of the lab's total, and is neither
			   passed nor failed (Gradescope knows no other status): it has
			   neither, and its output says "skipped: why". */
			if (t->status != ST_SKIP) {
				fputs(", \"max_score\": ", out);
				number(out, t->max_score);
				fputs(", \"status\": ", out);
				json_string(out, t->status == ST_PASS ? "passed" : "failed");
			}
			char *text = test_explanation(t);
			fputs(", \"output\": ", out);
			json_string(out, text);
			free(text);
			fputs(", \"visibility\": ", out);
			json_string(out, vis);
			fputs("}", out);
		}
	}
	fputs("]}\n", out);
}
