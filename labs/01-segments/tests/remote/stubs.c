// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back. The tests never share a process with your
 * code, so nothing it does can change what they check (labs/common/remote.h).
 * A crash, an exit or an endless loop in your function fails the test that
 * called it, with a message naming the function.
 *
 * What your functions return into memory the tests own is a copy here: a
 * struct maps holds the entries your code read (maps_free releases the
 * copy; the worker already freed yours with your maps_free), a struct
 * layout the rows, their pointers turned back into pointers into the tests'
 * own maps and examples (fns.h).
 */
#include "fns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "maps.h"
#include "moved.h"
#include "remote.h"
#include "rows.h"

/* The kernel's promise the tests rely on when they print a path. */
static void terminate(struct map_entry *e)
{
	e->path[MAP_PATH_MAX - 1] = '\0';
}

static void put_maps(struct rmsg *msg, const struct maps *m)
{
	if (m->n > LAB01_MAX_ITEMS)
		remote_fail("a maps of %zu entries (at most %d cross to the worker)", m->n,
		            LAB01_MAX_ITEMS);
	rmsg_put_u64(msg, m->n);
	rmsg_put_bytes(msg, m->n ? (const void *)m->v : "", m->n * sizeof *m->v);   /* never NULL for memcpy */
}

/* The maps your code filled in the worker, as a copy the tests own. */
static void get_maps(struct rcall *c, struct maps *m)
{
	memset(m, 0, sizeof *m);
	m->n = (size_t)rcall_u64(c);
	m->bad_line = (size_t)rcall_u64(c);
	size_t n = (size_t)rcall_u64(c);
	if (n > LAB01_MAX_ITEMS)
		remote_fail("%s: an answer of %zu entries (at most %d)", c->fn, n, LAB01_MAX_ITEMS);
	struct map_entry none;
	m->v = n ? calloc(n, sizeof *m->v) : NULL;
	if (n && !m->v)
		remote_fail("%s: out of memory for %zu entries", c->fn, n);
	rcall_bytes(c, n ? (void *)m->v : &none, n * sizeof *m->v);
	for (size_t i = 0; i < n; i++)
		terminate(&m->v[i]);
	/* Entries your n counts but that did not come across are not there. */
	if (m->n > n)
		m->n = n;
	m->cap = n;
}

/* An entry a pointer of your code held that was not one of the maps': the
   tests see a pointer outside their maps, as they would have before. */
static const struct map_entry *elsewhere_entry(struct rcall *c)
{
	static struct map_entry ring[64];
	static size_t next;
	struct map_entry *e = &ring[next++ % 64];
	rcall_bytes(c, e, sizeof *e);
	terminate(e);
	return e;
}

static const char *elsewhere_name(struct rcall *c)
{
	static char ring[64][MAP_PATH_MAX];
	static size_t next;
	char *s = rcall_str(c, MAP_PATH_MAX - 1);
	char *d = ring[next++ % 64];
	snprintf(d, MAP_PATH_MAX, "%s", s ? s : "");
	free(s);
	return d;
}

static const struct map_entry *get_entry_ptr(struct rcall *c, const struct maps *m)
{
	int64_t i = rcall_i64(c);
	if (i == IDX_NULL)
		return NULL;
	if (i == IDX_ELSEWHERE)
		return elsewhere_entry(c);
	if (i < 0 || (uint64_t)i >= m->n)
		remote_fail("%s: an entry index %lld out of the %zu sent", c->fn, (long long)i, m->n);
	return &m->v[i];
}

static void get_place(struct rcall *c, struct place *p, const struct maps *m)
{
	p->kind = (enum region)rcall_i64(c);
	p->map = get_entry_ptr(c, m);
	int64_t off = rcall_i64(c);
	if (off == IDX_NULL)
		p->name = NULL;
	else if (off == IDX_ELSEWHERE)
		p->name = elsewhere_name(c);
	else if (off >= 0 && off < MAP_PATH_MAX && p->map)
		p->name = p->map->path + off;
	else
		remote_fail("%s: a name at offset %lld of a path", c->fn, (long long)off);
}

int maps_parse_line(const char *line, struct map_entry *e)
{
	struct rcall c;
	rcall_begin(&c, RF_MAPS_PARSE_LINE, "maps_parse_line");
	rmsg_put_str(&c.msg, line);
	rmsg_put_bytes(&c.msg, e, sizeof *e);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, e, sizeof *e);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* The answer of a call that fills a struct maps: the return value, errno,
   then the maps. */
static int maps_answer(struct rcall *c, struct maps *m)
{
	int rc = (int)rcall_i64(c);
	int err = (int)rcall_i64(c);
	get_maps(c, m);
	rcall_end(c);
	errno = err;
	return rc;
}

/* The FILE's content crosses as text; the worker gives your maps_read a
   FILE of its own over it. */
int maps_read(FILE *f, struct maps *m)
{
	size_t len = 0, cap = 1 << 16;
	char *text = malloc(cap);
	size_t got;
	while (text && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len < 2) {
			char *t = realloc(text, cap * 2);
			if (!t)
				break;
			text = t;
			cap *= 2;
		}
	}
	if (!text)
		remote_fail("maps_read: out of memory");
	text[len] = '\0';
	struct rcall c;
	rcall_begin(&c, RF_MAPS_READ, "maps_read");
	rmsg_put_str(&c.msg, text);
	free(text);
	rcall_send(&c);
	return maps_answer(&c, m);
}

/* The file is opened by your code in the worker: "/proc/self/maps" is the
   worker's maps. */
int maps_load(const char *file, struct maps *m)
{
	struct rcall c;
	rcall_begin(&c, RF_MAPS_LOAD, "maps_load");
	rmsg_put_str(&c.msg, file);
	rcall_send(&c);
	return maps_answer(&c, m);
}

/* Fixed code of the worker, with your maps_read: RF_LOAD_HEAP_GROWS (worker.c). */
int maps_load_heap_grows(uint64_t pads, bool *placed, struct maps *m)
{
	struct rcall c;
	rcall_begin(&c, RF_LOAD_HEAP_GROWS, "maps_load");
	rmsg_put_u64(&c.msg, pads);
	rcall_send(&c);
	*placed = rcall_i64(&c) != 0;
	return maps_answer(&c, m);
}

const struct map_entry *maps_find(const struct maps *m, uintptr_t addr)
{
	struct rcall c;
	rcall_begin(&c, RF_MAPS_FIND, "maps_find");
	put_maps(&c.msg, m);
	rmsg_put_u64(&c.msg, addr);
	rcall_send(&c);
	int64_t i = rcall_i64(&c);
	rcall_end(&c);
	if (i == IDX_NULL)
		return NULL;
	if (i == IDX_ELSEWHERE)
		remote_fail("maps_find returned a pointer that is not one of the maps' entries");
	if (i < 0 || (uint64_t)i >= m->n)
		remote_fail("maps_find: an entry index %lld out of the %zu sent", (long long)i, m->n);
	return &m->v[i];
}

/* The copy the tests own; your maps_free ran in the worker on yours. */
void maps_free(struct maps *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

enum region classify(const struct maps *m, uintptr_t addr, struct place *p)
{
	struct rcall c;
	rcall_begin(&c, RF_CLASSIFY, "classify");
	put_maps(&c.msg, m);
	rmsg_put_u64(&c.msg, addr);
	rmsg_put_bytes(&c.msg, p, sizeof *p);
	rcall_send(&c);
	enum region r = (enum region)rcall_i64(&c);
	get_place(&c, p, m);
	rcall_end(&c);
	return r;
}

/* An example your rows held that was not one of those given. */
static const struct example not_given = { "(not one of the examples given)", 0 };

int layout_build(const struct maps *m, const struct example *ex, size_t nex, struct layout *out)
{
	if (nex > LAB01_MAX_ITEMS)
		remote_fail("layout_build: %zu examples (at most %d)", nex, LAB01_MAX_ITEMS);
	struct rcall c;
	rcall_begin(&c, RF_LAYOUT_BUILD, "layout_build");
	put_maps(&c.msg, m);
	rmsg_put_u64(&c.msg, nex);
	for (size_t i = 0; i < nex; i++) {
		rmsg_put_str(&c.msg, ex[i].label);
		rmsg_put_u64(&c.msg, ex[i].addr);
	}
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	size_t claimed = (size_t)rcall_u64(&c);
	size_t n = (size_t)rcall_u64(&c);
	if (n > LAB01_MAX_ITEMS)
		remote_fail("layout_build: an answer of %zu rows (at most %d)", n, LAB01_MAX_ITEMS);
	out->n = claimed < n ? claimed : n;
	out->rows = n ? calloc(n, sizeof *out->rows) : NULL;
	if (n && !out->rows)
		remote_fail("layout_build: out of memory for %zu rows", n);
	for (size_t i = 0; i < n; i++) {
		struct row *r = &out->rows[i];
		r->start = (uintptr_t)rcall_u64(&c);
		r->end = (uintptr_t)rcall_u64(&c);
		r->gap = rcall_i64(&c) != 0;
		r->map = get_entry_ptr(&c, m);
		get_place(&c, &r->place, m);
		r->nexamples = (size_t)rcall_u64(&c);
		size_t k = r->nexamples < ROW_MAX_EXAMPLES ? r->nexamples : ROW_MAX_EXAMPLES;
		for (size_t e = 0; e < k; e++) {
			int64_t j = rcall_i64(&c);
			if (j == IDX_NULL)
				r->examples[e] = NULL;
			else if (j >= 0 && (uint64_t)j < nex)
				r->examples[e] = &ex[j];
			else
				r->examples[e] = &not_given;
		}
	}
	rcall_end(&c);
	errno = err;
	return rc;
}

void layout_free(struct layout *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

/* Your code forks in the worker: the children are the worker's. */
int snapshot(char *const argv[], bool no_randomize, struct maps *out)
{
	size_t argc = 0;
	while (argv[argc])
		argc++;
	if (argc > LAB01_MAX_ARGV)
		remote_fail("snapshot: %zu words of argv (at most %d)", argc, LAB01_MAX_ARGV);
	struct rcall c;
	rcall_begin(&c, RF_SNAPSHOT, "snapshot");
	rmsg_put_u64(&c.msg, argc);
	for (size_t i = 0; i < argc; i++)
		rmsg_put_str(&c.msg, argv[i]);
	rmsg_put_i64(&c.msg, no_randomize);
	rcall_send(&c);
	return maps_answer(&c, out);
}

size_t compare_runs(const struct maps *a, const struct maps *b, struct move *out, size_t max)
{
	if (max > LAB01_MAX_ITEMS)
		remote_fail("compare_runs: room for %zu moves (at most %d)", max, LAB01_MAX_ITEMS);
	struct rcall c;
	rcall_begin(&c, RF_COMPARE_RUNS, "compare_runs");
	put_maps(&c.msg, a);
	put_maps(&c.msg, b);
	rmsg_put_u64(&c.msg, max);
	rmsg_put_bytes(&c.msg, max ? (const void *)out : "", max * sizeof *out);
	rcall_send(&c);
	size_t n = (size_t)rcall_u64(&c);
	struct move none;
	rcall_bytes(&c, max ? (void *)out : &none, max * sizeof *out);
	rcall_end(&c);
	for (size_t i = 0; i < max; i++)
		out[i].name[MOVE_NAME_MAX - 1] = '\0';
	return n;
}
