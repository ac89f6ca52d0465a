// SPDX-License-Identifier: MIT
/*
 * fns.h - lab 03's functions that run in the worker (build/worker, which
 * holds your code), numbered once for the tests' stubs (stubs.c) and the
 * worker's handlers (worker.c). labs/common/remote.h says why.
 */
#ifndef LAB03_FNS_H
#define LAB03_FNS_H

enum {
	RF_TRACE_PARSE_LINE,
	RF_TRACE_PARSE,
	RF_CHUNK_SIZE,
	RF_FIND_SWITCH_POINT,
	RF_PREDICT_CONFINED,
	RF_COUNT
};

/* The tests' probe, called back by find_switch_point in the worker. */
enum { CB_PROBE };

/* The most events trace_parse may be asked for in one call. */
#define TRACE_PARSE_MAX 65536

#endif
