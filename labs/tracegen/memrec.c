// SPDX-License-Identifier: MIT
/*
 * memrec.c - an LD_PRELOAD shim that records a program's malloc, calloc,
 * realloc and free as trace operations. Use it through memrec.sh, which
 * turns the raw record into a trace with a header.
 *
 * Usage: LD_PRELOAD=build/libmemrec.so MEMREC_FILE=raw cmd args...
 *        (writes raw.PID for each process that allocates)
 * Try:   labs/tracegen/memrec.sh /tmp/ls.rep ls -l /etc
 *
 * It wraps glibc's own entry points (__libc_malloc and friends), so it needs
 * no dlsym, which itself allocates. A pointer gets a fresh id when it is
 * allocated and keeps it through realloc. memalign and friends are not
 * recorded (a trace has no alignment operation); frees of their pointers,
 * like any pointer the shim never saw, are skipped. Writes go through a
 * static buffer and write(2): the shim never calls malloc itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

#define SLOTS ((size_t)1 << 22)         /* live pointers the table can hold */

struct slot {
	uintptr_t ptr;                  /* 0 empty, 1 deleted */
	uint64_t id;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int busy;               /* inside the shim on this thread */
static int fd = -1;
static pid_t owner;
static struct slot *table;
static uint64_t next_id;
static char buf[1 << 16];
static size_t used;

static void flush(void)
{
	for (size_t off = 0; off < used;) {
		ssize_t n = write(fd, buf + off, used - off);
		if (n <= 0 && errno != EINTR)
			break;
		if (n > 0)
			off += (size_t)n;
	}
	used = 0;
}

__attribute__((destructor)) static void finish(void)
{
	pthread_mutex_lock(&lock);
	if (fd >= 0 && getpid() == owner)
		flush();
	pthread_mutex_unlock(&lock);
}

/* Open the record on first use; 0 when this process records. */
static int start(void)
{
	if (fd >= 0)
		return getpid() == owner ? 0 : -1;   /* a forked child stays quiet */
	if (fd == -2)
		return -1;
	const char *base = getenv("MEMREC_FILE");
	table = mmap(NULL, SLOTS * sizeof *table, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!base || table == MAP_FAILED) {
		fd = -2;
		return -1;
	}
	char path[4096];
	owner = getpid();
	snprintf(path, sizeof path, "%s.%d", base, (int)owner);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fd = -2;
		return -1;
	}
	return 0;
}

static size_t hash(uintptr_t p)
{
	return (size_t)((p >> 4) * 0x9e3779b97f4a7c15ULL >> 42) & (SLOTS - 1);
}

static void put(uintptr_t p, uint64_t id)
{
	for (size_t i = hash(p);; i = (i + 1) & (SLOTS - 1))
		if (table[i].ptr <= 1) {
			table[i] = (struct slot){ p, id };
			return;
		}
}

/* The id of p, removed from the table; -1 if unknown. */
static int64_t take(uintptr_t p)
{
	for (size_t i = hash(p); table[i].ptr; i = (i + 1) & (SLOTS - 1))
		if (table[i].ptr == p) {
			table[i].ptr = 1;
			return (int64_t)table[i].id;
		}
	return -1;
}

__attribute__((format(printf, 1, 2)))
static void emit(const char *fmt, ...)
{
	if (used > sizeof buf - 128)
		flush();
	va_list ap;
	va_start(ap, fmt);
	used += (size_t)vsnprintf(buf + used, sizeof buf - used, fmt, ap);
	va_end(ap);
}

/* Record one event; size 0 becomes 1 (a trace has no empty requests). */
static void record(char op, void *old, void *new, size_t nmemb, size_t size)
{
	if (busy)
		return;
	busy = 1;
	pthread_mutex_lock(&lock);
	if (start() == 0) {
		int64_t id;
		switch (op) {
		case 'a':
			put((uintptr_t)new, next_id);
			emit("a %llu %zu\n", (unsigned long long)next_id++, size ? size : 1);
			break;
		case 'c':
			put((uintptr_t)new, next_id);
			emit("c %llu %zu %zu\n", (unsigned long long)next_id++,
			     nmemb ? nmemb : 1, size ? size : 1);
			break;
		case 'r':
			id = take((uintptr_t)old);
			if (id < 0)
				break;
			put((uintptr_t)new, (uint64_t)id);
			emit("r %lld %zu\n", (long long)id, size ? size : 1);
			break;
		case 'f':
			id = take((uintptr_t)old);
			if (id >= 0)
				emit("f %lld\n", (long long)id);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	busy = 0;
}

void *malloc(size_t size)
{
	void *p = __libc_malloc(size);
	if (p)
		record('a', NULL, p, 0, size);
	return p;
}

void *calloc(size_t nmemb, size_t size)
{
	void *p = __libc_calloc(nmemb, size);
	if (p)
		record('c', NULL, p, nmemb, size);
	return p;
}

void *realloc(void *old, size_t size)
{
	void *p = __libc_realloc(old, size);
	if (!old) {
		if (p)
			record('a', NULL, p, 0, size);
	} else if (size == 0) {
		record('f', old, NULL, 0, 0);       /* glibc frees and returns NULL */
	} else if (p) {
		record('r', old, p, 0, size);
	}
	return p;
}

void free(void *p)
{
	if (p)
		record('f', p, NULL, 0, 0);
	__libc_free(p);
}
