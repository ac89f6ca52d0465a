// SPDX-License-Identifier: MIT
/*
 * replay_checked.c - the checked replay: every payload checked, utilisation measured.
 *
 * The checked replay keeps, for every live block, its payload, size and the
 * seed of the pattern it was filled with, and a bitmap of the heap with one
 * bit per alignment unit that a live payload covers. Payloads start aligned
 * (checked first), so two payloads overlap exactly when their bits do.
 */
#include "replay.h"

#include "alloc_remote.h"

#include "memlib.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct block {
	unsigned char *p;
	size_t size;
	uint64_t seed;
	int line;               /* where it was allocated, for messages */
};

struct checker {
	const struct allocator *a;
	const struct trace *t;
	const struct run_opts *o;
	struct block *blocks;
	uint64_t *bits;
	size_t nbits;
	uintptr_t lo;
	uint64_t rng;
	char *msg;
	size_t len;
	const struct op *op;    /* the operation being replayed */
	size_t extent;          /* end of the highest payload, from lo */
	uintptr_t hi;           /* in a batch: the heap's last byte after the
				   operation being checked (0: mem_heap_hi()) */
	/* A batch (o->batch > 1): its operations, and the worker's answers. */
	struct batch_op *batch;
	struct batch_result *res;
};

static void fill(unsigned char *p, size_t n, uint64_t seed)
{
	replay_fill(p, 0, n, seed);
}

static size_t verify(const unsigned char *p, size_t n, uint64_t seed)
{
	return replay_verify(p, n, seed);
}

__attribute__((format(printf, 2, 3)))
static int fail(struct checker *c, const char *fmt, ...)
{
	char opbuf[64];
	op_format(c->op, opbuf, sizeof opbuf);
	int n = snprintf(c->msg, c->len, "%s.rep:%d: %s: ", c->t->name, c->op->line, opbuf);
	if (n < 0 || (size_t)n >= c->len)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->msg + n, c->len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* --- the bitmap of live payloads --- */

static size_t unit_of(const struct checker *c, const unsigned char *p)
{
	return ((uintptr_t)p - c->lo) / c->o->align;
}

static bool bit(const struct checker *c, size_t i)
{
	return c->bits[i / 64] >> (i % 64) & 1;
}

static void mark(struct checker *c, const unsigned char *p, size_t n, bool live)
{
	size_t first = unit_of(c, p), last = unit_of(c, p + n - 1);
	for (size_t i = first; i <= last; i++) {
		if (live)
			c->bits[i / 64] |= 1ULL << (i % 64);
		else
			c->bits[i / 64] &= ~(1ULL << (i % 64));
	}
}

/* Index of a live block whose payload shares a byte with [p, p + n). */
static int overlapping(const struct checker *c, const unsigned char *p, size_t n)
{
	size_t first = unit_of(c, p), last = unit_of(c, p + n - 1);
	for (size_t i = first; i <= last; i++) {
		if (!bit(c, i))
			continue;
		for (int id = 0; id < c->t->num_ids; id++) {
			const struct block *b = &c->blocks[id];
			if (b->p && b->p < p + n && p < b->p + b->size)
				return id;
		}
		return -2;      /* a bit without a block: cannot happen */
	}
	return -1;
}

/* The checks every payload passes before the driver touches it. */
static int check_payload(struct checker *c, const unsigned char *p, size_t n, int id)
{
	const char *fn = c->op->kind == OP_REALLOC ? "realloc"
		: c->op->kind == OP_CALLOC ? "calloc" : "malloc";
	if (!p)
		return fail(c, "%s returned NULL for block %d (%zu bytes)", fn, id, n);
	uintptr_t lo = (uintptr_t)mem_heap_lo(), hi = (uintptr_t)mem_heap_hi();
	if (c->hi && c->hi < hi)
		hi = c->hi;
	uintptr_t a = (uintptr_t)p;
	if (a < lo || a > hi || n - 1 > hi - a)
		return fail(c, "block %d's payload [%p, +%zu) is not inside the heap "
			    "[%p, %p]: is %s's %s handing out memory it did not get "
			    "from mem_sbrk (the C library's malloc)?",
			    id, (void *)p, n, (void *)lo, (void *)hi, c->a->name, fn);
	if (a % c->o->align)
		return fail(c, "block %d's payload %p is not aligned to %zu bytes "
			    "(address mod %zu = %zu)", id, (void *)p, c->o->align,
			    c->o->align, (size_t)(a % c->o->align));
	int other = overlapping(c, p, n);
	if (other >= 0) {
		const struct block *b = &c->blocks[other];
		return fail(c, "block %d's payload [%p, +%zu) overlaps block %d "
			    "[%p, +%zu), allocated at line %d", id, (void *)p, n,
			    other, (void *)b->p, b->size, b->line);
	}
	if (other == -2)
		return fail(c, "driver error: heap bitmap out of step");
	return 0;
}

static int check_contents(struct checker *c, int id, const char *when)
{
	const struct block *b = &c->blocks[id];
	size_t bad = verify(b->p, b->size, b->seed);
	if (bad == b->size)
		return 0;
	return fail(c, "block %d [%p, +%zu), allocated at line %d, was changed %s: "
		    "byte %zu (at %p) is not what the driver wrote; the allocator "
		    "wrote into a live payload", id, (void *)b->p, b->size, b->line,
		    when, bad, (void *)(b->p + bad));
}

/* A block at p, with its pattern (written here when `write`; in a batch
   the worker wrote it). */
static void place_block(struct checker *c, int id, unsigned char *p, size_t n,
			uint64_t seed, bool write)
{
	struct block *b = &c->blocks[id];
	size_t end = (size_t)((uintptr_t)p + n - c->lo);
	if (end > c->extent)
		c->extent = end;
	b->p = p;
	b->size = n;
	b->seed = seed;
	b->line = c->op->line;
	mark(c, p, n, true);
	if (write)
		fill(p, n, b->seed);
}

static void set_block(struct checker *c, int id, unsigned char *p, size_t n)
{
	place_block(c, id, p, n, replay_random(&c->rng), true);
}

static int check_zeros(struct checker *c, const struct op *op, const unsigned char *p)
{
	for (size_t i = 0; i < op->size; i++)
		if (p[i])
			return fail(c, "calloc'd block %d [%p, +%zu) is not zero: "
				    "byte %zu is 0x%02x", op->id, (void *)p,
				    op->size, i, p[i]);
	return 0;
}

/* After a realloc of old to p: its first bytes are old's. */
static int check_kept(struct checker *c, const struct block *old, const unsigned char *p)
{
	const struct op *op = c->op;
	size_t keep = old->size < op->size ? old->size : op->size;
	size_t bad = verify(p, keep, old->seed);
	if (bad < keep)
		return fail(c, "realloc of block %d from %zu to %zu bytes did not "
			    "keep its contents: byte %zu of the new payload %p "
			    "differs (the first %zu bytes must be copied)", op->id,
			    old->size, op->size, bad, (void *)p, keep);
	return 0;
}

static int replay_op(struct checker *c, const struct op *op)
{
	const struct allocator *a = c->a;
	struct block *b = &c->blocks[op->id];
	unsigned char *p;
	switch (op->kind) {
	case OP_ALLOC:
		p = a->malloc(op->size);
		if (check_payload(c, p, op->size, op->id) < 0)
			return -1;
		set_block(c, op->id, p, op->size);
		return 0;
	case OP_CALLOC:
		p = replay_calloc(a, op->nmemb, op->size);
		if (check_payload(c, p, op->size, op->id) < 0 || check_zeros(c, op, p) < 0)
			return -1;
		set_block(c, op->id, p, op->size);
		return 0;
	case OP_REALLOC: {
		if (check_contents(c, op->id, "before this realloc") < 0)
			return -1;
		struct block old = *b;
		mark(c, old.p, old.size, false);
		b->p = NULL;
		p = replay_realloc(a, old.p, old.size, op->size);
		if (check_payload(c, p, op->size, op->id) < 0)
			return -1;
		if (check_kept(c, &old, p) < 0)
			return -1;
		set_block(c, op->id, p, op->size);
		return 0;
	}
	case OP_FREE:
		if (check_contents(c, op->id, "before it was freed") < 0)
			return -1;
		mark(c, b->p, b->size, false);
		p = b->p;
		b->p = NULL;
		a->free(p);
		return 0;
	}
	return 0;
}

/* --- batches (alloc_remote.h, "A batch") --- */

/* The batch from operation `first`: up to o->batch operations, a free or
   realloc only first, a calloc only last. The pattern of the block the
   first operation frees or reallocates is checked here, now: nothing has
   run since. So every check of contents is the judge's: a block the worker
   changed in a batch is seen at its next free or realloc (the first
   operation of a later batch) or at the end of the trace. Returns the
   number of operations, or -1 (a changed block). */
static int build_batch(struct checker *c, int first)
{
	const struct trace *t = c->t;
	int max = c->o->batch < BATCH_MAX ? c->o->batch : BATCH_MAX, n = 0;
	for (int i = first; i < t->num_ops && n < max; i++) {
		const struct op *op = &t->ops[i];
		struct batch_op *b = &c->batch[n];
		int id = op->id;
		*b = (struct batch_op){ .kind = (uint64_t)op->kind, .size = op->size,
					.nmemb = op->nmemb };
		if (op->kind == OP_FREE || op->kind == OP_REALLOC) {
			if (n > 0)
				break;
			c->op = op;
			if (check_contents(c, id, op->kind == OP_FREE ? "before it was freed"
					   : "before this realloc") < 0)
				return -1;
			b->ptr = (uintptr_t)c->blocks[id].p;
			b->old_size = c->blocks[id].size;
			b->seed = c->blocks[id].seed;
		} else if (op->kind == OP_ALLOC) {
			b->seed = replay_random(&c->rng);
		}
		/* A realloc keeps the block's seed: the worker writes the
		   pattern on from where the old contents end. */
		n++;
		if (op->kind == OP_CALLOC)
			break;
	}
	return n;
}

/* A batch from operation `first`, in the worker, then every answer checked
   here in order. *done gets the operations it covered. */
static int replay_batch(struct checker *c, struct progress *pr, int first, int *done,
			size_t *heap_peak)
{
	int n = build_batch(c, first);
	if (n < 0)
		return -1;
	const struct trace *t = c->t;
	struct batch_result *r = c->res;
	pr->op = first;
	pr->last = first + n - 1;
	remote_batch(c->batch, n, r);
	pr->last = -1;
	*done = r->n;
	uintptr_t hi = (uintptr_t)mem_heap_hi();
	for (int k = 0; k < r->n; k++) {
		const struct op *op = c->op = &t->ops[first + k];
		pr->op = first + k;
		struct block *b = &c->blocks[op->id];
		bool stopped = k == r->n - 1 && r->status != BATCH_DONE;
		unsigned char *p = (unsigned char *)(uintptr_t)r->payload[k];
		if (r->heapsize[k] > *heap_peak)
			*heap_peak = (size_t)r->heapsize[k];
		c->hi = r->heapsize[k] ? c->lo + (uintptr_t)r->heapsize[k] - 1 : 0;
		if (c->hi > hi || !c->hi)
			c->hi = hi;
		int rc = 0;
		switch (op->kind) {
		case OP_ALLOC:
			if ((rc = check_payload(c, p, op->size, op->id)) == 0)
				place_block(c, op->id, p, op->size, c->batch[k].seed, false);
			break;
		case OP_CALLOC:
			if ((rc = check_payload(c, p, op->size, op->id)) == 0 &&
			    (rc = check_zeros(c, op, p)) == 0)
				set_block(c, op->id, p, op->size);
			break;
		case OP_FREE:
			if (stopped && r->status == BATCH_CHANGED) {
				rc = check_contents(c, op->id, "before it was freed");
				break;
			}
			mark(c, b->p, b->size, false);
			b->p = NULL;
			break;
		case OP_REALLOC: {
			if (stopped && r->status == BATCH_CHANGED) {
				rc = check_contents(c, op->id, "before this realloc");
				break;
			}
			struct block old = *b;
			mark(c, old.p, old.size, false);
			b->p = NULL;
			/* The copy is checked here: a realloc is its batch's first
			   operation, and the only one on that block. */
			if ((rc = check_payload(c, p, op->size, op->id)) == 0 &&
			    (rc = check_kept(c, &old, p)) == 0)
				place_block(c, op->id, p, op->size, old.seed, false);
			break;
		}
		}
		c->hi = 0;
		if (rc < 0)
			return -1;
		if (stopped)    /* the worker's reason, which the checks above did not find */
			return fail(c, "the student's process stopped the checked replay at "
				    "this operation (%s), but what it returned passes the "
				    "driver's checks", r->status == BATCH_BAD_PAYLOAD ?
				    "a payload it could not write to" : r->status == BATCH_CHANGED ?
				    "a changed block" : "contents a realloc did not keep");
	}
	return 0;
}

int run_checked(const struct allocator *a, const struct trace *t,
		const struct run_opts *o, struct progress *pr,
		double *util, size_t *extent, char *msg, size_t len)
{
	struct op start = { .kind = OP_ALLOC, .line = 0 };
	struct checker c = {
		.a = a, .t = t, .o = o, .msg = msg, .len = len, .op = &start,
		.rng = 0x6d656d6c616273ULL ^ (uint64_t)t->num_ops,
	};
	snprintf(pr->phase, sizeof pr->phase, "checking %s", a->name);
	pr->op = -1;
	if (!o->keep_heap)
		mem_reset_brk();
	c.lo = (uintptr_t)mem_heap_lo();
	c.nbits = MEM_MAX_HEAP / o->align;
	size_t bytes = (c.nbits + 63) / 64 * 8;
	c.bits = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	c.blocks = calloc((size_t)t->num_ids, sizeof *c.blocks);
	int rc = 0;
	if (c.bits == MAP_FAILED || !c.blocks) {
		snprintf(msg, len, "driver: out of memory");
		rc = -1;
	} else if (!o->keep_heap && (errno = 0, a->init() < 0)) {
		snprintf(msg, len, "%s.rep: %s's init returned -1 (errno: %s)", t->name,
			 a->name, errno ? strerror(errno) : "not set");
		rc = -1;
	}
	bool batched = o->batch > 1 && rc == 0;
	if (batched) {
		c.batch = malloc(BATCH_MAX * sizeof *c.batch);
		c.res = malloc(sizeof *c.res);
		if (!c.batch || !c.res) {
			snprintf(msg, len, "driver: out of memory");
			rc = -1;
		}
	}
	size_t heap_peak = mem_heapsize();
	for (int i = 0, done; batched && rc == 0 && i < t->num_ops; i += done) {
		rc = replay_batch(&c, pr, i, &done, &heap_peak);
		size_t hs = mem_heapsize();
		if (hs > heap_peak)
			heap_peak = hs;
	}
	for (int i = 0; !batched && rc == 0 && i < t->num_ops; i++) {
		c.op = &t->ops[i];
		pr->op = i;
		rc = replay_op(&c, c.op);
		size_t hs = mem_heapsize();
		if (hs > heap_peak)
			heap_peak = hs;
		if (rc == 0 && o->heapcheck && a->check && !a->check(0)) {
			fflush(stdout);
			a->check(1);    /* again, to let it say what is wrong */
			rc = fail(&c, "the heap checker found the heap inconsistent "
				  "after this operation (its own message, if any, is "
				  "above)");
		}
	}
	/* Blocks still live at the end must still hold what was written. */
	for (int id = 0; rc == 0 && id < t->num_ids; id++)
		if (c.blocks[id].p)
			rc = check_contents(&c, id, "by the end of the trace");
	if (c.bits != MAP_FAILED)
		munmap(c.bits, bytes);
	free(c.blocks);
	free(c.batch);
	free(c.res);
	/* The break lives where the allocator's process can write it (a
	   worker's shared heap, memlib.h): it counts only when it is above
	   every payload, as an honest one is. */
	if (c.extent > heap_peak)
		heap_peak = c.extent;
	*util = heap_peak ? (double)t->peak_live / (double)heap_peak : 0.0;
	*extent = c.extent;
	return rc;
}

