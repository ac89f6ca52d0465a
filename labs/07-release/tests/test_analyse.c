// SPDX-License-Identifier: MIT
/*
 * test_analyse.c - task 1: analyse (heapmodel.c), a model of glibc's
 * malloc for a trace. For each trace the tests replay it on glibc in a
 * process of their own (build/replay-glibc, never your code), stop at the
 * end of each phase and measure it (glibcrun.h): mallinfo2 there, and the
 * Rss of its [heap] and anonymous mappings in /proc/PID/smaps, before and
 * after malloc_trim(0) in a copy of it. Your analyse() runs in the worker
 * on the same trace; each test compares one or two of its numbers, phase
 * by phase, within the tolerances of README.md. A test's points are
 * shared among its traces: some of the project's (labs/traces) and one
 * made at random from a seed drawn when the test runs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "glibcrun.h"
#include "heapmodel.h"
#include "labtest.h"
#include "lab07.h"

/* The project's traces the tests replay: small and tiny blocks (their
   headers), coalescing, blocks over the mmap threshold, reallocs. */
static const char *const shipped[] = { "binary", "small", "coalescing", "huge", "realloc" };
#define NSHIPPED (int)(sizeof shipped / sizeof *shipped)
#define NTRACES (NSHIPPED + 1)

enum quantity { Q_HEAP, Q_IN_USE, Q_MMAPPED, Q_RESIDENT, Q_RECLAIMABLE };

static const char *const qname[] = { "heap", "in_use", "mmapped", "resident", "reclaimable" };
static const char *const qwhat[] = {
	"mallinfo2's arena", "mallinfo2's uordblks", "mallinfo2's hblkhd",
	"the Rss of its [heap] and malloc's mmaps", "the Rss malloc_trim(0) took off a copy of it",
};

/* The tolerance of README.md: absolute bytes, and a share of the measure. */
static size_t tolerance(enum quantity q, size_t measured)
{
	static const size_t abs_kb[] = { 256, 8, 16, 256, 256 };
	static const double rel[] = { 0.10, 0.02, 0.01, 0.10, 0.10 };
	return abs_kb[q] * 1024 + (size_t)(rel[q] * (double)measured);
}

static size_t pick(const struct phase_mem *m, enum quantity q)
{
	switch (q) {
	case Q_HEAP: return m->heap;
	case Q_IN_USE: return m->in_use;
	case Q_MMAPPED: return m->mmapped;
	case Q_RESIDENT: return m->resident;
	default: return m->reclaimable;
	}
}

/* Trace i of the test: a shipped one, or (the last) the random one. */
static void get_trace(int i, uint64_t seed, struct trace *t)
{
	if (i == NSHIPPED) {
		cr_assert(glibc_random_trace(seed, t) == 0, "out of memory making a random trace");
		return;
	}
	char path[256], err[512];
	snprintf(path, sizeof path, "%s/%s.rep", LAB07_TRACES, shipped[i]);
	int rc = trace_read(path, t, err, sizeof err);
	cr_assert(rc == 0, "the tests cannot read their trace: %s", err);
}

/* Whether trace's measures show quantities qa..qb at all: some phase
   measures more than a tolerance's bytes, so that a prediction of 0 would
   be wrong. A trace that does not is left out of the test (an answer of
   all zeros earns nothing). */
static bool shows(const struct glibc_phase got[AN_PHASES], enum quantity qa, enum quantity qb)
{
	for (int k = 0; k < AN_PHASES; k++)
		for (enum quantity q = qa; q <= qb; q++)
			if (pick(&got[k].m, q) > tolerance(q, 0))
				return true;
	return false;
}

/* Compare quantities qa and qb (the same for one) over every trace that
   shows them; the test's share is the traces right in every phase. */
static void compare(enum quantity qa, enum quantity qb)
{
	uint64_t seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	seed %= 1000000007u;
	struct glibc_params p;
	glibc_default_params(&p);
	int right = 0, counted = 0;
	char first[700] = "";
	for (int i = 0; i < NTRACES; i++) {
		struct trace t;
		get_trace(i, seed, &t);
		struct glibc_phase got[AN_PHASES];
		char err[512];
		if (glibc_measure(NULL, &t, got, err, sizeof err)) {
			trace_free(&t);
			if (strstr(err, "/proc/"))
				cr_skip_test("the tests cannot measure glibc's replay here: %s", err);
			cr_assert_fail("the tests' own replay on glibc: %s", err);
		}
		if (!shows(got, qa, qb)) {
			trace_free(&t);
			continue;
		}
		counted++;
		struct phase_mem pred[AN_PHASES];
		memset(pred, 0, sizeof pred);
		int rc = analyse(&t, &p, pred);
		int e = errno;
		char which[96];
		if (i == NSHIPPED)
			snprintf(which, sizeof which, "the random trace of seed %llu (./build/analyse -s %llu)",
			         (unsigned long long)seed, (unsigned long long)seed);
		else
			snprintf(which, sizeof which, "%s (./build/analyse ../traces/%s.rep)", shipped[i], shipped[i]);
		bool ok = rc == 0;
		if (!ok && !first[0])
			snprintf(first, sizeof first, "analyse returned %d (%s) on %s", rc, strerror(e), which);
		for (int k = 0; ok && k < AN_PHASES; k++)
			for (enum quantity q = qa; ok && q <= qb; q++) {
				size_t want = pick(&got[k].m, q), have = pick(&pred[k], q);
				size_t tol = tolerance(q, want), d = have > want ? have - want : want - have;
				if (d <= tol)
					continue;
				ok = false;
				if (!first[0])
					snprintf(first, sizeof first, "%s: at the end of phase %d (%d operations) you "
					         "predicted %s %zu bytes; glibc's replay: %zu (%s; tolerance %zu)",
					         which, k + 1, an_phase_end(t.num_ops, k), qname[q], have, want, qwhat[q],
					         tol);
			}
		right += ok;
		if (ok && i == NSHIPPED)
			labtest_note("random trace of seed %llu, %d operations: %s right in all %d phases",
			             (unsigned long long)seed, t.num_ops, qname[qa], AN_PHASES);
		trace_free(&t);
	}
	cr_assert(counted > 0, "no trace of the test shows %s: the tests' own bug", qname[qa]);
	labtest_score((double)right / counted);
	cr_assert(right == counted, "%d of %d traces right. The first wrong: %s", right, counted, first);
}

LAB_TEST_PARTIAL(analyse, heap_and_in_use, 6,
                 "The heap grows by what is missing plus M_TOP_PAD, in whole pages, and the first malloc "
                 "makes the tcache (a 640-byte block). A chunk is the request plus 8, rounded up to 16, "
                 "32 at least; a chunk in a tcache bin still counts as in use.")
{
	compare(Q_HEAP, Q_IN_USE);
}

LAB_TEST_PARTIAL(analyse, mmapped, 4,
                 "A request whose chunk is M_MMAP_THRESHOLD or more, when no free chunk and not the top "
                 "can hold it, gets a mmap of its own: the chunk plus 8, in whole pages. Freeing one "
                 "raises the threshold to its size (and M_TRIM_THRESHOLD to twice that).")
{
	compare(Q_MMAPPED, Q_MMAPPED);
}

LAB_TEST_PARTIAL(analyse, resident, 5,
                 "A page is resident once written, until the heap shrinks below it (brk) or its "
                 "mapping goes: free() alone gives nothing back from the middle of the heap.")
{
	compare(Q_RESIDENT, Q_RESIDENT);
}

LAB_TEST_PARTIAL(analyse, reclaimable, 5,
                 "malloc_trim(0) first merges the fastbins, then gives back every whole page of each "
                 "free chunk past its first 48 bytes, and the top down to a page; the tcache's chunks "
                 "stay. Count only pages that are resident.")
{
	compare(Q_RECLAIMABLE, Q_RECLAIMABLE);
}
