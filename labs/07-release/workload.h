// SPDX-License-Identifier: MIT
/*
 * workload.h - the long-running program of this lab, in phases: a heap of
 * 48 MiB in 16 KiB blocks, then all of them freed but the last (the heap
 * stays as big: that block at its top is still in use), then rounds of
 * 8 MiB allocated and freed again, then the top block freed too. After
 * each burst of frees it calls the release policy it was given
 * (release.h).
 */
#ifndef WORKLOAD_H
#define WORKLOAD_H

enum {
	WL_BLOCK = 16 * 1024,           /* bytes of each block: under the mmap threshold */
	WL_BLOCKS = 3072,               /* 48 MiB in all */
	WL_CHURN = 512,                 /* blocks of a churn round: 8 MiB */
	WL_PHASES = 10,
};

/* What each phase does, for tables. */
extern const char *const workload_phase_names[WL_PHASES];

/* Runs phase k (0 .. WL_PHASES - 1, in order), calling after_free (which
   may be NULL) after each burst of frees. Returns 0, or -1 if malloc
   failed. */
int workload_phase(int k, void (*after_free)(void));

#endif
