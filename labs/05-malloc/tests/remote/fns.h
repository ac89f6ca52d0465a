// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 05's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * The heap itself is shared (memlib.h, shared mode): the tests fill and
 * check payloads and smash headers in the same memory your mm_malloc works
 * on in the worker, at the same addresses. Every call carries errno both ways,
 * because the tests look at the errno your functions leave.
 */
#ifndef LAB05_FNS_H
#define LAB05_FNS_H

enum {
	RF_MM_INIT,
	RF_MM_MALLOC,
	RF_MM_FREE,
	RF_MM_REALLOC,
	RF_MM_CALLOC,
	RF_MM_USABLE_SIZE,
	RF_MM_CHECKHEAP,
	RF_COUNT
};

#endif
