// SPDX-License-Identifier: MIT
/*
 * lab07.h - what the lab 07 tests share: their own readings of the worker
 * (build/worker, which runs your code) from outside — smaps_rollup, stat,
 * maps, limits — and a baseline run of the workload in a child of their
 * own, with glibc's defaults.
 */
#ifndef LAB07_H
#define LAB07_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "remote.h"
#include "remote/fns.h"
#include "threads.h"
#include "workload.h"

/* A line "NAME: n kB" of /proc/PID/smaps_rollup (name with its colon), or
   -1 if it cannot be read or has no such line. */
long judge_rollup_kb(pid_t pid, const char *name);

/* Field 10 of /proc/PID/stat, the minor faults; -1 if unread. */
long judge_minflt(pid_t pid);

/* One line of /proc/PID/maps. */
struct jmap {
	uintptr_t lo, hi;
	char perms[5];
	bool anon;              /* no path */
	char path[64];
};
/* The mappings of pid, up to max; -1 if unread. */
int judge_maps(pid_t pid, struct jmap *m, int max);

/* The non-main malloc arenas of pid: each a 64 MiB-aligned reservation,
   the part in use rw-p, the rest ---p. -1 if unread. */
int judge_arenas(pid_t pid);

/* The default stack size of a new thread of pid: RLIMIT_STACK's soft
   limit from /proc/PID/limits, 2 MiB when unlimited. 0 if unread. */
size_t judge_thread_stack(pid_t pid);

/* The CPUs pid may run on (sched_getaffinity). */
int judge_cpus(pid_t pid);

/* Rss (kB) and minor faults after each phase of the workload; and the
   system calls that take memory or give it back (brk, madvise, munmap,
   mprotect) since the start, counted by a thread of the tests that traces
   the process (ptrace); traced is false, with why, where ptrace is refused. */
struct series {
	long rss[WL_PHASES];
	long flt[WL_PHASES];
	long sys[WL_PHASES];
	bool traced;
	char why[96];
};
/* The workload in the worker, with your policy (policy) or none. */
void run_worker_series(bool policy, struct series *s);
/* The workload in a child of the tests, with glibc's defaults. */
void run_baseline_series(struct series *s);

/* Calls into the worker's fixed code (fns.h). */
void worker_phase(int k, bool policy);
int worker_thread_stack(struct stack_info *s, int *err);
int worker_threads(int n, int arena_max);
/* A child of the worker whose thread has called overflow_watch: its pid,
   and overflow_watch's return value and errno. */
pid_t worker_overflow(int *rc, int *err);
/* That thread overflows: its report (to free) and the child's wait status. */
char *worker_overflow_go(int *status);

#endif
