// SPDX-License-Identifier: MIT
/*
 * placement_sim.h - the reference simulator for the placement exercise: what
 * first, next, best and worst fit do on the toy allocator's heap. Its code
 * is the reference's (solutions/04-toy/placement_sim.c), linked into the
 * tests from build/driver/ref/: it makes the answers, so students never
 * see it.
 */
#ifndef PLACEMENT_SIM_H
#define PLACEMENT_SIM_H

#include <stdbool.h>
#include <stddef.h>

enum policy { FIT_FIRST, FIT_NEXT, FIT_BEST, FIT_WORST };

#define SIM_MAX_BLOCKS 64
#define SIM_MAX_ANSWERS 16

struct puzzle {
	int number;
	/* The heap, block by block from the first: "64" is a free block of 64
	   bytes, "A:32" an allocated block of 32 bytes called A. */
	const char *heap;
	/* Requests and frees, in order: "a 40" allocates 40 bytes (the answer
	   is its payload offset), "f A" frees block A, "f 2" frees the block
	   the second "a" returned. */
	const char *ops;
};

/* Replay a puzzle under a policy. Fills answers[] with one payload offset
   (from mem_heap_lo) per "a", or -1 where no block fits; returns how many,
   or -1 if the puzzle itself is malformed. */
int sim_run(const struct puzzle *pz, enum policy pol, long answers[], int max);

/* The free blocks before the request number `request` (1-based), as text
   such as "32:64 224:160", for a hint. */
void sim_free_blocks(const struct puzzle *pz, enum policy pol, int request,
		     char *buf, size_t len);

const char *policy_name(enum policy pol);

#endif
