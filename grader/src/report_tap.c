// SPDX-License-Identifier: MIT
/*
 * report_tap.c - the record as TAP version 13, which any CI system or
 * `prove` reads: one line per test, "ok"/"not ok", the points after a '#',
 * and the message and hint in a YAML block below a failed test.
 */
#include "report.h"

#include <string.h>

/* A YAML block scalar: every line indented. */
static void yaml_block(FILE *out, const char *key, const char *text)
{
	fprintf(out, "  %s: |\n", key);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(out, "    %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* '#' starts a directive in TAP: keep it out of test names. */
static void name(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '#' ? '_' : *s == '\n' ? ' ' : *s, out);
}

void report_tap(FILE *out, const struct report *r)
{
	size_t total = 0;
	for (size_t i = 0; i < r->nlabs; i++)
		total += r->labs[i].ntests;
	fprintf(out, "TAP version 13\n1..%zu\n", total);
	size_t n = 0;
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		if (lab->outcome == LAB_GRADED)
			fprintf(out, "# %s: %g/%g\n", lab->lab, lab->score, lab->max_score);
		else
			fprintf(out, "# %s: %g/%g (%s)\n", lab->lab, lab->score, lab->max_score,
			        lab_state(lab));
		for (size_t j = 0; j < lab->ntests; j++) {
			const struct test_result *t = &lab->tests[j];
			bool ok = t->status == ST_PASS || t->status == ST_SKIP;
			fprintf(out, "%s %zu - ", ok ? "ok" : "not ok", ++n);
			name(out, lab->lab);
			fputs(": ", out);
			name(out, t->name);
			if (t->status == ST_SKIP) {
				fputs(" # SKIP ", out);
				name(out, t->message);
				fputc('\n', out);
				continue;
			}
			fprintf(out, " (%g/%g)\n", round2(t->score), round2(t->max_score));
			if (ok)
				continue;
			fputs("  ---\n", out);
			fprintf(out, "  status: %s\n", status_name(t->status));
			if (*t->message)
				yaml_block(out, "message", t->message);
			if (*t->hint)
				yaml_block(out, "hint", t->hint);
			fputs("  ...\n", out);
		}
	}
	fprintf(out, "# total: %g/%g\n", r->score, r->max_score);
}
