// SPDX-License-Identifier: MIT
/*
 * test_predict.c - task 3: predict (predict.c), checked against each
 * scenario run in a fresh process of the tests (run_scenario.c): its
 * pagemap, read by the tests, and its faults, counted around the action.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "labtest.h"
#include "lab06.h"
#include "scenario.h"

/* Faults the action may take beyond the prediction: the kernel's own
   (a page-table page, code run the first time). */
#define FAULT_SLACK 2

/* Do a predicted and an observed page agree? Without PFNs the tests cannot
   tell the zero page from a shared page: both read 's'. */
static bool page_agrees(char predicted, char seen, uint64_t zero_pfn)
{
	if (!zero_pfn && predicted == '0')
		predicted = 's';
	return predicted == seen;
}

/* Checks each scenario of the list; one message lists every mismatch. A
   scenario this system cannot show makes the test a skip, once the others
   have passed. */
static void check(const enum scenario *list, size_t n)
{
	char msg[2048] = "";
	size_t used = 0;
	bool lenient = false;         /* a '0' compared as 's' */
	char skip[512] = "";          /* why a scenario could not be shown here */
	for (size_t i = 0; i < n; i++) {
		enum scenario s = list[i];
		struct prediction p;
		memset(&p, 0, sizeof p);
		int rc = predict(s, &p);
		int err = errno;
		cr_assert_eq(rc, 0, "predict(%s) returned %d (%s)", sc_info[s].name, rc, strerror(err));
		struct observed o;
		char why[256];
		int ran = run_scenario(s, &o, why, sizeof why);
		if (ran < 0 && s == SC_MLOCK && strstr(why, "mlock:")) {
			snprintf(skip, sizeof skip, "mlock is refused here (RLIMIT_MEMLOCK, ulimit -l): %s", why);
			continue;
		}
		if (ran > 0) {
			snprintf(skip, sizeof skip, "%s", why);
			continue;
		}
		cr_assert_eq(ran, 0, "%s", why);
		if (s == SC_HUGE && o.anon_huge_kb <= 0) {
			snprintf(skip, sizeof skip, "no huge page: the kernel gave none (AnonHugePages %ld kB; "
			         "/sys/kernel/mm/transparent_hugepage/enabled must be always or madvise)",
			         o.anon_huge_kb);
			continue;
		}
		bool pages = strlen(p.pages) == SC_PAGES;
		for (int k = 0; pages && k < SC_PAGES; k++) {
			pages = page_agrees(p.pages[k], o.pages[k], o.zero_pfn);
			lenient = lenient || (!o.zero_pfn && p.pages[k] == '0');
		}
		bool faults = o.faults >= p.faults && o.faults <= p.faults + FAULT_SLACK;
		bool file = p.file_sees_write == o.file_sees_write;
		if (!pages || !faults || !file)
			used += (size_t)snprintf(msg + used, used < sizeof msg ? sizeof msg - used : 0,
			                         "\n  %s (%s; %s): predicted \"%.*s\" %ld faults file_sees_write %d; "
			                         "seen \"%s\" %ld faults file_sees_write %d",
			                         sc_info[s].name, sc_info[s].setup, sc_info[s].action,
			                         SC_PAGES, p.pages, p.faults, p.file_sees_write, o.pages,
			                         o.faults, o.file_sees_write);
	}
	cr_assert(used == 0, "predictions that the kernel did not bear out:%s%s", msg,
	          lenient ? "\n  (PFNs are hidden here: the zero page reads 's')" : "");
	/* The scenarios that ran bore the predictions out; the rest cannot be
	   seen on this machine. */
	if (skip[0])
		cr_skip_test("%s", skip);
	if (lenient)
		labtest_note("PFNs hidden from the tests: '0' and 's' compared as one");
}

#define CHECK(...) do { \
		static const enum scenario list_[] = { __VA_ARGS__ }; \
		check(list_, sizeof list_ / sizeof list_[0]); \
	} while (0)

LAB_TEST(predict, anonymous, 6,
         "A page is faulted in on first touch: a read maps the zero page, a write a page of its own. "
         "One fault per page touched. Try ./build/pagemap --demo.")
{
	CHECK(SC_UNTOUCHED, SC_READ, SC_WRITE, SC_MIXED);
	struct prediction p;
	errno = 0;
	cr_assert_eq(predict(SC_COUNT, &p), -1, "predict(SC_COUNT) must fail: no such scenario");
	cr_assert_eq(errno, EINVAL, "predict(SC_COUNT): errno %d, expected EINVAL", errno);
}

LAB_TEST(predict, bss, 4,
         "bss is anonymous memory like any other: a read of a zero page first, then a write that "
         "replaces it - a fault each.")
{
	CHECK(SC_BSS);
}

LAB_TEST(predict, fork, 7,
         "After fork both processes map the same pages: not exclusive. The writer gets a copy; the "
         "other process is then the only one mapping the original. Faults are the child's own.")
{
	CHECK(SC_FORK, SC_FORK_CHILD_WRITES, SC_FORK_PARENT_WRITES);
}

LAB_TEST(predict, file, 6,
         "A MAP_SHARED write goes to the file's page (bit 61); a MAP_PRIVATE write makes an anonymous "
         "copy that no one else sees.")
{
	CHECK(SC_FILE_SHARED, SC_FILE_PRIVATE);
}

LAB_TEST(predict, populate_mlock, 4,
         "MAP_POPULATE and mlock fault the pages in before the action: what is left for the writes?")
{
	CHECK(SC_POPULATE, SC_MLOCK);
}

LAB_TEST(predict, madvise, 4,
         "MADV_DONTNEED drops the pages at once; MADV_FREE only marks them, for the kernel to take "
         "when memory runs short.")
{
	CHECK(SC_DONTNEED, SC_FREE);
}

LAB_TEST(predict, huge, 4,
         "One 2 MiB page is mapped at the first fault: how many faults for 512 pages? "
         "grep AnonHugePages /proc/PID/smaps_rollup shows it.")
{
	CHECK(SC_HUGE);
}
