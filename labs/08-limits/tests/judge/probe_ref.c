// SPDX-License-Identifier: MIT
/*
 * probe_ref.c - the tests' own probe (never your code): built with
 * memprobe.c into build/tprobe and build/tprobe32, it gives the numbers
 * yours are compared with, in a process of the same shape as yours.
 */
#include "memlimits.h"

#include <stdlib.h>

size_t probe_largest(size_t hi, size_t step)
{
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
}

size_t probe_total(size_t piece)
{
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
}
