// SPDX-License-Identifier: MIT
/*
 * measure.c - this process as the kernel and as malloc see it (task 1 of
 * lab 07: see README.md).
 *
// >>> design
//|  * TODO: mem_now from /proc/self/smaps_rollup and mallinfo2; trim_gain_predict
//|  * from what mem_now found.
 * The kernel's side is smaps_rollup (it walks the page tables: exact); the
 * heap's is mallinfo2, which reads malloc's own counters. malloc_trim(0)
 * releases every whole page inside the heap's free blocks with
 * MADV_DONTNEED, not only the top: so nearly all of heap_free comes back,
 * less a page or so per free block for its header and its rounding.
// <<< design
 */
#include "measure.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// >>> solution-helpers (solution only)
/* The number after "\nNAME:" in buf, in kB; -1 if the line is missing. */
static long field_kb(const char *buf, const char *name)
{
	const char *at = strstr(buf, name);
	return at ? strtol(at + strlen(name), NULL, 10) : -1;
}
// <<< solution-helpers

int mem_now(struct mem *m)
{
	// >>> mem_now
	//| /* TODO: Rss and LazyFree from /proc/self/smaps_rollup (kB), and
	//|    arena, fordblks, keepcost from mallinfo2. */
	//| (void)m;
	//| errno = ENOSYS;
	//| return -1;
	char buf[4096];
	int fd = open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	m->rss_kb = field_kb(buf, "\nRss:");
	m->lazyfree_kb = field_kb(buf, "\nLazyFree:");
	if (m->rss_kb < 0 || m->lazyfree_kb < 0) {
		errno = EPROTO;
		return -1;
	}
	struct mallinfo2 mi = mallinfo2();
	m->heap_bytes = mi.arena;
	m->heap_free = mi.fordblks;
	m->top_free = mi.keepcost;
	return 0;
	// <<< mem_now
}

long trim_gain_predict(const struct mem *m)
{
	// >>> trim_gain_predict
	//| /* TODO: the kB malloc_trim(0) would give back. */
	//| (void)m;
	//| return -1;
	/* The top keeps M_TOP_PAD (128 KiB by default) and a page; the
	   rest of the free bytes come back in whole pages. */
	long pad = 128 + sysconf(_SC_PAGESIZE) / 1024;
	long kb = (long)(m->heap_free / 1024) - pad;
	return kb > 0 ? kb : 0;
	// <<< trim_gain_predict
}
