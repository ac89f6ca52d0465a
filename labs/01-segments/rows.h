// SPDX-License-Identifier: MIT
/*
 * rows.h - the address space as rows: one per mapping, one per gap.
 *
 * layout_build turns a maps file into the rows the layout program prints:
 * sorted by address, with a gap row wherever the next mapping does not start
 * where the previous one ended (and one from address 0 up to the first
 * mapping), each mapping classified, and each example object placed in the
 * row that holds its address.
 *
 * This header is fixed: you write rows.c. print.c (fixed) prints the rows.
 */
#ifndef ROWS_H
#define ROWS_H

#include "classify.h"

/* An object of the program shown in the layout: "main()", "a local", ... */
struct example {
	const char *label;
	uintptr_t addr;
};

#define ROW_MAX_EXAMPLES 16

struct row {
	uintptr_t start;        /* first address of the mapping or gap */
	uintptr_t end;          /* one past the last */
	bool gap;               /* a gap: no mapping, map is NULL */
	const struct map_entry *map;    /* the mapping (points into the maps) */
	struct place place;     /* classify() of start; REGION_UNMAPPED for a gap */
	const struct example *examples[ROW_MAX_EXAMPLES];  /* in the order given */
	size_t nexamples;       /* examples beyond ROW_MAX_EXAMPLES are dropped */
};

struct layout {
	struct row *rows;       /* ascending addresses */
	size_t n;
};

/*
 * Build the rows of m (in any order) with the nex examples ex placed in
 * them. The rows point into m and ex: keep both alive while using them.
 * Returns 0, or -1 with errno set (ENOMEM); then out is empty.
 */
int layout_build(const struct maps *m, const struct example *ex, size_t nex,
		 struct layout *out);

void layout_free(struct layout *l);

/* Given (print.c): the table (mappings only, ascending) and the diagram
   (mappings and gaps, highest address first), as the layout program shows. */
void layout_print_table(FILE *out, const struct layout *l);
void layout_print_diagram(FILE *out, const struct layout *l);

/* Given (print.c): 4096 -> "4.0K", 1 << 20 -> "1.0M"; returns buf. */
const char *format_size(uint64_t bytes, char buf[16]);

#endif
