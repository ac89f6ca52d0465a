// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 07's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * The calls after RF_FIXED are the worker's fixed code, not yours: they
 * run the workload, trim, start threads, for the tests, which then read
 * the worker's /proc/PID/smaps_rollup, stat and maps themselves.
 */
#ifndef LAB07_FNS_H
#define LAB07_FNS_H

enum {
	RF_MEM_NOW,
	RF_TRIM_PREDICT,
	RF_POLICY_INIT,
	RF_POLICY_AFTER_FREE,
	RF_ARENAS_PREDICT,
	RF_REMOTE_PREDICT,
	RF_ANALYSE,             /* task 1: your analyse() on a trace the tests send */
	RF_FIXED,
	RF_PHASE = RF_FIXED,    /* (i64 k, i64 policy) -> i64 workload_phase(k, policy ? yours : NULL) */
	RF_TRIM,                /* () -> i64 malloc_trim(0) */
	RF_LAZY,                /* (u64 bytes) -> u64 address of a region written, then MADV_FREE'd */
	RF_THREAD_STACK,        /* () -> i64 rc, i64 errno, bytes stack_info: your stack_of_self in a new thread */
	RF_THREADS,             /* (i64 n, i64 arena_max) -> i64 threads that called malloc */
	RF_OVERFLOW,            /* () -> i64 pid, i64 rc, i64 errno: a child whose thread (256 KiB
	                           of stack) called your overflow_watch and waits */
	RF_OVERFLOW_GO,         /* () -> str its report, i64 wait status: the thread recurses */
	RF_TLS,                 /* () -> i64 rc, i64 errno, bytes tls_info: your tls_of_self in a new
	                           thread (default attributes), which stays */
	RF_COUNT
};

/* The stack of the thread that overflows (RF_OVERFLOW). */
enum { OVERFLOW_STACK = 256 * 1024 };

/* The most blocks of a remote-free scenario (RF_REMOTE_PREDICT). */
enum { RF_MAX_BLOCKS = 64 };

#endif
