// SPDX-License-Identifier: MIT
/*
 * test_faults.c - task 2: faults_now and faults_measure (faults.c). The
 * tests read the worker's counters from outside (/proc/PID/stat and
 * smaps_rollup) before and after each call: your numbers must lie between.
 */
#include <errno.h>
#include <string.h>

#include "faults.h"
#include "labtest.h"
#include "lab06.h"

enum { NPAGES = 64 };

LAB_TEST(faults, now_is_this_process, 6,
         "getrusage(RUSAGE_SELF): ru_minflt and ru_majflt; the Rss line of /proc/self/smaps_rollup is "
         "in kB: divide by the page size in kB.")
{
	long min0, maj0, rss0, min1, maj1, rss1;
	if (!worker_counters(&min0, &maj0, &rss0))
		cr_skip_test("the tests cannot read the worker's /proc/PID/stat and smaps_rollup here");
	struct faults f = { -1, -1, -1 };
	int rc = faults_now(&f);
	int err = errno;
	cr_assert(worker_counters(&min1, &maj1, &rss1), "cannot read the worker's /proc/PID/stat");
	cr_assert_eq(rc, 0, "faults_now returned %d (%s)", rc, strerror(err));
	cr_assert(f.minor >= min0 && f.minor <= min1, "faults_now: minor %ld, but the worker's "
	          "/proc/PID/stat said %ld before the call and %ld after", f.minor, min0, min1);
	cr_assert(f.major >= maj0 && f.major <= maj1, "faults_now: major %ld, but the worker's "
	          "/proc/PID/stat said %ld before the call and %ld after", f.major, maj0, maj1);
	long lo = rss0 < rss1 ? rss0 : rss1, hi = rss0 < rss1 ? rss1 : rss0;
	cr_assert(f.rss_pages >= lo - 4 && f.rss_pages <= hi + 4, "faults_now: rss_pages %ld, but the "
	          "worker's /proc/PID/smaps_rollup said %ld resident pages before the call and %ld after",
	          f.rss_pages, rss0, rss1);
}

/* faults_measure around the worker touching NPAGES fresh pages. */
static struct faults measure(int write, long *judge_minor)
{
	long min0, maj0, rss0, min1, maj1, rss1;
	if (!worker_counters(&min0, &maj0, &rss0))
		cr_skip_test("the tests cannot read the worker's /proc/PID/stat and smaps_rollup here");
	struct {
		size_t npages;
		int write;
	} arg = { NPAGES, write };
	struct faults d = { -1, -1, -1 };
	int rc = faults_measure(NULL, &arg, &d);
	int err = errno;
	cr_assert(worker_counters(&min1, &maj1, &rss1), "cannot read the worker's /proc/PID/stat");
	cr_assert_eq(rc, 0, "faults_measure returned %d (%s)", rc, strerror(err));
	*judge_minor = min1 - min0;
	cr_assert(d.minor >= NPAGES && d.minor <= min1 - min0, "faults_measure around %s %d fresh pages: "
	          "minor %ld, expected at least %d and at most %ld (the worker's faults during the whole "
	          "call, from its /proc/PID/stat)", write ? "writing" : "reading", NPAGES, d.minor, NPAGES,
	          min1 - min0);
	cr_assert(d.major >= 0 && d.major <= maj1 - maj0, "faults_measure: major %ld, but the worker took "
	          "%ld during the whole call", d.major, maj1 - maj0);
	return d;
}

LAB_TEST(faults, writes_fault_and_grow_rss, 7,
         "Each written page is one minor fault and one more resident page: take both readings in "
         "this process, before and after the call, and subtract.")
{
	long judge;
	struct faults d = measure(1, &judge);
	cr_assert(d.rss_pages >= NPAGES - 2 && d.rss_pages <= NPAGES + 8, "faults_measure around writing "
	          "%d pages: rss_pages %+ld, expected about %+d", NPAGES, d.rss_pages, NPAGES);
	labtest_note("writing %d pages: %ld minor faults, %+ld resident pages", NPAGES, d.minor, d.rss_pages);
}

LAB_TEST(faults, reads_do_not_grow_rss, 7,
         "A read maps the shared zero page: a fault, but RSS does not count the zero page. Is your "
         "resident size smaps_rollup's Rss, in pages?")
{
	long judge;
	struct faults d = measure(0, &judge);
	cr_assert(d.rss_pages >= -2 && d.rss_pages <= 4, "faults_measure around reading %d fresh pages: "
	          "rss_pages %+ld, expected about 0 (the zero page is not counted)", NPAGES, d.rss_pages);
	labtest_note("reading %d pages: %ld minor faults, %+ld resident pages", NPAGES, d.minor, d.rss_pages);
}
