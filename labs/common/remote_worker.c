// SPDX-License-Identifier: MIT
/* remote_worker.c - see remote_worker.h. Linked into build/worker only. */
#include "remote_worker.h"
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *current = "?";   /* the function being called, for messages */

__attribute__((noreturn))
static void refuse(const char *why)
{
	struct rmsg m = {0};
	rmsg_reset(&m, RMSG_REFUSED, 0);
	char line[300];
	snprintf(line, sizeof line, "%s: %s", current, why);
	rmsg_put_str(&m, line);
	rmsg_send(REMOTE_FD, &m);
	rmsg_free(&m);
	_exit(2);
}

int64_t wget_i64(struct rmsg *in)
{
	int64_t v;
	if (!rmsg_get_i64(in, &v))
		refuse(in->error);
	return v;
}

uint64_t wget_u64(struct rmsg *in)
{
	uint64_t v;
	if (!rmsg_get_u64(in, &v))
		refuse(in->error);
	return v;
}

double wget_f64(struct rmsg *in)
{
	double v;
	if (!rmsg_get_f64(in, &v))
		refuse(in->error);
	return v;
}

void wget_bytes(struct rmsg *in, void *dst, size_t n)
{
	if (!rmsg_get_bytes(in, dst, n))
		refuse(in->error);
}

char *wget_str(struct rmsg *in, size_t max)
{
	char *s;
	if (!rmsg_get_str(in, &s, max))
		refuse(in->error);
	return s;
}

void remote_worker_callback(uint32_t id, struct rmsg *args, struct rmsg *ret)
{
	args->kind = RMSG_CALLBACK;
	args->id = id;
	if (rmsg_send(REMOTE_FD, args) < 0)
		_exit(3);
	int r = rmsg_recv(REMOTE_FD, ret, -1);
	if (r <= 0 || ret->kind != RMSG_CBRETURN)
		_exit(3);   /* the judge is gone or confused: nothing to answer */
}

int remote_worker_main(const struct remote_fn *fns, size_t n)
{
	struct rmsg in = {0}, out = {0};
	for (;;) {
		int r = rmsg_recv(REMOTE_FD, &in, -1);
		if (r == 0)
			break;
		if (r < 0)
			refuse(in.error);
		if (in.kind != RMSG_CALL || in.id >= n || !fns[in.id].handler) {
			current = "?";
			refuse("not a call of a function this worker has");
		}
		current = fns[in.id].name;
		rmsg_reset(&out, RMSG_RETURN, in.id);
		fns[in.id].handler(&in, &out);
		if (!rmsg_done(&in))
			refuse(in.error);
		/* What the student's code printed comes before the answer. */
		fflush(NULL);
		if (rmsg_send(REMOTE_FD, &out) < 0)
			break;
	}
	rmsg_free(&in);
	rmsg_free(&out);
	return 0;
}
