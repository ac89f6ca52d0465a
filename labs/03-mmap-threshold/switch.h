// SPDX-License-Identifier: MIT
/*
 * switch.h - find where malloc switches from the heap to mmap.
 */
#ifndef SWITCH_H
#define SWITCH_H

#include <stdbool.h>
#include <stddef.h>

/* Answers one question about request size n, e.g. "does a fresh process
   serve malloc(n) with mmap?" (probe_fresh_mmap in runner.h). */
typedef bool probe_fn(size_t n, void *arg);

/*
 * The smallest n in (lo, hi] for which probe(n, arg) is true, given that
 * probe is false at lo, true at hi and, in between, false up to some point
 * and true from there on. Each probe can cost a process, so ask as few as
 * you can: about log2(hi - lo) of them. Returns 0 if probe(lo) is true or
 * probe(hi) is false (check both first) or lo >= hi.
 */
size_t find_switch_point(probe_fn *probe, void *arg, size_t lo, size_t hi);

#endif
