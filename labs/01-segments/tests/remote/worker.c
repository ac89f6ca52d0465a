// SPDX-License-Identifier: MIT
/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned and wrote, pointers
 * turned into indexes (fns.h). The objects at the end are this program's
 * own, for the tests that classify addresses of the process running your
 * classify(): the linker symbols it reads are this program's.
 */
#include "fns.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "classify.h"
#include "maps.h"
#include "moved.h"
#include "race_pads.h"
#include "remote.h"
#include "remote_worker.h"
#include "rows.h"

/* A maps the tests sent: entries in an array of the worker's own. */
static void get_maps(struct rmsg *in, struct maps *m)
{
	memset(m, 0, sizeof *m);
	uint64_t n = wget_u64(in);
	if (n > LAB01_MAX_ITEMS)
		n = 0;   /* then the bytes below do not match: refused */
	m->v = calloc(n ? n : 1, sizeof *m->v);
	wget_bytes(in, m->v, n * sizeof *m->v);
	m->n = m->cap = n;
}

/* Your maps, as the tests' stub reads it back. */
static void put_maps(struct rmsg *out, const struct maps *m)
{
	size_t n = m->v && m->n <= LAB01_MAX_ITEMS ? m->n : 0;
	rmsg_put_u64(out, m->n);
	rmsg_put_u64(out, m->bad_line);
	rmsg_put_u64(out, n);
	rmsg_put_bytes(out, n ? (const void *)m->v : "", n * sizeof *m->v);   /* never NULL for memcpy */
}

static int64_t index_of(const struct map_entry *p, const struct maps *m)
{
	if (!p)
		return IDX_NULL;
	for (size_t i = 0; i < m->n; i++)
		if (p == &m->v[i])
			return (int64_t)i;
	return IDX_ELSEWHERE;
}

/* A place: kind, its map as an index (with the entry when it is elsewhere),
   its name as an offset into the map's path (with the text otherwise). */
static void put_place(struct rmsg *out, const struct place *p, const struct maps *m)
{
	rmsg_put_i64(out, p->kind);
	int64_t mi = index_of(p->map, m);
	rmsg_put_i64(out, mi);
	if (mi == IDX_ELSEWHERE)
		rmsg_put_bytes(out, p->map, sizeof *p->map);
	if (!p->name) {
		rmsg_put_i64(out, IDX_NULL);
	} else if (p->map && p->name >= p->map->path && p->name < p->map->path + MAP_PATH_MAX) {
		rmsg_put_i64(out, p->name - p->map->path);
	} else {
		rmsg_put_i64(out, IDX_ELSEWHERE);
		rmsg_put_str(out, p->name);
	}
}

static void w_maps_parse_line(struct rmsg *in, struct rmsg *out)
{
	char *line = wget_str(in, 1 << 16);
	static struct map_entry e;
	wget_bytes(in, &e, sizeof e);
	errno = 0;
	int rc = maps_parse_line(line, &e);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_bytes(out, &e, sizeof e);
	free(line);
}

static void w_maps_read(struct rmsg *in, struct rmsg *out)
{
	char *text = wget_str(in, RMSG_MAX);
	size_t len = text ? strlen(text) : 0;
	/* fmemopen refuses a size of 0: an empty file is /dev/null. */
	FILE *f = len ? fmemopen(text, len, "r") : fopen("/dev/null", "r");
	struct maps m;
	memset(&m, 0, sizeof m);
	errno = 0;
	int rc = f ? maps_read(f, &m) : -1;
	int err = errno;
	if (f)
		fclose(f);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, err);
	put_maps(out, &m);
	maps_free(&m);
	free(text);
}

static void w_maps_load(struct rmsg *in, struct rmsg *out)
{
	char *file = wget_str(in, MAP_PATH_MAX);
	struct maps m;
	memset(&m, 0, sizeof m);
	errno = 0;
	int rc = maps_load(file, &m);
	int err = errno;
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, err);
	put_maps(out, &m);
	maps_free(&m);
	free(file);
}

static void w_maps_find(struct rmsg *in, struct rmsg *out)
{
	struct maps m;
	get_maps(in, &m);
	uintptr_t addr = (uintptr_t)wget_u64(in);
	rmsg_put_i64(out, index_of(maps_find(&m, addr), &m));
	free(m.v);
}

static void w_classify(struct rmsg *in, struct rmsg *out)
{
	struct maps m;
	get_maps(in, &m);
	uintptr_t addr = (uintptr_t)wget_u64(in);
	struct place p;
	wget_bytes(in, &p, sizeof p);   /* as the test preset it; pointers unused */
	p.map = NULL;
	p.name = NULL;
	enum region r = classify(&m, addr, &p);
	rmsg_put_i64(out, r);
	put_place(out, &p, &m);
	free(m.v);
}

static void w_layout_build(struct rmsg *in, struct rmsg *out)
{
	struct maps m;
	get_maps(in, &m);
	uint64_t nex = wget_u64(in);
	if (nex > LAB01_MAX_ITEMS)
		nex = 0;
	struct example *ex = calloc(nex ? nex : 1, sizeof *ex);
	for (size_t i = 0; i < nex; i++) {
		ex[i].label = wget_str(in, 4096);
		ex[i].addr = (uintptr_t)wget_u64(in);
	}
	struct layout l;
	memset(&l, 0, sizeof l);
	errno = 0;
	int rc = layout_build(&m, nex ? ex : NULL, nex, &l);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	size_t n = l.rows && l.n <= LAB01_MAX_ITEMS ? l.n : 0;
	rmsg_put_u64(out, l.n);
	rmsg_put_u64(out, n);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &l.rows[i];
		rmsg_put_u64(out, r->start);
		rmsg_put_u64(out, r->end);
		rmsg_put_i64(out, r->gap);
		int64_t mi = index_of(r->map, &m);
		rmsg_put_i64(out, mi);
		if (mi == IDX_ELSEWHERE)
			rmsg_put_bytes(out, r->map, sizeof *r->map);
		put_place(out, &r->place, &m);
		rmsg_put_u64(out, r->nexamples);
		size_t k = r->nexamples < ROW_MAX_EXAMPLES ? r->nexamples : ROW_MAX_EXAMPLES;
		for (size_t e = 0; e < k; e++) {
			int64_t ei = IDX_ELSEWHERE;
			if (!r->examples[e])
				ei = IDX_NULL;
			for (size_t j = 0; j < nex; j++)
				if (r->examples[e] == &ex[j])
					ei = (int64_t)j;
			rmsg_put_i64(out, ei);
		}
	}
	if (rc == 0)
		layout_free(&l);
	for (size_t i = 0; i < nex; i++)
		free((char *)ex[i].label);
	free(ex);
	free(m.v);
}

static void w_snapshot(struct rmsg *in, struct rmsg *out)
{
	uint64_t argc = wget_u64(in);
	if (argc > LAB01_MAX_ARGV)
		argc = 0;
	char *argv[LAB01_MAX_ARGV + 1];
	for (size_t i = 0; i < argc; i++)
		argv[i] = wget_str(in, 4096);
	argv[argc] = NULL;
	bool no_randomize = wget_i64(in) != 0;
	struct maps m;
	memset(&m, 0, sizeof m);
	errno = 0;
	int rc = snapshot(argv, no_randomize, &m);
	int err = errno;
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, err);
	put_maps(out, &m);
	maps_free(&m);
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
}

static void w_compare_runs(struct rmsg *in, struct rmsg *out)
{
	struct maps a, b;
	get_maps(in, &a);
	get_maps(in, &b);
	uint64_t max = wget_u64(in);
	if (max > LAB01_MAX_ITEMS)
		max = 0;
	struct move *mv = calloc(max ? max : 1, sizeof *mv);
	wget_bytes(in, mv, max * sizeof *mv);
	size_t n = compare_runs(&a, &b, mv, max);
	rmsg_put_u64(out, n);
	rmsg_put_bytes(out, mv, max * sizeof *mv);
	free(mv);
	free(a.v);
	free(b.v);
}

/* This program's objects (fns.h). */
int initialised_global = OBJ_INIT_GLOBAL_VALUE;        /* .data */
int uninitialised_global;                              /* .bss */
static char big_bss[4 << 20];                          /* .bss, mostly past the file's pages */
static const double const_table[] = { 1.5, 2.5, 3.5 }; /* .rodata */

static int a_function(int x)
{
	return x * 2;
}

static void w_objects(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	static int initialised_static = OBJ_INIT_STATIC_VALUE;
	static int zero_static;
	/* A local of main's thread: the frames below it are alive while the
	   worker runs, so the tests may look at its page after this returns. */
	volatile int local = 0;
	uintptr_t at[OBJ_COUNT] = {
		[OBJ_FUNCTION] = (uintptr_t)a_function,
		[OBJ_LITERAL] = (uintptr_t)OBJ_LITERAL_TEXT,
		[OBJ_CONST_TABLE] = (uintptr_t)const_table,
		[OBJ_INIT_GLOBAL] = (uintptr_t)&initialised_global,
		[OBJ_INIT_STATIC] = (uintptr_t)&initialised_static,
		[OBJ_ZERO_GLOBAL] = (uintptr_t)&uninitialised_global,
		[OBJ_ZERO_STATIC] = (uintptr_t)&zero_static,
		[OBJ_BIG_BSS_LAST] = (uintptr_t)&big_bss[sizeof big_bss - 1],
		[OBJ_BIG_BSS_MIDDLE] = (uintptr_t)&big_bss[sizeof big_bss / 2],
		[OBJ_LOCAL] = (uintptr_t)&local,
		[OBJ_LIBC_FUNCTION] = (uintptr_t)getpid,
		[OBJ_VDSO] = (uintptr_t)getauxval(AT_SYSINFO_EHDR),
	};
	(void)a_function(local);
	for (size_t i = 0; i < OBJ_COUNT; i++)
		rmsg_put_u64(out, at[i]);
}

static void w_malloc(struct rmsg *in, struct rmsg *out)
{
	rmsg_put_u64(out, (uintptr_t)malloc((size_t)wget_u64(in)));
}

static void w_free(struct rmsg *in, struct rmsg *out)
{
	(void)out;
	free((void *)(uintptr_t)wget_u64(in));
}

static void w_mmap(struct rmsg *in, struct rmsg *out)
{
	size_t len = (size_t)wget_u64(in);
	int prot = (int)wget_i64(in);
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rmsg_put_u64(out, p == MAP_FAILED ? 0 : (uintptr_t)p);
}

static void w_munmap(struct rmsg *in, struct rmsg *out)
{
	uintptr_t p = (uintptr_t)wget_u64(in);
	size_t len = (size_t)wget_u64(in);
	rmsg_put_i64(out, munmap((void *)p, len));
}

/*
 * maps_load("/proc/self/maps"), in a worker set up so that a parser running
 * between two reads of the file would make the kernel show [heap] twice
 * (test_race.c): `pads` pages mapped below the program with [heap]'s line
 * at the end of a read (race_pads.h); then every allocation from the heap,
 * none padded (mallopt), and the heap's free top used up, so that each
 * allocation the parser makes that does not fit a free chunk moves the
 * break. Answers whether [heap] could be put there, then as maps_load.
 */
static void w_load_heap_grows(struct rmsg *in, struct rmsg *out)
{
	uint64_t pads = wget_u64(in);
	bool placed = pads <= LAB01_MAX_PADS && pads_put_heap_at_read_end((size_t)pads);
	mallopt(M_MMAP_THRESHOLD, 16 << 20);   /* 32 MiB is the most it takes */
	mallopt(M_TOP_PAD, 0);
	/* keepcost: the size of the heap's free top (glibc's malloc; another,
	   such as AddressSanitizer's, leaves it alone and says 0). */
	void *fill[8] = { NULL };
	for (size_t i = 0; i < 8 && mallinfo2().keepcost > 256; i++)
		fill[i] = malloc(mallinfo2().keepcost - 128);
	struct maps m;
	memset(&m, 0, sizeof m);
	errno = 0;
	int rc = maps_load("/proc/self/maps", &m);
	int err = errno;
	rmsg_put_i64(out, placed);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, err);
	put_maps(out, &m);
	maps_free(&m);
	for (size_t i = 0; i < 8; i++)
		free(fill[i]);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_MAPS_PARSE_LINE] = { "maps_parse_line", w_maps_parse_line },
	[RF_MAPS_READ] = { "maps_read", w_maps_read },
	[RF_MAPS_LOAD] = { "maps_load", w_maps_load },
	[RF_MAPS_FIND] = { "maps_find", w_maps_find },
	[RF_CLASSIFY] = { "classify", w_classify },
	[RF_LAYOUT_BUILD] = { "layout_build", w_layout_build },
	[RF_SNAPSHOT] = { "snapshot", w_snapshot },
	[RF_COMPARE_RUNS] = { "compare_runs", w_compare_runs },
	[RF_OBJECTS] = { "the worker's objects", w_objects },
	[RF_MALLOC] = { "malloc in the worker", w_malloc },
	[RF_FREE] = { "free in the worker", w_free },
	[RF_MMAP] = { "mmap in the worker", w_mmap },
	[RF_MUNMAP] = { "munmap in the worker", w_munmap },
	[RF_LOAD_HEAP_GROWS] = { "maps_load", w_load_heap_grows },
};

int main(void)
{
	return remote_worker_main(fns, RF_COUNT);
}
