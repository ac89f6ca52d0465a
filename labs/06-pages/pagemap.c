// SPDX-License-Identifier: MIT
/*
 * pagemap.c - draw a page map of a region: one character per page, from
 * /proc/PID/pagemap through your pm_read and pm_char (tasks 1 and 4).
 *
 * Usage: pagemap PID START-END      the pages of that range (hex, as in maps)
 *        pagemap PID NAME           the first mapping of /proc/PID/maps whose
 *                                   line ends in NAME ([heap], [stack], libc.so.6)
 *        pagemap -r MS NAME CMD [ARG...]
 *                                   start CMD, and MS milliseconds later draw
 *                                   its mapping NAME; then wait for it
 *        pagemap --demo             a region of this process, step by step
 * Try:   ./build/pagemap --demo
 *        ./build/pagemap $$ '[stack]'    (your shell's stack)
 *        sudo ./build/pagemap $$ '[heap]' (root sees the zero page: '0')
 *        ./build/pagemap -r 300 '[heap]' python3 -c 'import time; time.sleep(1)'
 *
 * . not present  0 the zero page  x exclusive  s shared (or the zero page,
 * when PFNs are hidden)  f file or shared memory  w swapped; and a line
 * for the huge pages of the range's mappings (from /proc/PID/smaps:
 * pagemap has no bit for them)
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "pages.h"

static size_t page;

/* The zero page's frame number as this process sees it, or 0. */
static uint64_t zero_pfn(void)
{
	volatile char *p = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die_errno("mmap");
	(void)p[0];
	struct pm_page pg;
	uint64_t pfn = pm_read(0, (uintptr_t)p, 1, &pg) == 1 ? pg.pfn : 0;
	munmap((void *)p, page);
	return pfn;
}

/* One line per 64 pages: the address, then a character per page. */
static void draw(pid_t pid, uintptr_t start, uintptr_t end, uint64_t zero)
{
	enum { ROW = 64 };
	size_t counts[128] = { 0 };
	for (uintptr_t a = start; a < end; a += ROW * page) {
		size_t n = (end - a) / page < ROW ? (end - a) / page : ROW;
		struct pm_page pg[ROW];
		if (pm_read(pid, a, n, pg) != (ssize_t)n)
			die_errno("pm_read %d %#" PRIxPTR, (int)pid, a);
		char line[ROW + 1];
		for (size_t i = 0; i < n; i++) {
			line[i] = pm_char(&pg[i], zero);
			counts[(unsigned char)line[i] & 127]++;
		}
		line[n] = '\0';
		printf("%012" PRIxPTR " %s\n", a, line);
	}
	printf("pages:");
	for (const char *c = ".0xsfw"; *c; c++)
		printf(" %c %zu", *c, counts[(unsigned char)*c]);
	printf("%s\n", zero ? "" : "  (PFNs hidden: the zero page shows as s)");
}

/* The range of the first line of /proc/PID/maps that ends in name. */
static void find_mapping(pid_t pid, const char *name, uintptr_t *start, uintptr_t *end)
{
	char path[64], line[4096];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		die_errno("%s", path);
	size_t len = strlen(name);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		size_t l = strlen(line);
		if (l >= len && strcmp(line + l - len, name) == 0 &&
		    sscanf(line, "%" SCNxPTR "-%" SCNxPTR, start, end) == 2) {
			fclose(f);
			return;
		}
	}
	die("no mapping of process %d ends in %s", (int)pid, name);
}

/* pagemap has no bit for a huge page: smaps has, per mapping. The kB of
   AnonHugePages of the mappings that overlap start-end, or -1. */
static long huge_kb(pid_t pid, uintptr_t start, uintptr_t end)
{
	char path[64], line[4096];
	snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long kb = 0;
	bool in = false;
	while (fgets(line, sizeof line, f)) {
		uintptr_t lo, hi;
		long n;
		/* A mapping's first line, "start-end perms ...": no key has a '-'. */
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &lo, &hi) == 2)
			in = lo < end && hi > start;
		else if (in && sscanf(line, "AnonHugePages: %ld kB", &n) == 1)
			kb += n;
	}
	fclose(f);
	return kb;
}

// >>> demo
static void step(const char *what, char *p, size_t n, uint64_t zero)
{
	printf("%-34s ", what);
	fflush(stdout);
	struct pm_page pg[16];
	if (pm_read(0, (uintptr_t)p, n, pg) != (ssize_t)n)
		die_errno("pm_read");
	for (size_t i = 0; i < n; i++)
		putchar(pm_char(&pg[i], zero));
	putchar('\n');
}

/* 16 pages of this process, touched in turn. */
static void demo(uint64_t zero)
{
	size_t n = 16;
	char *p = mmap(NULL, n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die_errno("mmap");
	step("mmap 16 pages", p, n, zero);
	for (size_t i = 0; i < 4; i++)
		(void)((volatile char *)p)[i * page];
	step("read pages 0-3", p, n, zero);
	memset(p + 4 * page, 1, 8 * page);
	step("write pages 4-11", p, n, zero);
	p[0] = 1;
	step("write page 0", p, n, zero);
	int hold[2];
	if (pipe(hold))
		die_errno("pipe");
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(hold[1]);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	step("fork (the child lives)", p, n, zero);
	memset(p + 4 * page, 2, 2 * page);
	step("write pages 4-5", p, n, zero);
	close(hold[1]);
	waitpid(pid, NULL, 0);
	step("the child exits", p, n, zero);
	madvise(p + 8 * page, 4 * page, MADV_DONTNEED);
	step("MADV_DONTNEED pages 8-11", p, n, zero);
	munmap(p, n * page);
}
// <<< demo

/* The range of mapping name of pid, drawn. */
static void draw_mapping(pid_t pid, const char *name, uint64_t zero)
{
	uintptr_t start, end;
	if (sscanf(name, "%" SCNxPTR "-%" SCNxPTR, &start, &end) != 2 || strchr(name, '[') ||
	    strchr(name, '/'))
		find_mapping(pid, name, &start, &end);
	start = start / page * page;
	if (end <= start)
		die("empty range %s", name);
	printf("process %d, %#" PRIxPTR "-%#" PRIxPTR ", %zu pages\n", (int)pid, start, end,
	       (end - start + page - 1) / page);
	draw(pid, start, end, zero);
	long kb = huge_kb(pid, start, end);
	if (kb > 0)
		printf("huge pages: %ld kB of AnonHugePages in these mappings (%ld x 2 MiB)\n", kb,
		       kb / 2048);
}

/* Starts argv[0] with its arguments, draws its mapping name ms
   milliseconds later, and waits for it; returns its exit status. */
static int run_and_draw(long ms, const char *name, char **argv, uint64_t zero)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		die_errno("%s", argv[0]);
	}
	struct timespec t = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
	if (waitpid(pid, NULL, WNOHANG) == pid)
		die("%s ended before %ld ms", argv[0], ms);
	draw_mapping(pid, name, zero);
	fflush(stdout);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		die_errno("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t zero = zero_pfn();
	if (argc >= 5 && strcmp(argv[1], "-r") == 0)
		return run_and_draw((long)parse_size(argv[2], "milliseconds"), argv[3], argv + 4, zero);
	if (argc == 2 && strcmp(argv[1], "--demo") == 0) {
		demo(zero);
		printf("%s\n", zero ? "(. not present, 0 zero page, x exclusive, s shared)"
		                    : "(. not present, x exclusive, s shared or the zero page: PFNs hidden)");
		return 0;
	}
	if (argc != 3)
		usage("PID START-END | PID NAME | -r MS NAME CMD [ARG...] | --demo");
	draw_mapping((pid_t)atoi(argv[1]), argv[2], zero);
	return 0;
}
