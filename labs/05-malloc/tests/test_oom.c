// SPDX-License-Identifier: MIT
/*
 * test_oom.c - running out of memory: NULL with errno ENOMEM, and no damage.
 */
#include "mmtest.h"

LAB_TEST(oom, null_enomem, 1,
	"When mem_sbrk fails (it returns (void *)-1), mm_malloc must return NULL "
	"with errno ENOMEM; so must a request too big for any heap.")
{
	mm_setup();
	errno = 0;
	void *huge = mm_malloc((size_t)1 << 62);
	cr_assert_null(huge, "mm_malloc(2^62) returned %p, expected NULL", huge);
	cr_assert_eq(errno, ENOMEM, "mm_malloc(2^62): errno %d, expected ENOMEM", errno);
	errno = 0;
	huge = mm_malloc(SIZE_MAX - 8);
	cr_assert_null(huge, "mm_malloc(SIZE_MAX - 8) returned %p: does the size "
		       "arithmetic overflow?", huge);
	cr_assert_eq(errno, ENOMEM, "mm_malloc(SIZE_MAX - 8): errno %d, expected ENOMEM", errno);

	mem_set_limit(mem_heapsize() + 1024 * 1024);
	int n = 0;
	void *p;
	while ((p = mm_malloc(60000)) != NULL)
		cr_assert_lt(++n, 100, "100 blocks of 60000 bytes fit in a 1 MiB heap?");
	cr_assert_eq(errno, ENOMEM, "mm_malloc failed with errno %d, expected ENOMEM", errno);
}

LAB_TEST(oom, recovers, 1,
	"A failed mm_malloc must leave the heap as it was: check that nothing is "
	"changed before mem_sbrk succeeds.")
{
	mm_setup();
	mem_set_limit(mem_heapsize() + 512 * 1024);
	void *p[64];
	int n = 0;
	while (n < 64 && (p[n] = mm_malloc(30000)) != NULL)
		n++;
	cr_assert_lt(n, 64, "64 blocks of 30000 bytes fit in a 512 KiB heap?");
	cr_assert_gt(n, 4, "only %d blocks of 30000 bytes fit in 512 KiB", n);
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false after a failed mm_malloc");
	void *r = mm_realloc(p[0], 10 * 1024 * 1024);
	cr_assert_null(r, "mm_realloc to 10 MiB in a 512 KiB heap returned %p", r);
	for (int i = 0; i < n; i++)
		mm_free(p[i]);
	void *q = mm_malloc(200000);
	cr_assert_not_null(q, "after freeing everything, mm_malloc(200000) returned NULL");
	cr_assert(mm_checkheap(0), "mm_checkheap(0) returned false");
}
