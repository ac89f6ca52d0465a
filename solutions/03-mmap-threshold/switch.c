// SPDX-License-Identifier: MIT
/*
 * switch.c - find by bisection where a yes/no answer about request sizes
 * flips from no to yes: where malloc starts to use mmap.
 *
 * Task 3 of the handout.
 */
#include "switch.h"

// >>> bisect
size_t find_switch_point(probe_fn *probe, void *arg, size_t lo, size_t hi)
{
	// >>> bisect-body
	//| /* TODO: check both ends, then bisect (see switch.h for the contract). */
	//| (void)probe;
	//| (void)arg;
	//| (void)lo;
	//| (void)hi;
	//| return 0;
	if (lo >= hi || probe(lo, arg) || !probe(hi, arg))
		return 0;
	/* Invariant: probe(lo) is false and probe(hi) is true. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (probe(mid, arg))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
	// <<< bisect-body
}
// <<< bisect
