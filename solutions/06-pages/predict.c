// SPDX-License-Identifier: MIT
/*
 * predict.c - what pagemap and the fault counters will show for each
 * scenario of scenario.h (task 3 of lab 06: see README.md).
 *
// >>> design
//|  * TODO: one row per scenario: its pages as pm_char draws them, the
//|  * minor faults of its action, and whether another process reading the
//|  * file sees what it wrote.
 * A page is faulted in on first touch, one fault per 4 KiB page: a read
 * maps the shared zero page, a write a page of its own (a second fault if
 * the page was the zero page). fork shares every page until one side
 * writes: the writer gets a copy, and the other side is left the only
 * user of the original. MAP_POPULATE and mlock fault in up front, so the
 * writes after them cost nothing; MADV_DONTNEED drops pages at once,
 * MADV_FREE only under memory pressure; a huge page is one fault for 512
 * pages.
// <<< design
 */
#include "scenario.h"

#include <errno.h>
#include <string.h>

int predict(enum scenario s, struct prediction *p)
{
	// >>> predict
	//| /* TODO: fill *p for scenario s. */
	//| (void)s, (void)p;
	//| errno = ENOSYS;
	//| return -1;
	// >>> predict-table
	static const struct prediction table[SC_COUNT] = {
		[SC_UNTOUCHED] = { "....", 0, -1 },
		[SC_READ] = { "0000", 4, -1 },
		[SC_WRITE] = { "xxxx", 4, -1 },
		[SC_MIXED] = { "x0.x", 3, -1 },
		[SC_BSS] = { "xxxx", 8, -1 },
		[SC_FORK] = { "ssss", 0, -1 },
		[SC_FORK_CHILD_WRITES] = { "xxss", 2, -1 },
		[SC_FORK_PARENT_WRITES] = { "xxss", 0, -1 },
		[SC_FILE_SHARED] = { "ffff", 4, 1 },
		[SC_FILE_PRIVATE] = { "xxxx", 4, 0 },
		[SC_POPULATE] = { "xxxx", 0, -1 },
		[SC_MLOCK] = { "xxxx", 0, -1 },
		[SC_DONTNEED] = { "..xx", 0, -1 },
		[SC_FREE] = { "xxxx", 0, -1 },
		[SC_HUGE] = { "xxxx", 1, -1 },
	};
	// <<< predict-table
	if ((unsigned)s >= SC_COUNT) {
		errno = EINVAL;
		return -1;
	}
	*p = table[s];
	return 0;
	// <<< predict
}
