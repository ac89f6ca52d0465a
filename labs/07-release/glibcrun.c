// SPDX-License-Identifier: MIT
/*
 * glibcrun.c - a trace replayed on glibc's malloc in build/replay-glibc and
 * measured from outside, phase by phase; random traces from a seed
 * (glibcrun.h). Fixed code, not yours.
 */
#include "glibcrun.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void glibc_default_params(struct glibc_params *p)
{
	*p = (struct glibc_params){
		.page = (size_t)sysconf(_SC_PAGESIZE),
		.mmap_threshold = 128 * 1024,
		.mmap_threshold_max = (size_t)32 << 20,
		.trim_threshold = 128 * 1024,
		.top_pad = 128 * 1024,
		.tcache_count = 7,
	};
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* The Rss (kB) of pid's [heap] and of its anonymous mappings, from
   /proc/PID/smaps. -1 if it cannot be read. */
static int rss_of(pid_t pid, long *heap_kb, long *anon_kb, size_t *heap_vma)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	char line[512];
	enum { OTHER, HEAP, ANON } in = OTHER;
	bool any = false;
	*heap_kb = *anon_kb = 0;
	*heap_vma = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		int at = 0;
		if (line[0] >= 'A' && line[0] <= 'Z') {
			long kb;
			if (in != OTHER && sscanf(line, "Rss: %ld kB", &kb) == 1)
				*(in == HEAP ? heap_kb : anon_kb) += kb;
			continue;
		}
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s%n", &lo, &hi, &at) < 2)
			continue;
		any = true;
		const char *name = line + at;
		while (*name == ' ')
			name++;
		if (!strncmp(name, "[heap]", 6)) {
			in = HEAP;
			*heap_vma += hi - lo;
		} else {
			in = *name == '\n' || *name == '\0' ? ANON : OTHER;
		}
	}
	fclose(f);
	return any ? 0 : -1;
}

static int put(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int get(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int ask(int to, int from, int cmd, int arg, struct rg_reply *r)
{
	struct rg_cmd c = { .cmd = cmd, .to = arg };
	return put(to, &c, sizeof c) || get(from, r, sizeof *r) ? -1 : 0;
}

int glibc_measure(const char *prog, const struct trace *t, struct glibc_phase out[AN_PHASES],
		  char *err, size_t len)
{
	if (!prog)
		prog = "build/replay-glibc";
	int in[2], back[2];
	if (pipe2(in, O_CLOEXEC) || pipe2(back, O_CLOEXEC))
		return fail(err, len, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		return fail(err, len, "fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(back[1], 1);
		/* glibc's defaults: no tunables, no MALLOC_ variables. */
		char *env[] = { "PATH=/usr/bin:/bin", NULL };
		char *argv[] = { (char *)prog, NULL };
		execve(prog, argv, env);
		_exit(127);
	}
	close(in[0]);
	close(back[1]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int rc = 0;
	struct rg_header h = { RG_MAGIC, t->num_ids, t->num_ops };
	struct rg_reply r;
	long heap0, anon0;
	size_t vma;
	if (put(in[1], &h, sizeof h) || put(in[1], t->ops, (size_t)t->num_ops * sizeof *t->ops) ||
	    ask(in[1], back[0], 'r', 0, &r)) {
		rc = fail(err, len, "%s did not start (is it built? make)", prog);
		goto out;
	}
	if (rss_of(pid, &heap0, &anon0, &vma)) {
		rc = fail(err, len, "cannot read /proc/%d/smaps", (int)pid);
		goto out;
	}
	for (int k = 0; k < AN_PHASES; k++) {
		int end = an_phase_end(t->num_ops, k);
		if (ask(in[1], back[0], 'r', end, &r) || r.rc != -1) {
			rc = fail(err, len, "glibc's replay of %s failed at operation %d", t->name, (int)r.rc);
			goto out;
		}
		struct glibc_phase *g = &out[k];
		long heap_kb, anon_kb, heap_kb2, anon_kb2;
		size_t vma2;
		if (rss_of(pid, &heap_kb, &anon_kb, &g->heap_vma)) {
			rc = fail(err, len, "cannot read /proc/%d/smaps", (int)pid);
			goto out;
		}
		g->m.heap = r.arena;
		g->m.in_use = r.uordblks;
		g->m.mmapped = r.hblkhd;
		g->fordblks = r.fordblks;
		g->keepcost = r.keepcost;
		long res = heap_kb + anon_kb - anon0;
		g->m.resident = res > 0 ? (size_t)res * 1024 : 0;
		/* malloc_trim(0) in a copy: what it lowers the copy's Rss by. */
		if (ask(in[1], back[0], 't', 0, &r) || r.rc <= 0) {
			rc = fail(err, len, "the replay could not fork a copy to trim");
			goto out;
		}
		pid_t copy = (pid_t)r.rc;
		int got = rss_of(copy, &heap_kb2, &anon_kb2, &vma2);
		kill(copy, SIGKILL);
		if (got) {
			rc = fail(err, len, "cannot read /proc/%d/smaps", (int)copy);
			goto out;
		}
		long drop = heap_kb + anon_kb - heap_kb2 - anon_kb2;
		g->m.reclaimable = drop > 0 ? (size_t)drop * 1024 : 0;
	}
out:
	close(in[1]);
	close(back[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	signal(SIGPIPE, old);
	return rc;
}

/* The random traces. */

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t between(uint64_t *s, size_t lo, size_t hi)
{
	return lo + (size_t)(next(s) % (hi - lo + 1));
}

enum { GEN_IDS = 12000, GEN_MAX_OPS = 24000 };

struct gen {
	struct op *ops;
	int n;
	int live[GEN_IDS];      /* live ids, oldest first */
	int nlive;
	int freeids[GEN_IDS];
	int nfree;
};

static void op_add(struct gen *g, enum op_kind kind, int id, size_t size)
{
	if (g->n < GEN_MAX_OPS)
		g->ops[g->n++] = (struct op){ .kind = kind, .id = id, .size = size,
		                              .nmemb = kind == OP_CALLOC ? 1 : 0, .line = g->n + 5 };
}

static void gen_alloc(struct gen *g, size_t size)
{
	if (g->nfree == 0 || g->n >= GEN_MAX_OPS - 1)
		return;
	int id = g->freeids[--g->nfree];
	op_add(g, OP_ALLOC, id, size);
	g->live[g->nlive++] = id;
}

static void gen_free(struct gen *g, int at)
{
	if (g->n >= GEN_MAX_OPS)
		return;
	int id = g->live[at];
	op_add(g, OP_FREE, id, 0);
	memmove(&g->live[at], &g->live[at + 1], (size_t)(g->nlive - at - 1) * sizeof *g->live);
	g->nlive--;
	g->freeids[g->nfree++] = id;
}

int glibc_random_trace(uint64_t seed, struct trace *t)
{
	struct gen *g = calloc(1, sizeof *g);
	struct op *ops = calloc(GEN_MAX_OPS, sizeof *ops);
	char name[48];
	snprintf(name, sizeof name, "random-%llu", (unsigned long long)seed);
	memset(t, 0, sizeof *t);
	t->name = strdup(name);
	t->path = strdup(name);
	if (!g || !ops || !t->name || !t->path) {
		free(g);
		free(ops);
		trace_free(t);
		return -1;
	}
	g->ops = ops;
	for (int i = 0; i < GEN_IDS; i++)
		g->freeids[g->nfree++] = GEN_IDS - 1 - i;
	uint64_t s = seed;
	/* Episodes: every kind at least once, the big blocks twice. */
	char plan[16] = "AABCDDEEFFG";
	int np = 11;
	while (np < 15)
		plan[np++] = "ABCDEF"[between(&s, 0, 5)];
	for (int i = np - 1; i > 0; i--) {
		int j = (int)between(&s, 0, (size_t)i);
		char c = plan[i];
		plan[i] = plan[j];
		plan[j] = c;
	}
	for (int e = 0; e < np; e++) {
		switch (plan[e]) {
		case 'A':       /* small blocks: the tcache's and the fastbins' sizes */
			for (size_t k = between(&s, 200, 500); k > 0; k--)
				gen_alloc(g, between(&s, 1, 600));
			break;
		case 'B':       /* medium blocks */
			for (size_t k = between(&s, 60, 160); k > 0; k--)
				gen_alloc(g, between(&s, 1024, 48 * 1024));
			break;
		case 'G':       /* many tiny blocks: their headers add up */
			for (size_t k = between(&s, 5000, 8000); k > 0; k--)
				gen_alloc(g, between(&s, 1, 56));
			break;
		case 'C':       /* holes: a random part of the live blocks freed */
			for (int k = g->nlive * (int)between(&s, 30, 70) / 100; k > 0 && g->nlive; k--)
				gen_free(g, (int)between(&s, 0, (size_t)g->nlive - 1));
			break;
		case 'D':       /* blocks over the mmap threshold, most freed at once */
			for (size_t k = between(&s, 3, 6); k > 0; k--) {
				gen_alloc(g, between(&s, 140 * 1024, 3 << 20));
				if (between(&s, 0, 3))
					gen_free(g, g->nlive - 1);
			}
			break;
		case 'E':       /* the newest blocks freed, newest first: the top */
			for (int k = g->nlive * (int)between(&s, 50, 90) / 100; k > 0 && g->nlive; k--)
				gen_free(g, g->nlive - 1);
			break;
		default:        /* reallocs of live blocks */
			for (size_t k = between(&s, 20, 80); k > 0 && g->nlive; k--) {
				int at = (int)between(&s, 0, (size_t)g->nlive - 1);
				op_add(g, OP_REALLOC, g->live[at], between(&s, 1, 64 * 1024));
			}
			break;
		}
	}
	t->num_ids = GEN_IDS;
	t->num_ops = g->n;
	t->ops = ops;
	t->header_kind = 0;
	t->weight = 1;
	free(g);
	return 0;
}
