// SPDX-License-Identifier: MIT
/*
 * threads.c - a thread's stack and TLS, and malloc's arenas (task 3 of
 * lab 07: see README.md).
 *
// >>> design
//|  * TODO: stack_of_self from pthread_getattr_np; overflow_watch with
//|  * sigaltstack and a SIGSEGV handler; tls_of_self from the thread pointer,
//|  * dl_iterate_phdr and /proc/self/maps; arenas_predict and
//|  * remote_free_predict from glibc's rules (README.md).
 * pthread_getattr_np gives the lowest address of the usable stack and its
 * size; the guard lies just below (stacks grow down into it). glibc's
 * malloc gives a thread that first calls malloc an arena of its own until
 * there are 8 per CPU (arena_max when set); it counts CPUs only once more
 * than 8 arenas exist, so one CPU still gets 9. An overflow is caught on
 * an alternate signal stack: the thread's own has no room left. On x86-64
 * glibc puts the thread's struct pthread (the thread pointer) at the top
 * of its stack's mapping and the static TLS blocks just below it, the
 * program's first; pthread_getattr_np counts them as stack. A block comes
 * from the arena of the thread that mallocs it (or from mmap when big);
 * its free goes to the freeing thread's tcache when small and that bin
 * holds fewer than 7, whichever arena it came from.
// <<< design
 */
#include "threads.h"

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int stack_of_self(struct stack_info *s)
{
	// >>> stack_of_self
	//| /* TODO: pthread_getattr_np(pthread_self(), ...), then
	//|    pthread_attr_getstack and pthread_attr_getguardsize. */
	//| (void)s;
	//| errno = ENOSYS;
	//| return -1;
	pthread_attr_t a;
	int err = pthread_getattr_np(pthread_self(), &a);
	if (err) {
		errno = err;
		return -1;
	}
	void *lo;
	size_t size, guard;
	err = pthread_attr_getstack(&a, &lo, &size);
	if (!err)
		err = pthread_attr_getguardsize(&a, &guard);
	pthread_attr_destroy(&a);
	if (err) {
		errno = err;
		return -1;
	}
	s->lo = (uintptr_t)lo;
	s->hi = (uintptr_t)lo + size;
	s->guard = guard;
	return 0;
	// <<< stack_of_self
}

// >>> overflow-helpers (solution only)
static int report_fd = -1;
static _Thread_local struct stack_info watched;

/* The line, written without stdio: the handler may only call what is
   async-signal-safe. */
static void report(pid_t tid, size_t depth)
{
	char line[64] = "overflow tid ", num[24];
	size_t len = strlen(line);
	unsigned long v[2] = { (unsigned long)tid, depth };
	for (int k = 0; k < 2; k++) {
		int n = 0;
		do
			num[n++] = (char)('0' + v[k] % 10);
		while (v[k] /= 10);
		while (n)
			line[len++] = num[--n];
		if (k == 0) {
			memcpy(line + len, " depth ", 7);
			len += 7;
		}
	}
	line[len++] = '\n';
	(void)!write(report_fd, line, len);
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	uintptr_t at = (uintptr_t)si->si_addr;
	if (watched.hi && at < watched.lo && at >= watched.lo - watched.guard) {
		report(gettid(), watched.hi - at);
		_exit(3);
	}
	signal(sig, SIG_DFL);           /* not ours: the fault happens again, unhandled */
}
// <<< overflow-helpers

// >>> overflow-watch
int overflow_watch(int fd)
{
	// >>> overflow_watch
	//| /* TODO: stack_of_self, then sigaltstack with a stack of its own,
	//|    then sigaction(SIGSEGV) with SA_ONSTACK | SA_SIGINFO. */
	//| (void)fd;
	//| errno = ENOSYS;
	//| return -1;
	if (stack_of_self(&watched))
		return -1;
	/* The handler cannot run on the stack that overflowed. */
	size_t len = 64 * 1024;
	void *alt = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (alt == MAP_FAILED)
		return -1;
	stack_t ss = { .ss_sp = alt, .ss_size = len };
	if (sigaltstack(&ss, NULL))
		return -1;
	report_fd = fd;
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_ONSTACK | SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, NULL);
	// <<< overflow_watch
}
// <<< overflow-watch

// >>> arenas
int arenas_predict(int nthreads, int ncpus, int arena_max)
{
	// >>> arenas_predict
	//| /* TODO: the main arena, plus one per thread up to the limit. */
	//| (void)nthreads, (void)ncpus, (void)arena_max;
	//| errno = ENOSYS;
	//| return -1;
	if (nthreads < 0 || ncpus < 1 || arena_max < 0) {
		errno = EINVAL;
		return -1;
	}
	int limit = arena_max ? arena_max : 8 * ncpus;
	if (!arena_max && limit < 9)
		limit = 9;      /* the CPUs are counted once there are 9 */
	return 1 + nthreads < limit ? 1 + nthreads : limit;
	// <<< arenas_predict
}
// <<< arenas

// >>> tls-helpers (solution only)
/* The program's PT_TLS segment in the calling thread: dl_iterate_phdr
   visits the program first, and gives its block for this thread. */
static int program_tls(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct tls_info *t = data;
	for (int k = 0; k < info->dlpi_phnum; k++)
		if (info->dlpi_phdr[k].p_type == PT_TLS && info->dlpi_tls_data) {
			t->block_lo = (uintptr_t)info->dlpi_tls_data;
			t->block_hi = t->block_lo + info->dlpi_phdr[k].p_memsz;
		}
	return 1;               /* the program only */
}

/* The end of the mapping of /proc/self/maps that holds addr; 0 if none. */
static uintptr_t mapping_end(uintptr_t addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return 0;
	char line[512];
	uintptr_t end = 0;
	while (!end && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= addr && addr < hi)
			end = hi;
	}
	fclose(f);
	return end;
}
// <<< tls-helpers

int tls_of_self(struct tls_info *t)
{
	// >>> tls_of_self
	//| /* TODO: __builtin_thread_pointer(); dl_iterate_phdr for the program's
	//|    PT_TLS (dlpi_tls_data, p_memsz); /proc/self/maps for the end of
	//|    the mapping; stack_of_self for in_stack. */
	//| (void)t;
	//| errno = ENOSYS;
	//| return -1;
	memset(t, 0, sizeof *t);
	t->tp = (uintptr_t)__builtin_thread_pointer();
	dl_iterate_phdr(program_tls, t);
	if (!t->block_lo) {
		errno = ENOENT;         /* the program has no TLS of its own */
		return -1;
	}
	t->map_hi = mapping_end(t->tp);
	struct stack_info s;
	if (!t->map_hi || stack_of_self(&s))
		return -1;
	t->in_stack = s.lo <= t->block_lo && t->block_hi <= s.hi && s.lo <= t->tp && t->tp < s.hi;
	return 0;
	// <<< tls_of_self
}

int remote_free_predict(int nthreads, const struct rf_block *b, int n, struct rf_guess *out)
{
	// >>> remote_free_predict
	//| /* TODO: the arena of the thread that mallocs (mmap past the
	//|    threshold); remote when freed by another; the freeing thread's
	//|    tcache while the block is small and its bin has room. */
	//| (void)nthreads, (void)b, (void)n, (void)out;
	//| errno = ENOSYS;
	//| return -1;
	enum { MMAP_THRESHOLD = 128 * 1024, TCACHE_MAX = 1032, TCACHE_COUNT = 7, BINS = 64, MAXT = 64 };
	if (nthreads < 0 || nthreads >= MAXT || n < 0) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (b[i].by < 0 || b[i].by > nthreads || b[i].freed_by < 0 || b[i].freed_by > nthreads) {
			errno = EINVAL;
			return -1;
		}
	/* Each thread's tcache: how many chunks each bin holds. All start empty. */
	static unsigned char counts[MAXT][BINS];
	memset(counts, 0, sizeof counts);
	for (int i = 0; i < n; i++) {
		struct rf_guess *g = &out[i];
		*g = (struct rf_guess){ .arena = b[i].by };
		if (b[i].size >= MMAP_THRESHOLD) {
			g->arena = RF_MMAPPED;  /* munmap'd when freed: no arena, no tcache */
			continue;
		}
		g->remote = b[i].freed_by != b[i].by;
		if (b[i].size <= TCACHE_MAX) {
			size_t chunk = (b[i].size + sizeof(size_t) + 15) & ~(size_t)15;
			if (chunk < 32)
				chunk = 32;
			unsigned char *c = &counts[b[i].freed_by][(chunk - 17) / 16];
			if (*c < TCACHE_COUNT) {
				(*c)++;
				g->tcache = true;
			}
		}
	}
	return 0;
	// <<< remote_free_predict
}
