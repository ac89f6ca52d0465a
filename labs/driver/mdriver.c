/*
 * mdriver - replay allocation traces against the lab's allocator, check every
 * operation, and measure utilisation and throughput beside the reference
 * solution and the C library's malloc.
 *
 * Usage: mdriver [-V] [-c] [-s] [-R] [-T secs] [-f trace.rep]... [-t dir]...
 *        mdriver --lab-list | --lab-results FILE     (for the grader)
 *
 * Try:   build/mdriver -V                        all of the lab's traces
 *        build/mdriver -V -c -f ../../labs/traces/short.rep
 *        TRACES=../../../shared/traces/csapp build/mdriver
 *
 * Each trace runs in a child process with a time limit, so a crash or a hang
 * in the allocator costs that trace only. README.md has the details.
 */
#include "isolate.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A trace to run and the name of its test; or a directory that gave no
   trace, with the reason, which is then reported as a test of its own. */
struct entry {
	char *path;
	char *test;
	char *error;            /* NULL for a trace */
};

struct entries {
	struct entry *v;
	int n, cap;
};


static struct config cfg = {
	.opts = { .align = DRIVER_ALIGN },
	.time_limit = 30,
};
static int verbose;

static void add_entry(struct entries *es, const char *path, const char *test,
		      const char *error)
{
	if (es->n == es->cap) {
		es->cap = es->cap ? 2 * es->cap : 16;
		es->v = realloc(es->v, (size_t)es->cap * sizeof *es->v);
		if (!es->v)
			die("out of memory");
	}
	struct entry *e = &es->v[es->n];
	e->path = strdup(path);
	e->test = strdup(test);
	e->error = error ? strdup(error) : NULL;
	if (!e->path || !e->test || (error && !e->error))
		die("out of memory");
	es->n++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.rep in dir, sorted; tests named prefix + file stem. A directory
   that cannot be read or holds no trace is one test, "traces/PREFIX*", that
   says why: its traces are not silently left out of the grade. */
static void add_dir(struct entries *es, const char *dir, const char *prefix)
{
	char test[512], why[1024];
	snprintf(test, sizeof test, "traces/%s*", prefix);
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		snprintf(why, sizeof why, "cannot read the trace directory %s: %s%s", dir,
			 strerror(e), e == EACCES ? " (a grader running as root runs the "
			 "driver as an unprivileged user: the directory and its traces "
			 "must be readable by all)" : "");
		add_entry(es, dir, test, why);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *de; (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".rep") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				die("out of memory");
		}
		if (!(names[n++] = strdup(de->d_name)))
			die("out of memory");
	}
	closedir(d);
	if (n == 0) {
		snprintf(why, sizeof why, "no trace in the directory %s (no file "
			 "named *.rep)", dir);
		add_entry(es, dir, test, why);
	} else {
		qsort(names, n, sizeof *names, by_name);
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		names[i][strlen(names[i]) - 4] = '\0';
		snprintf(test, sizeof test, "traces/%s%s", prefix, names[i]);
		add_entry(es, path, test, NULL);
		free(names[i]);
	}
	free(names);
}

/* The directories of a ':'-separated list. */
static void add_dir_list(struct entries *es, const char *list, bool extra)
{
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		die("out of memory");
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char prefix[256] = "";
		if (extra) {
			size_t len = strlen(dir);
			while (len > 1 && dir[len - 1] == '/')
				dir[--len] = '\0';
			const char *base = strrchr(dir, '/');
			snprintf(prefix, sizeof prefix, "%s-", base ? base + 1 : dir);
		}
		add_dir(es, dir, prefix);
	}
	free(copy);
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
		labproto_result_line(f, es->v[i].test, o.status, o.score * pts, pts, o.msg, metrics);
		if (fclose(f) != 0)
			die_errno("%s", file);
	}
}

/* By hand: one line per trace, then the averages. */
static int table(const struct entries *es)
{
	printf("%-28s %-7s %6s %9s %8s %9s %9s %6s\n", "trace", "result", "util",
	       "Kops", "ref_util", "ref_Kops", "libc_Kops", "score");
	int bad = 0, good = 0;
	double util = 0, score = 0;
	for (int i = 0; i < es->n; i++) {
		struct outcome o;
		run_one(&es->v[i], &o);
		const char *name = es->v[i].test + strlen("traces/");
		if (strcmp(o.status, "pass") != 0) {
			bad++;
			printf("%-28s %-7s %6s %9s %8s %9s %9s %6.2f\n", name, o.status,
			       "-", "-", "-", "-", "-", 0.0);
			printf("    %s\n", o.msg);
			continue;
		}
		good++;
		util += o.util;
		score += o.score;
		printf("%-28s %-7s %5.1f%% %9.0f %7.1f%% %9.0f %9.0f %6.2f\n", name, "ok",
		       100 * o.util, o.kops, 100 * o.ref_util, o.ref_kops, o.libc_kops,
		       o.score);
		if (verbose)
			printf("    %s\n", o.msg);
	}
	if (es->n)
		printf("%d of %d traces correct; mean util of the correct ones %.1f%%; "
		       "mean score %.2f of 1\n", good, es->n,
		       good ? 100 * util / good : 0.0, score / es->n);
	return bad ? 1 : 0;
}

static void help(void)
{
	printf("usage: mdriver [-V] [-c] [-s] [-T secs] [-f trace.rep]... [-t dir]...\n"
	       "       mdriver --lab-list | --lab-results FILE\n"
	       "  -f FILE   replay this trace (repeatable)\n"
	       "  -t DIR    replay every *.rep in DIR (repeatable)\n"
	       "            without -f or -t: the lab's traces (%s)\n"
	       "  -V        verbose: show each trace's measurements\n"
	       "  -c        run the allocator's heap checker after every operation\n"
	       "  -s        skip the timing runs (Kops shown as 0)\n"
	       "  -R        replay the reference solution alone, checked, not timed\n"
	       "  -T SECS   time limit per trace (default %.0f)\n"
	       "  TRACES=dir1:dir2 in the environment adds directories of traces\n"
	       "lab %s, alignment %d, %d points for the traces, weights \"%s\"\n",
	       DRIVER_TRACES, cfg.time_limit, DRIVER_LAB, DRIVER_ALIGN, DRIVER_POINTS,
	       DRIVER_SCORE);
}

int main(int argc, char *argv[])
{
	if (sscanf(DRIVER_SCORE, "%lf %lf %lf %lf", &cfg.w_correct, &cfg.w_util,
		   &cfg.w_speed, &cfg.speed_slack) != 4 || cfg.speed_slack <= 0)
		die("bad DRIVER_SCORE \"%s\"", DRIVER_SCORE);
	struct entries es = { 0 };
	bool chosen = false, list = false;
	const char *results = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		if (strcmp(a, "--lab-list") == 0) {
			list = true;
		} else if (strcmp(a, "--lab-results") == 0 && more) {
			results = argv[++i];
		} else if (strcmp(a, "-f") == 0 && more) {
			const char *p = argv[++i], *slash = strrchr(p, '/');
			char test[512];
			snprintf(test, sizeof test, "traces/%s", slash ? slash + 1 : p);
			size_t len = strlen(test);
			if (len > 4 && strcmp(test + len - 4, ".rep") == 0)
				test[len - 4] = '\0';
			add_entry(&es, p, test, NULL);
			chosen = true;
		} else if (strcmp(a, "-t") == 0 && more) {
			add_dir(&es, argv[++i], "");
			chosen = true;
		} else if (strcmp(a, "-T") == 0 && more) {
			cfg.time_limit = atof(argv[++i]);
			if (cfg.time_limit <= 0)
				usage("[-V] [-c] [-s] [-T secs] [-f trace]... [-t dir]...");
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "-v") == 0) {
			verbose++;
		} else if (strcmp(a, "-c") == 0) {
			cfg.opts.heapcheck = true;
		} else if (strcmp(a, "-s") == 0) {
			cfg.skip_timing = true;
		} else if (strcmp(a, "-R") == 0) {
			cfg.reference_only = cfg.skip_timing = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help();
			return 0;
		} else {
			usage("[-V] [-c] [-s] [-T secs] [-f trace]... [-t dir]...  (-h for help)");
		}
	}
	cfg.opts.verbose = verbose;
	if (!chosen)
		add_dir_list(&es, DRIVER_TRACES, false);
	const char *extra = getenv("TRACES");
	if (extra && *extra)
		add_dir_list(&es, extra, true);
	int rc = 0;
	if (list)
		lab_list(&es);
	else if (results)
		lab_results(&es, results);
	else if (es.n == 0)
		die("no traces: give -f FILE or -t DIR");
	else
		rc = table(&es);
	for (int i = 0; i < es.n; i++) {
		free(es.v[i].path);
		free(es.v[i].test);
		free(es.v[i].error);
	}
	free(es.v);
	return rc;
}
