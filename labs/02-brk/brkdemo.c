// SPDX-License-Identifier: MIT
/*
 * brkdemo - move the break, see what is usable above it, give it back.
 *
 * Usage: brkdemo [SIZE]       grow the heap by SIZE bytes (default 1)
 *
 * Steps, each printed:
 *   1. the break before and after the first printf (stdio allocates its
 *      buffer with malloc, and malloc moves the break);
 *   2. heap_grow(SIZE): the break moves by exactly SIZE bytes;
 *   3. probes around the new break: the rest of its page is writable, the
 *      next page is not;
 *   4. the [heap] line of /proc/self/maps: it ends on a page boundary;
 *   5. touching every new page raises the resident size (RSS), and
 *      heap_shrink(SIZE) gives the pages back: RSS falls again.
 *
 * Try:
 *   brkdemo                 one byte: a whole page becomes usable
 *   brkdemo 4097            two pages
 *   brkdemo 64M             watch RSS rise by 64 MiB and fall again
 *   strace -e trace=brk ./build/brkdemo 10
 *                           brk(NULL) asks, brk(addr) moves; both return the break
 *   (ulimit -d 1000; ./build/brkdemo 64M)
 *                           RLIMIT_DATA: heap_grow fails with ENOMEM
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "die.h"
#include "heap.h"
#include "maps.h"
#include "probe.h"
#include "rss.h"

static uintptr_t page_end(const void *p)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	return ((uintptr_t)p + page - 1) / page * page;
}

static const char *yes_no(int r)
{
	return r == 1 ? "yes" : r == 0 ? "no" : "probe failed";
}

int main(int argc, char *argv[])
{
	if (argc > 2)
		usage("[SIZE]");
	size_t size = argc == 2 ? parse_size(argv[1], "SIZE") : 1;
	if (size == 0)
		die("SIZE must be at least 1");

	char *before_stdio = heap_break();
	printf("1. break before any printf:  %p\n", (void *)before_stdio);
	printf("   break after the first one: %p (malloc made stdout's buffer)\n",
	       heap_break());

	long rss0 = rss_bytes();
	char *old = heap_grow(size);
	if (!old)
		die_errno("heap_grow(%zu)", size);
	char *brk = heap_break();
	printf("2. heap_grow(%zu) returned %p; the break is now %p (+%td)\n",
	       size, (void *)old, (void *)brk, brk - old);

	char *next = (char *)page_end(brk);
	char *last = next - 1;
	printf("3. %td bytes past the break are still in its page, which ends at %p\n",
	       next - brk, (void *)next);
	printf("   last byte of that page %p writable? %s\n",
	       (void *)last, yes_no(probe_writable(last)));
	printf("   first byte of the next page %p writable? %s\n",
	       (void *)next, yes_no(probe_writable(next)));

	uintptr_t hs, he;
	int found = maps_find_heap(&hs, &he);
	if (found == 1)
		printf("4. [heap] %#jx-%#jx (%ju pages)\n", (uintmax_t)hs,
		       (uintmax_t)he, (uintmax_t)(he - hs) / (uintmax_t)sysconf(_SC_PAGESIZE));
	else
		printf("4. maps_find_heap returned %d\n", found);

	long page = sysconf(_SC_PAGESIZE);
	for (size_t i = 0; i < size; i += (size_t)page)
		((volatile char *)old)[i] = 1;
	long rss1 = rss_bytes();
	if (!heap_shrink(size))
		die_errno("heap_shrink(%zu)", size);
	long rss2 = rss_bytes();
	printf("5. RSS %ld KiB -> touched: %ld KiB -> after heap_shrink: %ld KiB; break %p\n",
	       rss0 / 1024, rss1 / 1024, rss2 / 1024, heap_break());
	return 0;
}
