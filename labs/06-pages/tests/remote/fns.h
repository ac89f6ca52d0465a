// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 06's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * The calls after RF_FIXED are the worker's fixed code, not yours: they
 * set the scene (map pages, touch them, start a child) for the tests,
 * which then read the worker's /proc/PID/pagemap, stat and statm themselves.
 */
#ifndef LAB06_FNS_H
#define LAB06_FNS_H

enum {
	RF_PM_DECODE,
	RF_PM_READ,
	RF_FAULTS_NOW,
	RF_MEASURE_TOUCH,       /* (u64 npages, i64 write) -> faults_measure around touching them */
	RF_PREDICT,
	RF_PM_CHAR,
	RF_FIXED,
	RF_REGION = RF_FIXED,   /* (u64 npages, i64 how) -> u64 address of a region set up as REGION_* */
	RF_CHILD,               /* () -> i64 pid, u64 address: a child of the worker, pages as REGION_MIXED */
	RF_END_CHILD,           /* () -> i64 0 */
	RF_COUNT
};

/* How the worker's fixed code sets up a region: its pages in turn
   untouched, read, written, then again (page i gets i % 3). */
enum { REGION_MIXED = 0, REGION_FILE = 1 };

#endif
