// SPDX-License-Identifier: MIT
/*
 * switchpoint - find the smallest request a fresh process serves with
 * mmap, by bisection with your find_switch_point(); then the same after
 * mallopt(M_MMAP_THRESHOLD, v) for each v given.
 *
 * Usage: switchpoint [v...]       (sizes such as 65536, 256k, 1M)
 *
 * Try:
 *     build/switchpoint                 compare with 128 KiB = 131072
 *     build/switchpoint 64k 256k 1M     which of them moved the point?
 *     MALLOC_TOP_PAD_=0 build/switchpoint
 */
#include <stdio.h>

#include "die.h"
#include "runner.h"
#include "switch.h"

static void show(long threshold)
{
	size_t lo = 1024, hi = 64UL * 1024 * 1024;
	unsigned long before = probe_runs;
	size_t n = find_switch_point(probe_fresh_mmap, threshold < 0 ? NULL : &threshold, lo, hi);
	if (probe_error[0])
		die("%s", probe_error);
	if (threshold < 0)
		printf("fresh process:                       ");
	else
		printf("after mallopt(M_MMAP_THRESHOLD, %7ld): ", threshold);
	if (n == 0)
		printf("no switch point in (%zu, %zu]", lo, hi);
	else
		printf("malloc(%zu) is the first to use mmap (%zu = 128 KiB %+ld)", n, n,
		       (long)n - 128 * 1024);
	printf("  [%lu probes]\n", probe_runs - before);
}

int main(int argc, char *argv[])
{
	printf("%s\n", observe_note());
	show(-1);
	for (int i = 1; i < argc; i++)
		show((long)parse_size(argv[i], "threshold"));
	return 0;
}
