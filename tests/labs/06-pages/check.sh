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

# The lab's tests, all of them, in well under 20 seconds.
tests_pass_within 20
