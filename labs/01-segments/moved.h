// SPDX-License-Identifier: MIT
/*
 * moved.h - run a program twice and see which of its regions moved (ASLR).
 *
 * With address space layout randomisation (randomize_va_space = 2, the
 * default) the kernel picks new bases for the stack, the mmap area (shared
 * libraries, vdso), the program itself when it is PIE, and the brk heap at
 * every exec. personality(ADDR_NO_RANDOMIZE) turns that off for the programs
 * a process execs afterwards: what `setarch -R` does.
 *
 * This header is fixed: you write moved.c.
 */
#ifndef MOVED_H
#define MOVED_H

#include "maps.h"

#include <stdbool.h>

/*
 * Run the program argv (argv[0] is looked up in PATH; argv ends with NULL)
 * in a child process whose standard output goes into a pipe, and read what
 * it prints as a maps file into out. With no_randomize the child sets
 * ADDR_NO_RANDOMIZE in its personality before exec; without it the child
 * makes sure the flag is clear. The program must print maps, as
 * `cat /proc/self/maps` does: cat prints its own maps.
 *
 * Returns 0 once the child has exited with status 0 and its output parsed.
 * Otherwise -1 with errno set: EPERM when the child could not change its
 * personality, ENOEXEC when it could not exec or did not exit with 0, the
 * errno of maps_read when the output does not parse. No zombie is left.
 */
int snapshot(char *const argv[], bool no_randomize, struct maps *out);

#define MOVE_NAME_MAX 64

/* One named region seen in both runs. */
struct move {
	char name[MOVE_NAME_MAX];       /* "[stack]", "libc.so.6", "cat": the
	                                   base name of the path, truncated */
	uintptr_t a;                    /* its lowest start address in run a */
	uintptr_t b;                    /* and in run b */
	bool moved;                     /* a != b */
};

/*
 * Compare two runs region by region. A region is every mapping with the same
 * path (anonymous mappings have none and are left out); its address is the
 * lowest start among them. Regions present in both runs are written to out,
 * in the order of their address in run a, at most max of them.
 * Returns the number written.
 */
size_t compare_runs(const struct maps *a, const struct maps *b,
		    struct move *out, size_t max);

#endif
