// SPDX-License-Identifier: MIT
/*
 * lab02.h - what the lab 02 tests share: page arithmetic, and the worker
 * (build/worker, which runs your code) seen from the tests: its break, its
 * memory, its /proc files, and build/firstbrk run in a fresh process.
 *
 * Your heap_grow moves the worker's break, not the tests': every fact below
 * is about the worker. The tests read it from outside where the kernel shows
 * it (/proc/PID/maps, stat, status, statm, the worker's memory through
 * remote_peek and remote_poke); the break itself, which the kernel shows
 * only to its own process, comes from the worker's fixed code (the brk
 * system call) and is checked against [heap]'s end, page by page.
 */
#ifndef LAB02_H
#define LAB02_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include "remote.h"
#include "remote/fns.h"

size_t page_size(void);
uintptr_t page_round_up(uintptr_t addr);

/* Field n (1-based, see man 5 proc) of the worker's /proc/PID/stat, or 0
   if it cannot be read. 45 start_data, 46 end_data, 47 start_brk. */
uintptr_t proc_stat_field(int n);

/* The value in kB of a line of the worker's /proc/PID/status such as
   "VmData:", or -1. */
long proc_status_kib(const char *key);

/* The worker's RLIMIT_DATA, from its /proc/PID/limits; false if unread. */
bool worker_data_limit(struct rlimit *r);

/* The worker's resident set size in bytes (its /proc/PID/statm), or -1. */
long worker_rss(void);

/* The worker's [heap] as the tests read it in /proc/PID/maps (not with your
   maps.c): true and its range if there is one. */
bool worker_heap(uintptr_t *start, uintptr_t *end);

/* The worker's break, as sbrk(0) would say in the worker; fails the test if
   [heap] in /proc/PID/maps does not end on its page. */
char *worker_brk(void);

/* Moves the worker's break by n as sbrk(n) would (returns the old break);
   fails the test if it could not. */
char *worker_sbrk(intptr_t n);

/* Puts the worker's break back at brk if it is somewhere else: tests
   restore it before they assert, so that the worker's malloc keeps a sane
   heap for the calls that follow. */
void restore_break(void *brk);

/* Can the tests read, or write, the byte at addr of the worker's memory
   (remote_peek, remote_poke: the kernel's page tables decide)? Writing
   puts back the byte that was there. */
bool worker_can_read(const void *addr);
bool worker_can_write(void *addr);

/* The worker's fixed code (fns.h). */
void worker_objects(uintptr_t at[OBJ_COUNT]);
char *worker_mmap(size_t len, int prot);          /* NULL on failure */
int worker_munmap(void *addr, size_t len);
int64_t worker_call(uint32_t id, const char *what, uint64_t arg);   /* one arg, one answer */

/* What build/firstbrk printed. */
struct firstbrk {
	uintptr_t end, brk, grown, brk_after;
	long gap;
	int heap_before, heap_after;
	uintptr_t heap_start, heap_end;
};

enum firstbrk_status { FIRSTBRK_OK, FIRSTBRK_FAILED, FIRSTBRK_NO_PERSONALITY };

/* Has the worker run build/firstbrk (with ASLR off for that one process if
   no_aslr), and parses its output. On FIRSTBRK_FAILED, why says what went
   wrong. firstbrk holds your code, so it runs where your code runs: as a
   child of the worker, never of the tests. */
enum firstbrk_status run_firstbrk(struct firstbrk *out, bool no_aslr,
                                  char *why, size_t whylen);

/* Contents of /proc/sys/kernel/randomize_va_space, or -1. */
int randomize_va_space(void);

#endif
