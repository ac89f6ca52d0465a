// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 04's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 *
 * The heap itself is shared (memlib.h, shared mode): the tests build heaps,
 * walk them and check payloads in the same memory your toy_malloc works on
 * in the worker, at the same addresses. Every call carries errno both ways,
 * because the tests look at the errno your functions leave.
 */
#ifndef LAB04_FNS_H
#define LAB04_FNS_H

enum {
	RF_TOY_INIT,
	RF_TOY_MALLOC,
	RF_TOY_FREE,
	RF_TOY_CHECK,
	RF_COUNT
};

#endif
