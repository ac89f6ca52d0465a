/* report_text.c - the record for a person at a terminal (see report.h). */
#include "report.h"
#include "util.h"

#include <stdlib.h>
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

/* The next step when lab `lab` is the first below full marks. */
static void lab_next_step(FILE *out, const struct lab_result *lab)
{
	const char *name = lab->lab;
	switch (lab->outcome) {
	case LAB_NOT_STARTED:
		fprintf(out, "lab %s is not started. Start with task 1 of its handout,\n"
		        "      labs/%s/README.md; make -C labs/%s test runs its tests\n", name, name, name);
		return;
	case LAB_FILES_MISSING:
		fprintf(out, "lab %s is graded only with all of its files: hand in %s too\n"
		        "      (make -C labs/%s student-files lists them)\n", name, lab->missing, name);
		return;
	case LAB_BUILD_FAILED:
		fprintf(out, "lab %s does not build. Fix the first compiler error above, then run\n"
		        "      make -C labs/%s\n", name, name);
		return;
	case LAB_REFERENCE_MISSING:
		fprintf(out, "lab %s was not graded: the grading needs the reference (see above);\n"
		        "      nothing in your code is at fault\n", name);
		return;
	case LAB_GRADER_ERROR:
		fprintf(out, "lab %s was not graded: the grader failed (see above), not your code.\n"
		        "      Tell your instructor\n", name);
		return;
	case LAB_GRADED:
		break;
	}
	const struct test_result *t = first_lost(lab);
	if (t && !t->driver_test) {
		fprintf(out, "lab %s, test %s. Run it alone with\n"
		        "      make -C labs/%s test TESTFLAGS=--filter=%s\n"
		        "      and read the hint; the handout is labs/%s/README.md\n",
		        name, t->name, name, t->name, name);
	} else if (t) {
		fprintf(out, "lab %s, %s. Read its message and hint above (the hint says how\n"
		        "      to run it alone) and the handout labs/%s/README.md\n", name, t->name, name);
	} else {
		fprintf(out, "lab %s: see the handout labs/%s/README.md\n", name, name);
	}
}

static void next_step(FILE *out, const struct report *r, const struct style *s)
{
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		if (lab->score >= lab->max_score)
			continue;
		fprintf(out, "%sNext:%s ", s->bold, s->off);
		lab_next_step(out, lab);
		return;
	}
	if (r->nlabs)
		fprintf(out, "%sAll done:%s every lab graded here has full marks.\n", s->bold, s->off);
}

/* Why the lab was not graded, or not started: a tag, the explanation's
   first line beside it, the rest (a compiler's log) indented below. */
static void lab_headline(FILE *out, const struct lab_result *lab, const struct style *s)
{
	static const char *const tag[] = {
		[LAB_GRADED] = "", [LAB_NOT_STARTED] = "NOT STARTED",
		[LAB_FILES_MISSING] = "FILES MISSING", [LAB_BUILD_FAILED] = "BUILD FAILED",
		[LAB_REFERENCE_MISSING] = "NOT GRADED", [LAB_GRADER_ERROR] = "GRADER ERROR",
	};
	if (lab->outcome == LAB_GRADED)
		return;
	char *why = lab_explanation(lab);
	char *nl = strchr(why, '\n');
	if (nl)
		*nl = '\0';
	fprintf(out, "  %s%s%s: %s\n", lab->outcome == LAB_NOT_STARTED ? s->skip : s->fail,
	        tag[lab->outcome], s->off, why);
	if (nl)
		indented(out, "    ", nl + 1);
	free(why);
}

void report_text(FILE *out, const struct report *r, bool color)
{
	const struct style *s = color ? &ansi : &plain;
	char *name = clean_text(r->submission ? r->submission : "", 300);
	fprintf(out, "%smemlabs grader%s: submission %s\n", s->bold, s->off, name);
	free(name);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fprintf(out, "\n%s== %s%s%s%s ==%s\n", s->bold, lab->lab,
		        *lab->title ? ": " : "", lab->title, s->bold, s->off);
		if (*lab->note)
			indented(out, "  ", lab->note);
		lab_headline(out, lab, s);
		for (size_t j = 0; j < lab->ntests; j++)
			test_line(out, &lab->tests[j], s);
		fprintf(out, "  %sscore: %g/%g%s\n", s->bold, lab->score, lab->max_score, s->off);
	}

	fprintf(out, "\n%sSummary%s\n", s->bold, s->off);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		const char *state = lab_state(lab);
		const char *color_on = !strcmp(state, "done") ? s->pass :
		                       !strcmp(state, "in progress") ? s->skip :
		                       lab->outcome == LAB_NOT_STARTED ? s->dim : s->fail;
		fprintf(out, "  %-22s %6g/%-4g %s%s%s\n", lab->lab, lab->score,
		        lab->max_score, color_on, state, s->off);
	}
	fprintf(out, "  %-22s %6g/%-4g\n", "total", r->score, r->max_score);
	next_step(out, r, s);
}
