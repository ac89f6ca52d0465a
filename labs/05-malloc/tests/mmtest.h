// SPDX-License-Identifier: MIT
/*
 * mmtest.h - what the lab 05 tests share: a fresh heap per test, and
 * patterns to fill blocks with and check.
 */
#ifndef MMTEST_H
#define MMTEST_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labtest.h"
#include "memlib.h"
#include "mm.h"

/* Every test starts with this: an empty simulated heap (Criterion runs
   each test in a process of its own) and mm_init. */
static inline void mm_setup(void)
{
	mem_init();
	int rc = mm_init();
	cr_assert_eq(rc, 0, "mm_init() returned %d, expected 0", rc);
}

static inline unsigned char mm_pattern(unsigned seed, size_t i)
{
	return (unsigned char)(seed * 167u + i * 13u + 5u);
}

static inline void mm_fill(void *p, size_t n, unsigned seed)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = mm_pattern(seed, i);
}

/* The first byte of p[0..n) that is not the pattern, or n if none. */
static inline size_t mm_first_bad(const void *p, size_t n, unsigned seed)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != mm_pattern(seed, i))
			return i;
	return n;
}

static inline bool mm_inside_heap(const void *p, size_t n)
{
	const unsigned char *b = p, *lo = mem_heap_lo(), *hi = mem_heap_hi();
	return b >= lo && n <= (size_t)(hi - b) + 1;
}

/* A small deterministic random number generator (xorshift). */
static inline uint32_t mm_rand(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

#endif
