// SPDX-License-Identifier: MIT
/*
 * test_race.c - task 1: the live maps stay one consistent picture while the
 * parser's own allocations grow the heap (maps_load reads the file whole).
 */
#include "lab01.h"

/* How many entries of m are [heap]; the first two in a and b. */
static size_t heaps(const struct maps *m, struct map_entry *a, struct map_entry *b)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->v[i].path, "[heap]") != 0)
			continue;
		if (n < 2)
			*(n == 0 ? a : b) = m->v[i];
		n++;
	}
	return n;
}

LAB_TEST(maps, live_maps_while_heap_grows, 1,
	 "maps_load (given) reads the whole file before your maps_read parses it: "
	 "keep it that way, and parse the FILE it gives you (README.md, task 1).")
{
	/* For each number of lines before [heap] up to 135, the worker puts
	   [heap]'s line at the end of a read (race_pads.h) and lets each of
	   the parser's allocations move the break: a parser that runs between
	   two reads, and allocates at one of those lines, sees [heap] twice
	   (the reference of old did at its 1st, 33rd, 65th and 129th line). */
	size_t placed_count = 0;
	for (uint64_t pads = 0; pads <= 135; pads++) {
		struct maps m;
		bool placed = false;
		errno = 0;
		int rc = maps_load_heap_grows(pads, &placed, &m);
		int err = errno;
		if (rc != 0)
			maps_free(&m);
		cr_assert_eq(rc, 0, "maps_load(\"/proc/self/maps\") with %u pages mapped below the program: "
			     "returned %d (errno %d: %s), expected 0", (unsigned)pads, rc, err, strerror(err));
		placed_count += placed;
		static struct map_entry a, b;   /* 4 KiB each: not on the stack */
		size_t n = heaps(&m, &a, &b);
		char why[200] = "";
		int bad = maps_check(&m, why, sizeof why);
		maps_free(&m);
		cr_assert(n <= 1, "with %u pages mapped below the program, [heap] is listed %zu times "
			  "(%#lx-%#lx, then %#lx-%#lx): the file was parsed between two reads while the "
			  "heap grew", (unsigned)pads, n, (unsigned long)a.start, (unsigned long)a.end,
			  (unsigned long)b.start, (unsigned long)b.end);
		cr_assert_eq(bad, 0, "with %u pages mapped below the program: maps_check: %s",
			     (unsigned)pads, why);
	}
	if (placed_count == 0)
		cr_skip_test("the worker could not put [heap]'s line at the end of a read "
			     "(no MAP_FIXED_NOREPLACE, or no [heap])");
}
