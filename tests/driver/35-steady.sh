# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# tests/run: alone
# 35-steady.sh - the speed points come from a steady measure (count.c): the
# instructions of one replay, counted by valgrind, which do not move with
# the machine's load; and CPU time keeps them honest (work hidden from
# valgrind shows in the clock).
. tests/driver/toy.bash
if ! command -v valgrind >/dev/null; then
	notok "driver: valgrind is not installed (make deps installs it): speed points come from CPU time"
	exit 0
fi
traces=(-f "$root/labs/traces/random.rep" -f "$root/labs/traces/binary.rep")

# results DIR FILE [busy]: the driver's result lines for the traces, with
# both cores kept busy meanwhile when asked.
results() {
	local drv=$1/$lab/build/mdriver out=$2 pids=()
	rm -f "$out"
	if [ "${3:-}" = busy ]; then
		for _ in 1 2 3; do (while :; do :; done) & pids+=($!); done
	fi
	"$drv" --lab-results "$out" "${traces[@]}" >/dev/null 2>&1
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	return 0
}

# A correct allocator made slower: it spins before each malloc. Its speed
# points are partial, and the same idle and with both cores busy.
rename='s/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/'
if lab_with slow "$rename" 'void *toy_malloc(size_t size) { for (volatile int i = 0; i < 300; i++) continue; return real_malloc(size); }'; then
	results "$work/slow" "$work/idle"
	results "$work/slow" "$work/busy" busy
	if out=$(python3 - "$work/idle" "$work/busy" <<'PY' 2>&1
import sys
def load(path):
    rows = {}
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        rows[f[1]] = (float(f[3]), float(f[4]), f[5], f[6])
    return rows
idle, busy = load(sys.argv[1]), load(sys.argv[2])
assert idle.keys() == busy.keys() and len(idle) == 2, (idle.keys(), busy.keys())
assert any(s < 0.99 * p for s, p, _, _ in idle.values()), 'the spin costs no speed points'
for name, (score, pts, msg, metrics) in idle.items():
    assert 'instructions per operation' in msg and 'ipo=' in metrics, msg
    other = busy[name][0]
    assert abs(score - other) <= 0.005 * pts, f'{name}: {score} idle, {other} busy (of {pts})'
    print(f'{name} {score:.3f}/{other:.3f} of {pts:g}', end='; ')
PY
	); then
		ok "driver: a slower allocator's points are the same idle and with both cores busy (idle/busy: $out)"
	else
		notok "driver: steady speed points: $out"
	fi
else
	notok "driver: the 'slow' allocator builds: $(tail -n 5 "$work/slow/build.log")"
fi
rm -rf "$work/slow"

# Work valgrind cannot see: under valgrind, the slow part runs natively
# through a client request (VALGRIND_NON_SIMD_CALL1), so the count would
# look fast. A worker holding client requests is not counted: the CPU
# time, which does not look fast, gives the speed points.
if lab_with hidden "$rename" '#include <valgrind/valgrind.h>
static void *spin_malloc(unsigned long tid, void *size) { (void)tid; for (volatile int i = 0; i < 20000; i++) continue; return real_malloc((size_t)size); }
void *toy_malloc(size_t size) { if (RUNNING_ON_VALGRIND) return (void *)VALGRIND_NON_SIMD_CALL1(spin_malloc, (void *)size); return spin_malloc(0, (void *)size); }'; then
	results "$work/hidden" "$work/h"
	line=$(grep 'traces/random' "$work/h")
	score=$(cut -f4 <<<"$line"); max=$(cut -f5 <<<"$line")
	if grep -q "client requests\|speed from CPU time\|under valgrind it said" <<<"$line" &&
	   awk -v s="$score" -v m="$max" 'BEGIN {exit !(s < 0.9 * m)}'; then
		ok "driver: work hidden from valgrind gains nothing ($score of $max: $(cut -f6 <<<"$line" | head -c 160))"
	else
		notok "driver: work hidden from valgrind: $(head -c 400 <<<"$line")"
	fi
else
	notok "driver: the 'hidden' allocator builds: $(tail -n 5 "$work/hidden/build.log")"
fi
rm -rf "$work"
