// SPDX-License-Identifier: MIT
/*
 * test_decode.c - task 1: pm_decode and pm_read (decode.c). The tests
 * decode each entry themselves (lab06.c) and read the worker's pagemap
 * themselves: your answers are compared with theirs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "lab06.h"
#include "pages.h"

/* What pm_decode must make of raw. */
static struct pm_page expected(uint64_t raw)
{
	struct pm_page pg = {
		.present = raw & J_PRESENT,
		.swapped = raw & J_SWAPPED,
		.file = raw & J_FILE,
		.exclusive = raw & J_EXCLUSIVE,
		.soft_dirty = raw & J_SOFT_DIRTY,
	};
	if (pg.present && !pg.swapped)
		pg.pfn = raw & J_PFN_MASK;
	return pg;
}

static void show(char *buf, size_t len, const struct pm_page *pg)
{
	snprintf(buf, len, "present %d swapped %d file %d exclusive %d soft-dirty %d pfn %#" PRIx64,
	         pg->present, pg->swapped, pg->file, pg->exclusive, pg->soft_dirty, pg->pfn);
}

static bool same(const struct pm_page *a, const struct pm_page *b)
{
	return a->present == b->present && a->swapped == b->swapped && a->file == b->file &&
	       a->exclusive == b->exclusive && a->soft_dirty == b->soft_dirty && a->pfn == b->pfn;
}

static void check_decode(uint64_t raw)
{
	struct pm_page got, want = expected(raw);
	memset(&got, 0x55, sizeof got);
	int rc = pm_decode(raw, &got);
	cr_assert_eq(rc, 0, "pm_decode(%#" PRIx64 ") returned %d", raw, rc);
	/* bool fields compared as stored: 0 or 1. */
	got.present = got.present, got.swapped = got.swapped, got.file = got.file;
	got.exclusive = got.exclusive, got.soft_dirty = got.soft_dirty;
	char g[160], w[160];
	show(g, sizeof g, &got);
	show(w, sizeof w, &want);
	cr_assert(same(&got, &want), "pm_decode(%#018" PRIx64 "): expected %s, got %s", raw, w, g);
}

LAB_TEST(decode, bits, 8,
         "Bits 63 present, 62 swapped, 61 file-page or shared-anon, 56 exclusively mapped, 55 soft-dirty: "
         "Documentation/admin-guide/mm/pagemap.rst. Use 1ULL << n, not 1 << n.")
{
	static const uint64_t raws[] = {
		0,
		J_PRESENT,
		J_PRESENT | J_EXCLUSIVE,
		J_PRESENT | J_FILE,
		J_PRESENT | J_FILE | J_EXCLUSIVE,
		J_PRESENT | J_SOFT_DIRTY,
		J_SOFT_DIRTY,
		J_PRESENT | J_EXCLUSIVE | J_SOFT_DIRTY | J_FILE,
		J_EXCLUSIVE,
		J_FILE,
	};
	for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++)
		check_decode(raws[i]);
}

LAB_TEST(decode, pfn, 6,
         "The PFN is bits 0-54, and only when the page is present and not swapped: a swapped entry "
         "holds the swap type and offset there.")
{
	static const uint64_t raws[] = {
		J_PRESENT | 0x1234,
		J_PRESENT | J_EXCLUSIVE | J_PFN_MASK,
		J_PRESENT | J_EXCLUSIVE | 0x40000000001ULL,
		J_PRESENT | J_FILE | 0x7,
		0x1234,                                 /* not present */
		J_SWAPPED | 0x3f0001,                   /* swap type 1, offset 0x3f000 */
		J_SWAPPED | J_EXCLUSIVE | 0x2,
	};
	for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++)
		check_decode(raws[i]);
}

/* pm_read over n pages of pid at addr, checked entry by entry against the
   tests' own reading. PFNs: the same, or 0 where the worker cannot see them. */
static void check_read(pid_t pid, pid_t target, uintptr_t addr, size_t n)
{
	struct pm_page got[16];
	uint64_t raw[16];
	cr_assert_leq(n, 16);
	memset(got, 0, sizeof got);
	ssize_t rc = pm_read(pid, addr, n, got);
	int err = errno;
	if (!judge_entries(target, addr, n, raw))
		cr_skip_test("the tests cannot read /proc/%d/pagemap here: %s", (int)target, strerror(errno));
	cr_assert_eq(rc, (ssize_t)n, "pm_read(%d, %#jx, %zu) returned %zd (%s), expected %zu", (int)pid,
	             (uintmax_t)addr, n, rc, strerror(err), n);
	bool worker_sees_pfns = has_sys_admin(remote_worker_pid());
	for (size_t i = 0; i < n; i++) {
		struct pm_page want = expected(raw[i]);
		if (!worker_sees_pfns && got[i].pfn == 0)
			want.pfn = 0;
		char g[160], w[160];
		show(g, sizeof g, &got[i]);
		show(w, sizeof w, &want);
		cr_assert(same(&got[i], &want), "pm_read(%d, %#jx, %zu): page %zu (raw %#018" PRIx64
		          "): expected %s, got %s", (int)pid, (uintmax_t)addr, n, i, raw[i], w, g);
	}
}

LAB_TEST(decode, reads_own_pages, 8,
         "Entry i is at byte offset 8 * (addr / page size) + 8 * i: one pread there. Round addr down "
         "to its page. pid 0 means /proc/self/pagemap.")
{
	uintptr_t a = worker_region(12, REGION_MIXED);
	check_read(0, remote_worker_pid(), a, 12);
	check_read(0, remote_worker_pid(), a + 3 * page_size() + 100, 5);     /* not page-aligned */
	uintptr_t f = worker_region(6, REGION_FILE);
	check_read(0, remote_worker_pid(), f, 6);
}

LAB_TEST(decode, reads_child, 5,
         "For a pid other than 0, read /proc/PID/pagemap: the same entries, another process.")
{
	uint64_t addr;
	pid_t pid = worker_child(&addr);
	check_read(pid, pid, (uintptr_t)addr, 6);
	worker_end_child();
}

LAB_TEST(decode, bad_pid_fails, 3,
         "When open or read fails, return -1 and leave errno as they set it.")
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	cr_assert_gt(pid, 0, "fork failed");
	waitpid(pid, NULL, 0);          /* pid is now nobody's */
	struct pm_page pg[2];
	errno = 0;
	ssize_t rc = pm_read(pid, 0x400000, 2, pg);
	cr_assert_eq(rc, -1, "pm_read of process %d, which has ended, returned %zd, expected -1", (int)pid, rc);
	cr_assert_eq(errno, ENOENT, "pm_read of an ended process: errno %d (%s), expected ENOENT", errno,
	             strerror(errno));
}
