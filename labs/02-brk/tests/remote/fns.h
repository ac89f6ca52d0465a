// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 02's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * Your functions move the worker's break and probe the worker's memory:
 * the tests look at the worker from outside (/proc/PID/maps, stat, statm,
 * status, and its memory through remote_peek and remote_poke). The calls
 * after RF_FIXED are the worker's fixed code, not yours: they set the
 * scene (move the break, map pages, install handlers) for the tests.
 */
#ifndef LAB02_FNS_H
#define LAB02_FNS_H

enum {
	RF_HEAP_BREAK,
	RF_HEAP_GROW,
	RF_HEAP_SHRINK,
	RF_PROBE_READABLE,
	RF_PROBE_WRITABLE,
	RF_BUMP_ALLOC,
	RF_BUMP_RESET,
	RF_MAPS_FIND_HEAP,
	RF_FIXED,
	RF_BRK = RF_FIXED,      /* (u64 addr, 0: ask) -> u64 the break after, as the kernel says */
	RF_MMAP,                /* (u64 len, i64 prot) -> u64 address, 0 on failure */
	RF_MUNMAP,              /* (u64 addr, u64 len) -> i64 munmap's result */
	RF_MAP_EMPTY_FILE,      /* (u64 unused) -> i64 a shared page of an empty memfd, 0 on failure */
	RF_OBJECTS,             /* () -> u64 x OBJ_COUNT */
	RF_SET_HANDLERS,        /* (u64 unused) -> i64 0: the worker's own SIGSEGV and SIGBUS handlers */
	RF_CHECK_HANDLERS,      /* () -> i64 segv still its own, i64 bus still its own */
	RF_SET_DATA_LIMIT,      /* (u64 soft limit) -> i64 0, or -errno */
	RF_WRITE_BYTE,          /* (u64 addr) -> i64 0; a fault kills the worker (SIGSEGV) */
	RF_MALLOC,              /* (u64 size) -> i64 the address */
	RF_FREE,                /* (u64 addr) -> i64 0 */
	RF_TRIM_THRESHOLD,      /* (u64) -> i64 mallopt(M_TRIM_THRESHOLD)'s result */
	RF_RUN_FIRSTBRK,        /* (i64 no_aslr) -> i64 wait status, str output */
	RF_COUNT
};

/* Objects of the worker's program for the probes: their protection is
   fixed by the C language and the loader, and the tests check it from
   outside (remote_peek, remote_poke) before asking your probes. */
enum {
	OBJ_LOCAL,              /* a local of the worker's main thread */
	OBJ_GLOBAL,             /* an initialised global: 7 */
	OBJ_LITERAL,            /* a string literal: read-only */
	OBJ_FUNCTION,           /* a function: read-only, executable */
	OBJ_COUNT
};

#define OBJ_GLOBAL_VALUE 7
#define OBJ_LITERAL_TEXT "a string in .rodata"

/* What the worker's child exits with when run_firstbrk's set-up fails. */
enum { EXIT_NO_PERSONALITY = 77, EXIT_NO_EXEC = 127 };

#endif
