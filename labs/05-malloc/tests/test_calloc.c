// SPDX-License-Identifier: MIT
/*
 * test_calloc.c - mm_calloc zeroes, and refuses a product that overflows.
 */
#include "mmtest.h"

LAB_TEST(calloc, zeroes_reused_memory, 1,
	"A block mm_malloc hands out may hold old data: mm_calloc must clear "
	"every byte of nmemb * size, not count on fresh memory being zero.")
{
	mm_setup();
	enum { N = 50 };
	void *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = mm_malloc(500);
		cr_assert_not_null(p[i], "mm_malloc(500) returned NULL");
		memset(p[i], 0xA5, 500);
	}
	for (int i = 0; i < N; i++)
		mm_free(p[i]);
	for (int i = 0; i < N; i++) {
		unsigned char *q = mm_calloc(25, 20);
		cr_assert_not_null(q, "mm_calloc(25, 20) returned NULL");
		for (size_t j = 0; j < 500; j++)
			cr_assert_eq(q[j], 0, "mm_calloc(25, 20) returned %p whose byte %zu "
				     "is %#x, not 0", (void *)q, j, q[j]);
	}
}

LAB_TEST(calloc, overflow, 1,
	"nmemb * size can wrap around to a small number: check "
	"nmemb > SIZE_MAX / size first, then return NULL with errno ENOMEM.")
{
	mm_setup();
	static const size_t cases[][2] = {
		{ SIZE_MAX / 16 + 2, 16 },        /* wraps to 16 */
		{ (size_t)1 << 33, (size_t)1 << 31 },  /* wraps to 0 */
		{ SIZE_MAX, 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		errno = 0;
		void *p = mm_calloc(cases[i][0], cases[i][1]);
		cr_assert_null(p, "mm_calloc(%zu, %zu) returned %p: the product overflows, "
			       "expected NULL", cases[i][0], cases[i][1], p);
		cr_assert_eq(errno, ENOMEM, "mm_calloc(%zu, %zu): errno is %d, expected "
			     "ENOMEM (%d)", cases[i][0], cases[i][1], errno, ENOMEM);
	}
	void *ok = mm_calloc(1000, 8);
	cr_assert_not_null(ok, "mm_calloc(1000, 8) returned NULL");
}
