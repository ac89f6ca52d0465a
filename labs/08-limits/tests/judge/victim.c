// SPDX-License-Identifier: MIT
/*
 * victim.c - the tests' own program to supervise (build/victim, never your
 * code). victim MODE REPORT writes to the file REPORT (- for its standard
 * output) the limits it runs under, after a first line "victim MODE", and
 * its groups: "cgroup PATH" (v2), "memcg PATH" (v1's memory hierarchy);
 * then:
 *
 *   heap    malloc 1 MiB pieces (one byte written in each) until NULL
 *   mmap    private writable anonymous mmaps of 1 MiB until MAP_FAILED
 *   stack   recursion, 4 KiB of stack a call, without end
 *   touch   malloc and write 1 MiB pieces, up to 192 MiB
 *   kill    raise(SIGKILL)
 *
 * An allocation that fails with ENOMEM ends it with status VICTIM_ENOMEM
 * (2) and a line "enomem after N MiB" in REPORT; heap, mmap and touch stop
 * after 192 MiB and exit 0: the victim never holds more.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define VICTIM_ENOMEM 2
#define MIB ((size_t)1 << 20)
#define CAP 192

static FILE *report;

static void lim(const char *name, int res)
{
	struct rlimit rl;
	getrlimit(res, &rl);
	if (rl.rlim_cur == RLIM_INFINITY)
		fprintf(report, "%s unlimited\n", name);
	else
		fprintf(report, "%s %llu\n", name, (unsigned long long)rl.rlim_cur);
}

static int depth(int n)
{
	volatile char frame[4096];
	frame[0] = (char)n;
	if (n > (1 << 22))
		return frame[0];
	return depth(n + 1) + frame[0];
}

static int enomem(size_t mib)
{
	fprintf(report, "enomem after %zu MiB\n", mib);
	fclose(report);
	return VICTIM_ENOMEM;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 3;
	report = strcmp(argv[2], "-") == 0 ? fdopen(dup(1), "w") : fopen(argv[2], "we");
	if (!report)
		return 3;
	setvbuf(report, NULL, _IONBF, 0);
	fprintf(report, "victim %s\n", argv[1]);
	lim("as", RLIMIT_AS);
	lim("data", RLIMIT_DATA);
	lim("stack", RLIMIT_STACK);
	FILE *cg = fopen("/proc/self/cgroup", "re");
	char line[512];
	while (cg && fgets(line, sizeof line, cg)) {
		char *memory = strstr(line, ":memory:");
		if (strncmp(line, "0::", 3) == 0)
			fprintf(report, "cgroup %s", line + 3);        /* v2 */
		else if (memory)
			fprintf(report, "memcg %s", memory + 8);      /* v1's memory hierarchy */
	}
	if (cg)
		fclose(cg);
	const char *mode = argv[1];
	if (strcmp(mode, "kill") == 0)
		raise(SIGKILL);
	if (strcmp(mode, "stack") == 0)
		return depth(0);
	for (size_t i = 0; i < CAP; i++) {
		char *p;
		errno = 0;
		if (strcmp(mode, "mmap") == 0) {
			p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				p = NULL;
		} else {
			p = malloc(MIB);
		}
		if (!p)
			return errno == ENOMEM ? enomem(i) : 1;
		if (strcmp(mode, "touch") == 0)
			memset(p, 1, MIB);
		else
			p[0] = 1;
	}
	fprintf(report, "done %d MiB\n", CAP);
	fclose(report);
	return 0;
}
