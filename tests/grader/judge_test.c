// SPDX-License-Identifier: MIT
/*
 * judge_test.c - the judge (grader/src/judge.c) on every combination of what
 * running a test can show, and the grader's readers of the lab protocols on
 * what the labs' writers (labs/common/labproto.c) write, the build log a
 * report shows (grader/src/buildlog.c), and the text report's screenful
 * (grader/src/report_text.c).
 *
 * Usage: built and run by tests/grader/40-judge.sh.
 * Try:   tests/run grader/40-judge
 *
 * The expected verdicts are the rules of grader/README.md ("a test passes
 * only when Criterion says so and the test's body reached its end mark"),
 * written out below as a decision list in the order they apply.
 */
#include <criterion/criterion.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildlog.h"
#include "driver.h"
#include "judge.h"
#include "labinfo.h"
#include "labproto.h"
#include "listing.h"
#include "runtest.h"
#include "util.h"

/* What Criterion's TAP said about the test. */
enum tap_kind {
	TAP_MISSING, TAP_OK, TAP_SKIP, TAP_FAIL_ASSERT, TAP_FAIL_CRASH, TAP_FAIL_TIMEOUT,
	TAP_FAIL_BARE, TAP_KINDS
};
static const char *const tap_kind_name[] = {
	"missing", "ok", "skip", "not ok (assertion)", "not ok (unexpected signal)",
	"not ok (Criterion's timeout)", "not ok (no reason)",
};

/* One combination of what was observed and what the test is. */
struct combo {
	int exit_code;          /* 0 or 1 */
	bool killed;            /* by SIGKILL */
	bool timed_out;         /* the grader's wall-clock limit */
	enum tap_kind tap;
	bool begin, end;
	bool signal_test;       /* LAB_TEST_SIGNAL(..., SIGSEGV) */
	bool partial;
	double share;           /* -1: no score mark */
	bool notes;
};

static const double shares[] = { -1, 0, 0.5, 1, 1.5 };
enum { NSHARES = sizeof shares / sizeof shares[0] };
static const double POINTS = 4;

/* The verdict the rules give, and a piece of the message that says why. */
struct expected {
	enum test_status status;
	double score;
	const char *says;       /* "" : the message is empty (but for notes) */
};

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* A partial test that reached its end with less than its points: the
   message starts "partial credit: N of 4 points". */
static bool partial_credit(const struct combo *c, enum test_status status, double score)
{
	return status == ST_FAIL && c->partial && c->end && c->share >= 0 && score < POINTS;
}

static struct expected expected_ok(const struct combo *c)
{
	bool reached = c->signal_test ? c->begin : c->end;
	if (!reached)
		return (struct expected){ ST_FAIL, 0, c->begin ? "ended before the test did"
		                                               : "the test never started" };
	if (!c->partial)
		return (struct expected){ ST_PASS, POINTS, "" };
	double share = clamp01(c->share);
	return (struct expected){ share >= 1 ? ST_PASS : ST_FAIL, POINTS * share,
	                          partial_credit(c, ST_FAIL, POINTS * share) ? "partial credit: " : "" };
}

static struct expected expected_not_ok(const struct combo *c)
{
	/* A partial test that reached its end keeps the share it earned. */
	double score = c->partial && c->end && c->share >= 0 ? POINTS * (c->share > 1 ? 1 : c->share) : 0;
	bool failures = c->tap == TAP_FAIL_ASSERT;
	if (c->tap == TAP_FAIL_TIMEOUT)
		return (struct expected){ ST_TIMEOUT, score, "Criterion stopped the test" };
	if (c->signal_test && !failures)
		return (struct expected){ ST_FAIL, score, c->end ? "the test body finished normally"
		                                                 : "but it ended otherwise" };
	if (c->tap == TAP_FAIL_CRASH)
		return (struct expected){ ST_ERROR, score, "crashed (unexpected signal after t.c:8)" };
	if (failures)
		return (struct expected){ ST_FAIL, score, "t.c:5: Assertion failed: boom" };
	/* Partial credit says why in brackets after the points: the first line. */
	return (struct expected){ ST_FAIL, score, partial_credit(c, ST_FAIL, score) && !c->notes
	                          ? "(failed: (0.00s))\na line\nthe last line"
	                          : "failed: (0.00s)\na line\nthe last line" };
}

static struct expected expected_verdict(const struct combo *c)
{
	if (c->timed_out)
		return (struct expected){ ST_TIMEOUT, 0, "did not finish within 30 s" };
	switch (c->tap) {
	case TAP_MISSING:
		return (struct expected){ ST_ERROR, 0, c->killed ? "was killed by signal 9"
		                                     : c->exit_code ? "exited with status 1"
		                                     : "exited with status 0" };
	case TAP_SKIP:
		return (struct expected){ ST_SKIP, 0, "skipped: ASLR is off" };
	case TAP_OK:
		return expected_ok(c);
	default:
		return expected_not_ok(c);
	}
}

static void tap_record_of(enum tap_kind kind, struct tap_record *r)
{
	static const struct { bool found, ok; const char *reason, *failures; } tap[] = {
		[TAP_MISSING] = { false, false, "", "" },
		[TAP_OK] = { true, true, "(0.00s)", "" },
		[TAP_SKIP] = { true, true, "# SKIP ASLR is off", "" },
		[TAP_FAIL_ASSERT] = { true, false, "(0.00s)", "t.c:5: Assertion failed: boom" },
		[TAP_FAIL_CRASH] = { true, false, "unexpected signal after t.c:8", "" },
		[TAP_FAIL_TIMEOUT] = { true, false, "timed out (10.01s)", "" },
		[TAP_FAIL_BARE] = { true, false, "(0.00s)", "" },
	};
	r->found = tap[kind].found;
	r->ok = tap[kind].ok;
	r->reason = (char *)tap[kind].reason;
	r->failures = (char *)tap[kind].failures;
}

static void observe(const struct combo *c, struct observation *o)
{
	memset(o, 0, sizeof *o);
	o->limits = default_limits();
	o->limits.wall_seconds = 30;
	o->run.started = true;
	o->run.timed_out = c->timed_out;
	o->run.exit_code = c->exit_code;
	o->run.signal = c->killed ? SIGKILL : 0;
	o->run.output = "a line\nthe last line\n";
	tap_record_of(c->tap, &o->tap);
	o->marks.begin = c->begin;
	o->marks.end = c->end;
	o->marks.share = c->share;
	o->marks.notes = c->notes ? "a note\nand another" : "";
}

static char *describe(const struct combo *c)
{
	return xasprintf("runner %s%s%s, TAP %s, marks %s%s share %g%s, %s%s test",
	                 c->killed ? "killed by SIGKILL" : "exit", c->killed ? "" : c->exit_code ? " 1" : " 0",
	                 c->timed_out ? " and timed out" : "", tap_kind_name[c->tap],
	                 c->begin ? "begin" : "-", c->end ? " end" : " -", c->share,
	                 c->notes ? " notes" : "", c->signal_test ? "signal " : "",
	                 c->partial ? "partial" : "plain");
}

/* Judge one combination; returns false (and says why) when the verdict is
   not the rules' or breaks an invariant. */
static bool check(const struct combo *c)
{
	struct listed_test t = { "s/t", POINTS, c->signal_test ? SIGSEGV : 0, c->partial, "hint", false };
	struct observation o;
	observe(c, &o);
	struct verdict v = judge(&t, &o);
	struct expected e = expected_verdict(c);
	char want[64];
	snprintf(want, sizeof want, "partial credit: %g of %g points", v.score, POINTS);
	const char *problem = NULL;
	if (v.status != e.status)
		problem = "status";
	else if (v.score != e.score)
		problem = "score";
	else if (v.score < 0 || v.score > POINTS || (v.status == ST_SKIP && v.score != 0) ||
	         (v.status == ST_PASS && v.score != POINTS))
		problem = "score out of bounds";
	else if (*e.says ? !strstr(v.message, e.says) : c->notes ? strcmp(v.message, "a note\nand another") : *v.message)
		problem = "message";
	else if (partial_credit(c, v.status, v.score) &&
	         strncmp(v.message, want, strlen(want)))
		problem = "partial credit not said in points";
	else if (v.hint != (v.status != ST_TIMEOUT))
		problem = "hint (shown for all but a time-out)";
	else if (c->notes && (strlen(v.message) < 18 || strcmp(v.message + strlen(v.message) - 18, "a note\nand another")))
		problem = "notes not at the end of the message";
	if (problem) {
		char *what = describe(c);
		cr_log_error("%s: %s -> %s %g \"%s\"; expected %s %g \"%s\"", problem, what,
		             status_name(v.status), v.score, v.message, status_name(e.status), e.score, e.says);
		free(what);
	}
	free(v.message);
	return !problem;
}

Test(judge, every_combination)
{
	size_t n = 0, bad = 0;
	struct combo c;
	for (int runner = 0; runner < 8; runner++)
	for (int tap = 0; tap < TAP_KINDS; tap++)
	for (int marks = 0; marks < 4; marks++)
	for (int sig = 0; sig < 2; sig++)
	for (int partial = 0; partial < 2; partial++)
	for (int s = 0; s < NSHARES; s++)
	for (int notes = 0; notes < 2; notes++) {
		c = (struct combo){
			.exit_code = runner & 1, .killed = runner & 2, .timed_out = runner & 4,
			.tap = (enum tap_kind)tap, .begin = marks & 1, .end = marks & 2,
			.signal_test = sig, .partial = partial, .share = shares[s], .notes = notes,
		};
		n++;
		bad += !check(&c);
	}
	cr_assert_eq(n, 8 * TAP_KINDS * 4 * 2 * 2 * NSHARES * 2);
	cr_assert_eq(bad, 0, "%zu of %zu combinations judged wrong (see above)", bad, n);
}

/* Whatever the runner's exit status or signal, only a missing TAP record's
   message changes: the verdict is the same. */
Test(judge, runner_end_changes_only_the_missing_message)
{
	for (int tap = TAP_OK; tap < TAP_KINDS; tap++) {
		struct combo base = { .tap = (enum tap_kind)tap, .begin = true, .end = true, .share = -1 };
		struct listed_test t = { "s/t", POINTS, 0, false, "", false };
		struct observation o;
		observe(&base, &o);
		struct verdict v0 = judge(&t, &o);
		for (int runner = 1; runner < 4; runner++) {
			struct combo c = base;
			c.exit_code = runner & 1;
			c.killed = runner & 2;
			observe(&c, &o);
			struct verdict v = judge(&t, &o);
			cr_expect(v.status == v0.status && v.score == v0.score && !strcmp(v.message, v0.message),
			          "TAP %s: the runner's end changed the verdict", tap_kind_name[tap]);
			free(v.message);
		}
		free(v0.message);
	}
}

/* The messages a student reads for the common cases, word for word. */
Test(judge, messages)
{
	struct listed_test t = { "s/t", 5, 0, false, "", false };
	struct combo exited = { .tap = TAP_OK, .begin = true, .share = -1 };
	struct observation o;
	observe(&exited, &o);
	struct verdict v = judge(&t, &o);
	cr_assert_str_eq(v.message, "the test's process ended before the test did "
	                 "(did the code call exit() or _exit()?)");
	free(v.message);
	struct combo hung = { .timed_out = true, .tap = TAP_MISSING, .share = -1 };
	observe(&hung, &o);
	v = judge(&t, &o);
	cr_assert_str_eq(v.message, "did not finish within 30 s (an endless loop, or waiting for "
	                 "something that never comes?)");
	free(v.message);
	struct combo lost = { .killed = true, .tap = TAP_MISSING, .share = -1 };
	observe(&lost, &o);
	v = judge(&t, &o);
	cr_assert_str_eq(v.message, "the test runner was killed by signal 9 (Killed) without "
	                 "reporting this test:\na line\nthe last line");
	free(v.message);
}

/* --- the readers, on what the writers write ------------------------------ */

/* What the labproto writers print between begin_text() and end_text(). */
static FILE *out;
static char *written;
static size_t written_len;

static void begin_text(void)
{
	out = open_memstream(&written, &written_len);
	cr_assert_not_null(out);
}

static char *end_text(void)
{
	fclose(out);
	return written;   /* to free */
}

Test(readers, lab_list_round_trip)
{
	begin_text();
	labproto_list_line(out, "maps/heap", 5, 0, false, "Split\ton\nspaces.");
	labproto_list_line(out, "sig/segv", 2.5, SIGSEGV, false, "");
	labproto_list_line(out, "traces/a-b", 26.0 / 12, 0, true, "Replay it.");
	char *text = end_text();
	struct test_list list = {0};
	parse_lab_list(text, true, &list);
	cr_assert_eq(list.n, 3);
	cr_assert_str_eq(list.v[0].name, "maps/heap");
	cr_assert_eq(list.v[0].points, 5);
	cr_assert_str_eq(list.v[0].hint, "Split on spaces.");
	cr_assert_eq(list.v[1].signal, SIGSEGV);
	cr_assert_eq(list.v[1].points, 2.5);
	cr_assert(list.v[2].partial && list.v[2].driver);
	cr_assert_eq(list.v[2].points, 26.0 / 12, "points read back exactly");
	test_list_free(&list);
	free(text);
}

Test(readers, driver_results_round_trip)
{
	begin_text();
	labproto_result_line(out, "traces/a", "pass", 1.5, 2, "ok\tfine", "util=0.9,kops=12.5");
	labproto_result_line(out, "traces/b-*", "error", 0, 2, "cannot read\nb", "");
	fputs("garbage line\ntest\tshort\n", out);
	char *text = end_text();
	struct driver_results r = {0};
	parse_driver_results(text, &r);
	cr_assert_eq(r.n, 2, "malformed lines are left out");
	cr_assert_str_eq(r.v[0].name, "traces/a");
	cr_assert_eq(r.v[0].status, ST_PASS);
	cr_assert_eq(r.v[0].score, 1.5);
	cr_assert_str_eq(r.v[0].message, "ok fine");
	cr_assert_str_eq(r.v[0].metrics, "util=0.9,kops=12.5");
	cr_assert_str_eq(r.v[1].name, "traces/b-*");
	cr_assert_eq(r.v[1].status, ST_ERROR);
	cr_assert_str_eq(r.v[1].message, "cannot read b");
	driver_results_free(&r);
	free(text);
}

Test(readers, marks_round_trip)
{
	begin_text();
	labproto_mark(out, LABPROTO_MARK_BEGIN, NULL);
	labproto_mark(out, LABPROTO_MARK_NOTE, "first\tnote");
	labproto_mark_score(out, 0.25);
	labproto_mark(out, LABPROTO_MARK_NOTE, "second\nnote");
	labproto_mark(out, LABPROTO_MARK_END, NULL);
	char *text = end_text();
	struct marks m = read_marks(text);
	cr_assert(m.begin && m.end);
	cr_assert_eq(m.share, 0.25);
	cr_assert_str_eq(m.notes, "first note\nsecond note");
	free(m.notes);
	m = read_marks(NULL);
	cr_assert(!m.begin && !m.end && m.share == -1 && !*m.notes, "no mark file: nothing seen");
	free(m.notes);
	free(text);
}

Test(readers, lab_info)
{
	struct lab_info info = {0};
	char *err = NULL;
	cr_assert_eq(parse_lab_info("student mm.c  extra.txt\ndriver-tests build/mdriver -s\n"
	                            "driver-tests-timeout 600\nreference yes\nmemcg 33554432\n", &info,
	                            &err), 0);
	cr_assert_eq(info.nstudent, 2);
	cr_assert_eq(info.memcg, 33554432ULL, "memcg BYTES: lend the tests a memory cgroup that big");
	cr_assert_str_eq(info.student[1], "extra.txt");
	cr_assert_str_eq(info.driver_tests[0], "build/mdriver");
	cr_assert_str_eq(info.driver_tests[1], "-s");
	cr_assert_eq(info.driver_tests_timeout, 600);
	cr_assert(info.needs_reference);
	lab_info_free(&info);
	cr_assert_eq(parse_lab_info("student a.c\ndriver-tests \nreference no\n", &info, &err), 0);
	cr_assert_null(info.driver_tests, "an empty driver-tests line: no driver tests");
	cr_assert_eq(info.driver_tests_timeout, 300);
	cr_assert(!info.needs_reference);
	lab_info_free(&info);
	cr_assert_eq(parse_lab_info("student ../solutions/mm.c\n", &info, &err), -1);
	cr_assert(strstr(err, "plain file name"), "%s", err);
	free(err);
	lab_info_free(&info);
}

/* Criterion 2.4's TAP, as `run-tests --tap` writes it. */
static const char criterion_tap[] =
	"TAP version 13\n1..4\n# Criterion v2.4.1\n#\n# Running 4 tests from s\n"
	"not ok - s::tmo timed out (1.02s)\n"
	"ok - s::skip  # SKIP no aslr\n"
	"not ok - s::fail  (0.00s)\n  ---\n  assertions: 1\n  failures:\n"
	"  - t.c:6: |+\n      Assertion failed: one is not 2\n      and a second line\n"
	"  - t.c:7: |+\n      Assertion failed: two\n  ...\n"
	"ok - s::pass  (0.00s)\n"
	"not ok - s::crash unexpected signal after t.c:8\n";

Test(readers, criterion_tap)
{
	struct tap_record r = find_tap_record(criterion_tap, "s::fail");
	cr_assert(r.found && !r.ok);
	cr_assert_str_eq(r.reason, "(0.00s)");
	/* One line per assertion: a newline inside one (a string the test
	   printed) shows as \n. */
	cr_assert_str_eq(r.failures, "t.c:6: Assertion failed: one is not 2\\nand a second line\n"
	                             "t.c:7: Assertion failed: two");
	free(r.reason);
	free(r.failures);
	r = find_tap_record(criterion_tap, "s::skip");
	cr_assert(r.found && r.ok && strstr(r.reason, "# SKIP no aslr"));
	free(r.reason);
	free(r.failures);
	r = find_tap_record(criterion_tap, "s::crash");
	cr_assert(r.found && !r.ok);
	cr_assert_str_eq(r.reason, "unexpected signal after t.c:8");
	free(r.reason);
	free(r.failures);
	r = find_tap_record(criterion_tap, "s::pas");
	cr_assert(!r.found, "a name is matched whole");
	free(r.reason);
	free(r.failures);
}

/* clean_text keeps well-formed UTF-8 of the characters XML 1.0 allows and
   makes each byte of anything else a '?': what JSON and XML readers reject. */
Test(readers, clean_text_strict_utf8)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain\ttext\n", "plain\ttext\n" },
		{ "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80" },
		{ "\xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBF",
		  "\xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBF" },  /* the edges kept */
		{ "a\xED\xA0\x80z", "a???z" },          /* high surrogate U+D800 */
		{ "a\xED\xBF\xBFz", "a???z" },          /* low surrogate U+DFFF */
		{ "a\xC0\xAFz", "a??z" },                /* overlong '/' */
		{ "a\xC1\xBFz", "a??z" },
		{ "a\xE0\x80\xAFz", "a???z" },          /* overlong, 3 bytes */
		{ "a\xE0\x9F\xBFz", "a???z" },
		{ "a\xF0\x80\x80\xAFz", "a????z" },    /* overlong, 4 bytes */
		{ "a\xF0\x8F\xBF\xBFz", "a????z" },
		{ "a\xF4\x90\x80\x80z", "a????z" },    /* U+110000 */
		{ "a\xF5\x80\x80\x80z", "a????z" },
		{ "a\xFF\xFEz", "a??z" },
		{ "a\xEF\xBF\xBEz", "a???z" },          /* U+FFFE */
		{ "a\xEF\xBF\xBFz", "a???z" },          /* U+FFFF */
		{ "a\x01\x7F\rz", "a??z" },             /* controls; CR dropped */
		{ "cut \xE2\x82", "cut ??" },            /* a sequence cut short */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = clean_text(cases[i].in, 1000);
		cr_expect_str_eq(got, cases[i].out, "case %zu", i);
		free(got);
	}
}

/* A call that did not return (remote.c says so on the test's standard
   error, naming the function) is a time-out, without the test's hint. */
Test(judge, hangs)
{
	struct listed_test t = { "s/t", 5, 0, false, "Round every block size up to 16", false };
	struct combo failed = { .exit_code = 1, .tap = TAP_FAIL_BARE, .begin = true, .share = -1 };
	struct observation o;
	observe(&failed, &o);
	o.run.output = "mm_malloc " LABPROTO_HUNG " 8 s: an endless loop, or waiting for something "
	               "that never comes?\n[FAIL] s::t: (0.00s)\n";
	o.call_seconds = 8;
	struct verdict v = judge(&t, &o);
	cr_expect(v.status == ST_TIMEOUT && v.score == 0 && !v.hint);
	cr_expect_str_eq(v.message, "hung: mm_malloc did not return within 8 s: an endless loop, "
	                 "or waiting for something that never comes?");
	free(v.message);
	o.call_seconds = 0.5;
	o.hurried = true;
	o.run.output = "mm_free " LABPROTO_HUNG " 0.5 s: an endless loop\n";
	v = judge(&t, &o);
	cr_expect(v.status == ST_TIMEOUT && !v.hint);
	cr_expect(strstr(v.message, "hung: mm_free did not return within 0.5 s") &&
	          strstr(v.message, "earlier tests of this lab hung, so each call in the rest gets 0.5 s"),
	          "%s", v.message);
	free(v.message);
	o.run.output = "a line\n";
	v = judge(&t, &o);
	cr_expect(v.status == ST_FAIL && v.hint, "a failure that is not a hang keeps its hint");
	free(v.message);
}

/* A skip stands only when trusted code in the student's place skips too. */
Test(judge, skips_cross_checked)
{
	struct verdict skip = { ST_SKIP, 0, NULL, true };
	struct verdict also = { ST_SKIP, 0, (char *)"skipped: ASLR is off", true };
	skip.message = xstrdup("skipped: ASLR is off");
	struct verdict v = judge_skip(skip, &also, "the reference solution");
	cr_expect(v.status == ST_SKIP && v.score == 0);
	cr_expect_str_eq(v.message, "skipped: ASLR is off (the reference solution skips it too "
	                 "on this machine)");
	free(v.message);
	struct verdict other[] = { { ST_PASS, 5, (char *)"", true },
	                           { ST_FAIL, 0, (char *)"t.c:5: Assertion failed: boom", true } };
	for (size_t i = 0; i < 2; i++) {
		skip.message = xstrdup("skipped: this system maps no vDSO");
		v = judge_skip(skip, &other[i], "the lab as shipped (the skeleton)");
		cr_expect(v.status == ST_FAIL && v.score == 0 && !v.hint);
		cr_expect(strstr(v.message, "skipped: this system maps no vDSO; but the lab as shipped "
		                 "(the skeleton) does not skip it on this machine, so your process "
		                 "caused the skip, which scores 0"), "%s", v.message);
		free(v.message);
	}
}

/* The build log: the compiler's messages about the student's files, never
   a quote of another file (gcc's and clang's forms, an include chain, the
   assembler), make's and the linker's lines kept. */
Test(readers, build_log_only_the_students_files)
{
	char *student[] = { "mm.c", NULL };
	const char *log =
		"cc -c mm.c -o build/mm.o\n"
		"In file included from mm.c:3:\n"
		"/etc/secret.h:1:1: error: unknown type name 'gcc_secret'\n"
		"    1 | gcc_secret line\n"
		"      | ^~~~~~~~~~\n"
		"/lab/05/tests/private.c:2:1: error: unknown type name 'clang_secret'\n"
		"clang_secret line\n"
		"^\n"
		"tests/private.c: Assembler messages:\n"
		"tests/private.c:4: Error: no such instruction: `asm_secret'\n"
		"./mm.c:7:5: error: 'x' undeclared (first use in this function)\n"
		"    7 |     x = 1;\n"
		"/lab/05/mm.c:9:1: warning: own file by its full path\n"
		"/usr/bin/ld: build/tests/t.o: in function `t':\n"
		"/lab/05/tests/t.c:12: undefined reference to `mm_init'\n"
		"make: *** [lab.mk:86: build/mm.o] Error 1\n";
	char *got = build_errors(log, "/lab/05", student);
	cr_expect(!strstr(got, "secret"), "another file quoted:\n%s", got);
	cr_expect(!strstr(got, "In file included"), "%s", got);
	cr_expect(strstr(got, "./mm.c:7:5: error: 'x' undeclared") && strstr(got, "    7 |     x = 1;"), "%s", got);
	cr_expect(strstr(got, "/lab/05/mm.c:9:1: warning"), "%s", got);
	cr_expect(strstr(got, "undefined reference to `mm_init'"), "%s", got);
	cr_expect(strstr(got, "(3 messages about files that are not the submission's not shown)"), "%s", got);
	free(got);
	char *all = build_errors(log, "/lab/05", NULL);
	cr_expect(strstr(all, "gcc_secret"), "without student files, the log as it is:\n%s", all);
	free(all);
}

/* The text report a student reads (report_text.c), on records made here. */
static void add_test(struct lab_result *lab, const char *name, double score, double max,
                     enum test_status st, const char *message, bool driver)
{
	struct test_result *t = lab_add_test(lab);
	t->name = xstrdup(name);
	t->score = score;
	t->max_score = max;
	t->status = st;
	free(t->message);
	t->message = xstrdup(message);
	free(t->hint);
	t->hint = xstrdup("look closer");
	t->driver_test = driver;
}

static struct lab_result *add_lab(struct report *r, const char *name, const char *folder)
{
	struct lab_result *lab = report_add_lab(r);
	lab->lab = xstrdup(name);
	lab->outcome = LAB_GRADED;
	lab->built = true;
	free(lab->folder);
	lab->folder = xstrdup(folder);
	return lab;
}

static char *text_of(struct report *r)
{
	for (size_t i = 0; i < r->nlabs; i++)
		lab_total(&r->labs[i]);
	report_total(r);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	report_text(f, r, false);
	fclose(f);
	report_free(r);
	return text;
}

Test(report_text, failures_grouped_and_counted)
{
	struct report r = { .submission = xstrdup("labs") };
	struct lab_result *lab = add_lab(&r, "01-x", "/p/labs/01-x");
	add_test(lab, "s/pass", 10, 10, ST_PASS, "", false);
	for (int i = 0; i < 5; i++) {
		char name[16], msg[96];
		snprintf(name, sizeof name, "s/f%d", i);
		snprintf(msg, sizeof msg, "t.c:1: Assertion failed: f(\"%d\\n\") returned -1\nmore", i);
		add_test(lab, name, 0, 10, ST_FAIL, msg, false);
	}
	add_test(lab, "u/g1", 0, 10, ST_FAIL, "t.c:9: Assertion failed: g() returned 0", false);
	add_test(lab, "u/g2", 0, 10, ST_FAIL, "t.c:9: Assertion failed: g() returned 0", false);
	add_test(lab, "u/h", 0, 30, ST_ERROR, "crashed (SIGSEGV)", false);
	char *text = text_of(&r);
	cr_expect(strstr(text, "\n  5 tests: t.c:1: f(\"0\\n\") returned -1 (s/f0, s/f1, s/f2, s/f3, s/f4)\n"), "%s", text);
	cr_expect(strstr(text, "\n  2 tests: t.c:9: g() returned 0 (u/g1, u/g2)\n"), "%s", text);
	cr_expect(strstr(text, "\n  u/h: crashed (SIGSEGV)\n"), "%s", text);
	cr_expect(strstr(text, "\n  s                1/6 tests     10/60 points\n"), "%s", text);
	char *next = strstr(text, "Next: ");
	cr_assert(next, "%s", text);
	*next = '\0';   /* above the next step, a failure is its first line, in short */
	cr_expect(!strstr(text, "more") && !strstr(text, "Assertion failed"), "%s", text);
	*next = 'N';
	cr_expect(strstr(text, "Next: lab 01-x, test s/f0: the first to lose points"), "%s", text);
	cr_expect(strstr(text, "\n  run it: make -C /p/labs/01-x test T=s/f0\n"), "%s", text);
	free(text);
}

Test(report_text, groups_beyond_three_lines_are_counted)
{
	struct report r = { .submission = xstrdup("labs") };
	struct lab_result *lab = add_lab(&r, "01-x", "/p/it's here");
	add_test(lab, "s/a1", 0, 10, ST_FAIL, "t.c:1: a", false);
	add_test(lab, "s/a2", 0, 10, ST_FAIL, "t.c:1: a", false);
	add_test(lab, "s/a3", 0, 10, ST_FAIL, "t.c:1: a", false);
	add_test(lab, "s/b", 0, 10, ST_FAIL, "t.c:2: b", false);
	add_test(lab, "s/c1", 0, 10, ST_FAIL, "t.c:3: c", false);
	add_test(lab, "s/c2", 0, 10, ST_FAIL, "t.c:3: c", false);
	add_test(lab, "s/d", 0, 10, ST_FAIL, "t.c:4: d", false);
	char *text = text_of(&r);
	cr_expect(strstr(text, "\n  3 tests: t.c:1: a (s/a1, s/a2, s/a3)\n  2 tests: t.c:3: c (s/c1, s/c2)\n"
	                       "  ... and 2 more tests that lose points, 2 other ways"), "%s", text);
	cr_expect(strstr(text, "run it: make -C '/p/it'\\''s here' test T=s/a1\n"), "%s", text);
	free(text);
}

Test(report_text, trace_lab_next_is_the_largest_loss)
{
	struct report r = { .submission = xstrdup("labs") };
	add_lab(&r, "04-done", "/p/labs/04-done");
	add_test(&r.labs[0], "s/ok", 100, 100, ST_PASS, "", false);
	struct lab_result *lab = add_lab(&r, "05-y", "/p/labs/05-y");
	add_test(lab, "s/ok", 94, 94, ST_PASS, "", false);
	add_test(lab, "traces/a", 1.5, 2, ST_PASS, "util 70%", true);
	add_test(lab, "traces/b", 0.5, 2, ST_PASS, "util 20%", true);
	add_test(lab, "traces/c", 2, 2, ST_PASS, "", true);
	char *text = text_of(&r);
	cr_expect(strstr(text, "Next: lab 05-y, trace traces/b: it loses the most points (1.5 of 2)"), "%s", text);
	cr_expect(strstr(text, "run it: make -C /p/labs/05-y traces MDRIVER_FLAGS='-V -f ../traces/b.rep'"),
	          "%s", text);
	cr_expect(strstr(text, "\n04-done               100/100  done\n05-y"), "a lab done is one line:\n%s", text);
	free(text);
}
