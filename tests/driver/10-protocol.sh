# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 10-protocol.sh - the driver's side of the grader's protocol (labs/common/
# README.md): --lab-list lists every trace with its share of the points,
# TRACES adds directories, --lab-results gives each trace a line with its
# measurements; a trace or a directory that cannot be read is a line of its
# own saying why, and the grader's report shows it.
. tests/driver/toy.bash
build_reference_driver

list=$("$drv" --lab-list)
n=$(wc -l <<<"$list")
sum=$(awk -F'\t' '{s += $2} END {printf "%.6f", s}' <<<"$list")
if [ "$n" -eq "$nshipped" ] && [ "$sum" = "24.000000" ] &&
   awk -F'\t' 'NF != 5 || $1 !~ /^traces\// || $4 != 1 || $5 == "" {bad=1} END {exit bad}' <<<"$list"; then
	ok "driver: mdriver --lab-list lists the $n shipped traces, 5 fields each, 24 points in all"
else
	notok "driver: mdriver --lab-list: $n lines (want $nshipped), $sum points (want 24): $(head -2 <<<"$list")"
fi
list=$(TRACES="$root/labs/traces" "$drv" --lab-list)
sum=$(awk -F'\t' '{s += $2} END {printf "%.6f", s}' <<<"$list")
if [ "$(wc -l <<<"$list")" -eq $((2 * nshipped)) ] && [ "$sum" = "24.000000" ] &&
   grep -q '^traces/traces-short	' <<<"$list"; then
	ok "driver: TRACES adds tests named traces/DIR-NAME and the traces still share 24 points"
else
	notok "driver: TRACES=labs/traces: $(wc -l <<<"$list") tests, $sum points: $(tail -1 <<<"$list")"
fi
rm -f "$work/results"
"$drv" --lab-results "$work/results" >/dev/null 2>&1
if [ "$(grep -c '' "$work/results")" -eq "$nshipped" ] &&
   awk -F'\t' '$1 != "test" || $3 != "pass" || $4 + 0 < 0.99 * $5 || $7 !~ /^util=[0-9.]+,kops=[0-9.]+,ref_util=[0-9.]+,ref_kops=[0-9.]+,libc_kops=[0-9.]+(,ipo=[0-9.]+,ref_ipo=[0-9.]+)?$/ {bad=1} END {exit bad}' "$work/results"; then
	ok "driver: mdriver --lab-results: the reference passes every trace with util, kops, ref_util, ref_kops, libc_kops (and ipo, ref_ipo when counted)"
else
	notok "driver: mdriver --lab-results with the reference: $(head -3 "$work/results")"
fi

# Traces it cannot read: a file that cannot be opened, one that cannot be
# read, a directory that is not there, one with no trace. Each is a line
# with status error, score 0 and what is wrong; the others still pass.
mkdir -p "$work/unread/dir.rep" "$work/no-traces"
ln -sf "$work/nowhere.rep" "$work/unread/dangling.rep"
cp labs/traces/short.rep "$work/unread/fine.rep"
rm -f "$work/results-unread"
TRACES="$work/unread:$work/absent:$work/no-traces" "$drv" -s --lab-results "$work/results-unread" >/dev/null 2>&1
status=$?
want=$(printf '%s\n' \
	"traces/unread-dangling	error	0.000000	unreadable trace: $work/unread/dangling.rep: cannot open: No such file or directory" \
	"traces/unread-dir	error	0.000000	unreadable trace: $work/unread/dir.rep: cannot read: Is a directory" \
	"traces/unread-fine	pass" \
	"traces/absent-*	error	0.000000	cannot read the trace directory $work/absent: No such file or directory" \
	"traces/no-traces-*	error	0.000000	no trace in the directory $work/no-traces (no file named *.rep)")
got=$({ grep -v '	pass	' "$work/results-unread" | cut -f2,3,4,6
       grep '^test	traces/unread-fine	pass	' "$work/results-unread" | cut -f2,3; } | sort)
want=$(sort <<<"$want")
if [ $status -eq 0 ] && [ "$got" = "$want" ] &&
   [ "$(grep -c '	pass	' "$work/results-unread")" -eq $((nshipped + 1)) ] &&
   [ "$(TRACES="$work/unread:$work/absent:$work/no-traces" "$drv" --lab-list | cut -f1 | sort)" = "$(cut -f2 "$work/results-unread" | sort)" ]; then
	ok "driver: in --lab-results an unreadable trace or directory is an error line saying why, listed as well, and the other traces still pass"
else
	notok "driver: --lab-results with unreadable traces: exit $status; want:
$want
got:
$got"
fi

# The grader shows them: through TRACES, a malformed trace, one that cannot
# be opened and a directory that is not there are errors in its report with
# the driver's messages, and the other traces are still scored. The driver
# is the judge and runs as the grader's user, so a directory of private
# traces only that user can read is graded (the submission's worker never
# sees a trace file: only the operations it is asked to do). A relative
# folder in TRACES is relative to where the grader was started.
gt="$work/grade-traces"
mkdir -p "$gt/pub" "$gt/priv"
cp labs/traces/short.rep "$gt/pub/good.rep"
printf '100\n4\n2\n1\na 0 8\nf 1\n' > "$gt/pub/bad.rep"
ln -sf "$gt/nowhere.rep" "$gt/pub/gone.rep"
cp labs/traces/short.rep "$gt/priv/hidden.rep"
chmod o+x "$SCRATCH" "$work" "$gt" "$gt/pub"
chmod 000 "$gt/priv"      # only root reads it
if [ -x "$GRADER" ]; then
	# Started from $gt with pub relative: the driver, in a scratch copy of
	# the lab, must still find it.
	proj=$PWD grader_abs=$(realpath "$GRADER")
	(cd "$gt" && TRACES="pub:$gt/priv:$gt/absent" "$grader_abs" --quiet --submission "$proj/solutions" \
		--lab 04 --format json --out "$gt/r.json" >/dev/null 2>"$gt/err")
	chmod 700 "$gt/priv"
	if [ "$(id -u)" != 0 ]; then priv=closed; else priv=open; fi
	if out=$(python3 - "$gt" "$priv" labs/traces/*.rep <<'PY' 2>&1
import json, os, sys
gt, priv, shipped = sys.argv[1], sys.argv[2], sys.argv[3:]
r = json.load(open(gt + '/r.json'))
tests = {t['name']: t for l in r['labs'] for t in l['tests']}
def want(name, status, text=''):
    t = tests.get(name)
    assert t, f'{name} is not in the report'
    assert t['status'] == status and text in t['message'], (name, t['status'], t['message'])
    assert (t['score'] > 0) == (status == 'pass'), (name, t['score'])
want('traces/pub-bad', 'error', f"malformed trace: {gt}/pub/bad.rep:6: 'f 1': block 1 is not live")
want('traces/pub-gone', 'error', f'unreadable trace: {gt}/pub/gone.rep: cannot open: No such file or directory')
want('traces/absent-*', 'error', f'cannot read the trace directory {gt}/absent: No such file or directory')
want('traces/pub-good', 'pass')
for f in shipped:
    want('traces/' + os.path.basename(f)[:-4], 'pass')
if priv == 'closed':    # the grader could not list it either
    want('traces/priv-*', 'error', f'cannot read the trace directory {gt}/priv: Permission denied')
else:
    want('traces/priv-hidden', 'pass')
PY
	); then
		ok "driver: the grader's report shows each unreadable or malformed trace of TRACES (one folder given relative) with the driver's message, and still scores the other traces (private directory: $priv)"
	else
		notok "driver: the grader with unreadable traces in TRACES: $out $(head -c 300 "$gt/err")"
	fi
else
	notok "driver: $GRADER is not built (make grader), so the grader's report of unreadable traces is not checked"
fi

rm -rf "$work"
