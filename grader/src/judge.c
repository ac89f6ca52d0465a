/* judge.c - the verdict on one Criterion test (see judge.h). */
#include "judge.h"
#include "util.h"

#include <string.h>
#include <stdlib.h>

/* The runner ended without a TAP record of the test. */
static struct verdict not_reported(const struct observation *o)
{
	char *how = describe_end(&o->run, &o->limits);
	char *tail = output_tail(o->run.output ? o->run.output : "");
	struct verdict v = { ST_ERROR, 0, xasprintf("the test runner %s without reporting this test%s%s",
	                                             how, *tail ? ":\n" : "", tail) };
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
			: "the test never started (did code run before it and end the process?)") };
	if (!t->partial)
		return (struct verdict){ ST_PASS, t->points, xstrdup("") };
	double share = m->share < 0 ? 0 : m->share > 1 ? 1 : m->share;
	return (struct verdict){ share >= 1 ? ST_PASS : ST_FAIL, t->points * share, xstrdup("") };
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

/* Criterion said not ok: why, in its words. A partial test that reached its
   end keeps the share it earned. */
static struct verdict said_not_ok(const struct listed_test *t, const struct observation *o)
{
	const struct tap_record *r = &o->tap;
	const struct marks *m = &o->marks;
	struct verdict v = { ST_FAIL, 0, NULL };
	if (t->partial && m->end && m->share >= 0)
		v.score = t->points * (m->share > 1 ? 1 : m->share);
	if (strstr(r->reason, "timed out")) {
		v.status = ST_TIMEOUT;
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
			o->limits.wall_seconds) };
	if (!o->tap.found)
		return not_reported(o);
	const char *skip = o->tap.ok ? strstr(o->tap.reason, "# SKIP") : NULL;
	if (skip) {
		const char *why = skip + 6;
		while (*why == ' ')
			why++;
		return (struct verdict){ ST_SKIP, 0, xasprintf("skipped: %s", why) };
	}
	return o->tap.ok ? said_ok(t, o) : said_not_ok(t, o);
}

struct verdict judge(const struct listed_test *test, const struct observation *obs)
{
	struct verdict v = decide(test, obs);
	const char *notes = obs->marks.notes ? obs->marks.notes : "";
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
