// SPDX-License-Identifier: MIT
/*
 * probe.c - how much can this process allocate (task 1 of lab 08: see
 * README.md).
 *
// >>> design
//|  * TODO: probe_largest, a search for the largest single malloc; probe_total,
//|  * malloc in pieces until NULL.
 * Nothing here touches what it gets: malloc of a large block is an mmap
 * of fresh address space, which costs no memory until it is written. What
 * runs out is the address space itself (RLIMIT_AS, or 4 GiB in a 32-bit
 * process), or RLIMIT_DATA, or what overcommit agrees to.
// <<< design
 */
#include "memlimits.h"

#include <stdlib.h>

size_t probe_largest(size_t hi, size_t step)
{
	// >>> probe_largest
	//| /* TODO: the largest n between 0 and hi with malloc(n) != NULL, to
	//|    within step bytes: search, and free each block you got. */
	//| (void)hi, (void)step;
	//| return 0;
	size_t lo = 0;          /* malloc(lo) works (malloc(0) does) */
	if (step == 0)
		step = 1;
	/* Invariant: lo works, anything above hi fails. */
	while (hi - lo > step) {
		size_t mid = lo + (hi - lo) / 2;
		/* volatile: a compiler may drop a malloc that is only freed. */
		void *volatile p = malloc(mid);
		if (p) {
			free(p);
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return lo;
	// <<< probe_largest
}

size_t probe_total(size_t piece)
{
	// >>> probe_total
	//| /* TODO: malloc(piece) until NULL, keep what you got in a list,
	//|    then free it all and return its size. */
	//| (void)piece;
	//| return 0;
	/* A list threaded through the blocks themselves: one pointer written
	   at the start of each, so each costs one page of real memory. An
	   array would need its own malloc, which may fail first. */
	void *head = NULL;
	size_t n = 0;
	if (piece < sizeof(void *))
		return 0;
	for (;;) {
		void **p = malloc(piece);
		if (!p)
			break;
		*p = head;
		head = p;
		n++;
	}
	while (head) {
		void *next = *(void **)head;
		free(head);
		head = next;
	}
	return n * piece;
	// <<< probe_total
}
