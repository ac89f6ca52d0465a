// SPDX-License-Identifier: MIT
/*
 * bump.h - the workbook's first allocator (task 4, bump.c).
 *
 * A bump allocator hands out memory by moving the break up, one block after
 * the other. It cannot free one block; it can only give everything back at
 * once by putting the break back where it was before the first block.
 */
#ifndef BUMP_H
#define BUMP_H

#include <stddef.h>

/* Alignment of every block: enough for any C type on x86-64 and aarch64. */
enum { BUMP_ALIGN = 16 };

/* Returns a block of at least size bytes, aligned to BUMP_ALIGN, ending where
   the break now is (the break moves by the padding plus size rounded up to a
   multiple of BUMP_ALIGN). bump_alloc(0) returns a block as bump_alloc(1)
   does. On failure returns NULL with errno set (ENOMEM) and leaves the break
   where it was. */
void *bump_alloc(size_t size);

/* Puts the break back where it was before the first bump_alloc since the
   start or the last reset. Returns 0, or -1 with errno set. */
int bump_reset(void);

#endif
