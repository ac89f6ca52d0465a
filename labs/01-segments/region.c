// SPDX-License-Identifier: MIT
/*
 * region.c - the names of the kinds of region, as the tables print them.
 * This file is fixed: you do not hand it in.
 */
#include "classify.h"

static const char *const names[REGION_COUNT] = {
	[REGION_UNMAPPED] = "unmapped",
	[REGION_TEXT] = "text",
	[REGION_RODATA] = "rodata",
	[REGION_DATA] = "data",
	[REGION_BSS] = "bss",
	[REGION_HEAP] = "heap",
	[REGION_MMAP] = "mmap",
	[REGION_LIB] = "lib",
	[REGION_FILE] = "file",
	[REGION_STACK] = "stack",
	[REGION_VDSO] = "vdso",
	[REGION_VVAR] = "vvar",
	[REGION_VSYSCALL] = "vsyscall",
};

const char *region_name(enum region r)
{
	if ((unsigned)r >= REGION_COUNT)
		return "?";
	return names[r];
}
