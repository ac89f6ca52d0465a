// SPDX-License-Identifier: MIT
/*
 * lab06.h - what the lab 06 tests share: their own reading of pagemap
 * (never your decoder), the scenarios of task 3 run in fresh processes of
 * their own, and the worker (build/worker, which runs your code) seen from
 * outside.
 */
#ifndef LAB06_H
#define LAB06_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "remote.h"
#include "remote/fns.h"
#include "scenario.h"

size_t page_size(void);

/* n raw entries of /proc/PID/pagemap from the page of addr, read by the
   tests; false if the file cannot be read. */
bool judge_entries(pid_t pid, uintptr_t addr, size_t n, uint64_t *raw);

/* The tests' own decoding of a raw entry: its bits, and its character. */
#define J_PRESENT (1ULL << 63)
#define J_SWAPPED (1ULL << 62)
#define J_FILE (1ULL << 61)
#define J_EXCLUSIVE (1ULL << 56)
#define J_SOFT_DIRTY (1ULL << 55)
#define J_PFN_MASK ((1ULL << 55) - 1)
char judge_char(uint64_t raw, uint64_t zero_pfn);

/* The zero page's frame number as the tests' process sees it (a page of
   its own, read and not written), or 0 when PFNs are hidden from it. */
uint64_t judge_zero_pfn(void);

/* Does process pid have CAP_SYS_ADMIN (its /proc/PID/status CapEff)? */
bool has_sys_admin(pid_t pid);

/* A scenario as the tests saw it run. */
struct observed {
	char pages[SC_PAGES + 1];       /* judge_char of each page */
	uint64_t raw[SC_PAGES];
	long faults;                    /* minor faults of the action */
	int file_sees_write;            /* -1 for scenarios without a file */
	long anon_huge_kb;              /* AnonHugePages of the observed process */
	uint64_t zero_pfn;              /* the tests' judge_zero_pfn() */
};

/* Runs scenario s in a fresh child of the tests. Returns 0; 1 with a
   reason in why when this system cannot show it (the tests may not read
   pagemap here); -1 with a reason when it could not be run. */
int run_scenario(enum scenario s, struct observed *o, char *why, size_t whylen);

/* Transparent huge pages for madvise'd memory: "always" or "madvise" in
   /sys/kernel/mm/transparent_hugepage/enabled. */
bool thp_madvise_works(void);

/* The worker's minor and major faults (/proc/PID/stat fields 10 and 12)
   and resident pages (Rss of /proc/PID/smaps_rollup). False if unread. */
bool worker_counters(long *minor, long *major, long *rss);

/* Calls into the worker's fixed code (fns.h). */
uint64_t worker_region(size_t npages, int how);      /* its address */
pid_t worker_child(uint64_t *addr);                   /* a child with 4 pages set up */
void worker_end_child(void);

#endif
