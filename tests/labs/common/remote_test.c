// SPDX-License-Identifier: MIT
/* remote_test.c - the judge's side of labs/common/remote.c, against the
   misbehaving worker of remote_fixture.c: answers arrive intact, and every
   way a worker can fail ends the call with a message naming the function. */
#include "remote.h"
#include "remote_fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static jmp_buf failed;
static char failure[1024];

static void catch_failure(const char *message)
{
	snprintf(failure, sizeof failure, "%s", message);
	longjmp(failed, 1);
}

static void setup(void)
{
	remote_fail_hook = catch_failure;
	failure[0] = '\0';
}

static void teardown(void)
{
	remote_stop();
}

TestSuite(remote, .init = setup, .fini = teardown, .timeout = 30);

/* A call that must fail: run it, return the failure's message. */
#define EXPECT_FAILURE(call)                                                \
	do {                                                                \
		if (setjmp(failed) == 0) {                                  \
			call;                                               \
			cr_assert_fail("the call returned instead of failing"); \
		}                                                           \
	} while (0)

static int64_t add(int64_t a, int64_t b)
{
	struct rcall c;
	rcall_begin(&c, RF_ADD, "add");
	rmsg_put_i64(&c.msg, a);
	rmsg_put_i64(&c.msg, b);
	rcall_send(&c);
	int64_t r = rcall_i64(&c);
	rcall_end(&c);
	return r;
}

static int64_t no_args(uint32_t id, const char *name)
{
	struct rcall c;
	rcall_begin(&c, id, name);
	rcall_send(&c);
	int64_t r = rcall_i64(&c);
	rcall_end(&c);
	return r;
}

Test(remote, answers_arrive)
{
	cr_assert_eq(add(2, 40), 42);
	cr_assert_eq(add(INT64_MIN + 1, -1), INT64_MIN);
	pid_t first = remote_worker_pid();
	cr_assert_eq(add(1, 1), 2);
	cr_assert_eq(remote_worker_pid(), first, "one worker serves every call of a test");
}

Test(remote, strings_and_buffers)
{
	struct rcall c;
	rcall_begin(&c, RF_UPPER, "upper");
	rmsg_put_str(&c.msg, "heap [stack] vdso");
	rcall_send(&c);
	char *s = rcall_str(&c, 100);
	rcall_end(&c);
	cr_assert_str_eq(s, "HEAP [STACK] VDSO");
	free(s);

	rcall_begin(&c, RF_UPPER, "upper");
	rmsg_put_str(&c.msg, NULL);
	rcall_send(&c);
	s = rcall_str(&c, 100);
	rcall_end(&c);
	cr_assert_null(s, "NULL goes and comes back as NULL");

	unsigned char buf[64] = {0};
	rcall_begin(&c, RF_FILL, "fill");
	rmsg_put_i64(&c.msg, 0xab);
	rmsg_put_bytes(&c.msg, buf, sizeof buf);
	rcall_send(&c);
	rcall_bytes(&c, buf, sizeof buf);
	rcall_end(&c);
	for (size_t i = 0; i < sizeof buf; i++)
		cr_assert_eq(buf[i], 0xab);
}

Test(remote, string_over_the_limit_fails)
{
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	struct rcall c;
	rcall_begin(&c, RF_UPPER, "upper");
	rmsg_put_str(&c.msg, big);
	/* The worker takes at most 1000 bytes: it refuses the call. */
	EXPECT_FAILURE(rcall_send(&c));
	cr_assert(strstr(failure, "upper") && strstr(failure, "refused"), "%s", failure);
}

Test(remote, crash_is_named)
{
	EXPECT_FAILURE(no_args(RF_CRASH, "crash"));
	cr_assert(strstr(failure, "crash crashed the student's process") &&
	          strstr(failure, "signal 11"), "%s", failure);
	/* The next call gets a new worker. */
	cr_assert_eq(add(3, 4), 7);
}

Test(remote, exit_is_named)
{
	EXPECT_FAILURE(no_args(RF_EXIT0, "exit0"));
	cr_assert(strstr(failure, "ended during exit0, with exit status 0"), "%s", failure);
}

Test(remote, hang_times_out)
{
	setenv("MEMLABS_CALL_SECONDS", "0.3", 1);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_FAILURE(no_args(RF_HANG, "hang"));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert(strstr(failure, "hang did not return within 0.3 s"), "%s", failure);
	cr_assert(took < 3, "the time-out took %.2f s", took);
	unsetenv("MEMLABS_CALL_SECONDS");
}

Test(remote, wrong_type_is_refused)
{
	EXPECT_FAILURE(no_args(RF_LIAR, "liar"));
	cr_assert(strstr(failure, "liar: a malformed answer") &&
	          strstr(failure, "expected an int64, found a string"), "%s", failure);
}

Test(remote, garbage_is_refused)
{
	EXPECT_FAILURE(no_args(RF_GARBAGE, "garbage"));
	cr_assert(strstr(failure, "garbage: a malformed answer") && strstr(failure, "frame"),
	          "%s", failure);
}

Test(remote, unknown_function_is_refused)
{
	EXPECT_FAILURE(no_args(RF_COUNT + 5, "nothing"));
	cr_assert(strstr(failure, "nothing: the worker refused the call"), "%s", failure);
}

static void square(struct rmsg *args, struct rmsg *ret)
{
	int64_t i;
	cr_assert(rmsg_get_i64(args, &i));
	rmsg_put_i64(ret, i * i);
}

Test(remote, callbacks_run_in_the_judge)
{
	remote_set_callback(CB_SQUARE, square);
	struct rcall c;
	rcall_begin(&c, RF_SUM_SQUARES, "sum_squares");
	rmsg_put_i64(&c.msg, 10);
	rcall_send(&c);
	cr_assert_eq(rcall_i64(&c), 285);
	rcall_end(&c);
}

Test(remote, worker_observed_from_outside)
{
	struct rcall c;
	rcall_begin(&c, RF_ADDRESS, "address");
	rcall_send(&c);
	uintptr_t at = (uintptr_t)rcall_u64(&c);
	rcall_end(&c);
	char seen[32];
	cr_assert_eq(remote_peek(at, seen, sizeof seen), 0, "process_vm_readv: %s", strerror(errno));
	cr_assert_str_eq(seen, "only the worker has this");
	cr_assert_eq(remote_peek(0, seen, 8), -1, "address 0 is not mapped");

	long long before = remote_cpu_ns();
	cr_assert_geq(before, 0);
	rcall_begin(&c, RF_SPIN, "spin");
	rmsg_put_i64(&c.msg, 50);
	rcall_send(&c);
	rcall_i64(&c);
	rcall_end(&c);
	long long used = remote_cpu_ns() - before;
	cr_assert(used >= 45000000LL && used < 2000000000LL,
	          "the worker spun 50 ms of CPU; schedstat says %lld ns", used);
}
