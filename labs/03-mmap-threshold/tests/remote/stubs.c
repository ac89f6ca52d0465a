// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back. The tests never share a process with your
 * code, so nothing it does can change what they check (labs/common/remote.h).
 * A crash, an exit or an endless loop in your function fails the test that
 * called it, with a message naming the function.
 */
#include "fns.h"

#include <stdio.h>
#include <stdlib.h>

#include "confine.h"
#include "remote.h"
#include "switch.h"
#include "trace.h"

int trace_parse_line(const char *line, struct sc_event *ev)
{
	struct rcall c;
	rcall_begin(&c, RF_TRACE_PARSE_LINE, "trace_parse_line");
	rmsg_put_str(&c.msg, line);
	rmsg_put_bytes(&c.msg, ev, sizeof *ev);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	rcall_bytes(&c, ev, sizeof *ev);
	rcall_end(&c);
	return rc;
}

int trace_parse(const char *text, struct sc_event *out, size_t max)
{
	if (max > TRACE_PARSE_MAX)
		remote_fail("trace_parse: the test asks for %zu events, more than the %d a call "
		            "may carry", max, TRACE_PARSE_MAX);
	struct rcall c;
	rcall_begin(&c, RF_TRACE_PARSE, "trace_parse");
	rmsg_put_str(&c.msg, text);
	rmsg_put_u64(&c.msg, max);
	rmsg_put_bytes(&c.msg, out, max * sizeof *out);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	rcall_bytes(&c, out, max * sizeof *out);
	rcall_end(&c);
	return rc;
}

size_t chunk_size(size_t request)
{
	struct rcall c;
	rcall_begin(&c, RF_CHUNK_SIZE, "chunk_size");
	rmsg_put_u64(&c.msg, request);
	rcall_send(&c);
	size_t r = (size_t)rcall_u64(&c);
	rcall_end(&c);
	return r;
}

/* The probe of the find_switch_point call in progress: it runs here, in
   the tests, when your code in the worker calls it. */
static probe_fn *current_probe;
static void *current_arg;

static void call_probe(struct rmsg *args, struct rmsg *ret)
{
	uint64_t n;
	if (!rmsg_get_u64(args, &n))
		remote_fail("find_switch_point: a malformed call of the probe: %s", args->error);
	rmsg_put_i64(ret, current_probe(n, current_arg));
}

size_t find_switch_point(probe_fn *probe, void *arg, size_t lo, size_t hi)
{
	current_probe = probe;
	current_arg = arg;
	remote_set_callback(CB_PROBE, call_probe);
	struct rcall c;
	rcall_begin(&c, RF_FIND_SWITCH_POINT, "find_switch_point");
	rmsg_put_u64(&c.msg, lo);
	rmsg_put_u64(&c.msg, hi);
	rcall_send(&c);
	size_t r = (size_t)rcall_u64(&c);
	rcall_end(&c);
	return r;
}

int predict_confined(const struct seq *s, struct op_events out[], bool *confined,
                     char *err, size_t errlen)
{
	if (s->n > SEQ_MAX_OPS)
		remote_fail("predict: a sequence of %zu operations (at most %d)", s->n, SEQ_MAX_OPS);
	struct rcall c;
	rcall_begin(&c, RF_PREDICT_CONFINED, "predict");
	rmsg_put_bytes(&c.msg, s, sizeof *s);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	*confined = rcall_i64(&c) != 0;
	char *why = rcall_str(&c, 400);
	rcall_bytes(&c, out, s->n * sizeof *out);
	rcall_end(&c);
	snprintf(err, errlen, "%s", why ? why : "");
	free(why);
	return rc;
}
