#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# realprogs.sh - run real programs on your allocator and compare with glibc.
#
# Usage: realprogs.sh LIBMM.so [--time RUNS]
#
# Each program runs twice: with the C library's malloc, and with
# LD_PRELOAD=LIBMM.so and MM_CHECKHEAP=1 (mm_checkheap runs at exit). The
# outputs must be the same and the preloaded run must exit 0. Prints
# "ok - NAME" or "not ok - NAME: why" per program. With --time, also runs
# each program RUNS times each way (more for short ones), alternating, and
# prints the median wall times and their ratio. REALPROGS_TIMEOUT
# (default 120) limits each run, in seconds. REALPROGS_ONLY="ls sort" runs
# those programs only.
#
# Try: make preload && ./realprogs.sh build/libmm.so --time 3
#
# Or: realprogs.sh --compare RUNS [--tsv FILE] NAME=LIB...
# runs every program with each malloc, glibc's first (glibc=, nothing
# preloaded), taking turns, and prints the median wall time and peak RSS of
# each and their ratios to glibc's (realprogs_time.py; make bench).
set -u
if [ "${1:-}" = --compare ]; then
	compare=("${@:2}")
	lib=
else
	compare=()
	lib=${1:?usage: realprogs.sh LIBMM.so [--time RUNS] | --compare RUNS [--tsv FILE] NAME=LIB...}
	case $lib in /*) ;; *) lib=$PWD/$lib ;; esac
	[ -f "$lib" ] || { echo "realprogs: $lib: no such file" >&2; exit 2; }
fi
runs=0
[ "${2:-}" = --time ] && runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The inputs: a 100,000-line file, a C file, the scripts.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%08x line %d of the sort test\n", (i * 2654435761) % 4294967296, i }' > "$work/lines.txt"
cat > "$work/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { struct node *next; char name[32]; };
static struct node *push(struct node *head, const char *name)
{
	struct node *n = malloc(sizeof *n);
	if (!n)
		exit(1);
	snprintf(n->name, sizeof n->name, "%s", name);
	n->next = head;
	return n;
}
int main(int argc, char **argv)
{
	struct node *head = NULL;
	for (int i = 0; i < argc; i++)
		head = push(head, argv[i]);
	for (struct node *n = head; n; n = n->next)
		puts(n->name);
	return 0;
}
EOF
cat > "$work/work.py" <<'EOF'
import threading, json, re
d = {}
for i in range(200000):
    d["k%d" % i] = [i, str(i) * 3, {"v": i}]
words = sorted(d, key=lambda k: k[::-1])[:5000]
text = json.dumps({w: d[w][1] for w in words})
n = len(re.findall(r"\d+", text))
def worker(seed, out):
    acc = []
    for i in range(60000):
        acc.append(("x" * (i % 300)) + str(seed))
        if len(acc) > 1000:
            acc = acc[500:]
    out.append(sum(len(a) for a in acc))
out = []
ts = [threading.Thread(target=worker, args=(s, out)) for s in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
print(len(d), len(text), n, sorted(out))
EOF
cat > "$work/work.pl" <<'EOF'
my %h;
for my $i (1 .. 300000) { $h{"key$i"} = "value" x ($i % 7) . $i; }
my $total = 0;
$total += length($h{$_}) for keys %h;
delete $h{"key$_"} for grep { $_ % 3 } 1 .. 300000;
my @k = sort keys %h;
print scalar(@k), " $total $k[0] $k[-1]\n";
EOF

# name, then the command; each runs in $work.
programs=(
	"ls|ls -la /usr/lib"
	"sort|sort lines.txt"
	"python3|env PYTHONMALLOC=malloc python3 work.py"
	"gcc|gcc -O2 -c prog.c -o /dev/stdout"
	"perl|perl work.pl"
)

limit=${REALPROGS_TIMEOUT:-120}   # seconds a program may take
if [ -n "${REALPROGS_ONLY:-}" ]; then
	only=()
	for entry in "${programs[@]}"; do
		[[ " $REALPROGS_ONLY " == *" ${entry%%|*} "* ]] && only+=("$entry")
	done
	programs=("${only[@]}")
fi

if [ ${#compare[@]} -gt 0 ]; then
	${CC:-cc} -O2 -o "$work/runrss" "$(dirname "$0")/runrss.c" || exit 2
	for entry in "${programs[@]}"; do
		cmd=${entry#*|} prog=${cmd#env PYTHONMALLOC=malloc }
		if command -v "${prog%% *}" > /dev/null; then
			echo "$entry"
		else
			echo "${entry%%|*}: skipped, ${prog%% *} is not installed" >&2
		fi
	done | RUNRSS=$work/runrss python3 "$(dirname "$0")/realprogs_time.py" "$work" "${compare[@]}"
	exit
fi

run() {   # run OUT PRELOAD CMD
	local out=$1 pre=$2
	shift 2
	if [ -n "$pre" ]; then
		(cd "$work" && LD_PRELOAD=$pre MM_CHECKHEAP=1 timeout -k 5 "$limit" bash -c "$*") > "$out" 2> "$out.err"
	else
		(cd "$work" && timeout -k 5 "$limit" bash -c "$*") > "$out" 2> "$out.err"
	fi
}

for entry in "${programs[@]}"; do
	name=${entry%%|*} cmd=${entry#*|}
	prog=${cmd#env PYTHONMALLOC=malloc }
	if ! command -v "${prog%% *}" > /dev/null; then
		echo "ok - $name: skipped, ${prog%% *} is not installed"
		continue
	fi
	run "$work/$name.glibc" "" "$cmd"
	glibc_rc=$?
	run "$work/$name.mm" "$lib" "$cmd"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "not ok - $name under libmm.so: still running after $limit seconds (glibc: exit status $glibc_rc)"
	elif [ $rc -ne 0 ]; then
		echo "not ok - $name under libmm.so: exit status $rc (glibc: $glibc_rc): $(head -c 300 "$work/$name.mm.err" | tr '\n' ' ')"
	elif ! cmp -s "$work/$name.glibc" "$work/$name.mm"; then
		echo "not ok - $name under libmm.so: output differs from the glibc run ($(wc -c < "$work/$name.mm") vs $(wc -c < "$work/$name.glibc") bytes)"
	else
		echo "ok - $name under libmm.so: same output as with glibc ($(wc -c < "$work/$name.mm") bytes), heap checked at exit"
	fi
done

[ "$runs" -gt 0 ] || exit 0
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
printf '\n%-8s %10s %10s %7s   (median wall seconds of at least %d runs each)\n' program glibc libmm ratio "$runs"
for entry in "${programs[@]}"; do
	name=${entry%%|*} cmd=${entry#*|}
	prog=${cmd#env PYTHONMALLOC=malloc }
	command -v "${prog%% *}" > /dev/null || continue
	: > "$work/t.glibc"; : > "$work/t.mm"
	# Short programs run more often: at least RUNS times, and about a
	# second's worth, so that one slow start does not decide.
	s=$(now); (cd "$work" && bash -c "$cmd") > /dev/null 2>&1; e=$(now)
	n=$(echo "r = 1 / ($e - $s + 0.001); if (r < $runs) r = $runs; if (r > 50) r = 50; r / 1" | bc)
	for ((i = 0; i < n; i++)); do
		s=$(now); (cd "$work" && bash -c "$cmd") > /dev/null 2>&1; e=$(now)
		echo "$e - $s" | bc >> "$work/t.glibc"
		s=$(now); (cd "$work" && LD_PRELOAD=$lib bash -c "$cmd") > /dev/null 2>&1; e=$(now)
		echo "$e - $s" | bc >> "$work/t.mm"
	done
	g=$(median < "$work/t.glibc") m=$(median < "$work/t.mm")
	printf '%-8s %10.3f %10.3f %7.2f\n' "$name" "$g" "$m" "$(echo "$m / $g" | bc -l)"
done
