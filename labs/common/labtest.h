// SPDX-License-Identifier: MIT
/*
 * labtest.h - how a lab's tests declare their points and hints.
 *
 * Every test in labs/NN-name/tests/ is written with LAB_TEST instead of
 * Criterion's Test:
 *
 *     LAB_TEST(maps, parses_heap_line, 5,
 *              "A line ending in [heap] has no inode: split on spaces, not on fixed columns.")
 *     {
 *         cr_assert_eq(...);
 *     }
 *
 * The points and the hint sit next to the test, and the grader reads them with
 * `run-tests --lab-list`. The body runs between labtest_begin and labtest_end,
 * which leave a mark the grader checks: a test whose process exits early (for
 * instance student code calling exit(0), which Criterion 2.4 counts as a pass)
 * never reaches the end mark, so it does not pass.
 *
 * Tests are still ordinary Criterion tests: `make test` in a lab runs them all
 * with Criterion's own output, and Criterion's options (--filter, --verbose)
 * work as usual.
 */
#ifndef LABTEST_H
#define LABTEST_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <sys/types.h>

#include "labproto.h"

/*
 * LABTEST_ASAN is 1 when the tests are built with AddressSanitizer (SAN=1).
 * ASan replaces malloc with its own allocator, so a test that observes glibc's
 * malloc (where it puts blocks, when it calls brk or mmap) skips itself:
 *     if (LABTEST_ASAN) cr_skip_test("ASan replaces glibc's malloc");
 */
#if defined(__SANITIZE_ADDRESS__)
#define LABTEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LABTEST_ASAN 1
#endif
#endif
#ifndef LABTEST_ASAN
#define LABTEST_ASAN 0
#endif

/* Seconds a test may run before Criterion kills it. */
#define LABTEST_TIMEOUT LABPROTO_TEST_SECONDS

/* What the grader knows about a test, collected before main runs. */
struct labtest_meta {
	const char *suite;
	const char *name;
	double points;
	const char *hint;
	int signal;             /* the test passes by dying of this signal, or 0 */
	bool partial;           /* the test reports a share with labtest_score() */
	struct labtest_meta *next;
};

void labtest_register(struct labtest_meta *meta);
void labtest_begin(struct labtest_meta *meta);
void labtest_end(struct labtest_meta *meta);

/* For partial tests: the share of the points earned, 0.0 to 1.0. */
void labtest_score(double share);

/* A line of extra information shown in the grader's report for this test. */
void labtest_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define LABTEST_DEFINE_(suite, name, points, hint, sig, part, ...)            \
	static void labtest_body_##suite##_##name(void);                      \
	static struct labtest_meta labtest_meta_##suite##_##name = {          \
		#suite, #name, (points), (hint), (sig), (part), 0 };          \
	__attribute__((constructor)) static void                              \
	labtest_reg_##suite##_##name(void)                                    \
	{                                                                     \
		labtest_register(&labtest_meta_##suite##_##name);             \
	}                                                                     \
	Test(suite, name, .timeout = LABTEST_TIMEOUT, __VA_ARGS__)            \
	{                                                                     \
		labtest_begin(&labtest_meta_##suite##_##name);                \
		labtest_body_##suite##_##name();                              \
		labtest_end(&labtest_meta_##suite##_##name);                  \
	}                                                                     \
	static void labtest_body_##suite##_##name(void)

/* The tests' own reading of a small file (a /proc or /sys file): at most
   len - 1 bytes into buf, ended with '\0'. Returns the bytes read, or -1. */
ssize_t labtest_read_file(const char *path, char *buf, size_t len);
/* The same for /proc/PID/name. */
ssize_t labtest_read_proc(pid_t pid, const char *name, char *buf, size_t len);

/* An ordinary test worth `points`, with a hint shown when it fails. */
#define LAB_TEST(suite, name, points, hint) \
	LABTEST_DEFINE_(suite, name, points, hint, 0, false, .disabled = false)

/* The same, with extra Criterion options (.init = ..., .fini = ...). */
#define LAB_TEST_X(suite, name, points, hint, ...) \
	LABTEST_DEFINE_(suite, name, points, hint, 0, false, __VA_ARGS__)

/* A test that passes only if the process dies of signal `sig`. */
#define LAB_TEST_SIGNAL(suite, name, points, hint, sig) \
	LABTEST_DEFINE_(suite, name, points, hint, sig, false, .signal = (sig))

/* A test that earns a share of its points: it calls labtest_score(). */
#define LAB_TEST_PARTIAL(suite, name, points, hint) \
	LABTEST_DEFINE_(suite, name, points, hint, 0, true, .disabled = false)

#endif
