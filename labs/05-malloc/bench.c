/*
 * bench.c - measure an allocator on traces: utilization and throughput,
 * next to the C library's malloc measured in the same run.
 *
 * Usage: bench [-q] [-t seconds] TRACE|DIR ...
 *
 *   For each trace (a .rep file in the CS:APP format), runs it once through
 *   mm_* with checks (alignment, payload inside the heap, contents kept),
 *   then times it through mm_* and through malloc/free/realloc, repeating
 *   each for about `seconds` (default 0.2), in a child process of its own
 *   so that no trace inherits the C library's heap from the one before. Prints one line per trace and,
 *   per directory, the average utilization and the aggregate throughput
 *   (all operations / all time) of both.
 *
 *   utilization = peak live payload / heap size at the end (as CS:APP)
 *
 * Try:
 *   make bench                         the project's traces and ../shared/traces
 *   build/bench ../../../shared/traces/csapp/binary-bal.rep
 *   then change BIG_BLOCK or CHUNK in mm.c and run it again.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "memlib.h"
#include "mm.h"

struct op {
	char kind;      /* 'a', 'r', 'f', or 'c' (calloc: this project's) */
	uint32_t id;
	size_t size;    /* bytes in all, for calloc too */
	size_t nmemb;   /* calloc's first argument */
};

struct trace {
	char name[64];
	int weight;     /* CMU header: 0 = correctness only; classic: 1 */
	uint32_t nids;
	size_t nops;
	struct op *ops;
};

struct total {
	double util_sum;
	int util_n;
	size_t ops;
	double mm_secs, libc_secs;
	int failed;
};

static bool quiet;
static double min_secs = 0.2;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read a trace; returns false (with a message) if it is malformed. */
static bool read_trace(const char *path, struct trace *t)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		return false;
	}
	const char *base = strrchr(path, '/');
	snprintf(t->name, sizeof t->name, "%s", base ? base + 1 : path);
	char *dot = strstr(t->name, ".rep");
	if (dot)
		*dot = '\0';
	unsigned long h[4];
	if (fscanf(f, "%lu %lu %lu %lu", &h[0], &h[1], &h[2], &h[3]) != 4 ||
	    h[1] > 10000000 || h[2] > 100000000) {
		fprintf(stderr, "bench: %s: bad header\n", path);
		fclose(f);
		return false;
	}
	t->weight = h[0] <= 3 ? (int)h[0] : 1;   /* CMU header starts with 0-3 */
	t->nids = (uint32_t)h[1];
	t->ops = calloc(h[2] ? h[2] : 1, sizeof *t->ops);
	if (!t->ops)
		die("out of memory");
	t->nops = 0;
	char kind;
	while (t->nops < h[2] && fscanf(f, " %c", &kind) == 1) {
		struct op *o = &t->ops[t->nops];
		unsigned long id, size = 0, nmemb = 1;
		int n, want = kind == 'f' ? 1 : kind == 'c' ? 3 : 2;
		if (kind == 'f')
			n = fscanf(f, "%lu", &id);
		else if (kind == 'c')
			n = fscanf(f, "%lu %lu %lu", &id, &nmemb, &size);
		else
			n = fscanf(f, "%lu %lu", &id, &size);
		if (!strchr("arfc", kind) || n != want || id >= t->nids ||
		    (size && nmemb > SIZE_MAX / size)) {
			fprintf(stderr, "bench: %s: bad operation %zu\n", path, t->nops + 1);
			fclose(f);
			free(t->ops);
			return false;
		}
		*o = (struct op){ kind, (uint32_t)id, nmemb * size, nmemb };
		t->nops++;
	}
	fclose(f);
	return true;
}

/* The byte block `id` is filled with at offset i. */
static unsigned char pattern(uint32_t id, size_t i)
{
	return (unsigned char)(id * 131 + i * 7 + 1);
}

static bool bad(const struct trace *t, size_t i, const char *what)
{
	fprintf(stderr, "bench: %s: operation %zu (%c %u %zu): %s\n", t->name, i + 1,
		t->ops[i].kind, t->ops[i].id, t->ops[i].size, what);
	return false;
}

static bool kept(const unsigned char *p, uint32_t id, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pattern(id, i))
			return false;
	return true;
}

// >>> checked-run
/* Run t through mm_* once, checking each result; set *util. */
static bool checked_run(const struct trace *t, double *util)
{
	unsigned char **ptr = calloc(t->nids + 1, sizeof *ptr);
	size_t *len = calloc(t->nids + 1, sizeof *len);
	if (!ptr || !len)
		die("out of memory");
	mem_reset_brk();
	bool ok = mm_init() == 0 || bad(t, 0, "mm_init failed");
	size_t live = 0, peak = 0;
	for (size_t i = 0; ok && i < t->nops; i++) {
		const struct op *o = &t->ops[i];
		unsigned char *p = ptr[o->id];
		if (o->kind == 'f') {
			if (p && !kept(p, o->id, len[o->id]))
				ok = bad(t, i, "block changed while it was allocated");
			mm_free(p);
			live -= len[o->id];
			ptr[o->id] = NULL;
			len[o->id] = 0;
			continue;
		}
		if (p && !kept(p, o->id, len[o->id]))
			ok = bad(t, i, "block changed while it was allocated");
		if (o->kind == 'c') {
			p = mm_calloc(o->nmemb, o->size / (o->nmemb ? o->nmemb : 1));
			for (size_t j = 0; p && ok && j < o->size; j++)
				if (p[j])
					ok = bad(t, i, "calloc'd memory is not zero");
		} else {
			p = o->kind == 'a' ? mm_malloc(o->size) : mm_realloc(p, o->size);
		}
		if (!p && o->size) {
			ok = bad(t, i, "returned NULL");
			break;
		}
		size_t old = len[o->id], keep = old < o->size ? old : o->size;
		if (o->kind == 'r' && p && !kept(p, o->id, keep))
			ok = bad(t, i, "realloc did not keep the contents");
		if ((uintptr_t)p % MM_ALIGNMENT)
			ok = bad(t, i, "payload not 16-byte aligned");
		if (p && (p < (unsigned char *)mem_heap_lo() ||
			  p + o->size > (unsigned char *)mem_heap_hi() + 1))
			ok = bad(t, i, "payload outside the memlib heap");
		if (!ok)
			break;
		for (size_t j = 0; j < o->size; j++)
			p[j] = pattern(o->id, j);
		ptr[o->id] = p;
		len[o->id] = o->size;
		live = live - old + o->size;
		if (live > peak)
			peak = live;
	}
	for (uint32_t id = 0; ok && id < t->nids; id++)
		if (ptr[id] && !kept(ptr[id], id, len[id]))
			ok = bad(t, t->nops - 1, "a block changed by the end of the trace");
	*util = mem_heapsize() ? (double)peak / (double)mem_heapsize() : 0;
	free(ptr);
	free(len);
	return ok;
}
// <<< checked-run

/* One untimed-checks run of t through either allocator. */
static void replay(const struct trace *t, void **ptr, bool libc)
{
	for (size_t i = 0; i < t->nops; i++) {
		const struct op *o = &t->ops[i];
		void **p = &ptr[o->id];
		if (libc) {
			if (o->kind == 'a')
				*p = malloc(o->size);
			else if (o->kind == 'c')
				*p = calloc(o->nmemb, o->size / (o->nmemb ? o->nmemb : 1));
			else if (o->kind == 'r')
				*p = realloc(*p, o->size);
			else {
				free(*p);
				*p = NULL;
			}
		} else {
			if (o->kind == 'a')
				*p = mm_malloc(o->size);
			else if (o->kind == 'c')
				*p = mm_calloc(o->nmemb, o->size / (o->nmemb ? o->nmemb : 1));
			else if (o->kind == 'r')
				*p = mm_realloc(*p, o->size);
			else {
				mm_free(*p);
				*p = NULL;
			}
		}
	}
	for (uint32_t id = 0; id < t->nids; id++) {
		if (libc)
			free(ptr[id]);
		ptr[id] = NULL;
	}
}

/* Seconds per run of t, timed over about min_secs. */
static double timed(const struct trace *t, bool libc)
{
	void **ptr = calloc(t->nids + 1, sizeof *ptr);
	if (!ptr)
		die("out of memory");
	int reps = 0;
	double spent = 0;
	do {
		if (!libc)
			mem_reset_brk();     /* clears the old heap: memlib's work, not timed */
		double start = now();
		if (!libc && mm_init() != 0)
			die("mm_init failed");
		replay(t, ptr, libc);
		spent += now() - start;
		reps++;
	} while (spent < min_secs);
	free(ptr);
	return spent / reps;
}

/* Time t through both allocators in a child process: the C library's heap
   keeps its state from one trace to the next (what earlier traces left
   free and where), and its speed on a trace depends on it. Forked from here,
   where no trace has been replayed through it, every trace starts both
   allocators from the same state. */
static bool timed_apart(const struct trace *t, double *mm, double *libc)
{
	int fd[2];
	if (pipe(fd) != 0)
		die_errno("pipe");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		close(fd[0]);
		double secs[2] = { timed(t, false), timed(t, true) };
		_exit(write(fd[1], secs, sizeof secs) == (ssize_t)sizeof secs ? 0 : 1);
	}
	close(fd[1]);
	double secs[2];
	bool ok = read(fd[0], secs, sizeof secs) == (ssize_t)sizeof secs;
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return false;
	*mm = secs[0];
	*libc = secs[1];
	return true;
}

static void bench_trace(const char *path, struct total *tot)
{
	struct trace t;
	if (!read_trace(path, &t)) {
		tot->failed++;
		return;
	}
	double util = 0;
	if (!checked_run(&t, &util)) {
		printf("%-22s %8zu  %6s  FAILED\n", t.name, t.nops, "-");
		tot->failed++;
		free(t.ops);
		return;
	}
	double mm, libc;
	if (!timed_apart(&t, &mm, &libc)) {
		printf("%-22s %8zu  %5.1f%%  timed runs FAILED (the checked run passed)\n",
		       t.name, t.nops, 100 * util);
		tot->failed++;
		free(t.ops);
		return;
	}
	if (t.weight == 1 || t.weight == 2) {
		tot->util_sum += util;
		tot->util_n++;
	}
	tot->ops += t.nops;
	tot->mm_secs += mm;
	tot->libc_secs += libc;
	if (!quiet)
		printf("%-22s %8zu  %5.1f%%%s %9.0f %9.0f  %5.2f\n", t.name, t.nops,
		       100 * util, t.weight == 1 || t.weight == 2 ? " " : "*",
		       t.nops / mm / 1e3, t.nops / libc / 1e3, libc / mm);
	free(t.ops);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Benchmark one trace, or every .rep file of a directory, and sum up. */
static int bench_path(const char *path)
{
	struct total tot = { 0 };
	struct stat st;
	if (stat(path, &st) != 0)
		die_errno("%s", path);
	printf("\n%s\n%-22s %8s  %6s  %9s %9s  %5s\n", path, "trace", "ops", "util",
	       "mm Kops", "libc Kops", "ratio");
	if (!S_ISDIR(st.st_mode)) {
		bench_trace(path, &tot);
	} else {
		DIR *d = opendir(path);
		if (!d)
			die_errno("%s", path);
		char *names[1024];
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) && n < 1024) {
			size_t len = strlen(e->d_name);
			if (len > 4 && strcmp(e->d_name + len - 4, ".rep") == 0)
				if (!(names[n++] = strdup(e->d_name)))
					die("out of memory");
		}
		closedir(d);
		qsort(names, n, sizeof *names, by_name);
		for (size_t i = 0; i < n; i++) {
			char full[4096];
			snprintf(full, sizeof full, "%s/%s", path, names[i]);
			bench_trace(full, &tot);
			free(names[i]);
		}
	}
	if (tot.ops)
		printf("%-22s %8zu  %5.1f%%  %9.0f %9.0f  %5.2f   (%d failed)\n", "average / total",
		       tot.ops, tot.util_n ? 100 * tot.util_sum / tot.util_n : 0,
		       tot.ops / tot.mm_secs / 1e3, tot.ops / tot.libc_secs / 1e3,
		       tot.libc_secs / tot.mm_secs, tot.failed);
	return tot.failed;
}

int main(int argc, char *argv[])
{
	int opt;
	while ((opt = getopt(argc, argv, "qt:")) != -1) {
		if (opt == 'q')
			quiet = true;
		else if (opt == 't')
			min_secs = strtod(optarg, NULL);
		else
			usage("[-q] [-t seconds] TRACE|DIR ...");
	}
	if (optind == argc)
		usage("[-q] [-t seconds] TRACE|DIR ...");
	mem_init();
	int failed = 0;
	for (int i = optind; i < argc; i++)
		failed += bench_path(argv[i]);
	printf("\nutil: peak live payload / final heap size (* = a correctness-only trace,\n"
	       "left out of the average); Kops: thousands of operations per second;\n"
	       "ratio: mm's throughput / the C library's, both measured in this run.\n");
	return failed ? 1 : 0;
}
