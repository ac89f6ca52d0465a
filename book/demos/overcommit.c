// SPDX-License-Identifier: MIT
/*
 * overcommit - where the default overcommit heuristic says no.
 *
 * Usage: overcommit
 *
 * Try:   cat /proc/sys/vm/overcommit_memory; ./overcommit
 * With vm.overcommit_memory = 0 (the default) the kernel checks each request
 * on its own (__vm_enough_memory in the kernel's mm/util.c): a private
 * writable mapping bigger than RAM + swap (MemTotal + SwapTotal) is refused;
 * anything up to that size is granted, however much is already mapped.
 * The program asks for exactly RAM + swap, then one page more, then one page
 * more with MAP_NORESERVE (not counted at all in mode 0), and finally for
 * two mappings of 3/4 of RAM + swap each, kept together: together they are
 * more than the machine has, and both are granted. Nothing is touched, so
 * no memory is used.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "die.h"

static unsigned long meminfo_kib(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long kib = 0;
	size_t n = strlen(key);
	if (!f)
		die_errno("/proc/meminfo");
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			sscanf(line + n + 1, "%lu", &kib);
			break;
		}
	fclose(f);
	return kib;
}

/* mmap len bytes; print the outcome; return the mapping or NULL. */
static void *try_map(const char *what, size_t len, int flags)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	printf("%-36s %6.2f GiB: %s\n", what, (double)len / (1 << 30),
	       p == MAP_FAILED ? strerror(errno) : "granted");
	return p == MAP_FAILED ? NULL : p;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		usage("");
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t total = (meminfo_kib("MemTotal") + meminfo_kib("SwapTotal")) * 1024;
	total -= total % page;
	printf("RAM + swap = %.2f GiB\n", (double)total / (1 << 30));
	void *p;
	if ((p = try_map("RAM + swap", total, 0)))
		munmap(p, total);
	if ((p = try_map("RAM + swap + 1 page", total + page, 0)))
		munmap(p, total + page);
	if ((p = try_map("RAM + swap + 1 page, MAP_NORESERVE", total + page, MAP_NORESERVE)))
		munmap(p, total + page);
	size_t part = total / 4 * 3;
	part -= part % page;
	void *a = try_map("3/4 of RAM + swap", part, 0);
	void *b = try_map("3/4 of RAM + swap again (both kept)", part, 0);
	if (a)
		munmap(a, part);
	if (b)
		munmap(b, part);
	return 0;
}
