// SPDX-License-Identifier: MIT
/*
 * parsetrace - read an strace transcript with your trace_parse() and print
 * the brk, mmap and munmap calls it found, one per line.
 *
 * Usage: parsetrace [FILE]        (standard input without FILE)
 *
 * Try:
 *     strace -f -o /tmp/t.txt -e trace=memory build/seqchild m200000 f0
 *     build/parsetrace /tmp/t.txt
 *     build/parsetrace tests/fixtures/threads.txt
 */
#include <stdio.h>
#include <stdlib.h>

#include "die.h"
#include "trace.h"

enum { MAX_TEXT = 1 << 20, MAX_EVENTS = 4096 };

static const char *call_name(enum sc_call c)
{
	return c == SC_BRK ? "brk" : c == SC_MMAP ? "mmap" : c == SC_MUNMAP ? "munmap" : "?";
}

int main(int argc, char *argv[])
{
	if (argc > 2)
		usage("[FILE]");
	FILE *f = argc == 2 ? fopen(argv[1], "r") : stdin;
	if (!f)
		die_errno("open %s", argv[1]);
	static char text[MAX_TEXT];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	static struct sc_event ev[MAX_EVENTS];
	int k = trace_parse(text, ev, MAX_EVENTS);
	if (k < 0)
		die("trace_parse failed (returned %d)", k);
	for (int i = 0; i < k; i++) {
		printf("pid %-6d %-6s addr %#-14lx len %-10lu %s result %#lx%s%s%s\n", ev[i].pid,
		       call_name(ev[i].call), ev[i].addr, ev[i].len,
		       ev[i].call == SC_MMAP && ev[i].anonymous ? "anon" : "    ",
		       (unsigned long)ev[i].result, ev[i].err[0] ? " (" : "", ev[i].err,
		       ev[i].err[0] ? ")" : "");
	}
	return 0;
}
