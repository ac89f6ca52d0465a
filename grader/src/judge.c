// SPDX-License-Identifier: MIT
/* judge.c - the verdict on one Criterion test (see judge.h). */
#include "judge.h"
#include "util.h"
#include "../../labs/common/labproto.h"

#include <string.h>
#include <stdlib.h>

/* The runner ended without a TAP record of the test. */
static struct verdict not_reported(const struct observation *o)
{
	char *how = describe_end(&o->run, &o->limits);
	char *tail = output_tail(o->run.output ? o->run.output : "");
	struct verdict v = { ST_ERROR, 0, xasprintf("the test runner %s without reporting this test%s%s",
	                                             how, *tail ? ":\n" : "", tail), true };
	free(how);
	free(tail);
	return v;
}

/* Criterion said ok: a pass only if the body got as far as it must. */
static struct verdict said_ok(const struct listed_test *t, const struct observation *o)
{
	const struct marks *m = &o->marks;
	if (!(t->signal ? m->begin : m->end))
		return (struct verdict){ ST_FAIL, 0, xstrdup(m->begin
			? "the test's process ended before the test did (did the code call exit() or _exit()?)"
			: "the test never started (did code run before it and end the process?)"), true };
	if (!t->partial)
		return (struct verdict){ ST_PASS, t->points, xstrdup(""), true };
	double share = m->share < 0 ? 0 : m->share > 1 ? 1 : m->share;
	return (struct verdict){ share >= 1 ? ST_PASS : ST_FAIL, t->points * share, xstrdup(""), true };
}

/* A signal test that Criterion failed without an assertion: the body
   finished (its end mark), or the process ended some other way. */
static char *wrong_end(const struct listed_test *t, const struct observation *o)
{
	if (o->marks.end)
		return xasprintf("the test expects the process to die of signal %d (%s), "
		                 "but the test body finished normally", t->signal, strsignal(t->signal));
	return xasprintf("the test expects the process to die of signal %d (%s), "
	                 "but it ended otherwise (another signal, or exit())",
	                 t->signal, strsignal(t->signal));
}

/* The line of `text` that says a call of the student's code did not return
   (remote.c names the function; it ends the test's process with that line
   on its standard error), or NULL. */
static char *hang_line(const char *text)
{
	const char *at = text ? strstr(text, LABPROTO_HUNG) : NULL;
	if (!at)
		return NULL;
	const char *start = at;
	while (start > text && start[-1] != '\n')
		start--;
	return xstrndup(start, strcspn(start, "\n"));
}

/* The message of a test in which a call hung. */
static char *hung(const struct observation *o, const char *line)
{
	if (!o->hurried)
		return xasprintf("hung: %s", line);
	return xasprintf("hung: %s\n(earlier tests of this lab hung, so each call in the rest "
	                 "gets %g s; the reference's calls take milliseconds)", line, o->call_seconds);
}

/* Criterion said not ok: why, in its words. A partial test that reached its
   end keeps the share it earned. */
static struct verdict said_not_ok(const struct listed_test *t, const struct observation *o)
{
	const struct tap_record *r = &o->tap;
	const struct marks *m = &o->marks;
	struct verdict v = { ST_FAIL, 0, NULL, true };
	if (t->partial && m->end && m->share >= 0)
		v.score = t->points * (m->share > 1 ? 1 : m->share);
	char *hang = hang_line(r->failures);
	if (!hang)
		hang = hang_line(o->run.output);
	if (hang) {
		v.status = ST_TIMEOUT;
		v.hint = false;
		v.message = hung(o, hang);
		free(hang);
	} else if (strstr(r->reason, "timed out")) {
		v.status = ST_TIMEOUT;
		v.hint = false;
		v.message = xasprintf("%s: Criterion stopped the test after its time limit "
		                      "(an endless loop, or waiting for something that never comes?)", r->reason);
	} else if (t->signal && !*r->failures) {
		v.message = wrong_end(t, o);
	} else if (strstr(r->reason, "unexpected signal")) {
		v.status = ST_ERROR;
		v.message = xasprintf("crashed (%s)%s%s", r->reason, *r->failures ? "\n" : "", r->failures);
	} else if (*r->failures) {
		v.message = xstrdup(r->failures);
	} else {
		char *tail = output_tail(o->run.output ? o->run.output : "");
		v.message = xasprintf("failed%s%s%s%s", *r->reason ? ": " : "", r->reason,
		                      *tail ? "\n" : "", tail);
		free(tail);
	}
	return v;
}

static struct verdict decide(const struct listed_test *t, const struct observation *o)
{
	if (o->run.timed_out)
		return (struct verdict){ ST_TIMEOUT, 0, xasprintf(
			"did not finish within %g s (an endless loop, or waiting for something that never comes?)",
			o->limits.wall_seconds), false };
	if (!o->tap.found)
		return not_reported(o);
	const char *skip = o->tap.ok ? strstr(o->tap.reason, "# SKIP") : NULL;
	if (skip) {
		const char *why = skip + 6;
		while (*why == ' ')
			why++;
		return (struct verdict){ ST_SKIP, 0, xasprintf("skipped: %s", why), true };
	}
	return o->tap.ok ? said_ok(t, o) : said_not_ok(t, o);
}

/* The last line of `text` that is not empty, and its length. */
static const char *last_line(const char *text, int *len)
{
	const char *end = text + strlen(text);
	while (end > text && end[-1] == '\n')
		end--;
	const char *start = end;
	while (start > text && start[-1] != '\n')
		start--;
	*len = (int)(end - start);
	return start;
}

/* A partial test that earned less than its points, in words: "partial
   credit: 1.5 of 4 points (why)", the why its last note (else its first
   other failure), then the other failures. Criterion's own line for it
   (labtest.c) goes: the points are the grader's to say. */
static char *partial_credit(const struct listed_test *t, double score, const char *message,
                            const char *notes)
{
	struct buf others = {0};
	for (const char *p = message; *p; ) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		if (!strstr(line, LABPROTO_PARTIAL))
			buf_printf(&others, "%s%s", others.len ? "\n" : "", line);
		free(line);
		p += n + (p[n] == '\n');
	}
	char *rest = buf_take(&others);
	int n;
	const char *why = last_line(notes, &n), *after = rest;
	if (!n) {
		why = rest;
		n = (int)strcspn(rest, "\n");
		after = rest + n + (rest[n] == '\n');
	}
	char *m = xasprintf(LABPROTO_PARTIAL "%g of %g points%s%.*s%s%s%s", round2(score), t->points,
	                    n ? " (" : "", n, why, n ? ")" : "", *after ? "\n" : "", after);
	free(rest);
	return m;
}

struct verdict judge(const struct listed_test *test, const struct observation *obs)
{
	struct verdict v = decide(test, obs);
	const char *notes = obs->marks.notes ? obs->marks.notes : "";
	if (v.status == ST_FAIL && test->partial && obs->marks.end && obs->marks.share >= 0 &&
	    v.score < test->points) {
		char *m = partial_credit(test, v.score, v.message, notes);
		free(v.message);
		v.message = m;
	}
	if (*notes) {
		char *both = *v.message ? xasprintf("%s\n%s", v.message, notes) : xstrdup(notes);
		free(v.message);
		v.message = both;
	}
	char *clean = clean_text(v.message, 4000);
	free(v.message);
	v.message = clean;
	return v;
}

struct verdict judge_skip(struct verdict student, const struct verdict *check, const char *who)
{
	char *msg;
	if (check->status == ST_SKIP) {
		msg = xasprintf("%s (%s skips it too on this machine)", student.message, who);
	} else {
		msg = xasprintf("%s; but %s does not skip it on this machine, so your process caused "
		                "the skip, which scores 0 (a skip counts only when the machine cannot "
		                "run the test). Did your code make its /proc unreadable "
		                "(prctl PR_SET_DUMPABLE), turn off ASLR (personality ADDR_NO_RANDOMIZE), "
		                "change its limits, or replace a library function (malloc, getauxval)?", student.message, who);
		student.status = ST_FAIL;
		student.hint = false;
	}
	student.score = 0;
	free(student.message);
	student.message = clean_text(msg, 4000);
	free(msg);
	return student;
}
