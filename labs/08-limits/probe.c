// SPDX-License-Identifier: MIT
/*
 * probe.c - how much can this process allocate (task 1 of lab 08: see
 * README.md).
 *
 * TODO: probe_largest, a search for the largest single malloc; probe_total,
 * malloc in pieces until NULL.
 */
#include "memlimits.h"

#include <stdlib.h>

size_t probe_largest(size_t hi, size_t step)
{
	/* TODO: the largest n between 0 and hi with malloc(n) != NULL, to
	   within step bytes: search, and free each block you got. */
	(void)hi, (void)step;
	return 0;
}

size_t probe_total(size_t piece)
{
	/* TODO: malloc(piece) until NULL, keep what you got in a list,
	   then free it all and return its size. */
	(void)piece;
	return 0;
}
