// SPDX-License-Identifier: MIT
/*
 * check.h - run a sequence for real, predict it, compare operation by
 * operation. Fixed code shared by the tests, `compare` and the project's
 * own checks.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "seq.h"

struct check_result {
	size_t ops;             /* operations compared */
	size_t matched;         /* operations whose prediction was right */
	long first_bad;         /* index of the first wrong one, -1 if none */
	bool confined;          /* predict() ran under the seccomp filter */
	char line[640];         /* that mismatch in one line, for notes */
	char table[8192];       /* the whole sequence, predicted vs real */
};

/* Returns 0 (result in *r), or -1 with a message in err when the sequence
   could not be run or predict() failed. */
int check_sequence(const struct seq *s, struct check_result *r, char *err, size_t errlen);

#endif
