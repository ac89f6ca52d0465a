/*
 * bench.c - measure an allocator on traces: utilization and throughput,
 * next to the C library's malloc measured in the same run.
 *
 * Usage: bench [-q] [-t seconds] TRACE|DIR ...
 *
 *   For each trace (a .rep file in the CS:APP format), runs it once through
 *   mm_* with checks (alignment, payload inside the heap, contents kept),
 *   then times it through mm_* and through malloc/free/realloc, repeating
 *   each for about `seconds` (default 0.2). Each trace runs in a child
 *   process of its own, so that no trace inherits the C library's heap
 *   from the one before, and a crash costs one trace. Prints one line per
 *   trace and, per directory, the average utilization and the aggregate
 *   throughput (all operations / all time) of both.
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
#include <malloc.h>
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
#include "tracefile.h"          /* the trace driver's reader: labs/driver */

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

/* The byte block `id` is filled with at offset i. */
static unsigned char pattern(int id, size_t i)
{
	return (unsigned char)((unsigned)id * 131 + i * 7 + 1);
}

static bool bad(const struct trace *t, int i, const char *what)
{
	char op[64];
	op_format(&t->ops[i], op, sizeof op);
	fprintf(stderr, "bench: %s:%d: %s: %s\n", t->path, t->ops[i].line, op, what);
	return false;
}

static bool kept(const unsigned char *p, int id, size_t n)
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
	unsigned char **ptr = calloc((size_t)t->num_ids, sizeof *ptr);
	size_t *len = calloc((size_t)t->num_ids, sizeof *len);
	if (!ptr || !len)
		die("out of memory");
	mem_reset_brk();
	bool ok = mm_init() == 0 || bad(t, 0, "mm_init failed");
	for (int i = 0; ok && i < t->num_ops; i++) {
		const struct op *o = &t->ops[i];
		unsigned char *p = ptr[o->id];
		if (o->kind == OP_FREE) {
			if (p && !kept(p, o->id, len[o->id]))
				ok = bad(t, i, "block changed while it was allocated");
			mm_free(p);
			ptr[o->id] = NULL;
			len[o->id] = 0;
			continue;
		}
		if (p && !kept(p, o->id, len[o->id]))
			ok = bad(t, i, "block changed while it was allocated");
		if (o->kind == OP_CALLOC) {
			p = mm_calloc(o->nmemb, o->size / o->nmemb);
			for (size_t j = 0; p && ok && j < o->size; j++)
				if (p[j])
					ok = bad(t, i, "calloc'd memory is not zero");
		} else {
			p = o->kind == OP_ALLOC ? mm_malloc(o->size) : mm_realloc(p, o->size);
		}
		if (!p) {
			ok = bad(t, i, "returned NULL");
			break;
		}
		size_t old = len[o->id], keep = old < o->size ? old : o->size;
		if (o->kind == OP_REALLOC && !kept(p, o->id, keep))
			ok = bad(t, i, "realloc did not keep the contents");
		if ((uintptr_t)p % MM_ALIGNMENT)
			ok = bad(t, i, "payload not 16-byte aligned");
		if ((p < (unsigned char *)mem_heap_lo() ||
			  p + o->size > (unsigned char *)mem_heap_hi() + 1))
			ok = bad(t, i, "payload outside the memlib heap");
		if (!ok)
			break;
		for (size_t j = 0; j < o->size; j++)
			p[j] = pattern(o->id, j);
		ptr[o->id] = p;
		len[o->id] = o->size;
	}
	for (int id = 0; ok && id < t->num_ids; id++)
		if (ptr[id] && !kept(ptr[id], id, len[id]))
			ok = bad(t, t->num_ops - 1, "a block changed by the end of the trace");
	*util = mem_heapsize() ? (double)t->peak_live / (double)mem_heapsize() : 0;
	free(ptr);
	free(len);
	return ok;
}
// <<< checked-run

/* One untimed-checks run of t through either allocator. */
static void replay(const struct trace *t, void **ptr, bool libc)
{
	for (int i = 0; i < t->num_ops; i++) {
		const struct op *o = &t->ops[i];
		void **p = &ptr[o->id];
		if (libc) {
			if (o->kind == OP_ALLOC)
				*p = malloc(o->size);
			else if (o->kind == OP_CALLOC)
				*p = calloc(o->nmemb, o->size / o->nmemb);
			else if (o->kind == OP_REALLOC)
				*p = realloc(*p, o->size);
			else {
				free(*p);
				*p = NULL;
			}
		} else {
			if (o->kind == OP_ALLOC)
				*p = mm_malloc(o->size);
			else if (o->kind == OP_CALLOC)
				*p = mm_calloc(o->nmemb, o->size / o->nmemb);
			else if (o->kind == OP_REALLOC)
				*p = mm_realloc(*p, o->size);
			else {
				mm_free(*p);
				*p = NULL;
			}
		}
	}
	for (int id = 0; id < t->num_ids; id++) {
		if (libc)
			free(ptr[id]);
		ptr[id] = NULL;
	}
}

/* Seconds per run of t, timed over about min_secs. */
static double timed(const struct trace *t, bool libc)
{
	void **ptr = calloc((size_t)t->num_ids, sizeof *ptr);
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

/* What a child reports of one trace. */
struct result {
	char error[320];       /* why the trace could not be read */
	char name[64];
	int ops, weight;
	bool checked;          /* the checked run passed */
	double util, mm_secs, libc_secs;
};

/* In the child: read, check and time one trace. */
static void measure(const char *path, struct result *r)
{
	struct trace t;
	if (trace_read(path, &t, r->error, sizeof r->error) != 0)
		return;
	snprintf(r->name, sizeof r->name, "%s", t.name);
	r->ops = t.num_ops;
	r->weight = t.weight;
	r->checked = checked_run(&t, &r->util);
	if (r->checked) {
		/* glibc raises these thresholds once a program frees a large
		   mmapped block, as reading a trace may: hold them at their
		   defaults, a fresh program's, for every trace alike; unless
		   GLIBC_TUNABLES sets glibc up otherwise. */
		if (!getenv("GLIBC_TUNABLES")) {
			mallopt(M_MMAP_THRESHOLD, 128 * 1024);
			mallopt(M_TRIM_THRESHOLD, 128 * 1024);
		}
		r->mm_secs = timed(&t, false);
		r->libc_secs = timed(&t, true);
	}
	trace_free(&t);
}

/* Each trace runs in a child process of its own, as if it were a program
   of its own: the C library's heap would otherwise carry its state from one
   trace to the next (what earlier traces left free, and where), and its
   speed with it; and an allocator that crashes costs one trace, not the
   run. Returns false, with *why set, if the child did not report. */
static bool run_apart(const char *path, struct result *r, char *why, size_t len)
{
	memset(r, 0, sizeof *r);
	int fd[2];
	if (pipe(fd) != 0)
		die_errno("pipe");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		close(fd[0]);
		measure(path, r);
		_exit(write(fd[1], r, sizeof *r) == (ssize_t)sizeof *r ? 0 : 1);
	}
	close(fd[1]);
	bool got = read(fd[0], r, sizeof *r) == (ssize_t)sizeof *r;
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		snprintf(why, len, "the allocator crashed (%s)", strsignal(WTERMSIG(status)));
	else if (!got)
		snprintf(why, len, "the allocator ended the process (exit status %d)",
			 WEXITSTATUS(status));
	return got && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void bench_trace(const char *path, struct total *tot)
{
	struct result r;
	char why[128];
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strstr(base, ".rep");
	int len = dot ? (int)(dot - base) : (int)strlen(base);
	if (!run_apart(path, &r, why, sizeof why) || r.error[0]) {
		printf("%-22.*s %8s  %6s  FAILED: %s\n", len, base, "-", "-",
		       r.error[0] ? r.error : why);
		tot->failed++;
		return;
	}
	if (!r.checked) {              /* what went wrong: said on stderr */
		printf("%-22s %8d  %6s  FAILED\n", r.name, r.ops, "-");
		tot->failed++;
		return;
	}
	bool scored = r.weight == 1 || r.weight == 2;
	if (scored) {
		tot->util_sum += r.util;
		tot->util_n++;
	}
	tot->ops += (size_t)r.ops;
	tot->mm_secs += r.mm_secs;
	tot->libc_secs += r.libc_secs;
	if (!quiet)
		printf("%-22s %8d  %5.1f%%%s %9.0f %9.0f  %5.2f\n", r.name, r.ops,
		       100 * r.util, scored ? " " : "*", r.ops / r.mm_secs / 1e3,
		       r.ops / r.libc_secs / 1e3, r.libc_secs / r.mm_secs);
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
