# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 10-memlib.sh - memlib (labs/common/memlib.c) does what memlib.h says: the
# heap at its fixed address, mem_sbrk's results and errors, the limit, reset
# and rewind, and a fault past the break.
. tests/lib.sh
work="$SCRATCH/memlib"
rm -rf "$work"
mkdir -p "$work"
cat > "$work/memlib_check.c" <<'C'
#include "memlib.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
static int fails;
static void expect(int cond, const char *what)
{
	printf("%s - memlib: %s\n", cond ? "ok" : "not ok", what);
	fails += !cond;
}
int main(void)
{
	mem_init();
	char *lo = mem_heap_lo();
	expect((unsigned long)lo == MEM_HEAP_HINT, "the heap starts at MEM_HEAP_HINT (0x600000000000)");
	expect(mem_heapsize() == 0 && (char *)mem_heap_hi() == lo - 1, "an empty heap: size 0, hi = lo - 1");
	char *p = mem_sbrk(100);
	expect(p == lo && mem_heapsize() == 100 && (char *)mem_heap_hi() == lo + 99, "mem_sbrk(100) returns the old break and moves it by 100");
	memset(p, 0xab, 100);
	errno = 0;
	expect(mem_sbrk(-200) == (void *)-1 && errno == EINVAL, "mem_sbrk below the start fails with EINVAL");
	expect(mem_sbrk(-50) == lo + 100 && mem_heapsize() == 50, "a negative increment shrinks the heap");
	mem_set_limit(1 << 20);
	errno = 0;
	expect(mem_sbrk(2 << 20) == (void *)-1 && errno == ENOMEM, "past mem_set_limit, mem_sbrk fails with ENOMEM");
	mem_set_limit(MEM_MAX_HEAP);
	errno = 0;
	expect(mem_sbrk((intptr_t)MEM_MAX_HEAP) == (void *)-1 && errno == ENOMEM, "past MEM_MAX_HEAP, mem_sbrk fails with ENOMEM");
	mem_reset_brk();
	expect(mem_heapsize() == 0, "mem_reset_brk empties the heap");
	p = mem_sbrk(100);
	expect(p == lo && p[0] == 0 && p[99] == 0, "after mem_reset_brk the heap reads zero again");
	pid_t pid = fork();
	if (pid == 0) {
		volatile char *q = lo + mem_pagesize();   /* the page past the break */
		*q = 1;
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a write to the page past the break is a SIGSEGV");
	pid = fork();
	if (pid == 0) {
		lo[mem_pagesize() - 1] = 1;               /* same page as the break */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the rest of the break's page is writable (page granularity)");
	/* mem_rewind_brk: empty and zero, but the pages stay open and only
	   the ones touched are brought in. */
	size_t page = mem_pagesize(), big = 4096 * page;
	mem_reset_brk();
	p = mem_sbrk((intptr_t)(3 * page));
	memset(p, 0xcd, 3 * page);
	expect(mem_sbrk((intptr_t)big) != (void *)-1, "mem_sbrk opens many pages");
	mem_sbrk(-(intptr_t)page);                /* below the high-water mark */
	mem_rewind_brk();
	expect(mem_heapsize() == 0 && mem_heap_lo() == lo, "mem_rewind_brk empties the heap");
	static unsigned char vec[8192];
	int resident = 0;
	if (mincore(lo, 3 * page + big, vec) == 0)
		for (size_t i = 0; i < 3 + big / page; i++)
			resident += vec[i] & 1;
	expect(resident < 1024, "mem_rewind_brk does not bring in the pages nobody touched");
	p = mem_sbrk((intptr_t)(3 * page));
	int zero = 1;
	for (size_t i = 0; i < 3 * page; i++)
		zero &= p[i] == 0;
	expect(p == lo && zero, "after mem_rewind_brk the heap reads zero again");
	pid = fork();
	if (pid == 0) {
		lo[3 * page + 10] = 1;                /* past the break, below the mark */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "after mem_rewind_brk the pages the heap reached stay writable");
	mem_reset_brk();
	mem_sbrk(100);
	pid = fork();
	if (pid == 0) {
		lo[3 * page + 10] = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "mem_reset_brk closes them again: a write past the break faults");
	mem_deinit();
	mem_init();
	expect(mem_heapsize() == 0 && mem_heap_lo() == lo, "mem_deinit then mem_init gives an empty heap at the same address");
	return fails != 0;
}
C
if cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilabs/common "$work/memlib_check.c" labs/common/memlib.c -o "$work/memlib_check" 2>"$work/memlib.log"; then
	"$work/memlib_check"
	status=$?       # 1: a check failed, and said so; more: it crashed
	[ $status -le 1 ] || notok "memlib: the check program ended with status $status before its last check"
else
	notok "memlib: the check program builds: $(head -c 400 "$work/memlib.log")"
fi

# Shared mode (memlib.h): a judge makes the heap, a worker started from it
# maps the same heap at the same address; either side's mem_sbrk moves the
# one break, and a write past it still faults in the worker.
cat > "$work/share_check.c" <<'C'
#include "memlib.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static int fails;
static void expect(int cond, const char *what)
{
	printf("%s - memlib shared: %s\n", cond ? "ok" : "not ok", what);
	fails += !cond;
}
/* The worker: argv[1] says what to do, its exit status what it saw. */
static int worker(const char *what, char *lo)
{
	if (mem_share_attach(4) < 0 || mem_heap_lo() != lo)
		return 10;
	if (!strcmp(what, "grow")) {
		if (memcmp(lo, "judge", 6) != 0 || mem_heapsize() != 100)
			return 11;
		char *p = mem_sbrk(2 * (intptr_t)mem_pagesize());
		if (p != lo + 100)
			return 12;
		lo[mem_pagesize() + 5] = 7;
		return 0;
	}
	volatile char *past = lo + 3 * mem_pagesize() + 10;   /* "fault" */
	*past = 1;
	return 0;
}
static int run(const char *self, const char *what, char *lo)
{
	pid_t pid = fork();
	if (pid == 0) {
		char at[32];
		snprintf(at, sizeof at, "%p", (void *)lo);
		dup2(mem_share_fd(), 4);
		execl(self, self, what, at, (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	mem_share_sync();
	return status;
}
int main(int argc, char **argv)
{
	if (argc == 3)
		return worker(argv[1], (char *)strtoull(argv[2], NULL, 16));
	mem_share();
	mem_init();
	char *lo = mem_heap_lo();
	char *p = mem_sbrk(100);
	expect(p == lo && p[0] == 0, "the judge's mem_sbrk gives zeroed memory");
	memcpy(p, "judge", 6);
	int st = run(argv[0], "grow", lo);
	expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the worker maps the heap at the judge's address, "
	       "sees its bytes and break, and grows the heap");
	size_t page = mem_pagesize();
	expect(mem_heapsize() == 100 + 2 * page && lo[page + 5] == 7,
	       "the judge sees the worker's break and what it wrote");
	st = run(argv[0], "fault", lo);
	expect(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a write past the shared break faults in the worker");
	mem_reset_brk();
	p = mem_sbrk(2 * (intptr_t)page);
	expect(mem_heapsize() == 2 * page && p == lo && p[0] == 0 && p[page + 5] == 0,
	       "mem_reset_brk empties the heap for both: it reads zero again");
	return fails != 0;
}
C
if cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilabs/common "$work/share_check.c" labs/common/memlib.c -o "$work/share_check" 2>"$work/share.log"; then
	"$work/share_check"
	status=$?
	[ $status -le 1 ] || notok "memlib shared: the check program ended with status $status before its last check"
else
	notok "memlib shared: the check program builds: $(head -c 400 "$work/share.log")"
fi

rm -rf "$work"
