// SPDX-License-Identifier: MIT
/*
 * judge_threads.c - the lab 07 tests' own measurements of threads
 * (judge_threads.h): a thread of the tests for the TLS layout, the
 * worker's program read as an ELF file, and remote-free scenarios run in a
 * child of the tests on the real glibc. None of it runs your code.
 */
#include "judge_threads.h"

#include "labtest.h"
#include "lab07.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The tests read glibc's own words around blocks (a chunk's header, the
   key a freed block holds in a tcache): gcc takes them for reads of
   memory uninitialised or freed. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/* The tests' program has a TLS block of its own, as the worker does. */
static _Thread_local char judge_mark[40] = { 1 };

size_t tls_offset(size_t memsz, size_t align, size_t vaddr)
{
	if (align == 0)
		align = 1;
	size_t first = (0 - (vaddr & (align - 1))) & (align - 1);
	return (memsz - first + align - 1) / align * align + first;
}

struct tls_seen {
	int err;
	uintptr_t tp, lo, hi, block;
	size_t memsz, align, vaddr;
};

static int own_tls(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct tls_seen *s = data;
	for (int k = 0; k < info->dlpi_phnum; k++)
		if (info->dlpi_phdr[k].p_type == PT_TLS) {
			s->block = (uintptr_t)info->dlpi_tls_data;
			s->memsz = info->dlpi_phdr[k].p_memsz;
			s->align = info->dlpi_phdr[k].p_align;
			s->vaddr = info->dlpi_phdr[k].p_vaddr;
		}
	return 1;               /* the program is the first object */
}

static void *tls_probe(void *arg)
{
	struct tls_seen *s = arg;
	judge_mark[1]++;
	s->tp = (uintptr_t)__builtin_thread_pointer();
	dl_iterate_phdr(own_tls, s);
	pthread_attr_t a;
	void *lo;
	size_t size;
	s->err = pthread_getattr_np(pthread_self(), &a);
	if (!s->err) {
		s->err = pthread_attr_getstack(&a, &lo, &size);
		pthread_attr_destroy(&a);
	}
	if (!s->err) {
		s->lo = (uintptr_t)lo;
		s->hi = (uintptr_t)lo + size;
	}
	return NULL;
}

void judge_tls_rule(struct tls_rule *r)
{
	memset(r, 0, sizeof *r);
#if !defined(__x86_64__)
	snprintf(r->why, sizeof r->why, "the tests know the TLS layout of x86-64 (variant II: the TCB above "
	         "the TLS blocks); this machine's differs (on aarch64 the TLS lies above the TCB)");
	return;
#else
	struct tls_seen s = { 0 };
	pthread_t t;
	int err = pthread_create(&t, NULL, tls_probe, &s);
	if (err || pthread_join(t, NULL) || s.err) {
		snprintf(r->why, sizeof r->why, "the tests cannot start a thread of their own and read its "
		         "stack: %s", strerror(err ? err : s.err));
		return;
	}
	r->tcb_below_top = s.hi - s.tp;
	r->in_stack = s.lo <= s.block && s.tp < s.hi;
	if (!s.block || s.tp <= s.lo || s.tp >= s.hi || s.tp - s.block != tls_offset(s.memsz, s.align, s.vaddr)) {
		snprintf(r->why, sizeof r->why, "a thread of the tests does not have the layout they know "
		         "(thread pointer at the top of the stack, the program's TLS block right below it): "
		         "not glibc on x86-64?");
		return;
	}
	r->ok = true;
#endif
}

bool judge_exe_tls(pid_t pid, size_t *memsz, size_t *align, size_t *vaddr)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	Elf64_Ehdr eh;
	bool found = false;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
		for (int k = 0; k < eh.e_phnum && !found; k++) {
			Elf64_Phdr ph;
			if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (size_t)k * sizeof ph)) != (ssize_t)sizeof ph)
				break;
			if (ph.p_type == PT_TLS) {
				*memsz = ph.p_memsz;
				*align = ph.p_align;
				*vaddr = ph.p_vaddr;
				found = true;
			}
		}
	}
	close(fd);
	return found;
}

int worker_tls(struct tls_info *t, int *err)
{
	struct rcall c;
	rcall_begin(&c, RF_TLS, "tls_of_self in a thread of the worker");
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	*err = (int)rcall_i64(&c);
	rcall_bytes(&c, t, sizeof *t);
	rcall_end(&c);
	cr_assert_neq(rc, -2, "the worker could not start a thread: %s", strerror(*err));
	return rc;
}

/* The remote-free scenario, in a child of the tests. Its threads take
   turns: step i < n mallocs block i, step n + i frees it. */
enum { MAXT = 8, HEAP_MAX = 64 << 20 };

static struct {
	int nthreads, n;
	const struct rf_block *b;
	void *ptr[RF_MAX_BLOCKS];
	const void *arena[MAXT + 1];    /* of each thread's first block */
	struct rf_guess seen[RF_MAX_BLOCKS];
	uintptr_t key;                  /* what tcache_put writes in a block's second word */
	int step, ready;
	pthread_mutex_t lock;
	pthread_cond_t cond;
} sc = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static const void *const MAIN_ARENA = (const void *)1, *const MMAPPED = (const void *)2;

/* The arena of a block, from its chunk's header: glibc's size field has
   IS_MMAPPED (2) and NON_MAIN_ARENA (4); a non-main arena's heap starts at
   a 64 MiB boundary with a heap_info whose first word is its arena. */
static const void *arena_of(const void *p)
{
	uintptr_t at = (uintptr_t)p;
	size_t head = *(const volatile size_t *)(at - sizeof(size_t));
	if (head & 2)
		return MMAPPED;
	if (!(head & 4))
		return MAIN_ARENA;
	return *(void *const volatile *)(at & ~(uintptr_t)(HEAP_MAX - 1));
}

/* The second word of a block, read as the bytes they are (after a free
   too: glibc keeps a freed block's memory). */
static uintptr_t second_word(uintptr_t at)
{
	return *(const volatile uintptr_t *)(at + sizeof(uintptr_t));
}

static int arena_id(const void *a)
{
	if (a == MMAPPED)
		return RF_MMAPPED;
	for (int t = 0; t <= sc.nthreads; t++)
		if (sc.arena[t] == a)
			return t;
	return -2;
}

static void do_step(int s)
{
	if (s < sc.n) {
		void *p = malloc(sc.b[s].size);
		if (!p)
			_exit(4);
		memset(p, 0, 16);
		sc.ptr[s] = p;
		sc.seen[s].arena = arena_id(arena_of(p));
		return;
	}
	int i = s - sc.n;
	uintptr_t at = (uintptr_t)sc.ptr[i];
	bool mapped = sc.seen[i].arena == RF_MMAPPED;
	free(sc.ptr[i]);
	if (!mapped)
		sc.seen[i].tcache = second_word(at) == sc.key;
}

static int owner(int s)
{
	return s < sc.n ? sc.b[s].by : sc.b[s - sc.n].freed_by;
}

/* Each thread, the main one too: its first block, then its turns. */
static void take_turns(int self)
{
	void *first = malloc(64);
	if (!first)
		_exit(4);
	pthread_mutex_lock(&sc.lock);
	sc.arena[self] = arena_of(first);
	sc.ready++;
	pthread_cond_broadcast(&sc.cond);
	while (sc.ready <= sc.nthreads)
		pthread_cond_wait(&sc.cond, &sc.lock);
	for (;;) {
		while (sc.step < 2 * sc.n && owner(sc.step) != self)
			pthread_cond_wait(&sc.cond, &sc.lock);
		if (sc.step >= 2 * sc.n)
			break;
		do_step(sc.step);
		sc.step++;
		pthread_cond_broadcast(&sc.cond);
	}
	pthread_mutex_unlock(&sc.lock);
}

static void *scenario_thread(void *arg)
{
	take_turns((int)(intptr_t)arg);
	return NULL;
}

/* The child: the main thread's tcache emptied first (it may hold blocks
   of the tests' process), the key learnt, the threads started. */
static void scenario_child(int out)
{
	malloc_trim(0);
	for (int k = 0; k < 8; k++)
		if (!malloc(24))
			_exit(4);
	for (int i = 0; i < sc.n; i++)
		for (int k = 0; k < 8; k++)
			if (!malloc(sc.b[i].size <= 1032 ? sc.b[i].size : 16))
				_exit(4);
	void *probe = malloc(24);
	if (!probe)
		_exit(4);
	uintptr_t at = (uintptr_t)probe;
	free(probe);
	sc.key = second_word(at);
	if ((uintptr_t)malloc(24) != at)        /* back out of the tcache: it is empty again */
		_exit(5);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	for (int t = 1; t <= sc.nthreads; t++) {
		pthread_t th;
		if (pthread_create(&th, &a, scenario_thread, (void *)(intptr_t)t))
			_exit(6);
		pthread_detach(th);
	}
	take_turns(0);
	for (int i = 0; i < sc.n; i++) {
		struct rf_guess *g = &sc.seen[i];
		g->remote = g->arena != RF_MMAPPED && arena_id(sc.arena[sc.b[i].freed_by]) != g->arena;
	}
	int distinct = 1;
	for (int t = 0; t <= sc.nthreads; t++)
		for (int u = 0; u < t; u++)
			distinct &= sc.arena[t] != sc.arena[u];
	if (write(out, &distinct, sizeof distinct) != sizeof distinct ||
	    write(out, sc.seen, sizeof sc.seen[0] * (size_t)sc.n) != (ssize_t)(sizeof sc.seen[0] * (size_t)sc.n))
		_exit(7);
	_exit(0);
}

int judge_remote_free(int nthreads, const struct rf_block *b, int n, struct rf_guess *seen, char *why,
                      size_t len)
{
	if (nthreads < 1 || nthreads > MAXT || n < 1 || n > RF_MAX_BLOCKS) {
		snprintf(why, len, "a scenario of %d threads and %d blocks is beyond the tests' own", nthreads, n);
		return -1;
	}
	sc.nthreads = nthreads;
	sc.n = n;
	sc.b = b;
	int fds[2];
	if (pipe(fds)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(fds[0]);
		scenario_child(fds[1]);
	}
	close(fds[1]);
	int distinct = 0;
	size_t want = sizeof seen[0] * (size_t)n, got = 0;
	ssize_t r = read(fds[0], &distinct, sizeof distinct);
	while (r == (ssize_t)sizeof distinct && got < want && (r = read(fds[0], (char *)seen + got, want - got)) > 0)
		got += (size_t)r;
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	if (got != want || !WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(why, len, "the tests' own run of the scenario failed (wait status %#x)", st);
		return -1;
	}
	if (!distinct) {
		snprintf(why, len, "the threads of the tests' own run share arenas here (arena_max?)");
		return -1;
	}
	return 0;
}
