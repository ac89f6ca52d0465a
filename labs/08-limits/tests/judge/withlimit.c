// SPDX-License-Identifier: MIT
/*
 * withlimit.c - the tests' own launcher (build/withlimit, never your code):
 *
 *   withlimit as|data|stack|none BYTES -|32|32-3gb PROGRAM [ARG...]
 *
 * sets the rlimit (soft and hard; no higher than the hard limit it finds)
 * and the personality (32: as setarch i386 -R; 32-3gb: setarch i386 -R
 * --3gb) and 2 s of CPU time (a probe that loops for ever ends with
 * SIGXCPU instead of the test's time-out), then execs PROGRAM. The tests start every program through it,
 * after the grader's own wrapper (which runs your code as another user
 * with limits of its own), so that the limit is the last word. Exit
 * status 125: the personality was refused; 126: the limit; 127: exec.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 5)
		return 2;
	int res = strcmp(argv[1], "as") == 0 ? RLIMIT_AS : strcmp(argv[1], "data") == 0 ? RLIMIT_DATA
	        : strcmp(argv[1], "stack") == 0 ? RLIMIT_STACK : -1;
	if (strcmp(argv[3], "-") != 0) {
		unsigned long p = PER_LINUX32 | ADDR_NO_RANDOMIZE;
		if (strcmp(argv[3], "32-3gb") == 0)
			p |= ADDR_LIMIT_3GB;
		if (personality(p) == -1)
			return 125;
	}
	if (res >= 0) {
		struct rlimit rl;
		rlim_t want = (rlim_t)strtoull(argv[2], NULL, 10);
		if (getrlimit(res, &rl) == 0 && rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
			want = rl.rlim_max;
		rl.rlim_cur = rl.rlim_max = want;
		if (setrlimit(res, &rl))
			return 126;
	}
	struct rlimit cpu = { 2, 2 };
	if (setrlimit(RLIMIT_CPU, &cpu) && (getrlimit(RLIMIT_CPU, &cpu) || cpu.rlim_cur > 2))
		return 126;
	execv(argv[4], argv + 4);
	return 127;
}
