/*
 * libc_alloc.c - the C library's malloc, timed beside the allocators under
 * test so that their throughput has a yardstick measured on the same machine
 * in the same run.
 */
#include "replay.h"

#include <malloc.h>
#include <stdlib.h>

static int libc_init(void)
{
	return 0;
}

const struct allocator libc_allocator = {
	.name = "libc",
	.init = libc_init,
	.malloc = malloc,
	.free = free,
	.realloc = realloc,
	.calloc = calloc,
	.check = NULL,
	.uses_memlib = false,
};

/*
 * An allocator over memlib is timed on a heap that keeps its pages from one
 * replay to the next (mem_rewind_brk): growing it costs no system call and
 * no page fault, and shrinking it (mem_sbrk(-n)) gives nothing back. The C
 * library gets the same terms: it keeps all the memory it got from the
 * kernel, and takes all of it from its heap.
 *
 * - No trimming (M_TRIM_THRESHOLD -1): glibc would otherwise give the top
 *   of its heap back with brk whenever 128 KiB of it are free, as the
 *   driver's own free of the blocks a trace leaves live does after every
 *   replay, and take a page fault per page when the next replay grows the
 *   heap again. On the CS:APP traces that made glibc 5 to 10 times slower.
 * - No mmap per block (M_MMAP_MAX 0): a block of 128 KiB or more would
 *   otherwise be a mapping of its own, made and unmade with system calls.
 *
 * Setting them also holds them: glibc raises both thresholds on its own
 * after a program frees a large mapped block, as reading an earlier trace
 * may, so its speed on a trace would depend on the traces before it.
 * Everything else - tcache, fastbins, bins, coalescing, realloc in place -
 * is glibc's, as in any program. With GLIBC_TUNABLES set, the driver leaves
 * glibc as the tunables set it (to measure it another way).
 */
void libc_keep_memory(void)
{
	if (getenv("GLIBC_TUNABLES"))
		return;
	mallopt(M_TRIM_THRESHOLD, -1);
	mallopt(M_MMAP_MAX, 0);
}
