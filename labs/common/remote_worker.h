// SPDX-License-Identifier: MIT
/*
 * remote_worker.h - the worker's side of remote.h: the process that runs the
 * student's code and answers the judge's calls.
 *
 * A lab lists its functions once, in an enum shared by its stubs and its
 * handlers, and gives the worker a handler for each:
 *
 *     static void w_maps_parse_line(struct rmsg *in, struct rmsg *out)
 *     {
 *         char *line = wget_str(in, 4096);
 *         struct map_entry e;
 *         wget_bytes(in, &e, sizeof e);
 *         errno = 0;
 *         int rc = maps_parse_line(line, &e);
 *         rmsg_put_i64(out, rc);
 *         rmsg_put_i64(out, errno);
 *         rmsg_put_bytes(out, &e, sizeof e);
 *         free(line);
 *     }
 *
 *     static const struct remote_fn fns[] = {
 *         [RF_MAPS_PARSE_LINE] = { "maps_parse_line", w_maps_parse_line },
 *     };
 *     int main(void) { return remote_worker_main(fns, sizeof fns / sizeof fns[0]); }
 *
 * Nothing the worker says is a verdict: the judge checks every answer.
 */
#ifndef REMOTE_WORKER_H
#define REMOTE_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "remote_msg.h"

struct remote_fn {
	const char *name;
	void (*handler)(struct rmsg *in, struct rmsg *out);
};

/* Answer calls on REMOTE_FD (3) until the judge closes it; returns 0 then. */
int remote_worker_main(const struct remote_fn *fns, size_t n);

/* A call's arguments, in order. A malformed call is the judge's bug: the
   worker refuses it and exits. */
int64_t wget_i64(struct rmsg *in);
uint64_t wget_u64(struct rmsg *in);
double wget_f64(struct rmsg *in);
void wget_bytes(struct rmsg *in, void *dst, size_t n);
char *wget_str(struct rmsg *in, size_t max);      /* to free; may be NULL */

/* Call the judge's callback `id` from inside a handler (the student's code
   calling a function pointer the test passed). `ret` gets its answer. */
void remote_worker_callback(uint32_t id, struct rmsg *args, struct rmsg *ret);

#endif
