// SPDX-License-Identifier: MIT
/*
 * heapmodel.c - a model of glibc's malloc replaying a trace: the heap's
 * size, the mmapped chunks, what is resident and what malloc_trim(0) could
 * give back, at the end of each phase (task 1 of lab 07: see README.md).
 *
 * TODO: analyse(): replay the trace on a model of glibc's malloc, chunk by
 * chunk, and say at the end of each phase what it holds (heapmodel.h).
 */
#include "heapmodel.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES])
{
	/* TODO: for each operation of t, in order, what glibc's malloc does
	   (README.md, task 1); at the end of each phase
	   (an_phase_end(t->num_ops, k)), out[k]. */
	(void)t, (void)p, (void)out;
	errno = ENOSYS;
	return -1;
}
