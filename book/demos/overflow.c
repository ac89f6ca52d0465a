// SPDX-License-Identifier: MIT
/*
 * overflow - run out of stack on purpose and report how deep we got.
 *
 * Usage: overflow
 *
 * Try:   ./overflow; (ulimit -s 1024; ./overflow); (ulimit -s 65536; ./overflow)
 * A recursive function uses 1 KiB of stack per call until the stack cannot
 * grow past its limit (RLIMIT_STACK, what `ulimit -s` shows in KiB) and the
 * kernel sends SIGSEGV. The handler runs on an alternate stack (the normal one
 * is full), prints the deepest address reached and exits.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "die.h"

static uintptr_t stack_top;          /* address of a local in main */
static volatile uintptr_t deepest;   /* lowest frame address reached */

static void on_segv(int sig)
{
	(void)sig;
	char msg[128];
	int n = snprintf(msg, sizeof msg, "SIGSEGV after using about %lu KiB of stack\n",
	                 (unsigned long)((stack_top - deepest) >> 10));
	if (n > 0)
		(void)!write(STDOUT_FILENO, msg, (size_t)n);
	_exit(0);
}

/* 1 KiB of locals per call; the volatile writes keep the compiler honest. */
static int recurse(int depth)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	deepest = (uintptr_t)frame;
	if (depth == -1)        /* never true; tells the compiler the recursion can end */
		return 0;
	return recurse(depth + 1) + frame[0];
}

int main(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_STACK, &rl) < 0)
		die_errno("getrlimit");
	if (rl.rlim_cur == RLIM_INFINITY)
		die("the stack limit is unlimited: try (ulimit -s 8192; ./overflow)");
	printf("stack limit (RLIMIT_STACK) = %lu KiB\n", (unsigned long)(rl.rlim_cur >> 10));
	fflush(stdout);

	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	if (sigaltstack(&ss, NULL) < 0)
		die_errno("sigaltstack");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_ONSTACK;
	if (sigaction(SIGSEGV, &sa, NULL) < 0)
		die_errno("sigaction");

	int here;
	stack_top = (uintptr_t)&here;
	return recurse(0);
}
