// SPDX-License-Identifier: MIT
/*
 * bench.c - mdriver --bench: the traces as a benchmark, set by set.
 *
 * Nothing is measured here: every number comes from run_entry, the same
 * replays in the same child per trace that the grader's --lab-results
 * reports, so a trace shows the same utilisation and the same throughput
 * against the C library in both. What this file adds is the summary of a
 * set, with the CS:APP malloc lab's conventions:
 *
 *   util     the mean over the traces weighted for utilisation
 *            (trace_counts_util: all but CMU's weights 0 and 3);
 *   Kops     all operations over all their time, of the traces weighted
 *            for throughput (CMU's weights 1 and 3, every classic trace);
 *   vs libc  an allocator's Kops over the C library's, on the same traces.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One allocator's side of a set's summary. */
struct sums {
	int util_n;
	double util;            /* sum of the utilisations that count */
	double ops, secs, libc_secs;    /* over the timed traces that count */
};

static void sums_add(struct sums *s, double util, double kops, double libc_kops,
		     const struct outcome *o)
{
	if (trace_counts_util(o->weight)) {
		s->util += util;
		s->util_n++;
	}
	if (trace_counts_speed(o->weight) && kops > 0 && libc_kops > 0) {
		s->ops += o->ops;
		s->secs += o->ops / (1000 * kops);
		s->libc_secs += o->ops / (1000 * libc_kops);
	}
}

/* "  81.9%    95462     1.42", or dashes for what was not measured. The
   mark after util says the trace's utilisation is left out of the mean. */
static void print_side(bool measured, double util, double kops, double libc_kops, char mark)
{
	if (!measured)
		printf(" %7s %9s %8s", "-", "-", "-");
	else if (kops <= 0 || libc_kops <= 0)
		printf(" %6.1f%%%c %9s %8s", 100 * util, mark, "-", "-");
	else
		printf(" %6.1f%%%c %9.0f %8.2f", 100 * util, mark, kops, kops / libc_kops);
}

static void print_sums(const struct sums *s)
{
	if (s->util_n == 0)
		printf(" %7s ", "-");
	else
		printf(" %6.1f%% ", 100 * s->util / s->util_n);
	if (s->secs > 0)
		printf(" %9.0f %8.2f", s->ops / s->secs / 1000, s->libc_secs / s->secs);
	else
		printf(" %9s %8s", "-", "-");
}

static void print_header(const struct config *cfg, const char *set, int n)
{
	printf("\n== %s: %d trace%s\n", set, n, n == 1 ? "" : "s");
	printf("%-20s %8s", "", "");
	if (!cfg->reference_only)
		printf("  %-26s", "--------- yours ----------");
	/* MDRIVER_LIBC_NAME names the malloc MDRIVER_LIBC_PRELOAD put in the
	   C library's place (alloc_worker.c), jemalloc's say. */
	const char *libc = getenv("MDRIVER_LIBC_NAME");
	printf("  %-26s %10.10s\n", "----- the reference ------", libc && *libc ? libc : "C library");
	printf("%-20s %8s", "trace", "ops");
	for (int k = cfg->reference_only; k < 2; k++)
		printf(" %7s  %9s %8s", "util", "Kops", "vs libc");
	printf(" %10s\n", "Kops");
}

/* One set: entries [first, end) of es. Returns the failures. */
static int bench_set(const struct config *cfg, const struct entries *es, int first, int end)
{
	print_header(cfg, es->sets[es->v[first].set], es->v[first].error ? 0 : end - first);
	struct sums mine = { 0 }, ref = { 0 };
	double ops = 0, libc_ops = 0, libc_secs = 0;
	int failed = 0;
	for (int i = first; i < end; i++) {
		const struct entry *e = &es->v[i];
		const char *name = strrchr(e->test, '/') + 1;
		if (e->error) {
			printf("%-20s error: %s\n", name, e->error);
			failed++;
			continue;
		}
		struct outcome o;
		run_entry(cfg, e->path, &o);
		bool pass = strcmp(o.status, "pass") == 0;
		char mark = trace_counts_util(o.weight) ? ' ' : '*';
		if (o.ops == 0) {               /* the trace was not read */
			printf("%-20s %s: %s\n", name, o.status, o.msg);
			failed++;
			continue;
		}
		ops += o.ops;
		printf("%-20s %8d", name, o.ops);
		if (!cfg->reference_only) {
			if (pass)
				print_side(true, o.util, o.kops, o.libc_kops, mark);
			else
				printf(" %-26s", o.status[0] == 't' ? "  TIMEOUT" : "  FAILED");
		}
		print_side(o.ref_ok, o.ref_util, o.ref_kops, o.libc_kops, mark);
		if (o.ref_ok && o.libc_kops > 0)
			printf(" %10.0f\n", o.libc_kops);
		else
			printf(" %10s\n", "-");
		if (!pass) {
			printf("    %s\n", o.msg);
			failed++;
		}
		if (pass && !cfg->reference_only)
			sums_add(&mine, o.util, o.kops, o.libc_kops, &o);
		if (o.ref_ok)
			sums_add(&ref, o.ref_util, o.ref_kops, o.libc_kops, &o);
		if (o.ref_ok && o.libc_kops > 0 && trace_counts_speed(o.weight)) {
			libc_ops += o.ops;
			libc_secs += o.ops / (1000 * o.libc_kops);
		}
	}
	char all[32];
	snprintf(all, sizeof all, "all %d", end - first);
	printf("%-20s %8.0f", all, ops);
	if (!cfg->reference_only)
		print_sums(&mine);
	print_sums(&ref);
	if (libc_secs > 0)
		printf(" %10.0f", libc_ops / libc_secs / 1000);
	else
		printf(" %10s", "-");
	printf(failed ? "   (%d failed)\n" : "\n", failed);
	return failed;
}

int bench(const struct config *cfg, const struct entries *es)
{
	int failed = 0;
	for (int i = 0, end; i < es->n; i = end) {
		for (end = i + 1; end < es->n && es->v[end].set == es->v[i].set; end++)
			continue;
		failed += bench_set(cfg, es, i, end);
	}
	printf("\nutil: peak live payload / largest heap; a set's line: their mean, but "
	       "for the\ntraces marked * (CMU weight 0 or 3). Kops: thousands of "
	       "operations per second\nof CPU time, the fastest of several replays; a "
	       "set's line: all its operations\nover all their time (not CMU weight 0 "
	       "or 2). vs libc: Kops / the C library's,\nmeasured in the same run, "
	       "taking turns. labs/driver/README.md says more.\n");
	return failed;
}
