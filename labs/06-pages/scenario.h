// SPDX-License-Identifier: MIT
/*
 * scenario.h - the scenarios of task 3, and what a prediction says.
 *
 * Each scenario is a few lines of C that the tests run in a fresh process
 * (a child of the tests, never your code): a set-up, then an action. The
 * tests count the page faults of the action alone (getrusage around it) and
 * read the process's /proc/PID/pagemap for the scenario's first SC_PAGES
 * pages. Your predict() says beforehand what they will find.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

// >>> scenarios
enum scenario {
	SC_UNTOUCHED,           /* mmap 4 anonymous pages; nothing */
	SC_READ,                /* mmap; read the 4 pages */
	SC_WRITE,               /* mmap; write the 4 pages */
	SC_MIXED,               /* mmap; write page 0, read page 1, write page 3 */
	SC_BSS,                 /* a 4-page bss array: read all, then write all */
	SC_FORK,                /* write 4 pages, fork; the child does nothing */
	SC_FORK_CHILD_WRITES,   /* write 4 pages, fork; the child writes pages 0 and 1 */
	SC_FORK_PARENT_WRITES,  /* write 4 pages, fork; the parent writes pages 0 and 1 */
	SC_FILE_SHARED,         /* a 4-page file another process wrote; MAP_SHARED; write all */
	SC_FILE_PRIVATE,        /* the same with MAP_PRIVATE; write all */
	SC_POPULATE,            /* mmap with MAP_POPULATE; write the 4 pages */
	SC_MLOCK,               /* mmap, mlock the 4 pages; write them */
	SC_DONTNEED,            /* write 4 pages; madvise(MADV_DONTNEED) pages 0 and 1 */
	SC_FREE,                /* write 4 pages; madvise(MADV_FREE) all 4 */
	SC_HUGE,                /* 2 MiB aligned, madvise(MADV_HUGEPAGE); write all 512 pages */
	SC_COUNT
};
// <<< scenarios

/* The pages the tests look at: the first 4 of each scenario's region. */
#define SC_PAGES 4

// >>> prediction
/* What the tests will see, said beforehand. */
struct prediction {
	/* pagemap of the observed process after the action, one character
	   per page as pm_char draws it (pages.h): ".0xsfw", then a NUL */
	char pages[SC_PAGES + 1];
	/* the minor faults of the action alone, in the process that acts */
	long faults;
	/* file scenarios: 1 if a process reading the file with read() after
	   the action sees the bytes the action wrote, 0 if not; other
	   scenarios: -1 */
	int file_sees_write;
};
// <<< prediction

/* Task 3 (predict.c). Fills *p for scenario s; returns 0, or -1 with
   errno = EINVAL for a scenario that does not exist. */
int predict(enum scenario s, struct prediction *p);

/* What each scenario does, in words (scenario.c): its name, its set-up
   and its action, and which process the tests observe. */
struct sc_info {
	const char *name, *setup, *action, *observed;
};
extern const struct sc_info sc_info[SC_COUNT];

#endif
