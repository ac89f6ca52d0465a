// SPDX-License-Identifier: MIT
/*
 * supervise.c - run a command under a memory limit with your supervise
 * (supervisor.c) and print how it ended:
 *
 *   supervise [-a BYTES | -d BYTES | -s BYTES | -g CGROUP] PROGRAM [ARG...]
 *
 * -a RLIMIT_AS, -d RLIMIT_DATA, -s RLIMIT_STACK (BYTES may end in k, m, g),
 * -g a memory cgroup's directory (v2, or v1's memory hierarchy) the program
 * joins. PROGRAM is a path.
 * The output is one line: "outcome NAME status 0xSTATUS oom_kills N".
 * build/victim (the lab's test program) allocates until it fails:
 *
 *   ./build/supervise -a 64m ./build/victim heap /dev/null
 */
#include "memlimits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
	[OUT_EXITED] = "exited", [OUT_ENOMEM] = "enomem", [OUT_SEGV] = "segv",
	[OUT_OOM] = "oom", [OUT_SIGNALED] = "signaled",
};

static unsigned long long bytes(const char *s)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	switch (*end) {
	case 'g': case 'G': n <<= 10; /* fall through */
	case 'm': case 'M': n <<= 10; /* fall through */
	case 'k': case 'K': n <<= 10; break;
	default: break;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct limit lim = { LIM_NONE, 0, NULL };
	int opt;
	while ((opt = getopt(argc, argv, "+a:d:s:g:")) != -1) {
		switch (opt) {
		case 'a': lim.kind = LIM_AS; lim.bytes = bytes(optarg); break;
		case 'd': lim.kind = LIM_DATA; lim.bytes = bytes(optarg); break;
		case 's': lim.kind = LIM_STACK; lim.bytes = bytes(optarg); break;
		case 'g': lim.kind = LIM_CGROUP; lim.cgroup = optarg; break;
		default:
			fprintf(stderr, "usage: supervise [-a|-d|-s BYTES | -g CGROUP] PROGRAM [ARG...]\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: supervise [-a|-d|-s BYTES | -g CGROUP] PROGRAM [ARG...]\n");
		return 2;
	}
	struct verdict v = { OUT_EXITED, -1, -1 };
	if (supervise(&lim, argv + optind, &v) != 0) {
		perror("supervise");
		return 1;
	}
	const char *name = (unsigned)v.outcome < sizeof names / sizeof *names && names[v.outcome]
	                   ? names[v.outcome] : "?";
	printf("outcome %s status %#x oom_kills %ld\n", name, (unsigned)v.wstatus, v.oom_kills);
	return 0;
}
