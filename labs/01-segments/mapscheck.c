// SPDX-License-Identifier: MIT
/*
 * mapscheck.c - what the kernel promises about /proc/PID/maps, as a check.
 *
 * Use it on what your parser produced: if maps_check fails on the live
 * /proc/self/maps, the parser is wrong, not the kernel. The tests use it too.
 * This file is fixed: you do not hand it in.
 */
#include "maps.h"

#include <unistd.h>

static bool perms_valid(const char *p)
{
	return (p[0] == 'r' || p[0] == '-') && (p[1] == 'w' || p[1] == '-') &&
	       (p[2] == 'x' || p[2] == '-') && (p[3] == 'p' || p[3] == 's') &&
	       p[4] == '\0';
}

int maps_check(const struct maps *m, char *why, size_t whysize)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	if (m->n > 0 && !m->v) {
		snprintf(why, whysize, "%zu entries but no array", m->n);
		return -1;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct map_entry *e = &m->v[i];
		if (e->start >= e->end) {
			snprintf(why, whysize, "entry %zu: start %#lx is not below end %#lx",
				 i, (unsigned long)e->start, (unsigned long)e->end);
			return -1;
		}
		if (e->start % page || e->end % page) {
			snprintf(why, whysize, "entry %zu: %#lx-%#lx is not page-aligned",
				 i, (unsigned long)e->start, (unsigned long)e->end);
			return -1;
		}
		if (!perms_valid(e->perms)) {
			snprintf(why, whysize, "entry %zu: perms \"%.4s\" are not [r-][w-][x-][ps]",
				 i, e->perms);
			return -1;
		}
		if (i > 0 && m->v[i - 1].end > e->start) {
			snprintf(why, whysize, "entry %zu starts at %#lx, before the end %#lx of entry %zu",
				 i, (unsigned long)e->start, (unsigned long)m->v[i - 1].end, i - 1);
			return -1;
		}
	}
	return 0;
}
