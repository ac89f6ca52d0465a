// SPDX-License-Identifier: MIT
/*
 * playback.h - checking a replay the driver did not watch: the payloads a
 * worker's timed replay returned, put through every check of the checked
 * replay but one (contents: nothing but the driver writes between its own
 * operations here).
 */
#ifndef PLAYBACK_H
#define PLAYBACK_H

#include "replay.h"

/* record[i]: the payload operation i of t returned (NULL for a free); the
   heap is as the replay left it. 0, or -1 with msg naming the operation.
   *util and *extent as run_checked's. The heap's contents are the driver's
   patterns afterwards: rewind it before the next replay. */
int playback_check(const struct trace *t, void *const *record, const struct run_opts *o,
		   struct progress *pr, double *util, size_t *extent, char *msg, size_t len);

#endif
