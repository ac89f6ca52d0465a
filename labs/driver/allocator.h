// SPDX-License-Identifier: MIT
/*
 * allocator.h - what the trace driver needs to know about an allocator.
 *
 * A lab names its allocator's functions in a small adapter file (for lab 04,
 * labs/04-toy/alloc_api.c):
 *
 *     #include "allocator.h"
 *     #include "toy.h"
 *     const struct allocator ALLOCATOR_VAR = {
 *         .name = "toy", .init = toy_init, .malloc = toy_malloc,
 *         .free = toy_free, .check = toy_check, .uses_memlib = true,
 *     };
 *
 * driver.mk compiles the adapter twice: with ALLOCATOR_VAR defined as
 * student_allocator (and ALLOCATOR_STUDENT defined), linked with the
 * submission's files, and as reference_allocator, linked with the reference
 * solution's files. Each group
 * is partly linked on its own (cc -r) and every symbol but the allocator
 * variable is made local (objcopy), so the student's and the reference's
 * functions, both called toy_malloc, live side by side in one driver.
 */
#ifndef ALLOCATOR_H
#define ALLOCATOR_H

#include <stdbool.h>
#include <stddef.h>

#ifndef ALLOCATOR_VAR
#define ALLOCATOR_VAR student_allocator
#endif

struct allocator {
	const char *name;
	/* Start from an empty heap: the driver calls mem_reset_brk() first
	   (mem_rewind_brk() before a timed replay). Returns 0, or -1 if the
	   allocator cannot start. */
	int (*init)(void);
	void *(*malloc)(size_t size);
	void (*free)(void *ptr);
	/* NULL: the driver does a trace's realloc as malloc, copy, free. */
	void *(*realloc)(void *ptr, size_t size);
	/* NULL: the driver does a trace's calloc as malloc and memset. */
	void *(*calloc)(size_t nmemb, size_t size);
	/* The heap checker, or NULL. True when the heap is consistent. The
	   driver calls it after every operation only when asked (-c). */
	bool (*check)(int verbose);
	/* True for allocators over memlib: their payloads must lie inside
	   [mem_heap_lo(), mem_heap_hi()] and their utilisation is measured.
	   False only for the C library's malloc, which is timed, not checked. */
	bool uses_memlib;
};

extern const struct allocator student_allocator;
extern const struct allocator reference_allocator;
extern const struct allocator libc_allocator;

#endif
