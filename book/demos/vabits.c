/*
 * vabits - how many bits of virtual address this kernel gives a process.
 *
 * Usage: vabits
 *
 * Try:   ./vabits; grep -m1 'address sizes' /proc/cpuinfo
 * It asks for one page just below 2^47 and one page at 2^47, each at that
 * exact address (MAP_FIXED_NOREPLACE: fail rather than move or overwrite).
 * With 4-level paging user space ends at 2^47 (128 TiB), so the first works
 * and the second fails; with 5-level paging both work, since user space then
 * reaches 2^56. /proc/cpuinfo's "address sizes" says what the processor can
 * do, not what the running kernel uses, so it is not the evidence.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "die.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* Map one page at exactly addr; say whether it worked. */
static int try_page(uintptr_t addr)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap((void *)addr, page, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	int ok = p != MAP_FAILED && (uintptr_t)p == addr;
	printf("one page at %#018lx: %s\n", (unsigned long)addr,
	       ok ? "mapped" : p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
	if (p != MAP_FAILED)
		munmap(p, page);
	return ok;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		usage("");
	uintptr_t top47 = (uintptr_t)1 << 47;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* The last page below 2^47 is kept free by the kernel; take the one before. */
	int below = try_page(top47 - 2 * page);
	int above = try_page(top47);
	if (below && above)
		puts("=> user space goes past 2^47: 5-level paging (57-bit addresses)");
	else if (below)
		puts("=> user space ends at 2^47 (128 TiB): 4-level paging (48-bit addresses)");
	else
		puts("=> could not map below 2^47 either (a limit on this process?)");
	return 0;
}
