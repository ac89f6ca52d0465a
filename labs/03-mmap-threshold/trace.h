// SPDX-License-Identifier: MIT
/*
 * trace.h - read strace's transcript of brk, mmap and munmap calls.
 *
 * strace prints one call per line, in forms such as
 *
 *     brk(NULL)                               = 0x55d0c8a2e000
 *     brk(0x55d0c8a4f000)                     = 0x55d0c8a4f000
 *     mmap(NULL, 135168, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1c2a1e5000
 *     munmap(0x7f1c2a1e5000, 135168)          = 0
 *     mmap(NULL, 1099511627776, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)
 *
 * With -f each line names its thread: "[pid  4242] brk(NULL) = ..." on a
 * terminal, "4242  brk(NULL) = ..." with -o FILE. When another thread runs
 * while one waits in a call, the call is split in two lines:
 *
 *     [pid  4243] mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0 <unfinished ...>
 *     [pid  4242] brk(NULL)                   = 0x55d0c8a2e000
 *     [pid  4243] <... mmap resumed>)         = 0x7f1c20000000
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stddef.h>

enum sc_call { SC_BRK, SC_MMAP, SC_MUNMAP };

enum sc_part {
	SC_WHOLE,       /* call and result on one line */
	SC_UNFINISHED,  /* "... <unfinished ...>": arguments, no result yet */
	SC_RESUMED,     /* "<... mmap resumed>) = r": the result, no arguments */
};

struct sc_event {
	int pid;                /* from "[pid N]" or a leading "N "; 0 when absent */
	enum sc_call call;
	enum sc_part part;
	unsigned long addr;     /* brk: requested break (0 for NULL or 0);
	                           mmap: address hint (0 for NULL); munmap: address */
	unsigned long len;      /* mmap, munmap: length; brk: 0 */
	bool anonymous;         /* mmap: MAP_ANONYMOUS is among the flags */
	long result;            /* the value after "= " (-1 for errors) */
	char err[16];           /* "ENOMEM" after "= -1 ", else "" */
};

/*
 * Parse one line. Returns 1 and fills *ev for a brk, mmap or munmap line
 * (whole, unfinished or resumed), 0 for any other line (other calls,
 * "+++ exited with 0 +++", "--- SIGSEGV ...", blank), -1 for a brk, mmap or
 * munmap line that is cut short or garbled.
 */
int trace_parse_line(const char *line, struct sc_event *ev);

/*
 * Parse a whole transcript (lines separated by '\n'): the brk, mmap and
 * munmap calls, with each <unfinished ...> line joined to the <... resumed>
 * line of the same pid into one SC_WHOLE event placed where the call
 * started. Returns the number of events stored in out (at most max), or -1
 * if a line is garbled or a resumed line has no unfinished call before it.
 */
int trace_parse(const char *text, struct sc_event *out, size_t max);

#endif
