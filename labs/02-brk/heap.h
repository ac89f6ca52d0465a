// SPDX-License-Identifier: MIT
/*
 * heap.h - moving the program break (task 1, heap.c).
 *
 * The program break is the first address past the heap. Everything below it,
 * down to where the heap started, belongs to the process; everything above it
 * is not mapped (up to the end of the break's page, see task 3).
 *
 * Every function reports failure as NULL with errno set; none of them crash.
 */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>
// >>> api

/* The current break, or NULL with errno set. */
void *heap_break(void);

/* Moves the break up by n bytes. Returns the old break: the first of the n
   new bytes. On failure returns NULL, sets errno (ENOMEM) and leaves the
   break where it was. heap_grow(0) returns the break and moves nothing. */
void *heap_grow(size_t n);

/* Moves the break down by n bytes. Returns the new break. On failure
   (including a break that would go below where the heap started) returns
   NULL, sets errno (ENOMEM) and leaves the break where it was. */
void *heap_shrink(size_t n);
// <<< api

#endif
