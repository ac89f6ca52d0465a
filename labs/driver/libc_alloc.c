/*
 * libc_alloc.c - the C library's malloc, timed beside the allocators under
 * test so that their throughput has a yardstick measured on the same machine
 * in the same run.
 */
#include "allocator.h"

#include <stdlib.h>

static int libc_init(void)
{
	return 0;
}

const struct allocator libc_allocator = {
	.name = "libc",
	.init = libc_init,
	.malloc = malloc,
	.free = free,
	.realloc = realloc,
	.calloc = calloc,
	.check = NULL,
	.uses_memlib = false,
};
