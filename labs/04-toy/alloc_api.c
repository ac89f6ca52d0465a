// SPDX-License-Identifier: MIT
/*
 * alloc_api.c - tells the trace driver (labs/driver) which functions make
 * up the toy allocator. Not a file you hand in. The toy has no realloc or
 * calloc: the driver does those operations with malloc, copy and free.
 */
#include "allocator.h"
#include "toy.h"

const struct allocator ALLOCATOR_VAR = {
	.name = "toy",
	.init = toy_init,
	.malloc = toy_malloc,
	.free = toy_free,
	.realloc = NULL,
	.calloc = NULL,
	.check = toy_check,
	.uses_memlib = true,
};
