// SPDX-License-Identifier: MIT
/*
 * seq.h - sequences of malloc operations and the system calls they make.
 *
 * A sequence is what a test runs in a fresh process: malloc(n), free(#i)
 * (the block that operation i returned) and three mallopt settings. For
 * each operation we want the memory system calls it made, reduced to
 * what matters for the heap: brk grow by k, brk shrink by k, mmap of len,
 * munmap of len. brk(NULL) only asks where the break is, so it is not an
 * event.
 *
 * Text form, one token per operation (what `compare` and the tests print):
 *     m200000   malloc(200000)
 *     f3        free the block returned by operation 3
 *     M262144   mallopt(M_MMAP_THRESHOLD, 262144)
 *     T0        mallopt(M_TRIM_THRESHOLD, 0)
 *     P4096     mallopt(M_TOP_PAD, 4096)
 */
#ifndef SEQ_H
#define SEQ_H

#include <stdbool.h>
#include <stddef.h>

enum op_kind { OP_MALLOC, OP_FREE, OP_MMAP_THRESHOLD, OP_TRIM_THRESHOLD, OP_TOP_PAD };

struct op {
	enum op_kind kind;
	size_t arg;     /* malloc: bytes; free: index of the malloc op; mallopt: value */
};

#define SEQ_MAX_OPS 64

struct seq {
	size_t n;
	struct op ops[SEQ_MAX_OPS];
};

enum ev_kind { EV_BRK_GROW, EV_BRK_SHRINK, EV_MMAP, EV_MUNMAP };

struct event {
	enum ev_kind kind;
	size_t len;     /* bytes the break moved, or the length mapped/unmapped */
};

/* One operation makes at most a few calls (the first malloc makes two). */
#define OP_MAX_EVENTS 4

struct op_events {
	int n;
	struct event ev[OP_MAX_EVENTS];
};

/* Append an event; returns -1 when the operation already has OP_MAX_EVENTS. */
int events_add(struct op_events *e, enum ev_kind kind, size_t len);

/* Parse the text form ("m200000 f0 ..."); -1 with a message in err if bad. */
int seq_parse(const char *text, struct seq *s, char *err, size_t errlen);

/* A sequence is valid when every free names an earlier, unfreed malloc,
   malloc sizes are at least SEQ_MIN_MALLOC and mallopt values fit an int. */
#define SEQ_MIN_MALLOC (64 * 1024)
bool seq_valid(const struct seq *s, char *err, size_t errlen);

/* Text forms for reports: "m200000 f0", "malloc(200000)", "brk +135168, mmap 303104". */
void seq_format(const struct seq *s, char *buf, size_t len);
void op_format(const struct op *op, char *buf, size_t len);
void events_format(const struct op_events *e, char *buf, size_t len);

bool events_equal(const struct op_events *a, const struct op_events *b);

/* Merge events of the same kind (sum of lengths): what mallinfo2() deltas
   can tell apart, used when strace cannot run. */
void events_summarize(struct op_events *e);

/* A random valid sequence of nops operations, the same for the same seed. */
void seq_random(unsigned long seed, size_t nops, struct seq *s);

#endif
