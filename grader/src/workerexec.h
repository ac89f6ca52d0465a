// SPDX-License-Identifier: MIT
/*
 * workerexec.h - start a lab's worker for its tests, as student code runs.
 *
 * In a lab with a worker (labs/common/remote.h) the tests - the judge - run
 * as the grader's user and hold no student code; each test starts
 * build/worker, which does. The judge starts it through the command in
 * MEMLABS_WORKER_WRAP: this grader again, as `grader --worker-exec LIMITS --
 * WORKER`, which takes on the student's limits (user, namespaces, rlimits)
 * in place and execs the worker, so the worker is the judge's own child and
 * its socket stays on descriptor 3. A build of student files in bubblewrap
 * (buildbox.h) takes on the sandbox user and its rlimits the same way.
 */
#ifndef WORKEREXEC_H
#define WORKEREXEC_H

#include "sandbox.h"

/* MEMLABS_WORKER_WRAP's value for these limits (to free): the words of the
   command, separated by the byte 0x1f. */
char *worker_wrap(const struct run_limits *lim);

/* The --worker-exec mode: argv[0] is "--worker-exec". Does not return. */
__attribute__((noreturn))
void worker_exec_main(int argc, char *argv[]);

#endif
