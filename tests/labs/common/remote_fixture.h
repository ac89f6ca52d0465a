// SPDX-License-Identifier: MIT
/* remote_fixture.h - the functions of the test worker (remote_fixture.c),
   numbered once for the judge's stubs and the worker's table. */
#ifndef REMOTE_FIXTURE_H
#define REMOTE_FIXTURE_H

enum {
	RF_ADD,          /* a + b */
	RF_UPPER,        /* a string in, the same in capitals out */
	RF_FILL,         /* a buffer in and out: every byte set to one value */
	RF_CRASH,        /* writes through NULL */
	RF_EXIT0,        /* exit(0) in the middle of a call */
	RF_HANG,         /* never returns */
	RF_LIAR,         /* answers a string where an int64 is expected */
	RF_GARBAGE,      /* writes bytes that are no frame */
	RF_SUM_SQUARES,  /* sum of square(i) for i < n, square being the judge's callback */
	RF_SPIN,         /* burns CPU for a number of milliseconds */
	RF_ADDRESS,      /* the address of a static buffer holding a known string */
	RF_COUNT
};

enum { CB_SQUARE };

#endif
