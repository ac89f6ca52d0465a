// SPDX-License-Identifier: MIT
/*
 * bench.h - mdriver --bench: the traces as a benchmark, set by set.
 */
#ifndef BENCH_H
#define BENCH_H

#include "trace_child.h"
#include "tracelist.h"

/* Replay every entry as run_entry does and print, for each set, a table:
   per trace the utilisation and throughput of the submission (unless
   cfg->reference_only) and of the reference, and each one's throughput as a
   multiple of the C library's; then the set's mean and aggregate. Returns
   how many traces failed or could not be read. */
int bench(const struct config *cfg, const struct entries *es);

#endif
