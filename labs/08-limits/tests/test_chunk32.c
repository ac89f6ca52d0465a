// SPDX-License-Identifier: MIT
/*
 * test_chunk32.c - task 3: chunk32, usable32, mmapped32 (chunk32.c), as
 * build/chunks prints them, against a live 32-bit malloc
 * (build/chunklive32, the tests' own program: one process per request).
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "lab08.h"

static void check_requests(const char *const *reqs)
{
	char why[256];
	if (!m32_ready(why, sizeof why))
		cr_skip_test("%s", why);
	cr_assert(access("build/chunklive32", X_OK) == 0, "build/chunklive32 was not built");
	for (size_t i = 0; reqs[i]; i++) {
		char live[256], mine[256];
		char *largv[] = { "build/chunklive32", (char *)reqs[i], NULL };
		char *margv[] = { "build/chunks", (char *)reqs[i], NULL };
		int st = run_capture(largv, -1, 0, live, sizeof live);
		cr_assert(st == 0, "build/chunklive32 %s failed (status %#x)", reqs[i], (unsigned)st);
		st = run_capture(margv, -1, 0, mine, sizeof mine);
		cr_assert(st == 0, "build/chunks %s ended with status %#x", reqs[i], (unsigned)st);
		live[strcspn(live, "\n")] = '\0';
		mine[strcspn(mine, "\n")] = '\0';
		cr_assert_str_eq(mine, live, "malloc(%s) on i386: you predict \"%s\", a live 32-bit process "
		                 "shows \"%s\"", reqs[i], mine, live);
	}
}

LAB_TEST(chunk32, heap_chunks, 8,
         "On i386 a size field is 4 bytes but chunks are 16-aligned: the chunk is the request plus "
         "one size field, rounded up to 16, at least 16. It holds its size less one field.")
{
	static const char *const reqs[] = { "0", "1", "12", "13", "20", "28", "29", "44", "100", "1000",
	                                    "4096", "65536", "131051", "131052", NULL };
	check_requests(reqs);
}

LAB_TEST(chunk32, mmap_boundary, 6,
         "The threshold (128 KiB) is compared with the chunk size, not the request. An mmapped chunk "
         "is whole pages (chunk plus a size field, rounded up), less the 8 bytes skipped to align "
         "the block to 16; it holds two fields less.")
{
	static const char *const reqs[] = { "131053", "131056", "131072", "135000", "200000", "1000000",
	                                    NULL };
	check_requests(reqs);
}
