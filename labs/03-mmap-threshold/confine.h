// SPDX-License-Identifier: MIT
/*
 * confine.h - run your predict() where it can only compute: in a child
 * process with a seccomp filter, so that a prediction cannot come from
 * running the sequence for real. Fixed code, linked with your predict.c
 * (the programs and the worker that runs it for the tests).
 */
#ifndef CONFINE_H
#define CONFINE_H

#include <stdbool.h>
#include <stddef.h>

#include "seq.h"

/* predict(s, out) in a confined child. Returns 0 with out[0..s->n) and
   *confined (false when the kernel refused the filter), or -1 with a
   message in err when predict() crashed, failed or did not answer. */
int predict_confined(const struct seq *s, struct op_events out[], bool *confined,
                     char *err, size_t errlen);

#endif
