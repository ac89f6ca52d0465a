// SPDX-License-Identifier: MIT
/*
 * predict.h - predict the system calls glibc's malloc makes for a sequence.
 */
#ifndef PREDICT_H
#define PREDICT_H

#include "seq.h"

/*
 * Predict, for each operation of s run in a fresh process, the calls it
 * makes: out[i] for s->ops[i], events in the order they happen. The
 * process starts with no heap (the break where the loader left it) and
 * glibc's defaults. Returns 0, or -1 with errno set (EINVAL: s is not
 * valid; ENOSYS: not written yet).
 */
int predict(const struct seq *s, struct op_events out[]);

#endif
