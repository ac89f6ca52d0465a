// SPDX-License-Identifier: MIT
/*
 * Task 3: switch.c's find_switch_point(), first with made-up probes (fast,
 * exact), then with the real one: a fresh process per probe, observed.
 */
#include <stdio.h>

#include "labtest.h"
#include "runner.h"
#include "switch.h"

/* A made-up probe: true from `at` on; counts its calls. */
struct step {
	size_t at;
	unsigned long calls;
};

static bool step_probe(size_t n, void *arg)
{
	struct step *s = arg;
	s->calls++;
	return n >= s->at;
}

LAB_TEST(switch, finds_the_step, 4,
         "Keep two sizes: one where the probe says no, one where it says yes, and halve the "
         "gap until they are neighbours; answer the 'yes' one")
{
	static const size_t cases[][3] = {      /* lo, hi, step */
		{ 0, 100, 37 }, { 0, 100, 1 }, { 0, 100, 100 }, { 1024, 1 << 26, 134473 },
		{ 131072, 131073, 131073 }, { 5, 1000000007, 999999999 }, { 64 * 1024, 1 << 20, 262121 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct step s = { cases[i][2], 0 };
		size_t got = find_switch_point(step_probe, &s, cases[i][0], cases[i][1]);
		cr_assert_eq(got, cases[i][2], "probe true from %zu on, range (%zu, %zu]: returned %zu",
		             cases[i][2], cases[i][0], cases[i][1], got);
	}
}

LAB_TEST(switch, few_probes, 3,
         "Bisection asks about log2(hi - lo) questions, plus the two ends; a linear scan or a "
         "search that starts over asks far more")
{
	static const size_t steps[] = { 2, 1000, 134473, 1 << 29, (1u << 30) - 1, 1u << 30 };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct step s = { steps[i], 0 };
		size_t lo = 1, hi = 1u << 30;
		size_t got = find_switch_point(step_probe, &s, lo, hi);
		unsigned long limit = 2;       /* the two ends, then ceil(log2(hi - lo)) */
		while ((1UL << (limit - 2)) < hi - lo)
			limit++;
		cr_assert_eq(got, steps[i], "step at %zu: returned %zu", steps[i], got);
		cr_assert_leq(s.calls, limit, "step at %zu in (%zu, %zu]: %lu probes, at most %lu needed",
		              steps[i], lo, hi, s.calls, limit);
	}
}

LAB_TEST(switch, bad_ranges, 2,
         "Check both ends before searching: if probe(lo) is already true or probe(hi) is false "
         "there is no switch point in (lo, hi]; return 0")
{
	struct step s = { 50, 0 };
	size_t got = find_switch_point(step_probe, &s, 60, 100);
	cr_assert_eq(got, 0, "probe(lo=60) is true: expected 0, got %zu", got);
	s = (struct step){ 500, 0 };
	got = find_switch_point(step_probe, &s, 60, 100);
	cr_assert_eq(got, 0, "probe(hi=100) is false: expected 0, got %zu", got);
	s = (struct step){ 50, 0 };
	got = find_switch_point(step_probe, &s, 100, 100);
	cr_assert_eq(got, 0, "lo == hi: expected 0, got %zu", got);
	got = find_switch_point(step_probe, &s, 100, 40);
	cr_assert_eq(got, 0, "lo > hi: expected 0, got %zu", got);
	/* The smallest range that has an answer. */
	got = find_switch_point(step_probe, &s, 49, 50);
	cr_assert_eq(got, 50, "probe true from 50 on, range (49, 50]: expected 50, got %zu", got);
}

/* The real thing: n must be the first size a fresh process mmaps. */
static void expect_real_switch(long threshold)
{
	long *arg = threshold < 0 ? NULL : &threshold;
	probe_error[0] = '\0';
	size_t n = find_switch_point(probe_fresh_mmap, arg, 1024, 64UL << 20);
	cr_assert_str_eq(probe_error, "", "running a probe failed: %s", probe_error);
	cr_assert_neq(n, 0, "no switch point found in (1024, 64 MiB] (threshold %ld)", threshold);
	bool at = probe_fresh_mmap(n, arg), before = probe_fresh_mmap(n - 1, arg);
	cr_assert(at && !before, "threshold %ld: returned %zu, but malloc(%zu) %s mmap and malloc(%zu) %s",
	          threshold, n, n, at ? "uses" : "does not use", n - 1, before ? "uses it too" : "does not");
	labtest_note("mmap threshold %ld: first mmapped request %zu (%s)", threshold, n, observe_note());
}

LAB_TEST(switch, fresh_process, 3,
         "Each probe runs a fresh process, so your search only has to be a correct bisection; "
         "then explain in the handout's question why the answer is not 128 KiB - 23")
{
	expect_real_switch(-1);
}

LAB_TEST(switch, after_mallopt, 3,
         "The same search with mallopt(M_MMAP_THRESHOLD, v) first; compare the answers for "
         "256 KiB and 1 MiB with v")
{
	expect_real_switch(256 * 1024);
	expect_real_switch(1024 * 1024);
}
