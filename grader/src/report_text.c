/* report_text.c - the record for a person at a terminal (see report.h). */
#include "report.h"

#include <string.h>

struct style {
	const char *pass, *fail, *skip, *bold, *dim, *off;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = { "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m" };

/* Print `text` with every line indented by `indent`. */
static void indented(FILE *out, const char *indent, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(out, "%s%.*s\n", indent, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void test_line(FILE *out, const struct test_result *t, const struct style *s)
{
	const char *word, *color;
	switch (t->status) {
	case ST_PASS: word = "PASS"; color = s->pass; break;
	case ST_SKIP: word = "SKIP"; color = s->skip; break;
	case ST_TIMEOUT: word = "TIME"; color = s->fail; break;
	case ST_ERROR: word = "ERR "; color = s->fail; break;
	default: word = "FAIL"; color = s->fail; break;
	}
	/* The metrics are for machines; the message says them in words. */
	fprintf(out, "  %s%s%s  %-44s %6g/%g\n", color, word, s->off, t->name,
	        round2(t->score), round2(t->max_score));
	if (t->status == ST_PASS) {
		if (*t->message)
			indented(out, "        ", t->message);
		return;
	}
	if (*t->message)
		indented(out, "        ", t->message);
	if (*t->hint && t->status != ST_SKIP) {
		fprintf(out, "        %shint:%s ", s->bold, s->off);
		indented(out, "", t->hint);
	}
}

static const struct test_result *first_lost(const struct lab_result *lab)
{
	for (size_t i = 0; i < lab->ntests; i++) {
		const struct test_result *t = &lab->tests[i];
		if (t->status != ST_SKIP && t->score < t->max_score)
			return t;
	}
	return NULL;
}

static void next_step(FILE *out, const struct report *r, const struct style *s)
{
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		if (lab->score >= lab->max_score)
			continue;
		fprintf(out, "%sNext:%s ", s->bold, s->off);
		if (!lab->built) {
			fprintf(out, "lab %s does not build. Fix the first error above, then run\n"
			        "      make -C labs/%s\n", lab->lab, lab->lab);
			return;
		}
		const struct test_result *t = first_lost(lab);
		if (t && !t->from_driver) {
			fprintf(out, "lab %s, test %s. Run it alone with\n"
			        "      make -C labs/%s test TESTFLAGS=--filter=%s\n"
			        "      and read the hint; the handout is labs/%s/README.md\n",
			        lab->lab, t->name, lab->lab, t->name, lab->lab);
		} else if (t) {
			fprintf(out, "lab %s, %s. Read its message and hint above (the hint says how\n"
			        "      to run it alone) and the handout labs/%s/README.md\n",
			        lab->lab, t->name, lab->lab);
		} else {
			fprintf(out, "lab %s: see the handout labs/%s/README.md\n", lab->lab, lab->lab);
		}
		return;
	}
	if (r->nlabs)
		fprintf(out, "%sAll done:%s every lab graded here has full marks.\n", s->bold, s->off);
}

void report_text(FILE *out, const struct report *r, bool color)
{
	const struct style *s = color ? &ansi : &plain;
	fprintf(out, "%smemlabs grader%s: submission %s\n", s->bold, s->off, r->submission);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fprintf(out, "\n%s== %s%s%s%s ==%s\n", s->bold, lab->lab,
		        *lab->title ? ": " : "", lab->title, s->bold, s->off);
		if (*lab->note)
			indented(out, "  ", lab->note);
		if (!lab->built) {
			fprintf(out, "  %sBUILD FAILED%s: the lab scores 0. The compiler said:\n",
			        s->fail, s->off);
			indented(out, "    ", lab->build_log);
		}
		for (size_t j = 0; j < lab->ntests; j++)
			test_line(out, &lab->tests[j], s);
		fprintf(out, "  %sscore: %g/%g%s\n", s->bold, lab->score, lab->max_score, s->off);
	}

	fprintf(out, "\n%sSummary%s\n", s->bold, s->off);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		const char *state = lab_state(lab);
		const char *color_on = !strcmp(state, "done") ? s->pass :
		                       !strcmp(state, "in progress") ? s->skip : s->dim;
		fprintf(out, "  %-22s %6g/%-4g %s%s%s\n", lab->lab, lab->score,
		        lab->max_score, color_on, state, s->off);
	}
	fprintf(out, "  %-22s %6g/%-4g\n", "total", r->score, r->max_score);
	next_step(out, r, s);
}
