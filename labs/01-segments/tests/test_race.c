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
	/* Each pad is one line (about 41 bytes) before the program's: 110 of
	   them move [heap]'s line (about 80 bytes) across every boundary of the
	   first 4 KiB, where the kernel starts a new read. The worker's first
	   allocation after the first read moves the break (worker.c): a parser
	   that runs between reads then sees [heap] once before and once after. */
	for (uint64_t pads = 0; pads <= 110; pads++) {
		struct maps m;
		errno = 0;
		int rc = maps_load_heap_grows(pads, &m);
		int err = errno;
		if (rc != 0)
			maps_free(&m);
		cr_assert_eq(rc, 0, "maps_load(\"/proc/self/maps\") with %u pages mapped below the program: "
			     "returned %d (errno %d: %s), expected 0", (unsigned)pads, rc, err, strerror(err));
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
}
