// SPDX-License-Identifier: MIT
/*
 * mmdemo.c - run a few allocator operations and show the heap after each.
 *
 * Usage: mmdemo OP ...
 *   aID:BYTES   mm_malloc(BYTES), the block is called ID (0-99)
 *   rID:BYTES   mm_realloc block ID to BYTES
 *   cID:BYTES   mm_calloc(1, BYTES)
 *   fID         mm_free block ID
 *
 * After each operation it prints the block's address and calls
 * mm_checkheap(1): every block, its size, allocated or free, the free list
 * that holds it, and a one-line map of the heap.
 *
 * Try:
 *   build/mmdemo a0:24 a1:24 a2:24 f0 f2 f1     coalescing: one free block
 *   build/mmdemo a0:64 a1:448 a2:64 f1 a3:512   a small/large split
 *   build/mmdemo a0:100 a1:10 r0:5000 r0:20     realloc moves, then shrinks
 */
#include <stdio.h>
#include <stdlib.h>

#include "die.h"
#include "memlib.h"
#include "mm.h"

enum { MAX_IDS = 100 };

int main(int argc, char *argv[])
{
	if (argc < 2)
		usage("OP ...   (aID:BYTES rID:BYTES cID:BYTES fID)");
	void *block[MAX_IDS] = { 0 };
	mem_init();
	if (mm_init() != 0)
		die("mm_init failed");
	for (int i = 1; i < argc; i++) {
		char op = argv[i][0], *end;
		long id = strtol(argv[i] + 1, &end, 10);
		if (end == argv[i] + 1 || id < 0 || id >= MAX_IDS)
			die("%s: expected an operation such as a0:24 or f0", argv[i]);
		size_t bytes = 0;
		if (op != 'f') {
			if (*end != ':')
				die("%s: expected ID:BYTES", argv[i]);
			bytes = parse_size(end + 1, argv[i]);
		} else if (*end) {
			die("%s: expected fID", argv[i]);
		}
		switch (op) {
		case 'a': block[id] = mm_malloc(bytes); break;
		case 'c': block[id] = mm_calloc(1, bytes); break;
		case 'r': block[id] = mm_realloc(block[id], bytes); break;
		case 'f': mm_free(block[id]); block[id] = NULL; break;
		default: die("%s: unknown operation '%c'", argv[i], op);
		}
		fprintf(stderr, "\n%s -> %p\n", argv[i], block[id]);
		if (!mm_checkheap(1))
			die("the heap checker found a problem after %s", argv[i]);
	}
	return 0;
}
