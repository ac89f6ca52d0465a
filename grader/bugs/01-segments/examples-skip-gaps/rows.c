/*
 * rows.c - the address space as sorted rows of mappings and gaps.
 *
 * A maps file lists mappings; the picture of an address space also needs
 * what is between them, because the gaps are most of it: on x86-64 the
 * mappings of a small program cover a few MiB of a 128 TiB user space.
 */
#include "rows.h"

#include <errno.h>
#include <stdlib.h>

static int by_start(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static struct row gap_row(uintptr_t start, uintptr_t end)
{
	struct row r = { .start = start, .end = end, .gap = true };
	r.place.kind = REGION_UNMAPPED;
	return r;
}

/* Put each example in the row whose [start, end) holds its address. */
static void place_examples(struct layout *l, const struct example *ex, size_t nex)
{
	for (size_t i = 0; i < nex; i++) {
		for (size_t j = 0; j < l->n; j++) {
			struct row *r = &l->rows[j];
			if (!r->gap && r->start <= ex[i].addr && ex[i].addr < r->end) {
				if (r->nexamples < ROW_MAX_EXAMPLES)
					r->examples[r->nexamples++] = &ex[i];
				break;
			}
		}
	}
}

// >>> build
int layout_build(const struct maps *m, const struct example *ex, size_t nex,
		 struct layout *out)
{
	*out = (struct layout){ 0 };
	/* At most one gap before each mapping. */
	struct row *maprows = calloc(m->n ? m->n : 1, sizeof *maprows);
	struct row *rows = calloc(2 * m->n + 1, sizeof *rows);
	if (!maprows || !rows) {
		free(maprows);
		free(rows);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < m->n; i++) {
		struct row *r = &maprows[i];
		r->start = m->v[i].start;
		r->end = m->v[i].end;
		r->map = &m->v[i];
		classify(m, r->start, &r->place);
	}
	qsort(maprows, m->n, sizeof *maprows, by_start);

	size_t n = 0;
	uintptr_t prev_end = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (maprows[i].start > prev_end)
			rows[n++] = gap_row(prev_end, maprows[i].start);
		rows[n++] = maprows[i];
		prev_end = maprows[i].end;
	}
	free(maprows);
	out->rows = rows;
	out->n = n;
	place_examples(out, ex, nex);
	return 0;
}
// <<< build

void layout_free(struct layout *l)
{
	free(l->rows);
	*l = (struct layout){ 0 };
}
