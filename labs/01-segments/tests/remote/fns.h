// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 01's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * Structures with pointers cross as copies: a struct maps as its entries, a
 * pointer into them (maps_find, place.map, row.map) as an index, place.name
 * as an offset into its mapping's path, row.examples as indexes into the
 * examples given. A pointer that points elsewhere comes back pointing
 * elsewhere in the tests too (stubs.c), so the tests still see it is wrong.
 */
#ifndef LAB01_FNS_H
#define LAB01_FNS_H

#include <stdint.h>

enum {
	RF_MAPS_PARSE_LINE,
	RF_MAPS_READ,
	RF_MAPS_LOAD,
	RF_MAPS_FIND,
	RF_CLASSIFY,
	RF_LAYOUT_BUILD,
	RF_SNAPSHOT,
	RF_COMPARE_RUNS,
	/* Fixed code of the worker, not yours: what the tests look at in it. */
	RF_OBJECTS,
	RF_MALLOC,
	RF_FREE,
	RF_MMAP,
	RF_MUNMAP,
	RF_LOAD_HEAP_GROWS,
	RF_COUNT
};

/* The most entries, rows, moves or examples one call carries. */
#define LAB01_MAX_ITEMS 8192
/* The most pages RF_LOAD_HEAP_GROWS maps below the program (race_pads.h). */
#define LAB01_MAX_PADS 256

/* The most words of a snapshot's argv. */
#define LAB01_MAX_ARGV 64

/* A pointer's place in what it should point into: an index (>= 0), NULL,
   or somewhere else. */
enum { IDX_NULL = -1, IDX_ELSEWHERE = -2 };

/* Objects of the worker's own program whose place the C language and the
   linker fix (worker.c), for classify and maps_find on the worker's maps. */
enum {
	OBJ_FUNCTION,           /* a function of the program: text */
	OBJ_LITERAL,            /* a string literal: rodata */
	OBJ_CONST_TABLE,        /* a const global table: rodata */
	OBJ_INIT_GLOBAL,        /* an initialised global (42): data */
	OBJ_INIT_STATIC,        /* an initialised static local (7): data */
	OBJ_ZERO_GLOBAL,        /* an uninitialised global: bss */
	OBJ_ZERO_STATIC,        /* a static local without initialiser: bss */
	OBJ_BIG_BSS_LAST,       /* the last byte of a 4 MiB bss array */
	OBJ_BIG_BSS_MIDDLE,     /* its middle */
	OBJ_LOCAL,              /* a local variable of the main thread */
	OBJ_LIBC_FUNCTION,      /* getpid, in libc */
	OBJ_VDSO,               /* getauxval(AT_SYSINFO_EHDR) */
	OBJ_COUNT
};

/* What the worker's objects hold, for the tests to check from outside. */
#define OBJ_LITERAL_TEXT "a string literal lives in .rodata"
#define OBJ_INIT_GLOBAL_VALUE 42
#define OBJ_INIT_STATIC_VALUE 7

#endif
