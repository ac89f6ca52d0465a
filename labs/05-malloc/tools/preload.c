// SPDX-License-Identifier: MIT
/*
 * preload.c - your mm.c as the C library's allocator, for real programs.
 *
 * Usage: make preload                  (prints the library's path last)
 *        LD_PRELOAD=$PWD/build/libmm.so ls -la /usr/lib
 *        MM_CHECKHEAP=1 LD_PRELOAD=... prog   runs mm_checkheap(0) at exit
 *
 * The dynamic linker binds every malloc, free, realloc ... of the program
 * and of its libraries to the first definition it finds, and LD_PRELOAD
 * puts this library first. Each function here forwards to mm_* under one
 * lock (mm.c is not thread-safe), over memlib's heap (labs/common/memlib.c:
 * one mmap'd region, real memory). Requests of MMAP_MIN bytes or more, and
 * any that need more than 16-byte alignment, get pages of their own with
 * mmap, as glibc does above its mmap threshold; so does any request mm_*
 * cannot serve once memlib's region is full.
 *
 * Try: compare `time sort big.txt` with and without LD_PRELOAD, and
 *      MM_CHECKHEAP=1 on anything that runs long.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memlib.h"
#include "mm.h"

#define API __attribute__((visibility("default")))

enum {
	MMAP_MIN = 128 * 1024,   /* glibc's default M_MMAP_THRESHOLD */
	BIG_HEADER = 16,         /* mapping length, mapping start */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready;

/* Start memlib and mm on first use; call with the lock held. */
static bool start(void)
{
	if (ready)
		return true;
	mem_init();
	if (mm_init() != 0)
		return false;
	ready = true;
	return true;
}

/* Is p one of mm's blocks (or a big one)? Call with the lock held. */
static bool in_heap(const void *p)
{
	return ready && p >= mem_heap_lo() && p <= mem_heap_hi();
}

/* ---- blocks with pages of their own ---- */

static size_t *big_header(void *p)
{
	return (size_t *)((unsigned char *)p - BIG_HEADER);
}

// >>> big
/* size bytes aligned to align (a power of two, at least 16) in a mapping of
   their own; the 16 bytes before the payload say what to munmap. */
static void *big_alloc(size_t size, size_t align)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t extra = BIG_HEADER + (align > page ? align : 0);
	if (size > SIZE_MAX / 2 - extra - page) {
		errno = ENOMEM;
		return NULL;
	}
	size_t len = (size + extra + page - 1) / page * page;
	unsigned char *base = mmap(NULL, len, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		errno = ENOMEM;
		return NULL;
	}
	uintptr_t p = ((uintptr_t)base + BIG_HEADER + align - 1) & ~(uintptr_t)(align - 1);
	big_header((void *)p)[0] = len;
	big_header((void *)p)[1] = (size_t)(uintptr_t)base;
	return (void *)p;
}

static void big_free(void *p)
{
	size_t *h = big_header(p);
	munmap((void *)(uintptr_t)h[1], h[0]);
}

static size_t big_usable(void *p)
{
	size_t *h = big_header(p);
	return h[1] + h[0] - (size_t)(uintptr_t)p;
}
// <<< big

/* ---- the C library's API ---- */

API void *malloc(size_t size)
{
	if (size == 0)
		size = 1;               /* glibc gives a unique pointer for 0 */
	if (size >= MMAP_MIN)
		return big_alloc(size, MM_ALIGNMENT);
	pthread_mutex_lock(&lock);
	void *p = start() ? mm_malloc(size) : NULL;
	pthread_mutex_unlock(&lock);
	return p ? p : big_alloc(size, MM_ALIGNMENT);
}

API void free(void *ptr)
{
	if (!ptr)
		return;
	pthread_mutex_lock(&lock);
	bool mine = in_heap(ptr);
	if (mine)
		mm_free(ptr);
	pthread_mutex_unlock(&lock);
	if (!mine)
		big_free(ptr);
}

API void *calloc(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	size_t bytes = nmemb * size;
	if (bytes == 0)
		bytes = 1;
	if (bytes >= MMAP_MIN)
		return big_alloc(bytes, MM_ALIGNMENT);  /* fresh pages are zero */
	pthread_mutex_lock(&lock);
	void *p = start() ? mm_calloc(bytes, 1) : NULL;
	pthread_mutex_unlock(&lock);
	return p ? p : big_alloc(bytes, MM_ALIGNMENT);
}

API size_t malloc_usable_size(void *ptr)
{
	if (!ptr)
		return 0;
	pthread_mutex_lock(&lock);
	bool mine = in_heap(ptr);
	size_t n = mine ? mm_usable_size(ptr) : 0;
	pthread_mutex_unlock(&lock);
	return mine ? n : big_usable(ptr);
}

// >>> realloc
API void *realloc(void *ptr, size_t size)
{
	if (!ptr)
		return malloc(size);
	if (size == 0) {                /* glibc frees and returns NULL */
		free(ptr);
		return NULL;
	}
	pthread_mutex_lock(&lock);
	bool mine = in_heap(ptr);
	void *p = mine && size < MMAP_MIN ? mm_realloc(ptr, size) : NULL;
	pthread_mutex_unlock(&lock);
	if (p)
		return p;
	size_t old = malloc_usable_size(ptr);
	if (!mine && size <= old && size >= old / 2)
		return ptr;             /* a big block that still fits well */
	p = malloc(size);
	if (!p)
		return NULL;
	memcpy(p, ptr, old < size ? old : size);
	free(ptr);
	return p;
}
// <<< realloc

API void *reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(ptr, nmemb * size);
}

static bool power_of_two(size_t n)
{
	return n && (n & (n - 1)) == 0;
}

API void *memalign(size_t align, size_t size)
{
	if (!power_of_two(align)) {
		errno = EINVAL;
		return NULL;
	}
	if (align <= MM_ALIGNMENT)
		return malloc(size);
	return big_alloc(size ? size : 1, align);
}

API void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

API int posix_memalign(void **out, size_t align, size_t size)
{
	if (!power_of_two(align) || align % sizeof(void *))
		return EINVAL;
	int saved = errno;
	void *p = memalign(align, size);
	if (!p)
		return ENOMEM;
	errno = saved;
	*out = p;
	return 0;
}

API void *valloc(size_t size)
{
	return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

API void *pvalloc(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return memalign(page, (size + page - 1) / page * page);
}

/* ---- fork and exit ---- */

/* fork() copies only the calling thread: hold the lock across it so that
   no other thread is half way through mm_* in the child's copy. */
static void before_fork(void) { pthread_mutex_lock(&lock); }
static void after_fork(void) { pthread_mutex_unlock(&lock); }

static void check_at_exit(void)
{
	pthread_mutex_lock(&lock);
	bool ok = !ready || mm_checkheap(0);
	pthread_mutex_unlock(&lock);
	if (!ok) {
		static const char msg[] = "libmm: mm_checkheap failed at exit\n";
		if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
			_exit(99);
		_exit(99);
	}
}

__attribute__((constructor)) static void setup(void)
{
	pthread_atfork(before_fork, after_fork, after_fork);
	const char *check = getenv("MM_CHECKHEAP");
	if (check && *check && strcmp(check, "0") != 0)
		atexit(check_at_exit);
}
