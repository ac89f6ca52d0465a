# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# check.sh - lab 06's own checks: what its handout tells the reader to run
# does what the handout says, on this machine, with the reference solution
# (pagemap --demo as this user, and as an unprivileged one when this is
# root), and the whole lab's tests stay fast.
. tests/lib.sh
reference_lab 06-pages

# The demo: written pages exclusive, then shared after fork, exclusive again
# once the child has gone; read pages are the zero page ('0' with PFNs, 's'
# without); pages dropped by MADV_DONTNEED are gone.
demo_ok() { # demo_ok OUTPUT READ-CHAR
	grep -q "^write pages 4-11 *${2}${2}${2}${2}xxxxxxxx\.\.\.\.$" <<<"$1" &&
	grep -q '^fork (the child lives) *s...ssssssss\.\.\.\.$' <<<"$1" &&
	grep -q '^write pages 4-5 *s...xxssssss\.\.\.\.$' <<<"$1" &&
	grep -q '^MADV_DONTNEED pages 8-11 *x...xxxx\.\.\.\.\.\.\.\.$' <<<"$1"
}
out=$(cd "$dir" && ./build/pagemap --demo 2>&1)
if [ "$(id -u)" = 0 ]; then read_char=0; else read_char=s; fi
check "$lab: pagemap --demo draws what the handout says (read pages '$read_char')" demo_ok "$out" "$read_char"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod -R a+rX "$work" && chmod a+x "$SCRATCH"
	out=$(cd "$dir" && setpriv --reuid=nobody --regid=nogroup --clear-groups ./build/pagemap --demo 2>&1)
	check "$lab: pagemap --demo as nobody: PFNs hidden, read pages 's'" demo_ok "$out" s
fi

# A command it starts: sleep's stack, drawn 200 ms in, a few pages present.
out=$(cd "$dir" && ./build/pagemap -r 200 '[stack]' sleep 1 2>&1)
check "$lab: pagemap -r 200 '[stack]' sleep 1 draws sleep's stack" \
	grep -qE '^pages: \. [0-9]+ 0 [0-9]+ x [1-9]' <<<"$out"

# A predict() that measures instead of predicting (it runs the anonymous
# scenarios itself: getrusage for the faults, /proc/self/pagemap for the
# pages; unconfined it passes predict/anonymous) gets nowhere: the worker
# runs it in a child that can only compute (labs/common/run_confined.h).
cat > "$dir/predict.c" <<'CHEAT'
#include "scenario.h"
#include "pages.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static long minflt(void)
{
	struct rusage u;
	return getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_minflt : -1;
}

int predict(enum scenario s, struct prediction *p)
{
	if ((unsigned)s >= SC_COUNT) {
		errno = EINVAL;
		return -1;
	}
	if (s > SC_MIXED) {     /* only the anonymous ones are measured here */
		static const struct prediction rest = { "xxxx", 4, -1 };
		*p = rest;
		return 0;
	}
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *m = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	long f0 = minflt();
	for (size_t i = 0; i < 4; i++) {
		if (s == SC_READ || (s == SC_MIXED && i == 1))
			(void)m[i * ps];
		else if (s == SC_WRITE || (s == SC_MIXED && i != 2))
			m[i * ps] = 1;
	}
	long f1 = minflt();
	struct pm_page pg[4];
	if (f0 < 0 || f1 < 0 || pm_read(getpid(), (uintptr_t)m, 4, pg) != 4)
		return -1;
	volatile char *z = mmap(NULL, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct pm_page zp;
	if (z == MAP_FAILED)
		return -1;
	(void)z[0];     /* the zero page: its PFN */
	if (pm_read(0, (uintptr_t)z, 1, &zp) != 1)
		return -1;
	for (int i = 0; i < 4; i++)
		p->pages[i] = pm_char(&pg[i], zp.pfn);
	p->pages[4] = '\0';
	p->faults = f1 - f0;
	p->file_sees_write = -1;
	return 0;
}
CHEAT
if make -s -C "$dir" MEMLABS="$PWD" >"$work/cheat.log" 2>&1; then
	out=$(cd "$dir" && ./build/run-tests --filter='predict/anonymous' 2>&1)
	if grep -q 'predict(untouched) returned -1 (Operation not permitted)' <<<"$out" &&
	   grep -q 'Passing: 0 ' <<<"$out"; then
		ok "$lab: a predict() that measures (getrusage, /proc/self/pagemap) loses predict/anonymous"
	else
		notok "$lab: a measuring predict() was not refused: $(tail -n 8 <<<"$out")"
	fi
else
	notok "$lab: the measuring predict() did not build: $(tail -n 3 "$work/cheat.log")"
fi
cp "solutions/$lab/predict.c" "$dir/predict.c"
make -s -C "$dir" MEMLABS="$PWD" >"$work/build.log" 2>&1 || notok "$lab: the reference does not build again"

# The lab's tests, all of them, in well under 20 seconds.
tests_pass_within 20
