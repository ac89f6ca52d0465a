// SPDX-License-Identifier: MIT
/*
 * aslr - run a program twice and report which of its regions moved.
 *
 * Usage: build/aslr [-R] [program [arg...]]
 *   -R  run both with personality(ADDR_NO_RANDOMIZE), as `setarch -R` does
 *   The program must print a maps file; the default is cat /proc/self/maps.
 *
 * Try:
 *   build/aslr                     which regions move? which never does?
 *   build/aslr -R                  nothing moves
 *   build/aslr build/layout -r     the layout program itself, run twice
 *   cat /proc/sys/kernel/randomize_va_space   2 = full, 1 = no brk, 0 = off
 *
 * This file is fixed: the work is in moved.c.
 */
#include "die.h"
#include "moved.h"

#include <unistd.h>

static int randomize_va_space(void)
{
	FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "r");
	int v = -1;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* One run, or a message that says what went wrong in words of this lab. */
static void run(char *const cmd[], bool no_randomize, struct maps *m, const char *which)
{
	if (snapshot(cmd, no_randomize, m) == 0)
		return;
	switch (errno) {
	case EPERM:
		die("%s run: personality(ADDR_NO_RANDOMIZE) was refused", which);
	case ENOEXEC:
		die("%s run: %s could not be run, or did not exit with status 0", which, cmd[0]);
	case EINVAL:
		die("%s run: line %zu of what %s printed is not a maps line", which,
		    m->bad_line, cmd[0]);
	default:
		die_errno("%s run of %s", which, cmd[0]);
	}
}

int main(int argc, char *argv[])
{
	bool no_randomize = false;
	int opt;
	while ((opt = getopt(argc, argv, "+R")) != -1) {
		if (opt != 'R')
			usage("[-R] [program [arg...]]");
		no_randomize = true;
	}
	static char *cat[] = { "cat", "/proc/self/maps", NULL };
	char *const *cmd = optind < argc ? argv + optind : cat;

	struct maps a, b;
	run(cmd, no_randomize, &a, "first");
	run(cmd, no_randomize, &b, "second");

	struct move mv[256];
	size_t n = compare_runs(&a, &b, mv, sizeof mv / sizeof mv[0]);
	printf("randomize_va_space = %d, ADDR_NO_RANDOMIZE %s\n\n",
	       randomize_va_space(), no_randomize ? "set" : "clear");
	printf("%-28s %-18s %-18s %s\n", "REGION", "RUN 1", "RUN 2", "");
	size_t moved = 0;
	for (size_t i = 0; i < n; i++) {
		printf("%-28s %#-18lx %#-18lx %s\n", mv[i].name, (unsigned long)mv[i].a,
		       (unsigned long)mv[i].b, mv[i].moved ? "moved" : "same");
		moved += mv[i].moved;
	}
	printf("\n%zu of %zu regions moved\n", moved, n);
	maps_free(&a);
	maps_free(&b);
	return 0;
}
