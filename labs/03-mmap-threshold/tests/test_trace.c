// SPDX-License-Identifier: MIT
/*
 * Task 1: trace.c reads strace's lines for brk, mmap and munmap.
 *
 * The lines come from real transcripts taken on Debian 12 (strace 6.1,
 * glibc 2.36), kept in tests/fixtures/, and from the source article 02.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labtest.h"
#include "trace.h"

static const char *call_name(enum sc_call c)
{
	return c == SC_BRK ? "brk" : c == SC_MMAP ? "mmap" : c == SC_MUNMAP ? "munmap" : "?";
}

/* Parse one line that must be a memory call; fail the test if it is not. */
static struct sc_event must_parse(const char *line)
{
	struct sc_event ev;
	int r = trace_parse_line(line, &ev);
	cr_assert_eq(r, 1, "trace_parse_line(\"%s\") returned %d, expected 1 (a memory call)", line, r);
	return ev;
}

static void expect_event(const struct sc_event *ev, const char *what, enum sc_call call,
                         unsigned long addr, unsigned long len, long result)
{
	cr_assert_eq(ev->call, call, "%s: call is %s, expected %s", what, call_name(ev->call), call_name(call));
	cr_assert_eq(ev->addr, addr, "%s: addr is %#lx, expected %#lx", what, ev->addr, addr);
	cr_assert_eq(ev->len, len, "%s: len is %lu, expected %lu", what, ev->len, len);
	cr_assert_eq(ev->result, result, "%s: result is %#lx, expected %#lx", what,
	             (unsigned long)ev->result, (unsigned long)result);
}

static char *read_fixture(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s (run the tests from the lab's directory)", path);
	static char text[1 << 16];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static struct sc_event events[512];

LAB_TEST(trace, brk_lines, 3,
         "brk's one argument is NULL (or 0 in old strace) when it only asks where the break is; "
         "the result after '=' is an address in hex: strtoul with base 0 reads 0x...")
{
	struct sc_event ev = must_parse("brk(NULL)                               = 0x55d0c8a2e000");
	expect_event(&ev, "brk(NULL)", SC_BRK, 0, 0, 0x55d0c8a2e000);
	ev = must_parse("brk(0x55d0c8a4f000)                     = 0x55d0c8a4f000");
	expect_event(&ev, "brk(0x55d0c8a4f000)", SC_BRK, 0x55d0c8a4f000, 0, 0x55d0c8a4f000);
	ev = must_parse("brk(0)                                  = 0xa2c000");
	expect_event(&ev, "brk(0) (article 02's strace)", SC_BRK, 0, 0, 0xa2c000);
	cr_assert_eq(ev.part, SC_WHOLE, "a line with a result is SC_WHOLE, found part %d", ev.part);
}

LAB_TEST(trace, mmap_munmap_lines, 3,
         "mmap(addr, length, prot, flags, fd, offset): the length is the second argument, decimal; "
         "MAP_ANONYMOUS is in the fourth (flags), not the third (prot)")
{
	struct sc_event ev = must_parse(
		"mmap(NULL, 135168, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f65339a6000");
	expect_event(&ev, "anonymous mmap", SC_MMAP, 0, 135168, 0x7f65339a6000);
	cr_assert(ev.anonymous, "MAP_PRIVATE|MAP_ANONYMOUS: anonymous should be true");
	ev = must_parse("mmap(NULL, 43307, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f06c8824000");
	expect_event(&ev, "file mmap", SC_MMAP, 0, 43307, 0x7f06c8824000);
	cr_assert(!ev.anonymous, "MAP_PRIVATE of fd 3: anonymous should be false");
	ev = must_parse("mmap(0x7fe1b72d8000, 53072, PROT_READ|PROT_WRITE, "
	                "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x7fe1b72d8000");
	expect_event(&ev, "mmap with an address", SC_MMAP, 0x7fe1b72d8000, 53072, 0x7fe1b72d8000);
	ev = must_parse("munmap(0x7f8d2fdfa000, 303104)          = 0");
	expect_event(&ev, "munmap", SC_MUNMAP, 0x7f8d2fdfa000, 303104, 0);
}

LAB_TEST(trace, error_results, 3,
         "A failed call ends '= -1 ENOMEM (Cannot allocate memory)': the ')' that closes the "
         "arguments is not the last ')' of the line. A failed brk is not -1: it returns the old break")
{
	struct sc_event ev = must_parse("mmap(NULL, 17592186048512, PROT_READ|PROT_WRITE, "
	                                "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)");
	expect_event(&ev, "mmap of 16 TiB", SC_MMAP, 0, 17592186048512UL, -1);
	cr_assert_str_eq(ev.err, "ENOMEM", "err is \"%s\", expected \"ENOMEM\"", ev.err);
	ev = must_parse("brk(0x657c89ab6000)                     = 0x557c89ab6000");
	expect_event(&ev, "failed brk", SC_BRK, 0x657c89ab6000, 0, 0x557c89ab6000);
	cr_assert_str_eq(ev.err, "", "a brk that returns an address has no error name, found \"%s\"", ev.err);
	ev = must_parse("munmap(0x7f8d2fdfa000, 303104) = 0");
	cr_assert_str_eq(ev.err, "", "munmap returning 0 has no error name, found \"%s\"", ev.err);
}

LAB_TEST(trace, other_lines, 2,
         "Lines that are not brk/mmap/munmap return 0 (even 'mmap' inside a longer name or a "
         "resumed mprotect); a memory call cut short returns -1")
{
	static const char *other[] = {
		"mprotect(0x7f06c8811000, 16384, PROT_READ) = 0",
		"+++ exited with 0 +++",
		"--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---",
		"",
		"[pid  7363] <... mprotect resumed>)     = 0",
		"strace: Process 7364 attached",
		"madvise(0x7f06c0000000, 135168, MADV_DONTNEED) = 0",
		"mremap(0x7f06c0000000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f06c0100000",
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		struct sc_event ev;
		int r = trace_parse_line(other[i], &ev);
		cr_assert_eq(r, 0, "trace_parse_line(\"%s\") returned %d, expected 0 (not a memory call)",
		             other[i], r);
	}
	static const char *garbled[] = { "mmap(NULL, 4096", "brk(NULL)", "munmap(0x7f0000000000) = 0" };
	for (size_t i = 0; i < sizeof garbled / sizeof garbled[0]; i++) {
		struct sc_event ev;
		int r = trace_parse_line(garbled[i], &ev);
		cr_assert_eq(r, -1, "trace_parse_line(\"%s\") returned %d, expected -1 (cut short)", garbled[i], r);
	}
}

LAB_TEST(trace, pid_prefixes, 3,
         "strace -f tags lines '[pid  7363] ' on a terminal and '7377  ' with -o FILE; "
         "the main thread's lines have no tag on a terminal (pid 0)")
{
	struct sc_event ev = must_parse("[pid  7363] munmap(0x7ff270000000, 25165824) = 0");
	cr_assert_eq(ev.pid, 7363, "pid is %d, expected 7363", ev.pid);
	expect_event(&ev, "[pid] munmap", SC_MUNMAP, 0x7ff270000000, 25165824, 0);
	ev = must_parse("7377  brk(0x55cd35472000)               = 0x55cd35472000");
	cr_assert_eq(ev.pid, 7377, "pid is %d, expected 7377", ev.pid);
	expect_event(&ev, "-o FILE brk", SC_BRK, 0x55cd35472000, 0, 0x55cd35472000);
	ev = must_parse("brk(NULL)                               = 0x56475e87a000");
	cr_assert_eq(ev.pid, 0, "a line without a tag has pid 0, found %d", ev.pid);
}

LAB_TEST(trace, split_lines, 2,
         "'<unfinished ...>' ends a line that has the arguments but no result; "
         "'<... mmap resumed>) = 0x...' has the result and names the call after '<... '")
{
	struct sc_event ev = must_parse("[pid  7364] mmap(NULL, 134217728, PROT_NONE, "
	                                "MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0 <unfinished ...>");
	cr_assert_eq(ev.part, SC_UNFINISHED, "part is %d, expected SC_UNFINISHED (%d)", ev.part, SC_UNFINISHED);
	cr_assert_eq(ev.len, 134217728UL, "len is %lu, expected 134217728", ev.len);
	cr_assert_eq(ev.pid, 7364, "pid is %d, expected 7364", ev.pid);
	ev = must_parse("[pid  7364] <... mmap resumed>)         = 0x7ff264000000");
	cr_assert_eq(ev.part, SC_RESUMED, "part is %d, expected SC_RESUMED (%d)", ev.part, SC_RESUMED);
	cr_assert_eq(ev.call, SC_MMAP, "call is %s, expected mmap", call_name(ev.call));
	cr_assert_eq(ev.result, 0x7ff264000000, "result is %#lx, expected 0x7ff264000000",
	             (unsigned long)ev.result);
	ev = must_parse("7377  <... munmap resumed>)             = 0");
	cr_assert_eq(ev.part, SC_RESUMED, "part is %d, expected SC_RESUMED", ev.part);
	cr_assert_eq(ev.call, SC_MUNMAP, "call is %s, expected munmap", call_name(ev.call));
}

static void expect_whole_transcript(const char *name, int expected)
{
	int n = trace_parse(read_fixture(name), events, 512);
	cr_assert_eq(n, expected, "trace_parse(%s) returned %d, expected %d calls", name, n, expected);
	for (int i = 0; i < n; i++)
		cr_assert_eq(events[i].part, SC_WHOLE, "%s: event %d (%s) is part %d, expected SC_WHOLE: "
		             "join each unfinished call with its resumed line", name, i,
		             call_name(events[i].call), events[i].part);
}

LAB_TEST(trace, threads_transcript, 2,
         "Keep an unfinished call where it started and fill in its result when the resumed line "
         "of the same pid comes; other threads' lines can come in between")
{
	/* 27 calls: grep -cE '(^|\] )(brk|mmap|munmap)\(' tests/fixtures/threads.txt */
	expect_whole_transcript("threads.txt", 27);
	expect_event(&events[24], "event 24 (lines 30+32)", SC_MUNMAP, 0x7ff270000000, 25165824, 0);
	cr_assert_eq(events[24].pid, 7363, "event 24: pid %d, expected 7363", events[24].pid);
	expect_event(&events[25], "event 25 (lines 31+33)", SC_MMAP, 0, 134217728, 0x7ff264000000);
	cr_assert_eq(events[25].pid, 7364, "event 25: pid %d, expected 7364", events[25].pid);
	expect_event(&events[12], "event 12", SC_BRK, 0x56475e89b000, 0, 0x56475e89b000);
}

LAB_TEST(trace, ofile_transcript, 1,
         "With strace -o FILE every line starts with the pid and a run of spaces")
{
	expect_whole_transcript("threads-o.txt", 27);
	expect_event(&events[15], "event 15", SC_MMAP, 0, 134217728, 0x7f19f5000000);
	cr_assert_eq(events[15].pid, 7378, "event 15: pid %d, expected 7378", events[15].pid);
	expect_event(&events[16], "event 16", SC_MUNMAP, 0x7f19fd1a9000, 200704, 0);
}

LAB_TEST(trace, article_and_enomem, 1,
         "article02.txt is the strace output quoted in source article 02 (old strace: brk(0)); "
         "enomem.txt is malloc(1 << 44) failing")
{
	expect_whole_transcript("article02.txt", 3);
	expect_event(&events[1], "article brk", SC_BRK, 0xa6d000, 0, 0xa6d000);
	expect_event(&events[2], "article mmap", SC_MMAP, 0, 135168, 0x7f65339a6000);
	expect_whole_transcript("enomem.txt", 15);
	expect_event(&events[12], "enomem event 12", SC_MMAP, 0, 17592186048512UL, -1);
	cr_assert_str_eq(events[12].err, "ENOMEM", "enomem event 12: err \"%s\", expected ENOMEM", events[12].err);
}
