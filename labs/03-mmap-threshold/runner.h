// SPDX-License-Identifier: MIT
/*
 * runner.h - run a sequence for real and record the system calls it made.
 *
 * Fixed code, not yours to change: it is what your predictions are graded
 * against. Each run starts a fresh process, build/seqchild, under
 *
 *     strace -f -o FILE -e trace=brk,mmap,munmap,lseek build/seqchild OPS...
 *
 * seqchild calls lseek(-1, k, SEEK_CUR) before operation k (and once more,
 * with k = n, after the last). lseek on descriptor -1 fails at once with
 * EBADF and changes nothing, and nothing else in seqchild calls it, so the
 * calls between marker k and marker k+1 are exactly those of operation k:
 * the loader's and libc's start-up calls come before marker 0.
 *
 * Where strace cannot run (no strace, or ptrace refused, as in some
 * containers), or when MEMLAB_OBSERVE=mallinfo is set, seqchild reports
 * mallinfo2() after each operation instead, and the runner turns the
 * changes of `arena` (bytes from brk) and `hblkhd` (bytes in mmapped
 * chunks) into events. That view cannot tell two brk calls of one
 * operation apart, so in that mode both sides are compared summarized.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "seq.h"

enum observe_how { OBSERVE_STRACE, OBSERVE_MALLINFO };

/* How runs are observed on this machine (decided once, on first use). */
enum observe_how observe_how(void);

/* A sentence for reports saying how the calls were observed. */
const char *observe_note(void);

/* Run s in a fresh process; out[i] gets the calls of operation i.
   Returns 0, or -1 with a message in err. */
int run_sequence(const struct seq *s, struct op_events out[], char *err, size_t errlen);

/* The probe for find_switch_point(): does a fresh process that first calls
   mallopt(M_MMAP_THRESHOLD, *(long *)arg) (skipped when arg is NULL or the
   value is negative) serve malloc(n) with mmap? Each call is one run. */
bool probe_fresh_mmap(size_t n, void *arg);

/* Runs made by probe_fresh_mmap so far, and the last error it met ("" if none). */
extern unsigned long probe_runs;
extern char probe_error[256];

#endif
