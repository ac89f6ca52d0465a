// SPDX-License-Identifier: MIT
/*
 * print.c - print the rows of an address space as a table and a diagram.
 *
 * The table is what pmap(1) shows, plus the kind of each mapping and the
 * example objects in it. The diagram is the classic address-space figure,
 * highest address at the top, drawn from this process's real maps: one box
 * per run of mappings of the same kind and name, and the gaps between them.
 * This file is fixed: you do not hand it in.
 */
#include "rows.h"

#include <string.h>

const char *format_size(uint64_t bytes, char buf[16])
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;
	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, 16, "%uB", (unsigned)bytes);
	else
		snprintf(buf, 16, "%.1f%c", v, units[u]);
	return buf;
}

static void print_examples(FILE *out, const struct row *r, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		fprintf(out, "%s%s (%#lx)", i == from ? "  <- " : ", ",
			r->examples[i]->label, (unsigned long)r->examples[i]->addr);
}

static const char *row_name(const struct row *r)
{
	if (r->place.name)
		return r->place.name;
	if (r->map && r->map->path[0])
		return r->map->path;
	return r->gap ? "" : "(anonymous)";
}

// >>> table
void layout_print_table(FILE *out, const struct layout *l)
{
	char size[16];
	fprintf(out, "%-16s %-16s %-5s %8s  %-8s %s\n",
		"START", "END", "PERMS", "SIZE", "KIND", "NAME");
	for (size_t i = 0; i < l->n; i++) {
		const struct row *r = &l->rows[i];
		if (r->gap)
			continue;
		fprintf(out, "%016lx %016lx %-5s %8s  %-8s %s%s",
			(unsigned long)r->start, (unsigned long)r->end,
			r->map->perms, format_size(r->end - r->start, size),
			region_name(r->place.kind), row_name(r),
			r->map->deleted ? " (deleted)" : "");
		print_examples(out, r, 0, r->nexamples);
		fputc('\n', out);
	}
}
// <<< table

/* Rows i..j-1 form one box when they touch and share kind and name. */
static size_t box_end(const struct layout *l, size_t i)
{
	size_t j = i + 1;
	while (j < l->n && !l->rows[j].gap &&
	       l->rows[j].start == l->rows[j - 1].end &&
	       l->rows[j].place.kind == l->rows[i].place.kind &&
	       strcmp(row_name(&l->rows[j]), row_name(&l->rows[i])) == 0)
		j++;
	return j;
}

/* The diagram names a row by its file's base name: the box is narrow. */
static const char *short_name(const struct row *r)
{
	const char *name = row_name(r);
	const char *slash = strrchr(name, '/');
	return slash && name[0] == '/' ? slash + 1 : name;
}

/*
 * With 4-level page tables (48-bit virtual addresses) user space ends below
 * 0x800000000000, 128 TiB; above it, up to the kernel's half, no address is
 * valid. Mark that place in the gap that holds it.
 */
static bool holds_user_top(const struct row *r)
{
	uint64_t top = (uint64_t)1 << 47;
	return UINTPTR_MAX > 0xffffffffu && r->start < top && top < (uint64_t)r->end;
}

static const char border[] = "+------------------------------------------+";

static void print_box(FILE *out, const struct layout *l, size_t i, size_t j)
{
	char size[16];
	const struct row *first = &l->rows[i];
	fprintf(out, "%18s | %-8s %-22.22s %8s |", "",
		region_name(first->place.kind), short_name(first),
		format_size(l->rows[j - 1].end - first->start, size));
	/* The examples of every row of the box, highest row first. */
	const char *sep = "  <- ";
	for (size_t k = j; k-- > i;) {
		const struct row *r = &l->rows[k];
		for (size_t e = 0; e < r->nexamples; e++) {
			fprintf(out, "%s%s", sep, r->examples[e]->label);
			sep = ", ";
		}
	}
	fputc('\n', out);
}

// >>> diagram
void layout_print_diagram(FILE *out, const struct layout *l)
{
	char size[16];
	size_t j = l->n;
	bool top_drawn = false;      /* the border above the next box is drawn */

	while (j > 0) {
		/* Find the run of rows [i, j) that makes the next box down. */
		size_t i = j - 1;
		const struct row *r = &l->rows[i];
		if (r->gap) {
			fprintf(out, "%18s : %-8s %-22s %8s :", "", "gap", "",
				format_size(r->end - r->start, size));
			print_examples(out, r, 0, r->nexamples);
			if (holds_user_top(r))
				fprintf(out, "  <- 0x800000000000: the end of user space (128 TiB)");
			fputc('\n', out);
			top_drawn = false;
			j = i;
			continue;
		}
		while (i > 0 && box_end(l, i - 1) == j)
			i--;
		if (!top_drawn)
			fprintf(out, "%16lx   %s\n", (unsigned long)l->rows[j - 1].end, border);
		print_box(out, l, i, j);
		fprintf(out, "%16lx   %s\n", (unsigned long)l->rows[i].start, border);
		top_drawn = true;
		j = i;
	}
	if (l->n > 0 && l->rows[0].gap)
		fprintf(out, "%16lx   %s\n", (unsigned long)l->rows[0].start,
			"(nothing is mapped below the lowest mapping)");
}
// <<< diagram
