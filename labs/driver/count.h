// SPDX-License-Identifier: MIT
/*
 * count.h - the steady measure of speed: the instructions one replay takes,
 * counted by valgrind in a worker started for that replay alone (count.c).
 */
#ifndef COUNT_H
#define COUNT_H

#include "replay.h"

/* The counting tool's path (valgrind, found on PATH), or NULL when there
   is none: then speed is measured by CPU time alone. */
const char *count_tool(void);

/* The instructions the submission's and the reference's allocators take to
   replay v, each in a worker of its own under the tool, less c->base: what
   a worker that starts, answers one call and ends takes (counted here when
   it is 0; the same for every trace of a run). The submission's payloads
   are checked (playback.c). 0; or -1 and msg: the submission failed the
   replay (*failed true), or the count could not be read (*failed false:
   the driver falls back on CPU time). */
struct counted {
	long long base, sub, ref;       /* instructions (base: in and out) */
	double extent_ratio;            /* the submission's heap over the
					   reference's, on v */
};
int count_replays(const struct trace *v, const struct run_opts *o, struct progress *pr,
		  struct counted *c, bool *failed, char *msg, size_t len);

/* Whether the program holds valgrind's client requests (the magic
   instructions before one, on x86-64): code that could run natively under
   valgrind, unseen by the count. */
bool count_evaded(const char *program);

#endif
