// SPDX-License-Identifier: MIT
/* remote_fixture.c - a worker whose functions misbehave on purpose, for
   remote_test.c (labs/common/remote.c and remote_worker.c). */
#include "remote_fixture.h"
#include "remote_worker.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void w_add(struct rmsg *in, struct rmsg *out)
{
	int64_t a = wget_i64(in), b = wget_i64(in);
	rmsg_put_i64(out, a + b);
}

static void w_upper(struct rmsg *in, struct rmsg *out)
{
	char *s = wget_str(in, 1000);
	for (char *p = s; p && *p; p++)
		*p = (char)toupper((unsigned char)*p);
	rmsg_put_str(out, s);
	free(s);
}

static void w_fill(struct rmsg *in, struct rmsg *out)
{
	unsigned char buf[64];
	int64_t v = wget_i64(in);
	wget_bytes(in, buf, sizeof buf);
	memset(buf, (int)v, sizeof buf);
	rmsg_put_bytes(out, buf, sizeof buf);
}

static void w_crash(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	volatile int *p = NULL;
	*p = 1;
}

static void w_exit0(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	exit(0);
}

static void w_hang(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	for (;;)
		pause();
}

static void w_liar(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	rmsg_put_str(out, "not a number");
}

static void w_garbage(struct rmsg *in, struct rmsg *out)
{
	(void)in, (void)out;
	static const char junk[] = "\xff\xff\xff\x7fjunk";
	if (write(3, junk, sizeof junk) < 0)
		_exit(4);
	_exit(0);
}

static void w_sum_squares(struct rmsg *in, struct rmsg *out)
{
	int64_t n = wget_i64(in), sum = 0;
	for (int64_t i = 0; i < n; i++) {
		struct rmsg args = {0}, ret = {0};
		rmsg_reset(&args, 0, 0);
		rmsg_put_i64(&args, i);
		remote_worker_callback(CB_SQUARE, &args, &ret);
		int64_t sq;
		if (!rmsg_get_i64(&ret, &sq))
			_exit(5);
		sum += sq;
		rmsg_free(&args);
		rmsg_free(&ret);
	}
	rmsg_put_i64(out, sum);
}

static void w_spin(struct rmsg *in, struct rmsg *out)
{
	int64_t ms = wget_i64(in);
	struct timespec t0, t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	static volatile unsigned long x;
	do {
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
	rmsg_put_i64(out, (int64_t)(x & 1));
}

static char known[32] = "only the worker has this";

static void w_address(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	rmsg_put_u64(out, (uint64_t)(uintptr_t)known);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_ADD] = { "add", w_add },
	[RF_UPPER] = { "upper", w_upper },
	[RF_FILL] = { "fill", w_fill },
	[RF_CRASH] = { "crash", w_crash },
	[RF_EXIT0] = { "exit0", w_exit0 },
	[RF_HANG] = { "hang", w_hang },
	[RF_LIAR] = { "liar", w_liar },
	[RF_GARBAGE] = { "garbage", w_garbage },
	[RF_SUM_SQUARES] = { "sum_squares", w_sum_squares },
	[RF_SPIN] = { "spin", w_spin },
	[RF_ADDRESS] = { "address", w_address },
};

int main(void)
{
	return remote_worker_main(fns, RF_COUNT);
}
