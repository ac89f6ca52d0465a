// SPDX-License-Identifier: MIT
/*
 * confine.c - see confine.h.
 *
 * predict() runs through labs/common/run_confined.h: in a child process
 * that can only compute (its descriptors other than stdout, stderr and the
 * result pipe are closed, and a seccomp filter lets through only the calls
 * computing needs; anything else fails with EPERM). A prediction therefore
 * comes from the model, not from running the sequence or from touching the
 * grader's files.
 */
#include "confine.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "predict.h"
#include "run_confined.h"

static int call_predict(const void *arg, void *out)
{
	return predict(arg, out);
}

int predict_confined(const struct seq *s, struct op_events out[], bool *confined,
                     char *err, size_t errlen)
{
	struct confined_call r;
	size_t n = s->n > SEQ_MAX_OPS ? SEQ_MAX_OPS : s->n;
	if (run_confined(call_predict, s, out, n * sizeof out[0], 0, 0, "predict", &r,
	                 err, errlen) < 0)
		return -1;
	if (r.rc < 0) {
		snprintf(err, errlen, "predict() returned -1 (%s)", strerror(r.err));
		return -1;
	}
	*confined = r.confined;
	return 0;
}
