// SPDX-License-Identifier: MIT
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

/* Did the test lose points? (A trace can pass and still lose some.) */
static bool lost(const struct test_result *t)
{
	return t->status != ST_SKIP && t->score < t->max_score;
}

/* The test to do next in a lab whose tests ran: the first to lose points,
   in the order of the tasks; among the traces (driver tests, each a share
   of the points), the one that loses the most. */
static const struct test_result *next_test(const struct lab_result *lab)
{
	const struct test_result *next = NULL;
	for (size_t i = 0; i < lab->ntests; i++) {
		const struct test_result *t = &lab->tests[i];
		if (!lost(t))
			continue;
		if (!next)
			next = t;
		else if (next->driver_test && t->driver_test &&
		         t->max_score - t->score > next->max_score - next->score)
			next = t;
		if (!next->driver_test)
			break;
	}
	return next;
}

/* `s` as one shell word: quoted when it holds anything but [A-Za-z0-9/._+-]. */
static void shell_word(FILE *out, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-") == strlen(s)) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\'", out);
		fputc(*s, out);
	}
	fputc('\'', out);
}

/* The command that runs test `t` alone, from any folder: make -C with the
   lab's absolute folder. make test shows no hints, so the caller does. */
static void run_command(FILE *out, const struct lab_result *lab, const struct test_result *t)
{
	const char *name = strchr(t->name, '/') ? strchr(t->name, '/') + 1 : t->name;
	if (!*lab->folder) {
		fprintf(out, "  run it: copy your files into labs/%s, then there: make test T=%s\n",
		        lab->lab, t->name);
		return;
	}
	fputs("  run it: make -C ", out);
	shell_word(out, lab->folder);
	if (t->driver_test)
		fprintf(out, " traces MDRIVER_FLAGS='-V -f ../traces/%s.rep'\n", name);
	else
		fprintf(out, " test T=%s\n", t->name);
}

/* The next test in detail: its message (first lines), its hint, how to run it. */
static void next_test_detail(FILE *out, const struct lab_result *lab,
                             const struct test_result *t, const struct style *s)
{
	const char *m = t->message;
	for (int i = 0; i < 3 && *m; i++) {
		size_t n = strcspn(m, "\n");
		fprintf(out, "    %.*s\n", (int)n, m);
		m += n + (m[n] == '\n');
	}
	if (*t->hint) {
		fprintf(out, "  %shint:%s ", s->bold, s->off);
		indented(out, "", t->hint);
	}
	run_command(out, lab, t);
}

/* The next step when lab `lab` is the first below full marks. */
static void lab_next_step(FILE *out, const struct lab_result *lab, const struct style *s)
{
	const char *name = lab->lab;
	const struct test_result *t = next_test(lab);
	switch (lab->outcome) {
	case LAB_NOT_STARTED:
		fprintf(out, "lab %s is not started. Start with task 1 of its handout,\n"
		        "  labs/%s/README.md", name, name);
		if (!t) {
			fputs("; make -C ", out);
			shell_word(out, *lab->folder ? lab->folder : "labs/");
			fprintf(out, "%s test runs its tests\n", *lab->folder ? "" : name);
			return;
		}
		fprintf(out, ": its first test, %s, fails\n", t->name);
		next_test_detail(out, lab, t, s);
		return;
	case LAB_FILES_MISSING:
		fprintf(out, "lab %s is graded only with all of its files: hand in %s too\n"
		        "  (make -C labs/%s student-files lists them)\n", name, lab->missing, name);
		return;
	case LAB_BUILD_FAILED:
		fprintf(out, "lab %s does not build. Fix the first compiler error above, then run\n"
		        "  make -C labs/%s\n", name, name);
		return;
	case LAB_REFERENCE_MISSING:
		fprintf(out, "lab %s was not graded: the grading needs the reference (see above);\n"
		        "  nothing in your code is at fault\n", name);
		return;
	case LAB_GRADER_ERROR:
		fprintf(out, "lab %s was not graded: the grader failed (see above), not your code.\n"
		        "  Tell your instructor\n", name);
		return;
	case LAB_GRADED:
		break;
	}
	if (!t) {
		fprintf(out, "lab %s: see the handout labs/%s/README.md\n", name, name);
		return;
	}
	if (t->driver_test)
		fprintf(out, "lab %s, trace %s: it loses the most points (%g of %g)\n", name, t->name,
		        round2(t->max_score - t->score), round2(t->max_score));
	else
		fprintf(out, "lab %s, test %s: the first to lose points (handout labs/%s/README.md)\n",
		        name, t->name, name);
	next_test_detail(out, lab, t, s);
}

static void next_step(FILE *out, const struct report *r, const struct style *s)
{
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		if (lab->score >= lab->max_score)
			continue;
		fprintf(out, "%sNext:%s ", s->bold, s->off);
		lab_next_step(out, lab, s);
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
	char *why = lab_explanation(lab);
	char *nl = strchr(why, '\n');
	if (nl)
		*nl = '\0';
	fprintf(out, "%s%s%s: %s\n", lab->outcome == LAB_NOT_STARTED ? s->skip : s->fail,
	        tag[lab->outcome], s->off, why);
	if (nl)
		indented(out, "    ", nl + 1);
	free(why);
}

static const char *state_color(const struct lab_result *lab, const struct style *s)
{
	const char *state = lab_state(lab);
	return !strcmp(state, "done") ? s->pass : !strcmp(state, "in progress") ? s->skip :
	       lab->outcome == LAB_NOT_STARTED ? s->dim : s->fail;
}

static void report_head(FILE *out, const struct report *r, const struct style *s)
{
	char *name = clean_text(r->submission ? r->submission : "", 300);
	fprintf(out, "%smemlabs grader%s: submission %s\n", s->bold, s->off, name);
	free(name);
}

/* Every test with its message and hint (FORMAT=text-full, and the Autolab
   report's text). */
void report_text_full(FILE *out, const struct report *r, bool color)
{
	const struct style *s = color ? &ansi : &plain;
	report_head(out, r, s);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fprintf(out, "\n%s== %s%s%s%s ==%s\n", s->bold, lab->lab,
		        *lab->title ? ": " : "", lab->title, s->bold, s->off);
		if (*lab->note)
			indented(out, "  ", lab->note);
		if (lab->outcome != LAB_GRADED) {
			fputs("  ", out);
			lab_headline(out, lab, s);
		}
		for (size_t j = 0; j < lab->ntests; j++)
			test_line(out, &lab->tests[j], s);
		fprintf(out, "  %sscore: %g/%g%s\n", s->bold, lab->score, lab->max_score, s->off);
	}

	fprintf(out, "\n%sSummary%s\n", s->bold, s->off);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fprintf(out, "  %-22s %6g/%-4g %s%s%s\n", lab->lab, lab->score,
		        lab->max_score, state_color(lab, s), lab_state(lab), s->off);
	}
	fprintf(out, "  %-22s %6g/%-4g\n", "total", r->score, r->max_score);
	next_step(out, r, s);
}

/* The screenful: per lab a score line, a line per suite (a task's tests),
   and its failures grouped; then the one next step. */
enum { WIDTH = 120, GROUP_LINES = 3 };

/* A test's suite: its name up to the '/'. */
static bool same_suite(const char *a, const char *b)
{
	size_t n = strcspn(a, "/");
	return n == strcspn(b, "/") && !strncmp(a, b, n);
}

static void suite_lines(FILE *out, const struct lab_result *lab, const struct style *s)
{
	for (size_t i = 0, j; i < lab->ntests; i = j) {
		const char *name = lab->tests[i].name;
		int tests = 0, passed = 0;
		double got = 0, max = 0;
		for (j = i; j < lab->ntests && same_suite(lab->tests[j].name, name); j++) {
			const struct test_result *t = &lab->tests[j];
			if (t->status == ST_SKIP)
				continue;
			tests++;
			passed += !lost(t);
			got += t->score;
			max += t->max_score;
		}
		char tally[32], points[64];
		snprintf(tally, sizeof tally, "%d/%d", passed, tests);
		snprintf(points, sizeof points, "%g/%g", round2(got), round2(max));
		fprintf(out, "  %-12.*s %7s tests %9s points%s%s%s\n", (int)strcspn(name, "/"), name,
		        tally, points, s->pass, passed == tests ? "  done" : "", s->off);
	}
}

/* A failure's first line, without the test's own name in front of it (a
   trace's "binary.rep: ..."): what the tests of a group share. */
static const char *failure_text(const struct test_result *t)
{
	const char *m = t->message, *own = strchr(t->name, '/');
	own = own ? own + 1 : t->name;
	size_t n = strlen(own);
	const char *colon = strstr(m, ": ");
	if (*own && !strncmp(m, own, n) && colon && strcspn(m, " \n") > (size_t)(colon - m))
		m = colon + 2;
	return *m ? m : status_name(t->status);
}

/* Failures are grouped by their first line up to its first '(' or '"',
   where the details of one call begin: the same assertion (file:line:),
   the same way of failing ("crashed", a trace's "init returned -1"). */
static bool same_failure(const struct test_result *a, const struct test_result *b)
{
	const char *x = failure_text(a), *y = failure_text(b);
	size_t n = strcspn(x, "(\"\n");
	return n == strcspn(y, "(\"\n") && !strncmp(x, y, n);
}

/* One line of a group: how many tests, the first one's failure (without
   "Assertion failed: ", cut to fit the width), the names of as many of
   them as leave the failure MESSAGE_ROOM. */
enum { MESSAGE_ROOM = 70 };
static void group_line(FILE *out, const struct lab_result *lab, size_t first, int count,
                       const struct style *s)
{
	const struct test_result *t = &lab->tests[first];
	const char *m = failure_text(t);
	char *msg = xstrndup(m, strcspn(m, "\n"));
	char *af = strstr(msg, "Assertion failed: ");
	if (af)
		memmove(af, af + 18, strlen(af + 18) + 1);
	size_t n = strlen(msg);
	char *head = count > 1 ? xasprintf("%d tests: ", count) : xasprintf("%s: ", t->name);
	long room = WIDTH - 2 - (long)strlen(head) - 8;   /* 8: " (", ", ...)" */
	room -= (long)n < MESSAGE_ROOM ? (long)n : MESSAGE_ROOM;
	struct buf names = {0};
	int named = 0;
	for (size_t i = first; i < lab->ntests && count > 1 && named < count; i++) {
		const struct test_result *u = &lab->tests[i];
		if (!lost(u) || !same_failure(u, t))
			continue;
		if (named && (long)(names.len + strlen(u->name) + 2) > room)
			break;
		buf_printf(&names, "%s%s", named++ ? ", " : " (", u->name);
	}
	if (named)
		buf_puts(&names, named < count ? ", ...)" : ")");
	char *tail = buf_take(&names);
	/* What fits: the indent, head, message and tail in WIDTH. */
	room = WIDTH - 2 - (long)(strlen(head) + strlen(tail));
	bool cut = (long)n > room;
	if (cut) {
		n = room > 23 ? (size_t)room - 3 : 20;
		while (n && ((unsigned char)msg[n] & 0xc0) == 0x80)
			n--;   /* not inside a UTF-8 character */
	}
	fprintf(out, "  %s%s%.*s%s%s%s\n", s->fail, head, (int)n, msg, cut ? "..." : "", s->off, tail);
	free(msg);
	free(head);
	free(tail);
}

/* The failures of a lab, the biggest groups first (in the tasks' order
   when as big), in at most GROUP_LINES lines. */
static void failure_groups(FILE *out, const struct lab_result *lab, const struct style *s)
{
	size_t ngroups = 0, nlost = 0;
	size_t *first = xcalloc(lab->ntests + 1, sizeof *first);
	int *count = xcalloc(lab->ntests + 1, sizeof *count);
	for (size_t i = 0; i < lab->ntests; i++) {
		if (!lost(&lab->tests[i]))
			continue;
		nlost++;
		size_t g = 0;
		while (g < ngroups && !same_failure(&lab->tests[first[g]], &lab->tests[i]))
			g++;
		if (g == ngroups)
			first[ngroups++] = i;
		count[g]++;
	}
	for (size_t g = 1; g < ngroups; g++)   /* a stable sort, biggest first */
		for (size_t k = g; k > 0 && count[k] > count[k - 1]; k--) {
			size_t f = first[k];
			int c = count[k];
			first[k] = first[k - 1], count[k] = count[k - 1];
			first[k - 1] = f, count[k - 1] = c;
		}
	size_t shown = ngroups <= GROUP_LINES ? ngroups : GROUP_LINES - 1, tests_shown = 0;
	for (size_t g = 0; g < shown; g++) {
		group_line(out, lab, first[g], count[g], s);
		tests_shown += (size_t)count[g];
	}
	if (shown < ngroups)
		fprintf(out, "  ... and %zu more tests that lose points, %zu other ways (FORMAT=text-full lists them)\n",
		        nlost - tests_shown, ngroups - shown);
	free(first);
	free(count);
}

void report_text(FILE *out, const struct report *r, bool color)
{
	const struct style *s = color ? &ansi : &plain;
	report_head(out, r, s);
	fputc('\n', out);
	/* One line per lab; the tasks and the grouped failures of the lab in
	   progress only (the first below full marks, which "Next:" is about). */
	bool detailed = false;
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fprintf(out, "%s%-18s%s %6g/%-4g ", s->bold, lab->lab, s->off, lab->score, lab->max_score);
		if (lab->outcome == LAB_GRADED)
			fprintf(out, "%s%s%s\n", state_color(lab, s), lab_state(lab), s->off);
		else
			lab_headline(out, lab, s);
		if (*lab->note)
			indented(out, "  ", lab->note);
		if (lab->score >= lab->max_score || detailed)
			continue;
		detailed = true;
		suite_lines(out, lab, s);
		failure_groups(out, lab, s);
	}
	fprintf(out, "%s%-18s%s %6g/%g\n\n", s->bold, "total", s->off, r->score, r->max_score);
	next_step(out, r, s);
}
