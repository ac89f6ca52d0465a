// SPDX-License-Identifier: MIT
/*
 * dlopen - a library loaded while the program runs.
 *
 * Usage: dlopen [LIBRARY [SYMBOL]]    (default libm.so.6 cos)
 *
 * Try:   ./dlopen; strace -e trace=openat,mmap,munmap ./dlopen
 * The program is not linked with LIBRARY. It prints the lines of
 * /proc/self/maps that name it before dlopen (none), after dlopen (the
 * library's segments, mapped by the same dynamic loader that mapped libc
 * at start-up, into the memory-mapping area like any other mmap), where
 * SYMBOL is, and after dlclose (gone again: the loader unmapped it).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "die.h"

/* Print the maps lines whose path contains name; return how many. */
static int show(const char *when, const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (f == NULL)
		die_errno("open /proc/self/maps");
	char line[512];
	int n = 0;
	printf("%s:\n", when);
	while (fgets(line, sizeof line, f))
		if (strstr(line, name)) {
			unsigned long lo, hi;
			char perms[8];
			if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3)
				printf("  %012lx-%012lx %s %s", lo, hi, perms, strrchr(line, '/') + 1);
			n++;
		}
	if (n == 0)
		printf("  (no mapping of %s)\n", name);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	const char *lib = argc > 1 ? argv[1] : "libm.so.6";
	const char *sym = argc > 2 ? argv[2] : "cos";
	if (argc > 3)
		usage("[LIBRARY [SYMBOL]]");
	show("before dlopen", lib);
	void *h = dlopen(lib, RTLD_NOW);
	if (h == NULL)
		die("dlopen: %s", dlerror());
	show("after dlopen", lib);
	void *p = dlsym(h, sym);
	if (p == NULL)
		die("dlsym: %s", dlerror());
	printf("%s is at %#lx\n", sym, (unsigned long)(uintptr_t)p);
	if (dlclose(h) != 0)
		die("dlclose: %s", dlerror());
	show("after dlclose", lib);
	return 0;
}
