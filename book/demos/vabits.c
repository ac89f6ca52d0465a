// SPDX-License-Identifier: MIT
/*
 * vabits - how many bits of virtual address this kernel gives a process.
 *
 * Usage: vabits [-c]
 *
 * Try:   ./vabits; grep -m1 'address sizes' /proc/cpuinfo
 * It asks for one page just below 2^47 and one page at 2^47, each at that
 * exact address (MAP_FIXED_NOREPLACE: fail rather than move or overwrite).
 * With 4-level paging user space ends at 2^47 (128 TiB), so the first works
 * and the second fails; with 5-level paging both work, since user space then
 * reaches 2^56. /proc/cpuinfo's "address sizes" says what the processor can
 * do, not what the running kernel uses, so it is not the evidence.
 *
 * With -c it prints one line, the verdict, after checking it against the
 * two other signs of what the kernel uses: the la57 flag in /proc/cpuinfo
 * (the kernel clears it when it runs 4-level paging) and VmallocTotal in
 * /proc/meminfo (32 TiB with 4 levels, 12800 TiB with 5). If they disagree
 * it says so and exits with status 1.
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
static int try_page(uintptr_t addr, int quiet)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap((void *)addr, page, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	int ok = p != MAP_FAILED && (uintptr_t)p == addr;
	if (!quiet)
		printf("one page at %#018lx: %s\n", (unsigned long)addr,
		       ok ? "mapped" : p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
	if (p != MAP_FAILED)
		munmap(p, page);
	return ok;
}

/* Does /proc/cpuinfo's first "flags" line have la57? */
static int has_la57(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192];
	int found = 0;
	if (!f)
		die_errno("/proc/cpuinfo");
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "flags", 5) == 0) {
			found = strstr(line, " la57 ") || strstr(line, " la57\n");
			break;
		}
	fclose(f);
	return found;
}

/* VmallocTotal in TiB, rounded (the kernel reports the size less 1 KiB). */
static unsigned long vmalloc_tib(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long kib = 0;
	if (!f)
		die_errno("/proc/meminfo");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmallocTotal: %lu kB", &kib) == 1)
			break;
	fclose(f);
	return (kib + 1) >> 30;
}

int main(int argc, char **argv)
{
	int check = argc == 2 && strcmp(argv[1], "-c") == 0;
	if (argc != 1 && !check)
		usage("[-c]");
	uintptr_t top47 = (uintptr_t)1 << 47;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* The last page below 2^47 is kept free by the kernel; take the one before. */
	int below = try_page(top47 - 2 * page, check);
	int above = try_page(top47, check);
	if (check) {
		int la57 = has_la57();
		unsigned long tib = vmalloc_tib();
		if (below && !above && !la57 && tib == 32)
			puts("4-level paging: user space ends at 2^47 (128 TiB)");
		else if (below && above && la57 && tib == 12800)
			puts("5-level paging: user space goes up to 2^56 (64 PiB)");
		else {
			printf("the signs disagree: below 2^47 %s, at 2^47 %s, la57 flag %s, VmallocTotal %lu TiB\n",
			       below ? "mapped" : "refused", above ? "mapped" : "refused",
			       la57 ? "present" : "absent", tib);
			return 1;
		}
		return 0;
	}
	if (below && above)
		puts("=> user space goes past 2^47: 5-level paging (57-bit addresses)");
	else if (below)
		puts("=> user space ends at 2^47 (128 TiB): 4-level paging (48-bit addresses)");
	else
		puts("=> could not map below 2^47 either (a limit on this process?)");
	return 0;
}
