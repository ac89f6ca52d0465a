// SPDX-License-Identifier: MIT
/*
 * layout - print this process's address space: a table and a diagram.
 *
 * Usage: build/layout [-t] [-d] [-m] [-r]
 *   -t  the table only       -d  the diagram only
 *   -m  also the raw /proc/self/maps, for comparison
 *   -r  only the raw /proc/self/maps: what build/aslr reads
 *
 * The program puts one object in each part of its address space (a function,
 * a string literal, globals, a local, heap and mmap blocks, a libc function)
 * and shows where each one landed.
 *
 * Try:
 *   build/layout                   run it twice: what moved? (lab task 4)
 *   setarch -R build/layout        with ASLR off for this run: text at 0x5555...
 *   pmap $$; cat /proc/self/maps   and compare with build/layout -t
 *   build/aslr build/layout -r     this program run twice: what moved?
 *
 * This file is fixed: the work is in maps.c, classify.c and rows.c.
 */
#include "die.h"
#include "rows.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int initialised_global = 42;      /* .data */
static int zero_global;                  /* .bss */
static char big_zero_array[1 << 20];     /* .bss, past the file's pages */
static const int const_table[] = { 1, 2, 3 };   /* .rodata */

static int a_function(int x)
{
	return x + 1;
}

int main(int argc, char *argv[])
{
	bool table = true, diagram = true, raw = false;
	int opt;
	while ((opt = getopt(argc, argv, "tdmr")) != -1) {
		switch (opt) {
		case 't': diagram = false; break;
		case 'd': table = false; break;
		case 'm': raw = true; break;
		case 'r': raw = true, table = diagram = false; break;
		default: usage("[-t] [-d] [-m] [-r]");
		}
	}

	int a_local = a_function(zero_global + initialised_global);
	const char *literal = "a string literal";
	void *small = malloc(16);
	void *large = malloc(1 << 20);   /* above the mmap threshold: own mapping */
	if (!small || !large)
		die_errno("malloc");
	big_zero_array[0] = (char)a_local;

	struct example ex[] = {
		{ "a_function()", (uintptr_t)a_function },
		{ "\"a string literal\"", (uintptr_t)literal },
		{ "const_table[]", (uintptr_t)const_table },
		{ "initialised_global", (uintptr_t)&initialised_global },
		{ "zero_global", (uintptr_t)&zero_global },
		{ "big_zero_array[last]", (uintptr_t)&big_zero_array[sizeof big_zero_array - 1] },
		{ "malloc(16)", (uintptr_t)small },
		{ "malloc(1 MiB)", (uintptr_t)large },
		{ "printf()", (uintptr_t)printf },
		{ "a_local", (uintptr_t)&a_local },
		{ "NULL", 0 },
	};
	size_t nex = sizeof ex / sizeof ex[0];

	struct maps m;
	if (maps_load("/proc/self/maps", &m) < 0)
		die_errno("/proc/self/maps: line %zu", m.bad_line);
	struct layout l;
	if (layout_build(&m, ex, nex, &l) < 0)
		die_errno("layout_build");

	if (raw) {
		FILE *f = fopen("/proc/self/maps", "r");
		if (!f)
			die_errno("/proc/self/maps");
		for (int c; (c = getc(f)) != EOF;)
			putchar(c);
		fclose(f);
		if (table || diagram)
			putchar('\n');
	}
	if (table) {
		printf("The mappings of process %d, lowest address first:\n\n", (int)getpid());
		layout_print_table(stdout, &l);
		putchar('\n');
	}
	if (diagram) {
		printf("The same, as a picture, highest address first:\n\n");
		layout_print_diagram(stdout, &l);
	}
	layout_free(&l);
	maps_free(&m);
	free(small);
	free(large);
	return 0;
}
