// SPDX-License-Identifier: MIT
/*
 * labtest.c - the test runner's main and the marks the grader reads.
 *
 * `run-tests --lab-list` prints one line per test (labproto.h, the lab
 * list). Any other arguments go to Criterion.
 *
 * When the grader runs a test it sets LABTEST_MARK to a file name. The test
 * appends "begin" when its body starts, "end" when the body returns, and
 * "score"/"note" lines in between (labproto.h, the marks). The grader trusts
 * a pass only with an "end" line (or, for a test that must die of a signal,
 * a "begin" line).
 */
#include "labtest.h"
#include "labproto.h"

#include <criterion/internal/ordered-set.h>
#include <criterion/options.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LABTEST_SUITES
#define LABTEST_SUITES ""
#endif

static struct labtest_meta *registered;
static pid_t test_pid;
static double test_share = -1.0;
static FILE *mark;

void labtest_register(struct labtest_meta *meta)
{
	/* Constructors run in file order, last first: keep the list in order. */
	struct labtest_meta **p = &registered;
	while (*p)
		p = &(*p)->next;
	*p = meta;
}

void labtest_begin(struct labtest_meta *meta)
{
	(void)meta;
	test_pid = getpid();
	const char *path = getenv("LABTEST_MARK");
	if (path && *path) {
		mark = fopen(path, "ae");  /* not inherited by a worker it execs */
		unsetenv("LABTEST_MARK");  /* student code has no use for it */
	}
	labproto_mark(mark, LABPROTO_MARK_BEGIN, NULL);
}

void labtest_end(struct labtest_meta *meta)
{
	/* A child forked by the code under test that returned into the test
	   body must not go on to run Criterion's code: it would confuse the
	   runner and hang it. */
	if (getpid() != test_pid)
		_exit(0);
	if (meta->partial) {
		double share = test_share < 0 ? 0.0 : test_share;
		labproto_mark_score(mark, share);
		labproto_mark(mark, LABPROTO_MARK_END, NULL);
		if (share < 1.0)
			cr_assert_fail(LABPROTO_PARTIAL "%.0f%% of the points", share * 100);
		return;
	}
	labproto_mark(mark, LABPROTO_MARK_END, NULL);
}

void labtest_score(double share)
{
	if (share < 0)
		share = 0;
	if (share > 1)
		share = 1;
	test_share = share;
}

void labtest_note(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	labproto_mark(mark, LABPROTO_MARK_NOTE, buf);
	cr_log_info("%s", buf);
}

ssize_t labtest_read_file(const char *path, char *buf, size_t len)
{
	if (len == 0)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	ssize_t n = 0;
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return n < 0 ? -1 : (ssize_t)got;
}

ssize_t labtest_read_proc(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
	return labtest_read_file(path, buf, len);
}

static void list_one(const struct labtest_meta *m)
{
	char name[256];
	snprintf(name, sizeof name, "%s/%s", m->suite, m->name);
	labproto_list_line(stdout, name, m->points, m->signal, m->partial, m->hint);
}

/* Is `suite` one of the space-separated words of `list`? */
static bool in_list(const char *list, const char *suite)
{
	size_t n = strlen(suite);
	for (const char *p = list; (p = strstr(p, suite)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* The tests in the order of the lab's tasks: the suites named by SUITES in
   the lab's Makefile first, in that order, then any others as linked. The
   grader's report and its "next thing to do" follow this order. */
static void list_tests(void)
{
	const char *order = LABTEST_SUITES;
	char word[128];
	for (const char *p = order; *p; ) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == 0 || n >= sizeof word)
			break;
		memcpy(word, p, n);
		word[n] = '\0';
		for (struct labtest_meta *m = registered; m; m = m->next)
			if (strcmp(m->suite, word) == 0)
				list_one(m);
		p += n;
	}
	for (struct labtest_meta *m = registered; m; m = m->next)
		if (!in_list(order, m->suite))
			list_one(m);
}

/*
 * Under a debugger (--debug, as make debug runs one test: debug.sh) a test
 * has no time limit: it waits on whoever holds it at a breakpoint.
 * Criterion's --timeout can only lower a test's own limit, so it goes here.
 */
static void no_time_limits(struct criterion_test_set *tests)
{
	struct criterion_suite_set *suite;
	struct criterion_test *test;
	FOREACH_SET(suite, tests->suites) {
		if (suite->tests)
			FOREACH_SET(test, suite->tests)
				test->data->timeout = 0;
	}
}

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "--lab-list") == 0) {
		list_tests();
		return 0;
	}
	struct criterion_test_set *tests = criterion_initialize();
	int result = 0;
	if (criterion_handle_args(argc, argv, true)) {
		if (criterion_options.debug != CR_DBG_NONE)
			no_time_limits(tests);
		result = !criterion_run_all_tests(tests);
	}
	criterion_finalize(tests);
	return result;
}
