// SPDX-License-Identifier: MIT
/*
 * rows.c - the address space as sorted rows of mappings and gaps.  (task 3)
 *
 * A maps file lists mappings; the picture of an address space also needs
 * what is between them, because the gaps are most of it: on x86-64 the
 * mappings of a small program cover a few MiB of a 128 TiB user space.
 */
#include "rows.h"

#include <errno.h>
#include <stdlib.h>

int layout_build(const struct maps *m, const struct example *ex, size_t nex,
		 struct layout *out)
{
	*out = (struct layout){ 0 };
	/*
	 * TODO (task 3):
	 * 1. One row per entry of m: start, end, map = &m->v[i], and
	 *    place from classify() of start. Sort them by start (qsort);
	 *    m may come in any order and is not yours to change.
	 * 2. Copy them into out->rows (allocate room for 2 * m->n + 1 rows),
	 *    putting a gap row (gap = true, map = NULL, kind REGION_UNMAPPED)
	 *    before each mapping that starts above where the previous one
	 *    ended; the first "previous end" is address 0.
	 * 3. For each example in order, add it to the row whose
	 *    [start, end) holds its address (at most ROW_MAX_EXAMPLES a row).
	 * On failure free what you allocated and return -1 with errno set.
	 */
	(void)m;
	(void)ex;
	(void)nex;
	errno = ENOSYS;
	return -1;
}

void layout_free(struct layout *l)
{
	free(l->rows);
	*l = (struct layout){ 0 };
}
