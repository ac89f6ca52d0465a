// SPDX-License-Identifier: MIT
/*
 * test_moved.c - task 4: which regions move between two runs (moved.c).
 *
 * The live tests run /bin/cat twice; cat prints its own /proc/self/maps.
 * Before asking your code, they check what this system allows: ASLR can be
 * switched off (randomize_va_space = 0) and personality() can be refused (a
 * container's seccomp filter). Then the test is skipped and says why.
 */
#include "lab01.h"
#include "moved.h"

#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

static char *cat_maps[] = { "cat", "/proc/self/maps", NULL };

static int randomize_va_space(void)
{
	FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "r");
	int v = -1;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Can a child set (or clear) ADDR_NO_RANDOMIZE? Asked in a child, so this
   process's personality stays as it is. */
static bool personality_allowed(bool set)
{
	pid_t pid = fork();
	if (pid == 0) {
		int p = personality(0xffffffff);
		int want = set ? p | ADDR_NO_RANDOMIZE : p & ~ADDR_NO_RANDOMIZE;
		_exit(p != -1 && (want == p || personality((unsigned long)want) != -1) ? 0 : 1);
	}
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static void snapshot_or_fail(bool no_randomize, struct maps *m)
{
	errno = 0;
	int rc = snapshot(cat_maps, no_randomize, m);
	cr_assert_eq(rc, 0, "snapshot(cat /proc/self/maps, no_randomize=%d) returned %d (errno %d: %s), expected 0",
		     no_randomize, rc, errno, strerror(errno));
}

static const struct move *find_move(const struct move *mv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(mv[i].name, name) == 0)
			return &mv[i];
	return NULL;
}

LAB_TEST(aslr, compare_fixture_runs, 5,
	 "A region is all the mappings of one path; compare the lowest start of each. Skip "
	 "anonymous mappings and regions that are in one run only; keep run a's address order.")
{
	struct maps a, b;
	load_or_fail("tests/fixtures/run-a.maps", &a);
	load_or_fail("tests/fixtures/run-b.maps", &b);
	struct move mv[32];
	memset(mv, 0, sizeof mv);
	size_t n = compare_runs(&a, &b, mv, 32);
	static const struct { const char *name; uintptr_t a, b; bool moved; } want[] = {
		{ "cat", 0x5583c1a00000, 0x5583c1a00000, false },
		{ "[heap]", 0x5583c2f3e000, 0x5583c2f3e000, false },
		{ "libc.so.6", 0x7f1e0d42d000, 0x7f9a44a00000, true },
		{ "[vvar]", 0x7f1e0d61c000, 0x7f9a44bef000, true },
		{ "[vdso]", 0x7f1e0d620000, 0x7f9a44bf3000, true },
		{ "ld-linux-x86-64.so.2", 0x7f1e0d622000, 0x7f9a44bf5000, true },
		{ "[stack]", 0x7ffd6a3c1000, 0x7ffc1b2e9000, true },
		{ "[vsyscall]", 0xffffffffff600000, 0xffffffffff600000, false },
	};
	size_t nwant = sizeof want / sizeof want[0];
	cr_expect_eq(n, nwant, "expected %zu regions in both runs (LC_CTYPE is only in a, libextra.so.1 "
		     "only in b, anonymous mappings are left out), found %zu", nwant, n);
	for (size_t i = 0; i < nwant && i < n; i++) {
		cr_expect_str_eq(mv[i].name, want[i].name, "region %zu: expected \"%s\", found \"%.40s\"",
				 i + 1, want[i].name, mv[i].name);
		cr_expect(mv[i].a == want[i].a && mv[i].b == want[i].b && mv[i].moved == want[i].moved,
			  "region %zu (%s): expected %#lx -> %#lx %s, found %#lx -> %#lx %s", i + 1,
			  want[i].name, (unsigned long)want[i].a, (unsigned long)want[i].b,
			  want[i].moved ? "moved" : "same", (unsigned long)mv[i].a,
			  (unsigned long)mv[i].b, mv[i].moved ? "moved" : "same");
	}
	struct move few[3];
	size_t k = compare_runs(&a, &b, few, 3);
	cr_expect_eq(k, 3, "with room for 3 regions: expected 3 written, found %zu", k);
	maps_free(&a);
	maps_free(&b);
}

LAB_TEST(aslr, snapshot_reads_child_maps, 3,
	 "fork; in the child dup2 the pipe's write end onto 1 and execvp; in the parent read "
	 "the pipe with maps_read (fdopen), then waitpid. A child that fails exits non-zero.")
{
	struct maps m;
	snapshot_or_fail(false, &m);
	char why[200];
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "the child's maps: %s", why);
	bool cat = false, stack = false;
	for (size_t i = 0; i < m.n; i++) {
		cat |= strcmp(base_of(m.v[i].path), "cat") == 0;
		stack |= strcmp(m.v[i].path, "[stack]") == 0;
	}
	cr_expect(cat && stack, "cat's own maps should list cat and [stack]: found cat %s, [stack] %s "
		  "(%zu entries)", cat ? "yes" : "no", stack ? "yes" : "no", m.n);
	maps_free(&m);
	/* Your snapshot forks in the worker: its children are the worker's. */
	int kids = worker_children();
	cr_expect_eq(kids, 0, "a child is left behind (%d in the worker): waitpid for every child you fork",
		     kids);

	char *missing[] = { "/nonexistent/program", NULL };
	errno = 0;
	int rc = snapshot(missing, false, &m);
	cr_expect(rc == -1 && errno == ENOEXEC, "a program that cannot be run: expected -1 with ENOEXEC, "
		  "found %d with errno %d (%s)", rc, errno, strerror(errno));
	maps_free(&m);
	char *fails[] = { "sh", "-c", "cat /proc/self/maps; exit 3", NULL };
	errno = 0;
	rc = snapshot(fails, false, &m);
	cr_expect(rc == -1 && errno == ENOEXEC, "a program that prints maps and exits with 3: expected -1 "
		  "with ENOEXEC, found %d with errno %d (%s)", rc, errno, strerror(errno));
	maps_free(&m);
	kids = worker_children();
	cr_expect_eq(kids, 0, "a child is left behind after a failed snapshot (%d in the worker)", kids);
}

LAB_TEST(aslr, regions_move, 3,
	 "Without ADDR_NO_RANDOMIZE every exec gets new bases for the stack, the libraries and "
	 "the vdso. If nothing moves, is the child clearing the flag, or comparing the same run?")
{
	int rvs = randomize_va_space();
	if (rvs == 0)
		cr_skip_test("ASLR is off here: /proc/sys/kernel/randomize_va_space is 0");
	if (!personality_allowed(false))
		cr_skip_test("this process runs with ADDR_NO_RANDOMIZE and may not clear it");
	struct maps a, b;
	snapshot_or_fail(false, &a);
	snapshot_or_fail(false, &b);
	struct move mv[128];
	size_t n = compare_runs(&a, &b, mv, 128);
	const struct move *stack = find_move(mv, n, "[stack]");
	const struct move *libc = find_move(mv, n, "libc.so.6");
	cr_expect(stack && stack->moved, "randomize_va_space = %d: expected [stack] to move between two runs, "
		  "found %s", rvs, stack ? "it did not" : "no [stack] region");
	cr_expect(libc && libc->moved, "expected libc.so.6 to move between two runs, found %s",
		  libc ? "it did not" : "no libc.so.6 region");
	const struct move *vsys = find_move(mv, n, "[vsyscall]");
	if (vsys)
		cr_expect(!vsys->moved, "[vsyscall] is at a fixed address and never moves, but was reported moved");
	maps_free(&a);
	maps_free(&b);
}

LAB_TEST(aslr, no_randomize_nothing_moves, 3,
	 "personality(persona | ADDR_NO_RANDOMIZE) in the child, before execvp: the flag is read "
	 "at exec. Read the current persona first with personality(0xffffffff).")
{
	if (!personality_allowed(true))
		cr_skip_test("personality(ADDR_NO_RANDOMIZE) is refused here (seccomp?)");
	struct maps a, b;
	snapshot_or_fail(true, &a);
	snapshot_or_fail(true, &b);
	struct move mv[128];
	size_t n = compare_runs(&a, &b, mv, 128);
	cr_expect(n >= 5, "expected at least 5 regions in both runs (cat, [heap], libc, ld.so, [stack]), found %zu", n);
	for (size_t i = 0; i < n; i++)
		cr_expect(!mv[i].moved, "with ADDR_NO_RANDOMIZE: expected %s to stay at %#lx, found it at %#lx",
			  mv[i].name, (unsigned long)mv[i].a, (unsigned long)mv[i].b);
	maps_free(&a);
	maps_free(&b);
}
