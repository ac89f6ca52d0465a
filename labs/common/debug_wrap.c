// SPDX-License-Identifier: MIT
/*
 * debug_wrap.c - build/debug-wrap: the wrap make debug starts the worker under (debug.sh).
 *
 *   debug-wrap PROGRAM [ARGUMENT...]
 *
 * Says its process id on standard error, stops itself (SIGSTOP) until a
 * debugger has attached and lets it go on, then becomes PROGRAM (execv: the
 * same process). So the worker keeps the process id the tests know it by
 * (remote_worker_pid: they read its maps and memory from outside), while gdb
 * holds it from its first instruction. Where the Yama security module lets
 * a process be traced only by its ancestors (ptrace_scope 1, Ubuntu's
 * default), PR_SET_PTRACER lets any process of the user attach: the
 * debugger is not an ancestor of the worker, the test runner is.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: debug-wrap PROGRAM [ARGUMENT...]\n");
		return 2;
	}
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);   /* EINVAL without Yama: fine */
	fprintf(stderr, "memlabs-debug: worker pid %d\n", (int)getpid());
	raise(SIGSTOP);
	execv(argv[1], argv + 1);
	fprintf(stderr, "debug-wrap: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
