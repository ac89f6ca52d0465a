// SPDX-License-Identifier: MIT
/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned and wrote.
 */
#include "fns.h"

#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "confine.h"
#include "remote.h"
#include "remote_worker.h"
#include "switch.h"
#include "trace.h"

static void w_trace_parse_line(struct rmsg *in, struct rmsg *out)
{
	char *line = wget_str(in, 1 << 16);
	struct sc_event ev;
	wget_bytes(in, &ev, sizeof ev);
	int rc = trace_parse_line(line, &ev);
	rmsg_put_i64(out, rc);
	rmsg_put_bytes(out, &ev, sizeof ev);
	free(line);
}

static void w_trace_parse(struct rmsg *in, struct rmsg *out)
{
	char *text = wget_str(in, RMSG_MAX);
	uint64_t max = wget_u64(in);
	if (max > TRACE_PARSE_MAX)
		max = TRACE_PARSE_MAX;   /* then the bytes below do not match: refused */
	struct sc_event *ev = calloc(max ? max : 1, sizeof *ev);
	wget_bytes(in, ev, max * sizeof *ev);
	int rc = trace_parse(text, ev, max);
	rmsg_put_i64(out, rc);
	rmsg_put_bytes(out, ev, max * sizeof *ev);
	free(ev);
	free(text);
}

static void w_chunk_size(struct rmsg *in, struct rmsg *out)
{
	rmsg_put_u64(out, chunk_size(wget_u64(in)));
}

/* The probe your find_switch_point calls: it asks the tests' probe. */
static bool probe_in_tests(size_t n, void *arg)
{
	(void)arg;
	struct rmsg args = {0}, ret = {0};
	rmsg_put_u64(&args, n);
	remote_worker_callback(CB_PROBE, &args, &ret);
	int64_t answer = wget_i64(&ret);
	rmsg_free(&args);
	rmsg_free(&ret);
	return answer != 0;
}

static void w_find_switch_point(struct rmsg *in, struct rmsg *out)
{
	uint64_t lo = wget_u64(in), hi = wget_u64(in);
	rmsg_put_u64(out, find_switch_point(probe_in_tests, NULL, lo, hi));
}

static void w_predict_confined(struct rmsg *in, struct rmsg *out)
{
	static struct seq s;
	static struct op_events ev[SEQ_MAX_OPS];
	wget_bytes(in, &s, sizeof s);
	if (s.n > SEQ_MAX_OPS)
		s.n = SEQ_MAX_OPS;
	memset(ev, 0, sizeof ev);
	bool confined = false;
	char err[400] = "";
	int rc = predict_confined(&s, ev, &confined, err, sizeof err);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, confined);
	rmsg_put_str(out, err);
	rmsg_put_bytes(out, ev, s.n * sizeof ev[0]);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_TRACE_PARSE_LINE] = { "trace_parse_line", w_trace_parse_line },
	[RF_TRACE_PARSE] = { "trace_parse", w_trace_parse },
	[RF_CHUNK_SIZE] = { "chunk_size", w_chunk_size },
	[RF_FIND_SWITCH_POINT] = { "find_switch_point", w_find_switch_point },
	[RF_PREDICT_CONFINED] = { "predict", w_predict_confined },
};

int main(void)
{
	return remote_worker_main(fns, RF_COUNT);
}
