# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 15-by-hand.sh - the driver as a person runs it: traces named by argument
# (a directory like -t, a file like -f), -n, bad option values refused with
# a message, and --bench (make bench): a table per set whose summary line is
# the mean and the aggregate of its rows, another malloc in the C library's
# column (MDRIVER_LIBC_PRELOAD), and the reference's numbers still shown
# beside a submission that crashes.
. tests/driver/toy.bash
build_reference_driver

out=$("$drv" -s "$root/labs/traces" 2>&1)
want=$("$drv" -s -t "$root/labs/traces" 2>&1)
if [ "$(cut -c1-40 <<<"$out")" = "$(cut -c1-40 <<<"$want")" ] && grep -q "^$nshipped of $nshipped traces correct" <<<"$out"; then
	ok "driver: a directory argument replays its traces, as -t does"
else
	notok "driver: mdriver DIR: $(head -c 300 <<<"$out")"
fi
out=$("$drv" -s "$root/labs/traces/short.rep" 2>&1)
if grep -q '^short  *ok ' <<<"$out" && grep -q '^1 of 1 traces correct' <<<"$out"; then
	ok "driver: a file argument replays that trace, as -f does"
else
	notok "driver: mdriver FILE: $(head -c 300 <<<"$out")"
fi
# -n: that many timed replays, and timed (Kops measured) with as few as 1.
out=$("$drv" -n 1 -f "$root/labs/traces/random.rep" 2>&1)
if awk '$1 == "random" && $2 == "ok" && $4 > 0 && $7 > 0 {found = 1} END {exit !found}' <<<"$out"; then
	ok "driver: -n 1 times one replay of each allocator"
else
	notok "driver: mdriver -n 1: $(head -c 300 <<<"$out")"
fi
for bad in "-n 0" "-n x" "-T -1" "-T 5s"; do
	# shellcheck disable=SC2086 # the option and its value
	out=$("$drv" $bad -f "$root/labs/traces/short.rep" 2>&1); status=$?
	if [ $status -ne 0 ] && grep -q "^mdriver: ${bad%% *}: '${bad#* }' is not a number" <<<"$out"; then
		ok "driver: '$bad' is refused with a message"
	else
		notok "driver: '$bad': exit $status: $(head -c 300 <<<"$out")"
	fi
done

# --bench: a heading per set, a line per trace, the set's line: the mean of
# the utilizations and all operations over all their time.
"$drv" --bench -n 2 "$root/labs/traces" "$root/labs/traces/short.rep" > "$work/bench.out" 2>&1; status=$?
if [ $status -eq 0 ] && why=$(python3 - "$nshipped" "$work/bench.out" 2>&1 <<'PY'
import re, sys
n = int(sys.argv[1])
text = open(sys.argv[2]).read()
sets = re.split(r'^== ', text, flags=re.M)[1:]
assert len(sets) == 2, f'{len(sets)} sets'
assert sets[0].splitlines()[0].endswith(f'traces: {n} traces'), sets[0].splitlines()[0]
assert sets[1].splitlines()[0].endswith('short.rep: 1 trace'), sets[1].splitlines()[0]
rows = [l.split() for l in sets[0].splitlines()
        if re.match(r'\S+ +\d+ +[\d.]+%', l) and not l.startswith('all ')]
assert len(rows) == n, f'{len(rows)} rows'
total = [l.split() for l in sets[0].splitlines() if l.startswith(f'all {n} ')][0]
ops = sum(int(r[1]) for r in rows)
util = sum(float(r[2].rstrip('%')) for r in rows) / n
secs = sum(int(r[1]) / float(r[3]) for r in rows)
libc = sum(int(r[1]) / float(r[8]) for r in rows)
assert int(total[2]) == ops, (total, ops)
assert abs(float(total[3].rstrip('%')) - util) <= 0.06, (total, util)
assert abs(float(total[4]) / (ops / secs) - 1) < 0.01, (total, ops / secs)
assert abs(float(total[5]) - libc / secs) <= 0.005 + 0.01 * libc / secs, (total, libc / secs)
PY
); then
	ok "driver: --bench prints a table per set, and each set's line is its traces' mean utilization and aggregate throughput"
else
	notok "driver: --bench: exit $status: ${why:-} $(head -c 600 "$work/bench.out")"
fi

# MDRIVER_LIBC_PRELOAD (lab 05's make bench): another malloc in the C
# library's column, named by MDRIVER_LIBC_NAME; a library that does not take
# malloc's place stops the worker rather than time glibc under its name.
out=$(MDRIVER_LIBC_PRELOAD=/nonexistent/libnosuch.so "$drv" --bench -n 1 "$root/labs/traces/short.rep" 2>&1); status=$?
if [ $status -eq 1 ] && grep -q "MDRIVER_LIBC_PRELOAD=/nonexistent/libnosuch.so: malloc is still .*libc" <<<"$out"; then
	ok "driver: --bench with MDRIVER_LIBC_PRELOAD of a library that is not there fails the trace, saying malloc is still glibc's"
else
	notok "driver: MDRIVER_LIBC_PRELOAD of a missing library: exit $status: $(head -c 600 <<<"$out")"
fi
jemalloc=$(cc -print-file-name=libjemalloc.so.2)
if [ -f "$jemalloc" ]; then
	out=$(MDRIVER_LIBC_PRELOAD=$jemalloc MDRIVER_LIBC_NAME=jemalloc "$drv" --bench -n 1 "$root/labs/traces/short.rep" 2>&1); status=$?
	if [ $status -eq 0 ] && grep -Eq "^ +-+ yours -+ +-+ the reference -+ +jemalloc$" <<<"$out" &&
	   grep -Eq '^short +10 .* [0-9]+$' <<<"$out"; then
		ok "driver: --bench with MDRIVER_LIBC_PRELOAD=libjemalloc.so.2 times jemalloc in the C library's column, named"
	else
		notok "driver: MDRIVER_LIBC_PRELOAD=$jemalloc: exit $status: $(head -c 600 <<<"$out")"
	fi
else
	ok "driver: libjemalloc.so.2 is not installed, MDRIVER_LIBC_PRELOAD with it not checked"
fi

# A submission that crashes: its trace fails, the reference's numbers are
# still there, and the benchmark says it failed.
if lab_with crash 's/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/' \
	'void *toy_malloc(size_t size) { static int n; if (++n == 3) *(volatile int *)0 = 0; return real_malloc(size); }'; then
	out=$("$work/crash/$lab/build/mdriver" --bench -n 2 "$root/labs/traces/short.rep" 2>&1); status=$?
	if [ $status -eq 1 ] && grep -Eq '^short +10 +FAILED +[0-9.]+% ' <<<"$out" && grep -q "crashed the student's process: killed by signal 11" <<<"$out" &&
	   grep -q '^all 1 .*(1 failed)' <<<"$out"; then
		ok "driver: --bench shows a crashing submission's trace as failed, with the reference's numbers beside it"
	else
		notok "driver: --bench with a crashing submission: exit $status: $(head -c 600 <<<"$out")"
	fi
else
	notok "driver: the crashing allocator builds: $(tail -n 5 "$work/crash/build.log")"
fi
rm -rf "$work"
