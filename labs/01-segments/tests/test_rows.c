// SPDX-License-Identifier: MIT
/*
 * test_rows.c - task 3: the address space as sorted rows with gaps (rows.c).
 */
#include "lab01.h"
#include "rows.h"

static void build_or_fail(const struct maps *m, const struct example *ex, size_t nex, struct layout *l)
{
	errno = 0;
	int rc = layout_build(m, ex, nex, l);
	cr_assert_eq(rc, 0, "layout_build returned %d (errno %d: %s), expected 0", rc, errno, strerror(errno));
	cr_assert(l->n == 0 || l->rows, "layout_build: %zu rows but rows is NULL", l->n);
}

static size_t count_mapping_rows(const struct layout *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += !l->rows[i].gap;
	return n;
}

LAB_TEST(rows, sorted_and_classified, 4,
	 "Sort a copy of the entries by start (qsort); the maps are not yours to reorder. "
	 "Each mapping row's place is classify() of its first byte.")
{
	struct maps m;
	load_or_fail("tests/fixtures/x86_64-cat.maps", &m);
	cr_assert_eq(m.n, 18, "expected 18 entries, found %zu", m.n);
	/* Shuffle the entries the same way every time: the rows must not care. */
	for (size_t i = 0; i < m.n; i++) {
		size_t j = (i * 7 + 3) % m.n;
		struct map_entry t = m.v[i];
		m.v[i] = m.v[j];
		m.v[j] = t;
	}
	struct layout l;
	build_or_fail(&m, NULL, 0, &l);
	cr_assert_eq(count_mapping_rows(&l), 18, "expected 18 mapping rows, found %zu", count_mapping_rows(&l));
	uintptr_t prev = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct row *r = &l.rows[i];
		cr_assert(i == 0 || r->start >= prev, "row %zu starts at %#lx, below the row before it (%#lx)",
			  i, (unsigned long)r->start, (unsigned long)prev);
		prev = r->start;
		if (r->gap)
			continue;
		cr_assert(r->map >= m.v && r->map < m.v + m.n, "row %zu: map should point into the maps", i);
		cr_expect(r->map->start == r->start && r->map->end == r->end,
			  "row %zu: %#lx-%#lx but its map is %#lx-%#lx", i, (unsigned long)r->start,
			  (unsigned long)r->end, (unsigned long)r->map->start, (unsigned long)r->map->end);
	}
	static const struct { uintptr_t start; enum region kind; } kinds[] = {
		{ 0x400000, REGION_TEXT }, { 0x60a000, REGION_DATA }, { 0x62c000, REGION_HEAP },
		{ 0x7f38ab82e000, REGION_FILE }, { 0x7f38b1d55000, REGION_LIB },
		{ 0xffffffffff600000, REGION_VSYSCALL },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t i = 0; i < l.n; i++)
			if (!l.rows[i].gap && l.rows[i].start == kinds[k].start)
				cr_expect_eq(l.rows[i].place.kind, kinds[k].kind, "row at %#lx: expected kind %s, found %s",
					     (unsigned long)kinds[k].start, region_name(kinds[k].kind),
					     region_name(l.rows[i].place.kind));
	layout_free(&l);
	maps_free(&m);
}

LAB_TEST(rows, gaps_between_mappings, 5,
	 "A gap row goes wherever a mapping starts above the end of the one before it, and "
	 "before the first mapping (from address 0). Touching mappings have no gap between them.")
{
	struct maps m;
	load_or_fail("tests/fixtures/i386-cat.maps", &m);
	struct layout l;
	build_or_fail(&m, NULL, 0, &l);
	static const struct { uintptr_t start, end; } gaps[] = {
		{ 0x0, 0x1c0000 }, { 0x31e000, 0x376000 }, { 0x377000, 0x852000 },
		{ 0x870000, 0x8048000 }, { 0x8053000, 0x9ab5000 }, { 0x9ad6000, 0xb7502000 },
		{ 0xb7703000, 0xb771b000 }, { 0xb771e000, 0xbfbd9000 },
	};
	size_t ngaps = sizeof gaps / sizeof gaps[0];
	cr_expect_eq(l.n, m.n + ngaps, "i386-cat.maps: expected %zu rows (18 mappings, %zu gaps), found %zu",
		     m.n + ngaps, ngaps, l.n);
	size_t g = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct row *r = &l.rows[i];
		if (!r->gap)
			continue;
		cr_assert(g < ngaps, "row %zu: an extra gap %#lx-%#lx", i, (unsigned long)r->start,
			  (unsigned long)r->end);
		cr_expect(r->start == gaps[g].start && r->end == gaps[g].end,
			  "gap %zu: expected %#lx-%#lx, found %#lx-%#lx", g + 1, (unsigned long)gaps[g].start,
			  (unsigned long)gaps[g].end, (unsigned long)r->start, (unsigned long)r->end);
		cr_expect(r->map == NULL && r->place.kind == REGION_UNMAPPED,
			  "gap %zu: expected map NULL and kind unmapped, found kind %s", g + 1,
			  region_name(r->place.kind));
		g++;
	}
	cr_expect_eq(g, ngaps, "expected %zu gaps, found %zu", ngaps, g);
	layout_free(&l);
	maps_free(&m);
}

LAB_TEST(rows, examples_placed, 4,
	 "Each example goes to the one row, mapping or gap, whose [start, end) holds its address, "
	 "in the order the examples are given.")
{
	struct maps m;
	load_or_fail("tests/fixtures/x86_64-cat.maps", &m);
	struct example ex[] = {
		{ "main", 0x400123 },
		{ "NULL", 0 },
		{ "first heap byte", 0x62c000 },
		{ "just past the heap", 0x64d000 },
		{ "last stack byte", 0x7ffcffeb4fff },
		{ "another in cat", 0x40afff },
	};
	struct layout l;
	build_or_fail(&m, ex, sizeof ex / sizeof ex[0], &l);
	static const struct { uintptr_t row_start; size_t n; int ex[2]; } want[] = {
		{ 0x0, 1, { 1 } },
		{ 0x400000, 2, { 0, 5 } },
		{ 0x62c000, 1, { 2 } },
		{ 0x64d000, 1, { 3 } },       /* the gap above the heap */
		{ 0x7ffcffe94000, 1, { 4 } },
	};
	size_t placed = 0;
	for (size_t i = 0; i < l.n; i++)
		placed += l.rows[i].nexamples;
	cr_expect_eq(placed, 6, "expected the 6 examples placed once each, found %zu placements", placed);
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		const struct row *r = NULL;
		for (size_t i = 0; i < l.n; i++)
			if (l.rows[i].start == want[k].row_start)
				r = &l.rows[i];
		cr_assert_not_null(r, "no row starts at %#lx", (unsigned long)want[k].row_start);
		cr_assert_eq(r->nexamples, want[k].n, "row at %#lx: expected %zu example(s), found %zu",
			     (unsigned long)r->start, want[k].n, r->nexamples);
		for (size_t e = 0; e < want[k].n; e++)
			cr_expect_eq(r->examples[e], &ex[want[k].ex[e]],
				     "row at %#lx, example %zu: expected \"%s\", found \"%s\"",
				     (unsigned long)r->start, e + 1, ex[want[k].ex[e]].label,
				     r->examples[e] ? r->examples[e]->label : "(null)");
	}
	layout_free(&l);
	maps_free(&m);
}

LAB_TEST(rows, live_rows_tile_the_space, 3,
	 "On live maps the rows must tile [0, end of the last mapping) with no overlap: "
	 "each row starts where the previous one ended.")
{
	/* The tests' own maps, copied in one read (lab01.h): the copy lists
	   each mapping once. Your parser on the live file could see [heap]
	   twice when its own realloc grew the heap between two reads. */
	struct maps m;
	char copy[64];
	snapshot_own_maps(copy);
	errno = 0;
	int rc = maps_load(copy, &m);
	int err = errno;
	unlink(copy);
	if (rc != 0)
		maps_free(&m);
	cr_assert_eq(rc, 0, "maps_load(a copy of the tests' /proc/self/maps) returned %d (errno %d: %s), "
		     "expected 0", rc, err, strerror(err));
	struct layout l;
	build_or_fail(&m, NULL, 0, &l);
	cr_assert(l.n > 0, "no rows");
	cr_expect_eq(l.rows[0].start, 0, "the first row: expected to start at 0, found %#lx",
		     (unsigned long)l.rows[0].start);
	cr_expect_eq(count_mapping_rows(&l), m.n, "expected %zu mapping rows, found %zu", m.n,
		     count_mapping_rows(&l));
	for (size_t i = 1; i < l.n; i++) {
		cr_expect_eq(l.rows[i].start, l.rows[i - 1].end, "row %zu starts at %#lx but row %zu ends at %#lx",
			     i, (unsigned long)l.rows[i].start, i - 1, (unsigned long)l.rows[i - 1].end);
		cr_expect(!(l.rows[i].gap && l.rows[i - 1].gap), "rows %zu and %zu are both gaps", i - 1, i);
	}
	cr_expect_eq(l.rows[l.n - 1].end, m.v[m.n - 1].end, "the last row: expected to end at %#lx, found %#lx",
		     (unsigned long)m.v[m.n - 1].end, (unsigned long)l.rows[l.n - 1].end);
	int local;   /* the tests', in the [stack] of the copy */
	struct example ex[] = { { "a local", (uintptr_t)&local } };
	layout_free(&l);
	build_or_fail(&m, ex, 1, &l);
	size_t placed = 0;
	for (size_t i = 0; i < l.n; i++)
		placed += l.rows[i].nexamples;
	cr_expect_eq(placed, 1, "one example (a local): expected it placed once, found %zu placements", placed);
	for (size_t i = 0; i < l.n; i++)
		if (l.rows[i].nexamples)
			cr_expect_eq(l.rows[i].place.kind, REGION_STACK, "the row holding a local: expected "
				     "kind stack, found %s", region_name(l.rows[i].place.kind));
	layout_free(&l);
	maps_free(&m);
}
