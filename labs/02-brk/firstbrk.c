// SPDX-License-Identifier: MIT
/*
 * firstbrk - watch the heap appear the first time the break moves, and
 * measure how far the heap starts from the end of bss.
 *
 * Usage: firstbrk [SIZE]      move the break up by SIZE bytes (default 1)
 *
 * It looks at /proc/self/maps with maps_find_heap before anything has
 * called malloc, grows the heap with heap_grow, and looks again. It prints
 * "key value" lines (the lab's tests read them):
 *
 *   end          &end, the first byte after bss (see man 3 end)
 *   break        the break when main starts: where the heap will start
 *   gap          break - end, in bytes
 *   heap_before  what maps_find_heap returned before the break moved
 *   grown        what heap_grow returned
 *   break_after  the break after heap_grow
 *   heap_after   what maps_find_heap returned then, and the [heap] range
 *
 * Try:
 *   firstbrk                     heap_before 0, heap_after 1
 *   firstbrk; firstbrk           the gap changes from run to run (ASLR)
 *   setarch -R firstbrk          without ASLR the gap is less than a page
 *   cat /proc/sys/kernel/randomize_va_space     2 = the break is randomised
 *
 * Nothing before the last maps_find_heap may call malloc or stdio: printing
 * would allocate stdout's buffer and move the break itself.
 */
#include <stdint.h>
#include <stdio.h>

#include "die.h"
#include "heap.h"
#include "maps.h"

extern char end;        /* set by the linker: the end of bss */

int main(int argc, char *argv[])
{
	if (argc > 2)
		usage("[SIZE]");
	size_t size = argc == 2 ? parse_size(argv[1], "SIZE") : 1;

	char *brk0 = heap_break();
	uintptr_t s0 = 0, e0 = 0;
	int before = maps_find_heap(&s0, &e0);

	char *grown = heap_grow(size);
	int grow_errno = errno;
	char *brk1 = heap_break();
	uintptr_t s1 = 0, e1 = 0;
	int after = maps_find_heap(&s1, &e1);

	/* From here on stdio may allocate: everything has been seen. */
	printf("end %p\n", (void *)&end);
	printf("break %p\n", (void *)brk0);
	printf("gap %jd\n", brk0 ? (intmax_t)((uintptr_t)brk0 - (uintptr_t)&end) : (intmax_t)0);
	printf("heap_before %d %#jx %#jx\n", before, (uintmax_t)s0, (uintmax_t)e0);
	printf("grown %p\n", (void *)grown);
	if (!grown)
		printf("grow_error %s\n", strerror(grow_errno));
	printf("break_after %p\n", (void *)brk1);
	printf("heap_after %d %#jx %#jx\n", after, (uintmax_t)s1, (uintmax_t)e1);
	return 0;
}
