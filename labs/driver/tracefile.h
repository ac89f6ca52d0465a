// SPDX-License-Identifier: MIT
/*
 * tracefile.h - an allocation trace, read and checked before anything runs it.
 *
 * The format (README.md): a header of four numbers, then lines
 * "a ID BYTES", "r ID BYTES", "f ID" and "c ID N BYTES". trace_read checks
 * everything a replay relies on (IDs in range, frees of live blocks only), so
 * a replay never has to: a malformed file is an error message, never a crash.
 */
#ifndef TRACEFILE_H
#define TRACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum op_kind { OP_ALLOC, OP_REALLOC, OP_FREE, OP_CALLOC };

struct op {
	enum op_kind kind;
	int id;
	int line;               /* line number in the file, for messages */
	size_t size;            /* bytes (for calloc: nmemb * size) */
	size_t nmemb;           /* calloc only */
};

struct trace {
	char *path;
	char *name;             /* the file's name without directory and .rep */
	int num_ids;
	int num_ops;
	struct op *ops;
	size_t peak_live;       /* most payload bytes live at once */
	int header_kind;        /* 0 classic, 1 CMU 64-bit */
	int weight;             /* CMU: 0 = for correctness only, 1 = utilisation
				   and throughput, 2 = utilisation only, 3 =
				   throughput only; classic: 1 */
};

/* Whether a trace of this weight counts in a set's mean utilisation, and in
   its throughput (CMU's rules; every classic trace counts in both). */
static inline bool trace_counts_util(int weight)
{
	return weight == 1 || weight == 2;
}

static inline bool trace_counts_speed(int weight)
{
	return weight == 1 || weight == 3;
}

/* The largest size a trace may ask for. */
#define TRACE_MAX_SIZE ((size_t)1 << 30)

/* What trace_read returns when the file cannot be opened or read at all. */
#define TRACE_UNREADABLE (-2)

/* Read and check a trace. Returns 0; -1 when the file is malformed, with a
   message "file:line: what" in err; or TRACE_UNREADABLE when it cannot be
   read, with "file: what the system said" in err. */
int trace_read(const char *path, struct trace *t, char *err, size_t errlen);
void trace_free(struct trace *t);

/* A variant of t for a timed replay (variant.c): each size up to
   TRACE_VARIANT_MAX_EXTRA - 1 bytes larger, drawn from seed. 0, or -1 when
   out of memory. Free with trace_free. */
#define TRACE_VARIANT_MAX_EXTRA 16
int trace_variant(const struct trace *t, uint64_t seed, struct trace *v);

/* k variants of t back to back, from seeds drawn from seed, each followed
   by frees of the blocks it left live, so that the next starts as the
   trace does (with no block live, on the heap the last one left): the
   counted replay (count.c), whose instructions then move less from one
   draw to the next. 0, or -1 when out of memory. Free with trace_free. */
int trace_variants(const struct trace *t, uint64_t seed, int k, struct trace *v);

/* "a 3 512", "f 3", ... for messages. */
void op_format(const struct op *op, char *buf, size_t len);

#endif
