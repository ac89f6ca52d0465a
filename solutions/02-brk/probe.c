// SPDX-License-Identifier: MIT
/*
 * probe.c - touch a byte without dying if it is not there.
 *
 * A fault on a bad address raises SIGSEGV (SIGBUS for a file mapping past
// >>> design
//|  * the end of its file). For the length of one access, catch both, and let
//|  * the handler jump back to before the access (sigsetjmp/siglongjmp).
 * the end of its file). For the length of one access we catch both, and the
 * handler jumps back to before the access with siglongjmp. The jump buffer
 * must save the signal mask (sigsetjmp(env, 1)): the kernel blocks SIGSEGV
 * while its handler runs, and a plain longjmp out of the handler would leave
 * it blocked, so the next fault would kill the process.
// <<< design
 *
 * Task 2 of lab 02: see README.md. Tests: tests/test_probe.c.
 */
#include "probe.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

// >>> handler (solution only)
static sigjmp_buf probe_env;

static void probe_fault(int sig)
{
	(void)sig;
	siglongjmp(probe_env, 1);
}
// <<< handler

// >>> probe-touch
/* Reads the byte at p, and writes it back unchanged if write is set.
   Returns 1 if that worked, 0 if it faulted, -1 if sigaction failed. */
static int probe_touch(volatile char *p, bool write)
{
	// >>> probe-touch-body
	//| /* TODO:
	//|    1. install a handler for SIGSEGV and SIGBUS with sigaction, keeping
	//|       the old actions;
	//|    2. sigsetjmp; the handler siglongjmps back here when the access
	//|       faults (which kind of jump buffer restores the signal mask?);
	//|    3. read *p, and if write is set, write the same value back;
	//|    4. put the old actions back, and return 1 or 0. */
	//| (void)p;
	//| (void)write;
	//| errno = ENOSYS;
	//| return -1;
	struct sigaction sa = { 0 }, old_segv, old_bus;
	sa.sa_handler = probe_fault;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &old_segv) < 0)
		return -1;
	if (sigaction(SIGBUS, &sa, &old_bus) < 0) {
		sigaction(SIGSEGV, &old_segv, NULL);
		return -1;
	}

	/* volatile: its value must survive the siglongjmp. */
	volatile int ok = 0;
	if (sigsetjmp(probe_env, 1) == 0) {
		char c = *p;
		if (write)
			*p = c;
		ok = 1;
	}

	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return ok;
	// <<< probe-touch-body
}
// <<< probe-touch

int probe_readable(const void *addr)
{
	return probe_touch((volatile char *)addr, false);
}

int probe_writable(void *addr)
{
	return probe_touch(addr, true);
}
