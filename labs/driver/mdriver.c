// SPDX-License-Identifier: MIT
/*
 * mdriver - replay allocation traces against the lab's allocator, check every
 * operation, and measure utilisation and throughput beside the reference
 * solution and the C library's malloc.
 *
 * Usage: mdriver [-V] [-c] [-s] [-R] [-n runs] [-T secs] [-f trace.rep]...
 *                [-t dir]... [trace.rep|dir]...
 *        mdriver --bench [-n runs] [trace.rep|dir]...   (make bench)
 *        mdriver --lab-list | --lab-results FILE     (for the grader)
 *
 * Try:   build/mdriver -V                        all of the lab's traces
 *        build/mdriver -V -c -f ../../labs/traces/short.rep
 *        TRACES=../../../shared/traces/csapp build/mdriver
 *        build/mdriver --bench ../../labs/traces ../../../shared/traces/cmu
 *
 * Each trace runs in a child process with a time limit, so a crash or a hang
 * in the allocator costs that trace only. README.md has the details.
 */
#include "bench.h"
#include "trace_child.h"
#include "tracelist.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "die.h"
#include "labproto.h"

#ifndef DRIVER_LAB
#define DRIVER_LAB "lab"
#endif
#ifndef DRIVER_TRACES
#define DRIVER_TRACES "."
#endif
#ifndef DRIVER_ROOT
#define DRIVER_ROOT ""
#endif
#ifndef DRIVER_POINTS
#define DRIVER_POINTS 0
#endif
#ifndef DRIVER_ALIGN
#define DRIVER_ALIGN 16
#endif
#ifndef DRIVER_SCORE
#define DRIVER_SCORE "0.5 0.3 0.2 0.5"
#endif

static struct config cfg = {
	.opts = { .align = DRIVER_ALIGN },
	.time_limit = 30,
};
static int verbose;

/* DRIVER_SCORE: "C U S k" (lab 04), the same as "C U S 0 0 1 0 k", or
   "C U S B u0 u1 s0 s1" (lab 05). README.md, "The score of a trace". */
static bool score_formula(const char *text, struct config *c)
{
	int end = 0;
	c->w_both = 0;
	c->util_lo = 0;
	c->util_hi = 1;
	c->speed_lo = 0;
	if (sscanf(text, "%lf %lf %lf %lf %n", &c->w_correct, &c->w_util, &c->w_speed,
		   &c->speed_hi, &end) == 4 && !text[end])
		return c->speed_hi > 0;
	end = 0;
	if (sscanf(text, "%lf %lf %lf %lf %lf %lf %lf %lf %n", &c->w_correct, &c->w_util,
		   &c->w_speed, &c->w_both, &c->util_lo, &c->util_hi, &c->speed_lo,
		   &c->speed_hi, &end) == 8 && !text[end])
		return c->util_hi > c->util_lo && c->speed_hi > c->speed_lo;
	return false;
}

static double points_each(const struct entries *es)
{
	return es->n ? (double)DRIVER_POINTS / es->n : 0;
}

static void hint_for(const struct entry *e, char *buf, size_t len)
{
	if (e->error) {
		snprintf(buf, len, "The driver found no trace to replay here: the message "
			 "says why. This is the grading setup's doing (TRACES, or the "
			 "lab's DRIVER_TRACES), not the submission's.");
		return;
	}
	/* The project's own traces as the student sees them from the lab. */
	const char *path = e->path, *root = DRIVER_ROOT;
	size_t n = strlen(root);
	char rel[4096];
	if (n > 1 && strncmp(path, root, n) == 0 && path[n] == '/') {
		snprintf(rel, sizeof rel, "../..%s", path + n);
		path = rel;
	}
	snprintf(buf, len, "Replay it by hand from the lab directory: build/mdriver -V -f %.700s "
		 "(add -c to run your checker after every operation); the message names "
		 "the line of the trace where it went wrong.", path);
}

static void lab_list(const struct entries *es)
{
	for (int i = 0; i < es->n; i++) {
		char hint[1024];
		hint_for(&es->v[i], hint, sizeof hint);
		labproto_list_line(stdout, es->v[i].test, points_each(es), 0, true, hint);
	}
}

/* Replay an entry's trace, or report the directory that gave none. */
static void run_one(const struct entry *e, struct outcome *o)
{
	if (!e->error) {
		run_entry(&cfg, e->path, o);
		return;
	}
	memset(o, 0, sizeof *o);
	o->status = "error";
	snprintf(o->msg, sizeof o->msg, "%s", e->error);
}

static void lab_results(const struct entries *es, const char *file)
{
	double pts = points_each(es);
	for (int i = 0; i < es->n; i++) {
		struct outcome o;
		run_one(&es->v[i], &o);
		FILE *f = fopen(file, "a");
		if (!f)
			die_errno("%s", file);
		/* Measurements exist only for a trace that ran to its end. */
		char metrics[256] = "";
		if (!strcmp(o.status, "pass"))
			snprintf(metrics, sizeof metrics,
				 "util=%.4f,kops=%.1f,ref_util=%.4f,ref_kops=%.1f,libc_kops=%.1f",
				 o.util, o.kops, o.ref_util, o.ref_kops, o.libc_kops);
		if (!strcmp(o.status, "pass") && o.counted)
			snprintf(metrics + strlen(metrics), sizeof metrics - strlen(metrics),
				 ",ipo=%.1f,ref_ipo=%.1f", o.ipo, o.ref_ipo);
		labproto_result_line(f, es->v[i].test, o.status, o.score * pts, pts, o.msg, metrics);
		if (fclose(f) != 0)
			die_errno("%s", file);
	}
}

/* By hand: one line per trace, then the averages. vs_libc is the
   submission's Kops over the C library's; a * after util leaves the trace
   out of the mean (a CMU weight that does not count utilisation). */
static int table(const struct entries *es)
{
	printf("%-28s %-7s %7s %9s %8s %9s %9s %7s %6s\n", "trace", "result", "util",
	       "Kops", "ref_util", "ref_Kops", "libc_Kops", "vs_libc", "score");
	int bad = 0, good = 0, counted = 0;
	double util = 0, score = 0;
	for (int i = 0; i < es->n; i++) {
		struct outcome o;
		run_one(&es->v[i], &o);
		const char *name = es->v[i].test + strlen("traces/");
		if (strcmp(o.status, "pass") != 0) {
			bad++;
			printf("%-28s %-7s %7s %9s %8s %9s %9s %7s %6.2f\n", name, o.status,
			       "-", "-", "-", "-", "-", "-", 0.0);
			printf("    %s\n", o.msg);
			continue;
		}
		good++;
		bool counts = trace_counts_util(o.weight);
		if (counts) {
			util += o.util;
			counted++;
		}
		score += o.score;
		char ratio[16] = "-";
		if (o.kops > 0 && o.libc_kops > 0)
			snprintf(ratio, sizeof ratio, "%.2f", o.kops / o.libc_kops);
		printf("%-28s %-7s %5.1f%%%c %9.0f %7.1f%% %9.0f %9.0f %7s %6.2f\n", name,
		       "ok", 100 * o.util, counts ? ' ' : '*', o.kops, 100 * o.ref_util,
		       o.ref_kops, o.libc_kops, ratio, o.score);
		if (verbose)
			printf("    %s\n", o.msg);
	}
	if (es->n)
		printf("%d of %d traces correct; mean util of the correct ones %.1f%%%s; "
		       "mean score %.2f of 1\n", good, es->n,
		       counted ? 100 * util / counted : 0.0,
		       counted < good ? " (not counting *)" : "", score / es->n);
	return bad ? 1 : 0;
}

static void help(void)
{
	printf("usage: mdriver [options] [-f TRACE]... [-t DIR]... [TRACE|DIR]...\n"
	       "       mdriver --bench [options] [TRACE|DIR]...\n"
	       "       mdriver --lab-list | --lab-results FILE\n"
	       "  -f FILE   replay this trace (repeatable; a FILE argument is the same)\n"
	       "  -t DIR    replay every *.rep in DIR (repeatable; a DIR argument is the same)\n"
	       "            without any: the lab's traces (%s)\n"
	       "  --bench   a table per set of traces: yours and the reference's\n"
	       "            utilisation and throughput against the C library's\n"
	       "  -V        verbose: show each trace's measurements\n"
	       "  -c        run the allocator's heap checker after every operation\n"
	       "  -s        skip the timing runs (Kops shown as 0)\n"
	       "  -n RUNS   time RUNS replays of each allocator (default: enough for 0.1 s)\n"
	       "  -R        replay the reference solution alone, checked, not timed\n"
	       "  -T SECS   time limit per trace (default %.0f), plus 60 us per operation\n"
	       "  TRACES=dir1:dir2 in the environment adds directories of traces\n"
	       "lab %s, alignment %d, %d points for the traces, score formula \"%s\"\n",
	       DRIVER_TRACES, cfg.time_limit, DRIVER_LAB, DRIVER_ALIGN, DRIVER_POINTS,
	       DRIVER_SCORE);
}

/* A number option's value, or a usage error naming it. */
static double number(const char *opt, const char *s, double min)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= min))
		die("%s: '%s' is not a number of at least %g (-h for help)", opt, s, min);
	return v;
}

int main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "--trace-child") == 0)
		trace_child_main(argv[2]);      /* a trace's child: run_entry */
	if (!score_formula(DRIVER_SCORE, &cfg))
		die("bad DRIVER_SCORE \"%s\": \"C U S k\" or \"C U S B u0 u1 s0 s1\" "
		    "(labs/driver/README.md)", DRIVER_SCORE);
	struct entries es = { 0 };
	bool list = false, benching = false;
	const char *results = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		struct stat st;
		if (strcmp(a, "--lab-list") == 0) {
			list = true;
		} else if (strcmp(a, "--lab-results") == 0 && more) {
			results = argv[++i];
		} else if (strcmp(a, "--bench") == 0) {
			benching = true;
		} else if (strcmp(a, "-f") == 0 && more) {
			tracelist_add_file(&es, argv[++i]);
		} else if (strcmp(a, "-t") == 0 && more) {
			tracelist_add_dir(&es, argv[++i], "");
		} else if (strcmp(a, "-T") == 0 && more) {
			cfg.time_limit = number("-T", argv[++i], 0.001);
		} else if (strcmp(a, "-n") == 0 && more) {
			cfg.runs = (int)number("-n", argv[++i], 1);
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "-v") == 0) {
			verbose++;
		} else if (strcmp(a, "-c") == 0) {
			cfg.opts.heapcheck = true;
		} else if (strcmp(a, "-s") == 0) {
			cfg.skip_timing = true;
		} else if (strcmp(a, "-R") == 0) {
			cfg.reference_only = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help();
			return 0;
		} else if (a[0] != '-' && stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
			tracelist_add_dir(&es, a, "");
		} else if (a[0] != '-') {
			tracelist_add_file(&es, a);
		} else {
			usage("[options] [-f TRACE]... [-t DIR]... [TRACE|DIR]...  (-h for help)");
		}
	}
	cfg.opts.verbose = verbose;
	/* -R checks the reference alone. It is not timed: an allocator's speed
	   depends on what else takes turns with it (replay_timed.c), so the
	   driver times the same three allocators in every mode. */
	if (cfg.reference_only)
		cfg.skip_timing = true;
	cfg.keep_reference = benching;
	cfg.count = !benching && !getenv("MDRIVER_NO_COUNT");
	if (es.n == 0)
		tracelist_add_dirs(&es, DRIVER_TRACES, false);
	const char *extra = getenv("TRACES");
	if (extra && *extra)
		tracelist_add_dirs(&es, extra, true);
	int rc = 0;
	if (list)
		lab_list(&es);
	else if (results)
		lab_results(&es, results);
	else if (es.n == 0)
		die("no traces: give -f FILE or -t DIR");
	else if (benching)
		rc = bench(&cfg, &es) ? 1 : 0;
	else
		rc = table(&es);
	tracelist_free(&es);
	return rc;
}
