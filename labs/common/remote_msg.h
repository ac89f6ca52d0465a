// SPDX-License-Identifier: MIT
/*
 * remote_msg.h - the messages between a lab's tests (the judge) and the
 * worker process that runs the student's code (remote.h says why).
 *
 * A message is a frame on a stream socket:
 *
 *     u32 length of what follows | u8 kind | u32 id | items...
 *
 * Each item starts with a one-byte tag, so that a reader that expects an
 * int64 and finds a string says so instead of reading garbage:
 *
 *     'i' int64 | 'u' uint64 | 'd' double | 'b' u32 length, bytes
 *     's' u32 length, bytes (length 0xffffffff: NULL)
 *
 * Integers are in the machine's own byte order: both ends run on one machine.
 * One writer (rmsg_put_*) and one reader (rmsg_get_*) serve both ends. The
 * judge reads what a worker wrote as untrusted: every get checks the tag and
 * the length against what is left, and a string or buffer against a maximum.
 */
#ifndef REMOTE_MSG_H
#define REMOTE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest frame either end accepts. */
#define RMSG_MAX ((size_t)64 << 20)

enum rmsg_kind {
	RMSG_CALL = 1,      /* judge -> worker: call function `id` with the items */
	RMSG_RETURN,        /* worker -> judge: the call's results */
	RMSG_CALLBACK,      /* worker -> judge, during a call: call the judge's callback `id` */
	RMSG_CBRETURN,      /* judge -> worker: the callback's results */
	RMSG_REFUSED,       /* worker -> judge: cannot make the call; one string says why */
};

struct rmsg {
	unsigned char *data;    /* the items */
	size_t len, cap;
	size_t pos;             /* the reader's place in data */
	int kind;
	uint32_t id;
	char error[160];        /* why the last get or recv failed */
};

/* Start an empty message of this kind (frees what m held). */
void rmsg_reset(struct rmsg *m, int kind, uint32_t id);
void rmsg_free(struct rmsg *m);

void rmsg_put_i64(struct rmsg *m, int64_t v);
void rmsg_put_u64(struct rmsg *m, uint64_t v);
void rmsg_put_f64(struct rmsg *m, double v);
void rmsg_put_bytes(struct rmsg *m, const void *p, size_t n);
void rmsg_put_str(struct rmsg *m, const char *s);    /* s may be NULL */

/* Each returns false (with m->error set) when the next item is not of that
   type or does not fit. */
bool rmsg_get_i64(struct rmsg *m, int64_t *v);
bool rmsg_get_u64(struct rmsg *m, uint64_t *v);
bool rmsg_get_f64(struct rmsg *m, double *v);
/* Exactly n bytes into dst. */
bool rmsg_get_bytes(struct rmsg *m, void *dst, size_t n);
/* A new NUL-terminated copy (to free) of at most max bytes; NULL stays NULL. */
bool rmsg_get_str(struct rmsg *m, char **s, size_t max);
/* Every item read? */
bool rmsg_done(struct rmsg *m);

/* Write the whole frame. Returns 0, or -1 with errno. */
int rmsg_send(int fd, const struct rmsg *m);

/* Read one frame, waiting at most timeout seconds (< 0: for ever).
   Returns 1 for a frame, 0 when the other end closed the socket, -2 when
   the time ran out, -1 for a malformed frame or a read error (m->error). */
int rmsg_recv(int fd, struct rmsg *m, double timeout);

#endif
