// SPDX-License-Identifier: MIT
/*
 * Task 2: chunk.c's chunk_size() against the real malloc of this machine.
 *
 * For a block malloc took from the heap, malloc_usable_size() is the
 * chunk's size minus the 8-byte size field, so chunk_size(n) must equal
 * malloc_usable_size(malloc(n)) + 8. (An mmapped chunk has 16 bytes of
 * header instead; the tests keep every block on the heap.)
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "chunk.h"
#include "labtest.h"

static void expect_matches_malloc(size_t n)
{
	void *p = malloc(n);
	cr_assert_not_null(p, "malloc(%zu) failed", n);
	size_t real = malloc_usable_size(p) + 8;
	size_t mine = chunk_size(n);
	free(p);
	cr_assert_eq(mine, real, "chunk_size(%zu) = %zu, but glibc's chunk is %zu bytes "
	             "(malloc_usable_size %zu + 8)", n, mine, real, real - 8);
}

LAB_TEST(chunk, every_small_request, 6,
         "Add the 8-byte size field, round up to 16; nothing is smaller than 32. "
         "Why 8 and not 16: whose field is prev_size while the chunk is in use?")
{
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: malloc_usable_size is ASan's");
	for (size_t n = 0; n <= 4096; n++)
		expect_matches_malloc(n);
}

LAB_TEST(chunk, larger_requests, 4,
         "The same rule holds for every size the heap serves; 128 KiB - 24 and - 23 are "
         "the two sides of the classic demo's boundary")
{
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: malloc_usable_size is ASan's");
	/* Keep big blocks on the heap: mmapped chunks have a 16-byte header. */
	cr_assert_eq(mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024), 1, "mallopt(M_MMAP_THRESHOLD) failed");
	static const size_t edges[] = { 128 * 1024 - 25, 128 * 1024 - 24, 128 * 1024 - 23,
	                                128 * 1024, 134472, 134473, 1 << 20, (1 << 20) + 9 };
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		expect_matches_malloc(edges[i]);
	srand(3);
	for (int i = 0; i < 300; i++)
		expect_matches_malloc(4097 + (size_t)rand() % (8 * 1024 * 1024));
}

LAB_TEST(chunk, shape_of_the_rule, 3,
         "A chunk size is a multiple of 16, at least 32, at least request + 8, and the "
         "smallest such size")
{
	for (size_t n = 0; n <= 70000; n++) {
		size_t c = chunk_size(n);
		cr_assert(c % 16 == 0 && c >= 32 && c >= n + 8 && (c == 32 || c - 16 < n + 8),
		          "chunk_size(%zu) = %zu: not the smallest multiple of 16 that is >= %zu and >= 32",
		          n, c, n + 8);
	}
}

LAB_TEST(chunk, impossible_requests, 2,
         "glibc refuses any request above PTRDIFF_MAX before rounding (rounding could wrap around)")
{
	size_t too_big[] = { SIZE_MAX, SIZE_MAX - 7, (size_t)PTRDIFF_MAX + 1 };
	for (size_t i = 0; i < sizeof too_big / sizeof too_big[0]; i++)
		cr_assert_eq(chunk_size(too_big[i]), 0, "chunk_size(%#zx) = %#zx, expected 0 (cannot be allocated)",
		             too_big[i], chunk_size(too_big[i]));
	cr_assert_neq(chunk_size((size_t)PTRDIFF_MAX - 4096), 0, "chunk_size(PTRDIFF_MAX - 4096) should not be 0");
	if (!LABTEST_ASAN) {
		volatile size_t huge = (size_t)PTRDIFF_MAX + 1;
		void *volatile p = malloc(huge);   /* volatile: clang may not fold it away */
		cr_assert_null(p, "this machine's malloc(PTRDIFF_MAX + 1) succeeded?");
	}
}
