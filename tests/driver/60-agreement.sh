# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# tests/run: alone
# 60-agreement.sh - one trace engine: for every trace of the project's and
# (when ../shared/traces is there) of the CS:APP and CMU sets, the grader's
# numbers (the driver's --lab-results metrics), build/mdriver's table and
# make bench (lab 05's, the driver's --bench) agree, with lab 05's reference:
#
# - utilization exactly, to the precision each prints (it does not depend on
#   time): 0.1 point in the table and the benchmark, 4 decimals in the
#   grader's; and each set's mean;
# - the throughput as a multiple of the C library's (Kops / libc Kops),
#   within a factor 1 + RATIO_TOL of each other per trace of at least 3000 operations
#   (a shorter one takes tens of microseconds a replay: calloc's 1782
#   operations once differed by 55%), and within SET_TOL for each set's
#   aggregate (all operations over all their time), short traces included.
#
# The three run one after the other on a shared machine, so their timings
# differ by noise: each times RUNS replays (-n) of each allocator, which is
# enough to take the fastest of, and faster than the default.
. tests/lib.sh
# A single trace's CPU time moves with the machine (coalescing once read
# 0.66, 1.22 and 0.98 in the three): per trace only a factor of 3 (an
# inverted or misplaced ratio) fails; the sets' aggregates hold to 15%.
RUNS=20 RATIO_TOL=2.0 SET_TOL=0.15
root=$PWD
work="$SCRATCH/driver-agreement"
rm -rf "$work"
mkdir -p "$work"
lab=$(lab_copy 05-malloc "$work/labs" reference)
if ! make -s -C "$lab" MEMLABS="$root" REFERENCE="$root/solutions" build/mdriver >"$work/build.log" 2>&1; then
	notok "agreement: lab 05's reference builds with the driver: $(tail -n 5 "$work/build.log")"
	exit 0
fi
drv="$lab/build/mdriver"
sets=("$root/labs/traces")
extra=()
for s in csapp cmu; do
	if [ -d "$root/../shared/traces/$s" ]; then
		sets+=("$(realpath "$root/../shared/traces/$s")")
		extra+=("${sets[-1]}")
	fi
done

# The grader's path: the lab's traces, and TRACES for the others.
# It compares CPU time (Kops): no instruction counts (MDRIVER_NO_COUNT).
MDRIVER_NO_COUNT=1 TRACES=$(IFS=:; echo "${extra[*]}") "$drv" -n $RUNS --lab-results "$work/results" >/dev/null 2>&1
# By hand: one table per set.
for s in "${sets[@]}"; do
	MDRIVER_NO_COUNT=1 "$drv" -n $RUNS -t "$s" > "$work/table-$(basename "$s")" 2>&1
done
# make bench, the traces' half (the real programs are not the driver's).
make --no-print-directory -s -C "$lab" MEMLABS="$root" REFERENCE="$root/solutions" bench-traces \
	BENCH_FLAGS="-n $RUNS" BENCH_TRACES="${sets[*]}" > "$work/bench" 2>&1

python3 - "$work" "$RATIO_TOL" "$SET_TOL" "${sets[@]}" <<'PY'
import glob, math, os, re, sys
work, ratio_tol, set_tol, sets = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]

def verdict(good, what, why=''):
    print(('ok - ' if good else 'not ok - ') + 'agreement: ' + what + ('' if good else ': ' + why))

def header(path):
    """num_ops and weight, from a trace's header (labs/driver/README.md)."""
    nums = []
    for line in open(path):
        f = line.split()
        if f and not f[0].startswith('#'):
            nums.append(int(f[0]))
            if len(nums) == 4:
                break
    cmu = nums[0] <= 3
    return nums[2], (nums[0] if cmu else 1)

traces = {}     # (set, name) -> (ops, weight)
for s in sets:
    for f in sorted(glob.glob(s + '/*.rep')):
        traces[(s, os.path.basename(f)[:-4])] = header(f)

# tool -> (set, name) -> (util in %, Kops, libc Kops)
got = {'grader': {}, 'mdriver': {}, 'bench': {}}
bench_all = {}  # set -> (util %, ratio) of its summary line
for line in open(work + '/results'):
    f = line.rstrip('\n').split('\t')
    m = dict(kv.split('=') for kv in f[6].split(',')) if len(f) > 6 and f[6] else None
    name = f[1][len('traces/'):]
    s = sets[0]
    for x in sets[1:]:
        if name.startswith(os.path.basename(x) + '-'):
            s, name = x, name[len(os.path.basename(x)) + 1:]
    if m:
        got['grader'][(s, name)] = (100 * float(m['util']), float(m['kops']), float(m['libc_kops']))
for s in sets:
    for line in open(f'{work}/table-{os.path.basename(s)}'):
        f = line.split()
        if len(f) == 9 and f[1] == 'ok':
            got['mdriver'][(s, f[0])] = (float(f[2].rstrip('%*')), float(f[3]), float(f[6]))
cur = None
for line in open(work + '/bench'):
    m = re.match(r'== (.*): \d+ traces?$', line)
    if m:
        cur = m.group(1)
        continue
    f = line.split()
    # Yours (here the reference's code, as the grader's results and the
    # table show the submission), then the reference, then the C library.
    if cur and len(f) == 10 and f[0] == 'all':
        bench_all[cur] = (float(f[3].rstrip('%')), float(f[5]))
    elif cur and len(f) == 9 and f[1].isdigit():
        got['bench'][(cur, f[0])] = (float(f[2].rstrip('%*')), float(f[3]), float(f[8]))

for s in sets:
    label = os.path.basename(s)
    names = sorted(n for (x, n) in traces if x == s)
    missing = [f'{tool}:{n}' for tool in got for n in names if (s, n) not in got[tool]]
    if missing or s not in bench_all:
        verdict(False, f'{label}: every tool reports every trace',
                f'missing {" ".join(missing[:8])}{"" if s in bench_all else " and the benchmark summary"}'
                + f'; bench: {open(work + "/bench").read()[-300:]}')
        continue
    bad = [n for n in names
           if not (got['mdriver'][(s, n)][0] == got['bench'][(s, n)][0]
                   and abs(got['grader'][(s, n)][0] - got['mdriver'][(s, n)][0]) <= 0.05 + 1e-9)]
    verdict(not bad, f'{label}: the {len(names)} traces\' utilization is the same in the grader\'s '
            f'results, mdriver and make bench', ' '.join(
                f'{n} {[got[t][(s, n)][0] for t in got]}' for n in bad[:5]))
    counted = [n for n in names if traces[(s, n)][1] in (1, 2)]
    mean = sum(got['grader'][(s, n)][0] for n in counted) / len(counted)
    verdict(abs(mean - bench_all[s][0]) <= 0.05 + 1e-9,
            f'{label}: make bench\'s mean utilization ({bench_all[s][0]}%) is the grader\'s traces\' mean',
            f'{mean:.3f}%')

    def ratio(tool, n):
        u, k, lk = got[tool][(s, n)]
        return k / lk
    worst, spread = None, 1.0
    for n in names:
        if traces[(s, n)][0] < 3000:
            continue
        r = [ratio(t, n) for t in got]
        if max(r) / min(r) > spread:
            worst, spread = n, max(r) / min(r)
    detail = worst and ', '.join(f'{t} {ratio(t, worst):.2f}' for t in got)
    verdict(spread <= 1 + ratio_tol,
            f'{label}: per trace, the three give the same throughput ratio to the C library '
            f'within {ratio_tol:.0%} (the widest: {worst} at {spread - 1:.0%}: {detail})'
            if worst else f'{label}: no trace of 3000 operations or more to compare per trace',
            f'beyond {ratio_tol:.0%}')

    def aggregate(tool):
        timed = [n for n in names if traces[(s, n)][1] in (1, 3)]
        secs = sum(traces[(s, n)][0] / got[tool][(s, n)][1] for n in timed)
        libc = sum(traces[(s, n)][0] / got[tool][(s, n)][2] for n in timed)
        return libc / secs
    agg = {t: aggregate(t) for t in got}
    agg['bench (its summary)'] = bench_all[s][1]
    lo, hi = min(agg.values()), max(agg.values())
    verdict(hi / lo <= 1 + set_tol,
            f'{label}: the set\'s aggregate throughput ratio to the C library agrees within '
            f'{set_tol:.0%} (' + ', '.join(f'{t} {v:.2f}' for t, v in agg.items()) + ')',
            f'spread {hi / lo - 1:.0%}')
PY
[ ${#sets[@]} -eq 1 ] && ok "agreement: ../shared/traces is absent: only the project's traces were compared"
rm -rf "$work"
