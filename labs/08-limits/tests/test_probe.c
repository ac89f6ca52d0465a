// SPDX-License-Identifier: MIT
/*
 * test_probe.c - task 1: probe_largest and probe_total (probe.c), run in
 * build/memprobe (and build/memprobe32) under an RLIMIT_AS the tests set,
 * against the tests' own probe (build/tprobe, tprobe32) run the same way.
 * The 32-bit runs are as under setarch i386 -R (no randomisation: the same
 * layout each run), and -R --3gb.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "labtest.h"
#include "lab08.h"

#define AS_64 (256 * MIB)

/* One number of one probe: prog what [piece], under RLIMIT_AS as. */
static long long probe(const char *prog, const char *what, const char *piece, bool m32, bool setarch,
                       unsigned long long as)
{
	char out[512];
	char *plain[] = { (char *)prog, (char *)what, (char *)piece, NULL };
	int st = m32 ? run_capture_arch(plain, setarch, RLIMIT_AS, as, out, sizeof out)
	             : run_capture(plain, RLIMIT_AS, as, out, sizeof out);
	const char *arch = setarch ? "setarch i386 -R --3gb " : m32 ? "setarch i386 -R " : "";
	cr_assert(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s%s %s %s under RLIMIT_AS %llu MiB "
	          "ended with status %#x (a signal: %d)", arch, prog, what,
	          piece ? piece : "", as / MIB, (unsigned)st, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	long long n = field(out, what);
	cr_assert(n >= 0, "%s %s printed no \"%s N\" line: \"%s\"", prog, what, what, out);
	return n;
}

LAB_TEST(probe, largest_64, 12,
         "Search between 0 and hi: if malloc(mid) works, free it and look higher, else lower. Free "
         "every block you got, and keep the block in a variable the compiler cannot drop (a malloc "
         "that is only freed may be optimised away).")
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer: build/memprobe's malloc is ASan's, which maps "
		             "terabytes of shadow and cannot run under RLIMIT_AS");
	long long want = probe("build/tprobe", "largest", NULL, false, false, AS_64);
	long long got = probe("build/memprobe", "largest", NULL, false, false, AS_64);
	cr_assert(got <= want + (long long)MIB && got + 2 * (long long)MIB >= want, "under RLIMIT_AS "
	          "256 MiB your largest malloc is %lld bytes, the tests' probe found %lld (within 1 MiB)",
	          got, want);
	labtest_note("64-bit, RLIMIT_AS 256 MiB: largest single malloc %lld MiB", got / (long long)MIB);
}

LAB_TEST(probe, total_64, 12,
         "malloc(piece) until NULL: count only the calls that returned a block, and keep them all "
         "until the end (a list through the blocks themselves needs no other memory).")
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer: build/memprobe's malloc is ASan's, which maps "
		             "terabytes of shadow and cannot run under RLIMIT_AS");
	long long want = probe("build/tprobe", "total", "4", false, false, AS_64);
	long long got = probe("build/memprobe", "total", "4", false, false, AS_64);
	cr_assert(got <= want && got + 4 * (long long)MIB >= want, "under RLIMIT_AS 256 MiB, in pieces of "
	          "4 MiB, your total is %lld bytes, the tests' probe got %lld", got, want);
	labtest_note("64-bit, RLIMIT_AS 256 MiB: %lld MiB in pieces of 4 MiB", got / (long long)MIB);
}

static void check_32(bool setarch)
{
	char why[256];
	if (!m32_ready(why, sizeof why))
		cr_skip_test("%s", why);
	if (!setarch_ready(why, sizeof why))
		cr_skip_test("%s", why);
	cr_assert(access("build/memprobe32", X_OK) == 0, "build/memprobe32 was not built, yet gcc -m32 "
	          "works here: your probe.c does not compile with -m32 (see build/memprobe32.log)");
	unsigned long long as = as_for_32bit();
	const char *how = setarch ? "32-bit --3gb" : "32-bit";
	long long want = probe("build/tprobe32", "total", "16", true, setarch, as);
	long long got = probe("build/memprobe32", "total", "16", true, setarch, as);
	cr_assert(got <= want && got + 16 * (long long)MIB >= want, "%s, in pieces of 16 MiB: your total "
	          "is %lld bytes, the tests' probe got %lld", how, got, want);
	long long lwant = probe("build/tprobe32", "largest", NULL, true, setarch, as);
	long long lgot = probe("build/memprobe32", "largest", NULL, true, setarch, as);
	cr_assert(lgot <= lwant + (long long)MIB && lgot + 2 * (long long)MIB >= lwant, "%s: your largest "
	          "malloc is %lld bytes, the tests' probe found %lld", how, lgot, lwant);
	labtest_note("%s: total %lld MiB in pieces of 16 MiB, largest single malloc %lld MiB", how,
	             got / (long long)MIB, lgot / (long long)MIB);
}

LAB_TEST(probe, total_32, 12,
         "Built with -m32, size_t is 32 bits: hi is SIZE_MAX, 4 GiB - 1. Does your search overflow "
         "(lo + hi)? Is a count times a piece computed in 32 bits where it could reach 4 GiB?")
{
	check_32(false);
}

LAB_TEST(probe, total_32_3gb, 10,
         "Same code, a smaller space: setarch i386 --3gb ends it at 3 GiB. If total_32 passes this "
         "should too; if not, look for a constant that assumes 4 GiB.")
{
	check_32(true);
}
