// SPDX-License-Identifier: MIT
/*
 * alloc_api.c - tells the trace driver (labs/driver) which functions make
 * up your allocator. Not a file you hand in.
 */
#include "allocator.h"
#include "mm.h"

const struct allocator ALLOCATOR_VAR = {
	.name = "mm",
	.init = mm_init,
	.malloc = mm_malloc,
	.free = mm_free,
	.realloc = mm_realloc,
	.calloc = mm_calloc,
	.check = mm_checkheap,
	.uses_memlib = true,
};
