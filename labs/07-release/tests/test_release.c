// SPDX-License-Identifier: MIT
/*
 * test_release.c - task 2: the release policy (release.c). The tests run
 * the workload twice, phase by phase: in the worker with your policy, and
 * in a child of their own with glibc's defaults; after each phase they
 * read the Rss and the minor faults of each process themselves.
 */
#include <stdio.h>

#include "labtest.h"
#include "lab07.h"

/* Rss above its start, and faults since then, of both runs; the table. */
static void both(struct series *pol, struct series *base)
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer, whose malloc replaces glibc's");
	run_baseline_series(base);
	run_worker_series(true, pol);
	char row[200];
	labtest_note("%-22s %12s %12s %10s %10s %8s %8s", "phase", "default kB", "policy kB", "def flt",
	             "pol flt", "def sys", "pol sys");
	for (int k = 0; k < WL_PHASES; k++) {
		snprintf(row, sizeof row, "%-22s %12ld %12ld %10ld %10ld %8ld %8ld", workload_phase_names[k],
		         base->rss[k] - base->rss[0], pol->rss[k] - pol->rss[0],
		         base->flt[k] - base->flt[0], pol->flt[k] - pol->flt[0],
		         base->traced ? base->sys[k] - base->sys[0] : -1L,
		         pol->traced ? pol->sys[k] - pol->sys[0] : -1L);
		labtest_note("%s", row);
	}
	if (!base->traced || !pol->traced)
		labtest_note("(no system calls counted: %s)", base->traced ? pol->why : base->why);
}

enum { BIG_KB = 32 * 1024 };    /* of the 48 MiB freed in phase 2 */

LAB_TEST(release, frees_come_back, 14,
         "After the big free of phase 2 the heap still ends with a block in use, so glibc keeps "
         "every page, through the churn too. malloc_trim(0) gives the middle back.")
{
	struct series pol, base;
	both(&pol, &base);
	for (int k = 0; k < WL_PHASES; k++) {
		long p = pol.rss[k] - pol.rss[0], b = base.rss[k] - base.rss[0];
		cr_assert(p <= b + 1024, "after phase '%s' your policy left %ld kB resident above the start, "
		          "glibc's defaults %ld kB: a policy should never cost memory", workload_phase_names[k], p, b);
	}
	for (int k = 2; k < 9; k++) {
		long p = pol.rss[k] - pol.rss[0], b = base.rss[k] - base.rss[0];
		cr_assert(p <= b - BIG_KB, "after phase '%s': %ld kB resident above the start with your policy, "
		          "%ld kB with glibc's defaults; expected at least %d kB less", workload_phase_names[k],
		          p, b, BIG_KB);
	}
}

LAB_TEST(release, churn_is_cheap, 12,
         "A page given back faults in again when it is reused: trim after a big drop in the bytes "
         "in use, not after every free (mallinfo2 tells what is free; keep some slack).")
{
	struct series pol, base;
	both(&pol, &base);
	long p2 = pol.rss[2] - pol.rss[0], b2 = base.rss[2] - base.rss[0];
	cr_assert(p2 <= b2 - BIG_KB, "after the big free your policy kept %ld kB resident, glibc's defaults "
	          "%ld kB: this test is about a policy that does give memory back", p2, b2);
	long pf = pol.flt[8] - pol.flt[3], bf = base.flt[8] - base.flt[3];
	long round = WL_CHURN * (long)WL_BLOCK / 4096;
	cr_assert(pf <= bf + round / 2, "your policy took %ld minor faults in churn rounds 2-6, glibc's "
	          "defaults %ld: each round reuses %ld pages, and they fault in again after a trim", pf, bf,
	          round);
}

enum { SYS_TIMES = 2, SYS_MORE = 64 };

LAB_TEST(release, few_syscalls, 6,
         "Each malloc_trim(0) is an madvise per free stretch of the heap, and M_TOP_PAD 0 or a tiny "
         "M_TRIM_THRESHOLD turns every growth and every free at the top into a brk: keep glibc's "
         "padding, and trim only when much has come free.")
{
	struct series pol, base;
	both(&pol, &base);
	if (!base.traced || !pol.traced)
		cr_skip_test("%s", base.traced ? pol.why : base.why);
	long p2 = pol.rss[2] - pol.rss[0], b2 = base.rss[2] - base.rss[0];
	cr_assert(p2 <= b2 - BIG_KB, "after the big free your policy kept %ld kB resident, glibc's defaults "
	          "%ld kB: this test is about a policy that does give memory back", p2, b2);
	long ps = pol.sys[WL_PHASES - 1] - pol.sys[0], bs = base.sys[WL_PHASES - 1] - base.sys[0];
	cr_assert(ps <= SYS_TIMES * bs + SYS_MORE, "your policy's run made %ld system calls that take or give "
	          "back memory (brk, madvise, munmap, mprotect), glibc's defaults %ld: at most %d times "
	          "theirs plus %d", ps, bs, SYS_TIMES, SYS_MORE);
	labtest_note("system calls: %ld with your policy, %ld with glibc's defaults", ps, bs);
}
