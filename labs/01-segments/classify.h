// SPDX-License-Identifier: MIT
/*
 * classify.h - which part of the address space an address belongs to.
 *
 * The kinds, from low addresses to high in a typical x86-64 process:
 *
 *   unmapped  no mapping holds the address (NULL, the gaps)
 *   text      the program's machine code            (r-x, from the executable)
 *   rodata    the program's read-only data: string   (r--, from the executable)
 *             literals, const tables, ELF headers,
 *             and data made read-only after relocation (RELRO)
 *   data      initialised globals and statics        (rw-, from the executable)
 *   bss       globals and statics that start at zero (rw-, partly anonymous)
 *   heap      the brk heap: [heap]
 *   mmap      an anonymous mapping: big malloc blocks, thread stacks
 *   lib       a shared library mapped from a file whose name holds ".so"
 *   file      any other mapped file (locale archives, caches)
 *   stack     the main thread's stack: [stack]
 *   vdso      the kernel's code in user space: [vdso]
 *   vvar      the kernel's data for the vdso: [vvar] and [vvar_...]
 *   vsyscall  the legacy fixed page at 0xffffffffff600000: [vsyscall]
 *
 * The program's own text, rodata, data and bss are told apart with the
 * linker's symbols (man 3 end) together with the maps; see classify.c.
 * This header is fixed: you write classify.c.
 */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include "maps.h"

enum region {
	REGION_UNMAPPED,
	REGION_TEXT,
	REGION_RODATA,
	REGION_DATA,
	REGION_BSS,
	REGION_HEAP,
	REGION_MMAP,
	REGION_LIB,
	REGION_FILE,
	REGION_STACK,
	REGION_VDSO,
	REGION_VVAR,
	REGION_VSYSCALL,
	REGION_COUNT
};

/* Where an address is. */
struct place {
	enum region kind;
	const struct map_entry *map;   /* the mapping holding it, or NULL */
	const char *name;              /* for lib and file: the file's base name,
	                                  pointing into map->path; else NULL */
};

/*
 * Classify addr in the process whose mappings are m, fill *p, return p->kind.
 *
 * Addresses in [__executable_start, end) belong to this program: the linker
 * symbols (man 3 end) and the mapping's permissions tell text, rodata, data
 * and bss apart, even where bss has spilled into an anonymous mapping.
 * Any other file mapping of a file that has an executable mapping and no
 * ".so" in its name is a program too (as in a fixture or another process's
 * maps): its kind comes from the permissions alone.
 */
enum region classify(const struct maps *m, uintptr_t addr, struct place *p);

/* Given (region.c): "text", "rodata", ... ("?" for a bad value). */
const char *region_name(enum region r);

#endif
