// SPDX-License-Identifier: MIT
/*
 * scenario.c - the scenarios of task 3 in words (scenario.h). The code
 * that runs them is the tests' (tests/run_scenario.c).
 */
#include "scenario.h"

const struct sc_info sc_info[SC_COUNT] = {
	[SC_UNTOUCHED] = { "untouched", "mmap 4 anonymous pages", "nothing", "the process" },
	[SC_READ] = { "read", "mmap 4 anonymous pages", "read each page", "the process" },
	[SC_WRITE] = { "write", "mmap 4 anonymous pages", "write each page", "the process" },
	[SC_MIXED] = { "mixed", "mmap 4 anonymous pages", "write page 0, read page 1, write page 3",
	               "the process" },
	[SC_BSS] = { "bss", "a page-aligned 4-page static array, never touched",
	             "read each page, then write each page", "the process" },
	[SC_FORK] = { "fork", "mmap 4 pages, write each, fork", "nothing (in the child)",
	              "the child" },
	[SC_FORK_CHILD_WRITES] = { "fork-child-writes", "mmap 4 pages, write each, fork",
	                           "the child writes pages 0 and 1", "the child" },
	[SC_FORK_PARENT_WRITES] = { "fork-parent-writes", "mmap 4 pages, write each, fork",
	                            "the parent writes pages 0 and 1 (the child counts its own faults: none)",
	                            "the child" },
	[SC_FILE_SHARED] = { "file-shared", "a 4-page file written by another process; mmap it MAP_SHARED",
	                     "write each page", "the process" },
	[SC_FILE_PRIVATE] = { "file-private", "the same file; mmap it MAP_PRIVATE",
	                      "write each page", "the process" },
	[SC_POPULATE] = { "populate", "mmap 4 anonymous pages with MAP_POPULATE", "write each page",
	                  "the process" },
	[SC_MLOCK] = { "mlock", "mmap 4 anonymous pages, mlock them", "write each page",
	               "the process" },
	[SC_DONTNEED] = { "dontneed", "mmap 4 pages, write each",
	                  "madvise(MADV_DONTNEED) pages 0 and 1", "the process" },
	[SC_FREE] = { "free", "mmap 4 pages, write each", "madvise(MADV_FREE) the 4 pages",
	              "the process" },
	[SC_HUGE] = { "huge", "mmap 2 MiB aligned to 2 MiB, madvise(MADV_HUGEPAGE)",
	              "write each of its 512 pages", "the process" },
};
