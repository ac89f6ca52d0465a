// SPDX-License-Identifier: MIT
/*
 * lab08.h - what the lab 08 tests share. Your code runs only in the lab's
 * programs (build/memprobe, memprobe32, supervise, chunks), which the tests
 * start in children of their own, under limits they set themselves. Your
 * answers are checked by the tests' own programs (tests/judge/:
 * build/tverify, tverify32, victim, chunklive32), run the same way: they
 * try the sizes your answer implies, or run the victim and read how it
 * ended; none of them computes an answer to copy.
 */
#ifndef LAB08_H
#define LAB08_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>

#define MIB (1ULL << 20)

/* Runs argv (argv[0] a path) in a child with the rlimit res (-1: none) set
   to bytes, its stdout into out (NUL-terminated, stderr dropped). Returns
   the wait status, or -1 if it could not be started. The child runs
   through the grader's wrapper when there is one (MEMLABS_WORKER_WRAP: as
   the sandbox user), then build/withlimit, which sets the limit last. */
int run_capture(char *const argv[], int res, unsigned long long bytes, char *out, size_t len);

/* The same in a child that runs with address randomisation off and, with
   three_gb, the i386 3 GiB layout: what setarch i386 -R [--3gb] does
   (personality(2)). The child ends with status 125 if that is refused. */
int run_capture_arch(char *const argv[], bool three_gb, int res, unsigned long long bytes, char *out,
                     size_t len);

/* The number after "key " in text, or -1. */
long long field(const char *text, const char *key);

/* Can this machine build and run 32-bit programs? The tests' own 32-bit
   program is built (gcc -m32 works) and runs (IA32 emulation is on).
   False with the reason in why. */
bool m32_ready(char *why, size_t len);

/* Does personality(2) (setarch i386 -R --3gb) work here? */
bool setarch_ready(char *why, size_t len);

/* RLIMIT_AS for the 32-bit probes: 6 GiB (above 4 GiB, so that the 32-bit
   address space is what runs out), or the hard limit if lower. */
unsigned long long as_for_32bit(void);

/* The tests' own reading of a wait status: "exited", "enomem", "segv",
   "oom", "signaled", as the handout defines them. */
const char *judge_outcome(int wstatus, long oom_kills);

#endif
