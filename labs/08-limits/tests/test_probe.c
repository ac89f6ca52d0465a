// SPDX-License-Identifier: MIT
/*
 * test_probe.c - task 1: probe_largest and probe_total (probe.c), run in
 * build/memprobe (and build/memprobe32, memprobe32-bss) under an RLIMIT_AS
 * the tests set. Your answer is then checked live, never compared with a
 * number the tests computed: the tests' own program (build/tverify,
 * tverify32, tverify32-bss: it tries the sizes it is given and searches
 * for nothing) runs in a fresh process of the same shape, under the same
 * limit and personality, and mallocs what your answer says works and what
 * it says does not. The 32-bit runs are as under setarch i386 -R (no
 * randomisation: the same layout each run), and -R --3gb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "lab08.h"

#define AS_64 (256 * MIB)

/* How a program runs: 64-bit, or 32-bit as under setarch i386 -R [--3gb],
   under RLIMIT_AS as; how says so in messages. */
struct shape {
	bool m32, three_gb;
	unsigned long long as;
	const char *how;
};

/* Runs argv under sh, prints nothing; returns the number after "key ". */
static long long run_field(char *const argv[], const struct shape *sh, const char *key)
{
	char out[512];
	int st = sh->m32 ? run_capture_arch(argv, sh->three_gb, RLIMIT_AS, sh->as, out, sizeof out)
	                 : run_capture(argv, RLIMIT_AS, sh->as, out, sizeof out);
	cr_assert(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s %s %s under RLIMIT_AS %llu "
	          "MiB ended with status %#x (a signal: %d)", sh->how, argv[0], argv[1],
	          argv[2] ? argv[2] : "", sh->as / MIB, (unsigned)st, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	long long n = field(out, key);
	cr_assert(n >= 0, "%s: %s %s printed no \"%s N\" line: \"%s\"", sh->how, argv[0], argv[1], key, out);
	return n;
}

/* Your probe_largest in prog (its step is 1 MiB, memprobe.c), checked by
   judge: malloc(answer - 1 MiB) must work and malloc(answer + 2 MiB) must
   not, in a fresh process: the answer is within 1 MiB above and 2 MiB
   below what that process can get (it is not quite yours). */
static long long check_largest(const char *prog, const char *judge, const struct shape *sh)
{
	char *mine[] = { (char *)prog, "largest", NULL };
	long long got = run_field(mine, sh, "largest");
	long long lo = got > (long long)MIB ? got - (long long)MIB : 0, hi = got + 2 * (long long)MIB;
	char a[32], b[32];
	snprintf(a, sizeof a, "%lld", lo);
	snprintf(b, sizeof b, "%lld", hi);
	char *check[] = { (char *)judge, "fits", a, b, NULL };
	cr_assert(run_field(check, sh, "fits") == 1, "%s: your largest malloc is %lld bytes, but in a fresh "
	          "process of the same shape under the same limit malloc(%lld), 1 MiB less, returned NULL: "
	          "your answer is too large", sh->how, got, lo);
	cr_assert(run_field(check, sh, "above") == 0, "%s: your largest malloc is %lld bytes, but in a "
	          "fresh process of the same shape under the same limit malloc(%lld), 2 MiB more, worked: "
	          "your answer is too small", sh->how, got, hi);
	return got;
}

/* Your probe_total in pieces of piece_mib MiB, checked by judge: k pieces
   (your answer) must all work and k + 2 must not, in a fresh process (one
   piece of slack: that process is not quite yours). */
static long long check_total(const char *prog, const char *judge, const char *piece_mib,
                             const struct shape *sh)
{
	char *mine[] = { (char *)prog, "total", (char *)piece_mib, NULL };
	long long got = run_field(mine, sh, "total");
	long long piece = atoll(piece_mib) * (long long)MIB, k = got / piece;
	cr_assert(got % piece == 0, "%s: your total, %lld bytes, is not a whole number of pieces of %s MiB",
	          sh->how, got, piece_mib);
	char p[32], n[32];
	snprintf(p, sizeof p, "%lld", piece);
	snprintf(n, sizeof n, "%lld", k + 2);
	char *check[] = { (char *)judge, "pieces", p, n, NULL };
	long long worked = run_field(check, sh, "pieces");
	cr_assert(worked >= k, "%s, in pieces of %s MiB: you got %lld pieces, but in a fresh process of the "
	          "same shape under the same limit only %lld worked: your total is too large", sh->how,
	          piece_mib, k, worked);
	cr_assert(worked < k + 2, "%s, in pieces of %s MiB: you got %lld pieces, but in a fresh process of "
	          "the same shape under the same limit %lld worked: your total is too small", sh->how,
	          piece_mib, k, worked);
	return got;
}

static void no_asan(void)
{
	if (LABTEST_ASAN)
		cr_skip_test("built with AddressSanitizer: build/memprobe's malloc is ASan's, which maps "
		             "terabytes of shadow and cannot run under RLIMIT_AS");
}

LAB_TEST(probe, largest_64, 10,
         "Search between 0 and hi: if malloc(mid) works, free it and look higher, else lower. Free "
         "every block you got, and keep the block in a variable the compiler cannot drop (a malloc "
         "that is only freed may be optimised away).")
{
	no_asan();
	struct shape sh = { false, false, AS_64, "64-bit, RLIMIT_AS 256 MiB" };
	long long got = check_largest("build/memprobe", "build/tverify", &sh);
	labtest_note("64-bit, RLIMIT_AS 256 MiB: largest single malloc %lld MiB", got / (long long)MIB);
}

LAB_TEST(probe, total_64, 10,
         "malloc(piece) until NULL: count only the calls that returned a block, and keep them all "
         "until the end (a list through the blocks themselves needs no other memory).")
{
	no_asan();
	struct shape sh = { false, false, AS_64, "64-bit, RLIMIT_AS 256 MiB" };
	long long got = check_total("build/memprobe", "build/tverify", "4", &sh);
	labtest_note("64-bit, RLIMIT_AS 256 MiB: %lld MiB in pieces of 4 MiB", got / (long long)MIB);
}

/* The 32-bit runs need gcc -m32, IA32 emulation and personality(2). */
static void ready_32(const char *prog)
{
	char why[256];
	if (!m32_ready(why, sizeof why))
		cr_skip_test("%s", why);
	if (!setarch_ready(why, sizeof why))
		cr_skip_test("%s", why);
	cr_assert(access(prog, X_OK) == 0, "%s was not built, yet gcc -m32 works here: your probe.c does "
	          "not compile with -m32 (see %s.log)", prog, prog);
}

static void check_32(bool three_gb)
{
	ready_32("build/memprobe32");
	struct shape sh = { true, three_gb, as_for_32bit(), three_gb ? "32-bit --3gb" : "32-bit" };
	long long got = check_total("build/memprobe32", "build/tverify32", "16", &sh);
	long long lgot = check_largest("build/memprobe32", "build/tverify32", &sh);
	labtest_note("%s: total %lld MiB in pieces of 16 MiB, largest single malloc %lld MiB", sh.how,
	             got / (long long)MIB, lgot / (long long)MIB);
}

LAB_TEST(probe, total_32, 12,
         "Built with -m32, size_t is 32 bits: hi is SIZE_MAX, 4 GiB - 1. Does your search overflow "
         "(lo + hi)? Is a count times a piece computed in 32 bits where it could reach 4 GiB?")
{
	check_32(false);
}

LAB_TEST(probe, total_32_3gb, 8,
         "Same code, a smaller space: setarch i386 --3gb ends it at 3 GiB. If total_32 passes this "
         "should too; if not, look for a constant that assumes 4 GiB.")
{
	check_32(true);
}

LAB_TEST(probe, total_32_bss, 6,
         "Your probe linked with an 800 MiB .bss (tests/judge/bigbss.c): the array takes its share "
         "of the 4 GiB first. If total_32 passes and this fails, does your probe assume where the "
         "heap or the free space starts?")
{
	ready_32("build/memprobe32-bss");
	cr_assert(access("build/tverify32-bss", X_OK) == 0, "build/tverify32-bss was not built (see "
	          "build/tverify32-bss.log)");
	long long mib[2];
	for (int three_gb = 0; three_gb < 2; three_gb++) {
		struct shape sh = { true, three_gb, as_for_32bit(),
		                    three_gb ? "32-bit --3gb, 800 MiB .bss" : "32-bit, 800 MiB .bss" };
		mib[three_gb] = check_total("build/memprobe32-bss", "build/tverify32-bss", "16", &sh) /
		                (long long)MIB;
	}
	labtest_note("32-bit with an 800 MiB .bss: total %lld MiB in pieces of 16 MiB, %lld MiB under --3gb",
	             mib[0], mib[1]);
}
