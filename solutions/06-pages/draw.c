// SPDX-License-Identifier: MIT
/*
 * draw.c - one character per page: the page map of task 4 (README.md).
 *
// >>> design
//|  * TODO: pm_char, from the decoded entry and the zero page's PFN.
 * The order of the tests matters: a swapped page is not present; a file
 * page may be exclusive or not, it is drawn 'f' either way; the zero page
 * is recognised only by its frame number, which is hidden (0) from a
 * process without CAP_SYS_ADMIN, and 0 == 0 is no proof.
// <<< design
 */
#include "pages.h"

// >>> pm-char
char pm_char(const struct pm_page *pg, uint64_t zero_pfn)
{
	// >>> pm_char
	//| /* TODO: return the PM_* character for *pg (pages.h). */
	//| (void)pg, (void)zero_pfn;
	//| return '?';
	if (pg->swapped)
		return PM_SWAP;
	if (!pg->present)
		return PM_NONE;
	if (pg->file)
		return PM_FILE;
	if (pg->pfn != 0 && pg->pfn == zero_pfn)
		return PM_ZERO;
	return pg->exclusive ? PM_EXCL : PM_SHARED;
	// <<< pm_char
}
// <<< pm-char
