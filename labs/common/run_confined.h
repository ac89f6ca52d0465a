// SPDX-License-Identifier: MIT
/*
 * run_confined.h - run a function of yours where it can only compute: in a
 * child process with a seccomp filter, so that a prediction cannot come
 * from measuring the system. Fixed code, linked only with your code (the
 * worker, labs/common/remote.h, and the programs); labs 03, 06 and 07 call
 * their prediction functions through it.
 */
#ifndef RUN_CONFINED_H
#define RUN_CONFINED_H

#include <stdbool.h>
#include <stddef.h>

/* The calls fn may make (run_confined.c lists them): memory (brk, mmap,
   munmap, mprotect, madvise, mremap), read and write on what is open,
   signals, clocks, futex, exit. Refused with EPERM: open and openat (no
   /proc/self/pagemap, smaps or maps), mincore, getrusage, fork, clone,
   vfork, execve, process_vm_readv, ptrace and every other call. */
enum {
	CONFINE_NO_BRK = 1,     /* brk refused too: it "returns 0", which the C
	                           library takes as failure, so its malloc gets
	                           memory from mmap only */
};

/* What fn did. */
struct confined_call {
	int rc;                 /* what fn returned */
	int err;                /* errno right after */
	bool confined;          /* false: the kernel refused the filter (fn ran
	                           unconfined) */
};

/* Runs fn(arg, out) in a child process whose descriptors other than 1, 2
   and the result pipe are closed, under the filter (flags: CONFINE_*).
   The child sends back fn's result and out[0..outlen). Returns 0 with *r
   and out filled, or -1 with a message in err (naming fn by name) when fn
   crashed, did not return within timeout_ms (0: no limit; the child is
   killed), or the child could not be started. */
int run_confined(int (*fn)(const void *arg, void *out), const void *arg, void *out,
                 size_t outlen, unsigned flags, int timeout_ms, const char *name,
                 struct confined_call *r, char *err, size_t errlen);

#endif
