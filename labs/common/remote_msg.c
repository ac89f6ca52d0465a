// SPDX-License-Identifier: MIT
/* remote_msg.c - see remote_msg.h. */
#include "remote_msg.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { HEAD = 4 + 1 + 4 };   /* length, kind, id */

static void grow(struct rmsg *m, size_t more)
{
	if (m->len + more <= m->cap)
		return;
	size_t cap = m->cap ? m->cap : 256;
	while (cap < m->len + more)
		cap *= 2;
	unsigned char *p = realloc(m->data, cap);
	if (!p) {
		fputs("remote: out of memory\n", stderr);
		abort();
	}
	m->data = p;
	m->cap = cap;
}

static void put(struct rmsg *m, const void *p, size_t n)
{
	grow(m, n);
	memcpy(m->data + m->len, p, n);
	m->len += n;
}

void rmsg_reset(struct rmsg *m, int kind, uint32_t id)
{
	m->len = m->pos = 0;
	m->kind = kind;
	m->id = id;
	m->error[0] = '\0';
}

void rmsg_free(struct rmsg *m)
{
	free(m->data);
	memset(m, 0, sizeof *m);
}

static void put_tagged(struct rmsg *m, char tag, const void *p, size_t n)
{
	put(m, &tag, 1);
	put(m, p, n);
}

void rmsg_put_i64(struct rmsg *m, int64_t v) { put_tagged(m, 'i', &v, sizeof v); }
void rmsg_put_u64(struct rmsg *m, uint64_t v) { put_tagged(m, 'u', &v, sizeof v); }
void rmsg_put_f64(struct rmsg *m, double v) { put_tagged(m, 'd', &v, sizeof v); }

void rmsg_put_bytes(struct rmsg *m, const void *p, size_t n)
{
	uint32_t len = (uint32_t)n;
	put_tagged(m, 'b', &len, sizeof len);
	put(m, p, n);
}

void rmsg_put_str(struct rmsg *m, const char *s)
{
	uint32_t len = s ? (uint32_t)strlen(s) : UINT32_MAX;
	put_tagged(m, 's', &len, sizeof len);
	if (s)
		put(m, s, len);
}

__attribute__((format(printf, 2, 3)))
static bool fail(struct rmsg *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->error, sizeof m->error, fmt, ap);
	va_end(ap);
	return false;
}

static const char *tag_name(char tag)
{
	switch (tag) {
	case 'i': return "an int64";
	case 'u': return "a uint64";
	case 'd': return "a double";
	case 'b': return "bytes";
	case 's': return "a string";
	default: return "an unknown item";
	}
}

/* The next item's tag must be `tag`, then n bytes of it go to p. */
static bool take(struct rmsg *m, char tag, void *p, size_t n)
{
	if (m->pos >= m->len)
		return fail(m, "expected %s, found the end of the message", tag_name(tag));
	if (m->data[m->pos] != tag)
		return fail(m, "expected %s, found %s (tag 0x%02x) at byte %zu", tag_name(tag),
		            tag_name((char)m->data[m->pos]), m->data[m->pos], m->pos);
	if (m->len - m->pos - 1 < n)
		return fail(m, "%s cut short at byte %zu", tag_name(tag), m->pos);
	memcpy(p, m->data + m->pos + 1, n);
	m->pos += 1 + n;
	return true;
}

bool rmsg_get_i64(struct rmsg *m, int64_t *v) { return take(m, 'i', v, sizeof *v); }
bool rmsg_get_u64(struct rmsg *m, uint64_t *v) { return take(m, 'u', v, sizeof *v); }
bool rmsg_get_f64(struct rmsg *m, double *v) { return take(m, 'd', v, sizeof *v); }

/* A length-prefixed item: its length (checked against what is left). */
static bool take_len(struct rmsg *m, char tag, uint32_t *len)
{
	if (!take(m, tag, len, sizeof *len))
		return false;
	if (*len != UINT32_MAX && *len > m->len - m->pos)
		return fail(m, "%s of %u bytes, but only %zu are left", tag_name(tag), *len,
		            m->len - m->pos);
	return true;
}

bool rmsg_get_bytes(struct rmsg *m, void *dst, size_t n)
{
	uint32_t len;
	if (!take_len(m, 'b', &len))
		return false;
	if (len != n)
		return fail(m, "expected %zu bytes, found %u", n, len);
	memcpy(dst, m->data + m->pos, n);
	m->pos += n;
	return true;
}

bool rmsg_get_str(struct rmsg *m, char **s, size_t max)
{
	uint32_t len;
	*s = NULL;
	if (!take_len(m, 's', &len))
		return false;
	if (len == UINT32_MAX)
		return true;
	if (len > max)
		return fail(m, "a string of %u bytes, more than the %zu allowed", len, max);
	if (memchr(m->data + m->pos, '\0', len))
		return fail(m, "a string with a NUL byte inside");
	*s = malloc((size_t)len + 1);
	if (!*s)
		return fail(m, "out of memory");
	memcpy(*s, m->data + m->pos, len);
	(*s)[len] = '\0';
	m->pos += len;
	return true;
}

bool rmsg_done(struct rmsg *m)
{
	if (m->pos == m->len)
		return true;
	return fail(m, "%zu bytes left unread", m->len - m->pos);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int rmsg_send(int fd, const struct rmsg *m)
{
	unsigned char head[HEAD];
	uint32_t len = (uint32_t)(1 + 4 + m->len);
	uint8_t kind = (uint8_t)m->kind;
	memcpy(head, &len, 4);
	memcpy(head + 4, &kind, 1);
	memcpy(head + 5, &m->id, 4);
	/* One system call for a small message (most are), as the other end
	   reads it in one. */
	struct iovec iov[2] = { { head, sizeof head }, { m->data, m->len } };
	ssize_t w;
	do
		w = writev(fd, iov, m->len ? 2 : 1);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return -1;
	size_t done = (size_t)w;
	if (done < sizeof head && write_all(fd, head + done, sizeof head - done) < 0)
		return -1;
	size_t body = done > sizeof head ? done - sizeof head : 0;
	return m->len > body ? write_all(fd, m->data + body, m->len - body) : 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read exactly n bytes by `deadline` (< 0: none). 1, 0 (closed at the
   start), -2 (time out), -1 (error or closed midway). */
static int read_all(int fd, void *p, size_t n, double deadline, bool eager, struct rmsg *m)
{
	char *c = p;
	size_t got = 0;
	while (got < n) {
		/* The rest of a message that has begun is most likely there:
		   try before waiting. */
		ssize_t r = got || eager ? recv(fd, c + got, n - got, MSG_DONTWAIT) : -1;
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (deadline >= 0) {
			double left = deadline - now();
			if (left <= 0)
				return -2;
			struct pollfd pfd = { fd, POLLIN, 0 };
			int r = poll(&pfd, 1, (int)(left * 1000) + 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return fail(m, "poll: %s", strerror(errno)), -1;
			if (r == 0)
				continue;
		}
		r = read(fd, c + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == ECONNRESET)
			r = 0;   /* the other end died with data unread: it closed */
		if (r < 0)
			return fail(m, "read: %s", strerror(errno)), -1;
		if (r == 0) {
			if (got == 0)
				return 0;
			return fail(m, "the other end closed the socket in the middle of a message"), -1;
		}
		got += (size_t)r;
	}
	return 1;
}

int rmsg_recv(int fd, struct rmsg *m, double timeout)
{
	double deadline = timeout < 0 ? -1 : now() + timeout;
	unsigned char head[HEAD];
	rmsg_reset(m, 0, 0);
	int r = read_all(fd, head, sizeof head, deadline, false, m);
	if (r != 1)
		return r;
	uint32_t len;
	memcpy(&len, head, 4);
	if (len < 5 || len - 5 > RMSG_MAX)
		return fail(m, "a frame of %u bytes (at most %zu)", len, RMSG_MAX), -1;
	m->kind = head[4];
	memcpy(&m->id, head + 5, 4);
	size_t body = len - 5;
	grow(m, body);
	r = read_all(fd, m->data, body, deadline, true, m);
	if (r == 0)
		return fail(m, "the other end closed the socket after a frame's header"), -1;
	if (r < 0)
		return r;
	m->len = body;
	return 1;
}
