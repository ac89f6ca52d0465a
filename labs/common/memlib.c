// SPDX-License-Identifier: MIT
/*
 * memlib.c - the simulated heap: one region reserved with mmap, a break that
 * moves inside it.
 *
 * The region is mapped PROT_NONE and MAP_NORESERVE; pages become readable and
 * writable as the break passes them, so a stray write past the break faults
 * like it would past a real one. Reserving costs address space, not memory.
 * mem_reset_brk closes the pages again; mem_rewind_brk, for timed runs,
 * leaves them open and only clears them.
 *
 * In shared mode (memlib.h) the region is a memfd instead, and the state
 * both processes need (struct mem_state) sits in the memfd's first page;
 * which pages are open stays each process's own (heap_open).
 */
#include "memlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* What both processes of a judge/worker pair must agree on lives in one
   struct: in this process's memory normally, in the shared header page in
   shared mode (memlib.h), so that mem_sbrk on either side moves one break. */
struct mem_state {
	uintptr_t start;        /* the region's address (shared: the worker maps there) */
	size_t brk;             /* the break, as an offset from start */
	size_t filesize;        /* shared mode: the region's bytes the memfd has */
	size_t limit;
	int ready;              /* mem_init called (mem_sbrk fails before) */
	int rewound;            /* mem_rewind_brk since the last reset: pages
				   past the break stay open (shared mode) */
};

static struct mem_state own = { .limit = MEM_MAX_HEAP };
static struct mem_state *st = &own;
static char *heap_start;        /* first byte of the region, or NULL */
#define heap_brk (heap_start + st->brk)   /* one past the heap's last byte */
static char *heap_open;         /* this process's pages below this are open */
#define heap_limit (st->limit)
static bool share_wanted;       /* judge: mem_init makes the region shareable */
static int share_fd = -1;       /* the memfd behind the region, in shared mode */
static size_t share_have;       /* bytes of region the memfd was seen to hold */

size_t mem_pagesize(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static void share_create(void);
static int share_grow(size_t bytes);
static void share_punch(void);

static size_t page_round_up(size_t n)
{
	size_t page = mem_pagesize();
	return (n + page - 1) / page * page;
}

void mem_init(void)
{
	if (heap_start) {
		mem_reset_brk();
		return;
	}
	if (share_wanted) {
		share_create();
		return;
	}
	void *p = mmap((void *)MEM_HEAP_HINT, MEM_MAX_HEAP, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("memlib: mmap of the simulated heap");
		exit(EXIT_FAILURE);
	}
	heap_start = heap_open = p;
	st->start = (uintptr_t)p;
	st->brk = 0;
	st->ready = 1;
}

void mem_deinit(void)
{
	if (!heap_start)
		return;
	munmap(heap_start, MEM_MAX_HEAP);
	if (st != &own) {
		own.limit = st->limit;
		munmap(st, mem_pagesize());
		close(share_fd);
		share_fd = -1;
		st = &own;
	}
	heap_start = heap_open = NULL;
	st->brk = 0;
	st->ready = 0;
}

/* Make [heap_start, heap_start + bytes) accessible, page by page. */
static int open_up_to(size_t bytes)
{
	char *want = heap_start + page_round_up(bytes);
	if (want <= heap_open)
		return 0;
	if (st != &own && share_grow((size_t)(want - heap_start)) < 0)
		return -1;
	if (mprotect(heap_open, (size_t)(want - heap_open), PROT_READ | PROT_WRITE) < 0)
		return -1;
	heap_open = want;
	return 0;
}

void *mem_sbrk(intptr_t incr)
{
	if (!heap_start || !st->ready) {
		errno = EINVAL;
		return (void *)-1;
	}
	size_t used = (size_t)(heap_brk - heap_start);
	if (incr < 0 && (size_t)0 - (size_t)incr > used) {   /* below the start */
		errno = EINVAL;
		return (void *)-1;
	}
	if (incr > 0 && (used > heap_limit || (size_t)incr > heap_limit - used)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr > 0 && open_up_to(used + (size_t)incr) < 0) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *old = heap_brk;
	st->brk += (size_t)incr;
	return old;
}

void mem_reset_brk(void)
{
	if (!heap_start)
		return;
	/* Drop the pages: they read as zero next time, and cost nothing now. */
	size_t open = (size_t)(heap_open - heap_start);
	if (st != &own) {
		/* Shared pages live in the memfd, not in this mapping: MADV_DONTNEED
		   would only unmap them here. Punching a hole frees them for both. */
		share_punch();
	} else if (open) {
		madvise(heap_start, open, MADV_DONTNEED);
	}
	if (open)
		mprotect(heap_start, open, PROT_NONE);
	heap_open = heap_start;
	st->brk = 0;
	st->ready = 1;
	st->rewound = 0;
}

/* Make [p, end) (whole pages) read as zero again without faulting in the
   pages nobody touched: resident pages are cleared with memset and stay
   resident; the others are dropped, which also drops a copy in swap. */
static void zero_pages(char *p, char *end)
{
	static unsigned char vec[4096];         /* one byte per page */
	size_t page = mem_pagesize();
	while (p < end) {
		size_t n = (size_t)(end - p) / page;
		if (n > sizeof vec)
			n = sizeof vec;
		if (mincore(p, n * page, vec) < 0) {
			memset(p, 0, n * page);         /* cannot tell: clear them all */
			p += n * page;
			continue;
		}
		for (size_t i = 0, j; i < n; i = j) {
			int in = vec[i] & 1;
			for (j = i + 1; j < n && (vec[j] & 1) == in; j++)
				continue;
			if (in)
				memset(p + i * page, 0, (j - i) * page);
			else
				madvise(p + i * page, (j - i) * page, MADV_DONTNEED);
		}
		p += n * page;
	}
}

void mem_rewind_brk(void)
{
	if (!heap_start)
		return;
	/* Keep the pages open and in memory, as a C library keeps what it got
	   from the kernel: the next heap pays no mprotect and no page faults. */
	if (st != &own) {
		/* Every page either side may have written: they are this
		   process's to clear, and stay open (mem_share_sync). */
		open_up_to(st->filesize);
		st->rewound = 1;
	}
	zero_pages(heap_start, heap_open);
	st->brk = 0;
}

void *mem_heap_lo(void)
{
	return heap_start;
}

void *mem_heap_hi(void)
{
	if (!heap_start)
		return NULL;
	return heap_brk - 1;
}

size_t mem_heapsize(void)
{
	return heap_start ? st->brk : 0;
}

size_t mem_set_limit(size_t bytes)
{
	if (bytes)
		heap_limit = bytes > MEM_MAX_HEAP ? MEM_MAX_HEAP : page_round_up(bytes);
	return heap_limit;
}

/* --- shared mode (memlib.h): the judge makes the region, the worker maps it --- */

void mem_share(void)
{
	share_wanted = true;
}

/* Map the header page and the region of the memfd `fd`: the judge's at
   MEM_HEAP_HINT, the worker's (attach) where the judge's is. Returns the
   region, or NULL. */
static char *share_map(int fd, bool attach, struct mem_state **state)
{
	size_t page = mem_pagesize();
	void *h = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (h == MAP_FAILED)
		return NULL;
	struct mem_state *s = h;
	/* Both processes must see the heap at one address: the pointers the
	   allocator returns and keeps in the heap are the same on both sides.
	   The judge takes the first of a few addresses that is free (with the
	   sanitizers, MEM_HEAP_HINT is AddressSanitizer's allocator), the worker
	   the judge's; both far from where the kernel puts libraries. */
	static const uintptr_t tries[] = { MEM_HEAP_HINT, 0x500000000000, 0x400000000000,
					   0x300000000000 };
	for (size_t i = 0; i < (attach ? 1 : sizeof tries / sizeof tries[0]); i++) {
		uintptr_t at = attach ? s->start : tries[i];
		void *p = mmap((void *)at, MEM_MAX_HEAP, PROT_NONE,
			       MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_NORESERVE, fd, (off_t)page);
		if (p != MAP_FAILED && (uintptr_t)p == at) {
			*state = s;
			return p;
		}
		if (p != MAP_FAILED)            /* an old kernel took it as a hint */
			munmap(p, MEM_MAX_HEAP);
	}
	munmap(h, page);
	return NULL;
}

static void share_create(void)
{
	/* Sealed against shrinking: pages the judge reads cannot vanish under
	   it (a SIGBUS) by the worker's ftruncate. */
	int fd = memfd_create("memlib-heap", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0 || ftruncate(fd, (off_t)mem_pagesize()) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
		perror("memlib: memfd for the shared heap");
		exit(EXIT_FAILURE);
	}
	struct mem_state *s;
	char *p = share_map(fd, false, &s);
	if (!p) {
		perror("memlib: mmap of the shared heap");
		exit(EXIT_FAILURE);
	}
	*s = (struct mem_state){ .start = (uintptr_t)p, .limit = own.limit, .ready = 1 };
	st = s;
	share_fd = fd;
	share_have = 0;
	heap_start = heap_open = p;
}

/* Make the memfd hold the region's first `bytes`. It grows as the heap
   does, not to MEM_MAX_HEAP at once: a file's size counts against
   RLIMIT_FSIZE (the grader's sandbox sets one), and passing it would be a
   SIGXFSZ; a heap that would is out of memory instead. */
static int share_grow(size_t bytes)
{
	if (bytes <= st->filesize)
		return 0;
	struct rlimit rl;
	off_t size = (off_t)(mem_pagesize() + bytes);
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)size > rl.rlim_cur)
		return -1;
	if (ftruncate(share_fd, size) < 0)
		return -1;
	st->filesize = bytes;
	return 0;
}

/* Every page of the memfd's region reads as zero again, for both sides:
   the whole file as the kernel sizes it, not what the header page says. */
static void share_punch(void)
{
	struct stat sb;
	size_t page = mem_pagesize();
	if (fstat(share_fd, &sb) == 0 && (size_t)sb.st_size > page)
		fallocate(share_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)page,
			  sb.st_size - (off_t)page);
}

int mem_share_fd(void)
{
	return share_fd;
}

int mem_share_attach(int fd)
{
	struct stat sb;
	if (heap_start || fstat(fd, &sb) < 0)
		return -1;
	struct mem_state *s;
	char *p = share_map(fd, true, &s);
	if (!p)
		return -1;
	st = s;
	share_fd = fd;
	share_have = 0;
	heap_start = heap_open = p;
	mem_share_sync();
	return 0;
}

void mem_share_sync(void)
{
	if (!heap_start || st == &own)
		return;
	/* Open exactly the pages below the shared break, wherever the other
	   side left it: the heap's pages are accessible, the rest faults. */
	size_t page = mem_pagesize();
	/* The header page is writable by both sides: a break past what the
	   memfd holds (the kernel's word, fstat) would open pages that are not
	   there, or past the region. Such a break is pulled back to the end.
	   The memfd never shrinks (sealed): a size seen once still holds. */
	size_t brk = st->brk;
	if (brk > share_have) {
		struct stat sb;
		share_have = fstat(share_fd, &sb) == 0 && (size_t)sb.st_size > page ?
			     (size_t)sb.st_size - page : 0;
		if (share_have > MEM_MAX_HEAP)
			share_have = MEM_MAX_HEAP;
	}
	if (brk > share_have)
		st->brk = brk = share_have;
	char *want = heap_start + (brk + page - 1) / page * page;
	if (want > heap_open)
		mprotect(heap_open, (size_t)(want - heap_open), PROT_READ | PROT_WRITE);
	else if (want < heap_open && st->rewound)
		return;         /* a timed replay's heap: its pages stay open */
	else if (want < heap_open)
		mprotect(want, (size_t)(heap_open - want), PROT_NONE);
	heap_open = want;
}
