// SPDX-License-Identifier: MIT
/*
 * tracefile.c - reading a trace file. Every way a file can be wrong ends in one
 * message naming the file and the line; nothing here trusts the header.
 */
#include "tracefile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IDS  10000000
#define MAX_OPS 100000000

struct reader {
	FILE *f;
	const char *path;
	int line;
	char *buf;
	size_t cap;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct reader *r, const char *fmt, ...)
{
	int n = snprintf(r->err, r->errlen, "%s:%d: ", r->path, r->line);
	if (n < 0 || (size_t)n >= r->errlen)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reading failed: the system's error, not a fault in the trace's text. */
static int unreadable(struct reader *r, int err)
{
	if (r->line)
		snprintf(r->err, r->errlen, "%s: cannot read past line %d: %s", r->path,
			 r->line, strerror(err));
	else
		snprintf(r->err, r->errlen, "%s: cannot read: %s", r->path, strerror(err));
	return TRACE_UNREADABLE;
}

/* The next line that is not blank or a comment, split into fields. Returns
   the number of fields (0 at the end of the file), -1 for a NUL byte, or
   TRACE_UNREADABLE with the message set when reading fails. */
static int next_fields(struct reader *r, char *field[], int max)
{
	for (;;) {
		errno = 0;
		ssize_t len = getline(&r->buf, &r->cap, r->f);
		if (len < 0 && ferror(r->f))
			return unreadable(r, errno ? errno : EIO);
		if (len < 0)
			return 0;
		r->line++;
		if (memchr(r->buf, '\0', (size_t)len))
			return -1;      /* a NUL byte: not a text file */
		int n = 0;
		char *save = NULL;
		for (char *tok = strtok_r(r->buf, " \t\r\n\v\f", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n\v\f", &save)) {
			if (n == 0 && tok[0] == '#')
				break;
			if (n < max)
				field[n] = tok;
			n++;
		}
		if (n > 0)
			return n;
	}
}

/* A decimal number with no sign, at most max. */
static bool parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (ULLONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static int read_header(struct reader *r, struct trace *t)
{
	static const char *const what[2][4] = {
		{ "sugg_heapsize", "num_ids", "num_ops", "weight" },
		{ "weight", "num_ids", "num_ops", "max_alloc" },
	};
	unsigned long long v[4];
	for (int i = 0; i < 4; i++) {
		char *field[2];
		int n = next_fields(r, field, 2);
		const char *name = what[i > 0 && t->header_kind][i];
		if (n == TRACE_UNREADABLE)
			return n;
		if (n < 0)
			return fail(r, "not a text file (NUL byte)");
		if (n == 0)
			return fail(r, "the file ends inside the header: %s is missing "
				    "(a header is 4 numbers, one per line)", name);
		if (n != 1)
			return fail(r, "header line %d (%s): expected one number, found %d fields",
				    i + 1, name, n);
		if (!parse_num(field[0], ULLONG_MAX / 2, &v[i]))
			return fail(r, "header line %d (%s): '%s' is not a number",
				    i + 1, name, field[0]);
		if (i == 0)
			t->header_kind = v[0] <= 3;   /* a CMU weight, not a heap size */
	}
	if (v[1] < 1 || v[1] > MAX_IDS)
		return fail(r, "num_ids is %llu: it must be between 1 and %d", v[1], MAX_IDS);
	if (v[2] > MAX_OPS)
		return fail(r, "num_ops is %llu: at most %d", v[2], MAX_OPS);
	t->num_ids = (int)v[1];
	t->num_ops = (int)v[2];
	t->weight = t->header_kind ? (int)v[0] : 1;
	return 0;
}

static const char *op_name(enum op_kind k)
{
	switch (k) {
	case OP_ALLOC: return "a";
	case OP_REALLOC: return "r";
	case OP_FREE: return "f";
	case OP_CALLOC: return "c";
	}
	return "?";
}

void op_format(const struct op *op, char *buf, size_t len)
{
	switch (op->kind) {
	case OP_FREE:
		snprintf(buf, len, "f %d", op->id);
		break;
	case OP_CALLOC:
		snprintf(buf, len, "c %d %zu %zu", op->id, op->nmemb,
			 op->nmemb ? op->size / op->nmemb : 0);
		break;
	default:
		snprintf(buf, len, "%s %d %zu", op_name(op->kind), op->id, op->size);
		break;
	}
}

static int read_size(struct reader *r, const char *s, const char *what, size_t *out)
{
	unsigned long long v;
	if (!parse_num(s, ULLONG_MAX, &v))
		return fail(r, "%s '%s' is not a number", what, s);
	if (v == 0)
		return fail(r, "%s is 0: the driver does not replay zero-byte requests", what);
	if (v > TRACE_MAX_SIZE)
		return fail(r, "%s %llu is larger than the 1 GiB a trace may ask for", what, v);
	*out = (size_t)v;
	return 0;
}

/* One operation line; checks the fields and the block's state. */
static int read_op(struct reader *r, struct trace *t, char *field[], int n,
		   struct op *op, size_t *live_size, size_t *live)
{
	const char *s = field[0];
	int want;
	if (strcmp(s, "a") == 0) {
		op->kind = OP_ALLOC; want = 3;
	} else if (strcmp(s, "r") == 0) {
		op->kind = OP_REALLOC; want = 3;
	} else if (strcmp(s, "f") == 0) {
		op->kind = OP_FREE; want = 2;
	} else if (strcmp(s, "c") == 0) {
		op->kind = OP_CALLOC; want = 4;
	} else {
		return fail(r, "unknown operation '%s' (expected a, r, f or c)", s);
	}
	if (n < want) {
		const char *missing = n < 2 ? "the block id"
			: op->kind == OP_CALLOC && n == 3 ? "the element size" : "the size";
		return fail(r, "'%s' is missing %s", s, missing);
	}
	if (n > want)
		return fail(r, "'%s' takes %d field%s, found %d", s, want - 1,
			    want == 2 ? "" : "s", n - 1);
	unsigned long long id;
	if (!parse_num(field[1], ULLONG_MAX, &id))
		return fail(r, "block id '%s' is not a number", field[1]);
	if (id >= (unsigned long long)t->num_ids)
		return fail(r, "block id %llu is out of range: the header says num_ids = %d "
			    "(ids 0 to %d)", id, t->num_ids, t->num_ids - 1);
	op->id = (int)id;
	op->line = r->line;
	op->size = op->nmemb = 0;
	if (op->kind == OP_CALLOC) {
		size_t nmemb, size;
		if (read_size(r, field[2], "the element count", &nmemb) < 0 ||
		    read_size(r, field[3], "the element size", &size) < 0)
			return -1;
		if (size > TRACE_MAX_SIZE / nmemb)
			return fail(r, "calloc of %zu x %zu bytes is larger than 1 GiB", nmemb, size);
		op->nmemb = nmemb;
		op->size = nmemb * size;
	} else if (want == 3) {
		if (read_size(r, field[2], "the size", &op->size) < 0)
			return -1;
	}
	bool is_live = live_size[id] != 0;
	switch (op->kind) {
	case OP_ALLOC:
	case OP_CALLOC:
		if (is_live)
			return fail(r, "'%s %llu': block %llu is still live (allocated at an "
				    "earlier line and not freed)", s, id, id);
		*live += op->size;
		live_size[id] = op->size;
		break;
	case OP_REALLOC:
		if (!is_live)
			return fail(r, "'r %llu': block %llu is not live (never allocated, "
				    "or already freed)", id, id);
		*live = *live - live_size[id] + op->size;
		live_size[id] = op->size;
		break;
	case OP_FREE:
		if (!is_live)
			return fail(r, "'f %llu': block %llu is not live (never allocated, "
				    "or already freed)", id, id);
		*live -= live_size[id];
		live_size[id] = 0;
		break;
	}
	return 0;
}

static char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *name = strdup(slash ? slash + 1 : path);
	if (!name)
		return NULL;
	size_t len = strlen(name);
	if (len > 4 && strcmp(name + len - 4, ".rep") == 0)
		name[len - 4] = '\0';
	return name;
}

int trace_read(const char *path, struct trace *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	struct reader r = { .path = path, .err = err, .errlen = errlen };
	t->path = strdup(path);
	t->name = base_name(path);
	if (!t->path || !t->name) {
		snprintf(err, errlen, "%s: out of memory", path);
		trace_free(t);
		return -1;
	}
	r.f = fopen(path, "r");
	if (!r.f) {
		int e = errno;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		trace_free(t);
		return TRACE_UNREADABLE;
	}
	size_t *live_size = NULL;
	int rc = read_header(&r, t);
	if (rc == 0) {
		live_size = calloc((size_t)t->num_ids, sizeof *live_size);
		if (!live_size)
			rc = fail(&r, "out of memory for %d ids", t->num_ids);
	}
	/* The operations array grows as lines come: a header that claims a
	   hundred million operations costs nothing until they are there. */
	size_t cap = 0;
	size_t live = 0;
	int count = 0;
	while (rc == 0) {
		char *field[5];
		int n = next_fields(&r, field, 5);
		if (n == TRACE_UNREADABLE) {
			rc = n;
			break;
		}
		if (n < 0) {
			rc = fail(&r, "not a text file (NUL byte)");
			break;
		}
		if (n == 0)
			break;
		if (count == t->num_ops) {
			rc = fail(&r, "more operations than the header's num_ops = %d", t->num_ops);
			break;
		}
		if ((size_t)count == cap) {
			cap = cap ? 2 * cap : 1024;
			struct op *ops = realloc(t->ops, cap * sizeof *ops);
			if (!ops) {
				rc = fail(&r, "out of memory for %zu operations", cap);
				break;
			}
			t->ops = ops;
		}
		rc = read_op(&r, t, field, n, &t->ops[count], live_size, &live);
		if (live > t->peak_live)
			t->peak_live = live;
		count++;
	}
	if (rc == 0 && count != t->num_ops)
		rc = fail(&r, "the file ends after %d operations; the header's num_ops "
			  "says %d", count, t->num_ops);
	if (rc == 0 && count == 0)
		rc = fail(&r, "the trace has no operations");
	free(live_size);
	free(r.buf);
	fclose(r.f);
	if (rc < 0)
		trace_free(t);
	return rc;
}

void trace_free(struct trace *t)
{
	free(t->path);
	free(t->name);
	free(t->ops);
	memset(t, 0, sizeof *t);
}
