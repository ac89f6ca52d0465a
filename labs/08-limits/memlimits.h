// SPDX-License-Identifier: MIT
/*
 * memlimits.h - lab 08's contracts: the probe of a process's address space
 * (probe.c), the supervisor that runs a program under a limit and says how
 * it ended (supervisor.c), and glibc's chunk arithmetic on 32-bit x86
 * (chunk32.c). See README.md.
 */
#ifndef MEMLIMITS_H
#define MEMLIMITS_H

#include <stddef.h>
#include <sys/types.h>

/* Task 1: probe.c. Both leave nothing allocated behind them. */

/* The largest n with malloc(n) != NULL, searched between 0 and hi, to
   within step bytes (the answer is at most step below the true one). */
size_t probe_largest(size_t hi, size_t step);

/* malloc(piece) again and again until it returns NULL, then free them all:
   the bytes the successful calls got together. */
size_t probe_total(size_t piece);

/* Task 2: supervisor.c. */

enum limit_kind {
	LIM_NONE,       /* no limit */
	LIM_AS,         /* RLIMIT_AS: every mapping counts */
	LIM_DATA,       /* RLIMIT_DATA: the heap and private writable mappings */
	LIM_STACK,      /* RLIMIT_STACK: the main thread's stack */
	LIM_CGROUP,     /* a memory cgroup (v2, or v1's memory hierarchy) made
	                   beforehand: the child joins it */
};

struct limit {
	enum limit_kind kind;
	unsigned long long bytes;       /* the rlimit (soft and hard); not for LIM_CGROUP */
	const char *cgroup;             /* LIM_CGROUP: the group's directory */
};

/* How a supervised program ended. The programs the lab supervises exit
   with VICTIM_ENOMEM when an allocation failed with ENOMEM. */
#define VICTIM_ENOMEM 2

enum outcome {
	OUT_EXITED,     /* exited, with a status other than VICTIM_ENOMEM */
	OUT_ENOMEM,     /* exited with VICTIM_ENOMEM: an allocation returned NULL */
	OUT_SEGV,       /* killed by SIGSEGV (the stack could not grow) */
	OUT_OOM,        /* killed by the OOM killer: SIGKILL, and its cgroup's
	                   oom_kill count went up (memory.events, v1: memory.oom_control) */
	OUT_SIGNALED,   /* killed by any other signal (a SIGKILL not from the OOM killer) */
};

struct verdict {
	enum outcome outcome;
	int wstatus;            /* waitpid's status */
	long oom_kills;         /* how much the cgroup's oom_kill went up (0 without a cgroup) */
};

/* The outcome that a wait status and an oom_kill count show. */
enum outcome classify(int wstatus, long oom_kills);

/* Runs argv[0] (a path) with arguments argv in a child under lim, waits
   for it and fills v. Returns 0, or -1 with errno if the child could not
   be started or waited for. */
int supervise(const struct limit *lim, char *const argv[], struct verdict *v);

/* Task 3: chunk32.c: glibc's malloc on 32-bit x86 (i386), for a request
   of req bytes that the heap has no room left for (its top chunk is too
   small): the heap grows with brk, or the block gets an mmap of its own. */

/* The size of the chunk malloc(req) gets (its header's size field). */
size_t chunk32(size_t req);

/* malloc_usable_size of that chunk. */
size_t usable32(size_t req);

/* 1 if malloc(req) is served by mmap (the default threshold), 0 if from
   the heap. */
int mmapped32(size_t req);

#endif
