#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# record.sh - re-record the project's shipped traces of real programs.
#
# Usage: labs/tracegen/record.sh [OUTDIR]     (default: labs/traces)
#
# Writes the small rec-* traces (labs 04 and 05) into OUTDIR and lab 05's
# real-* traces, compressed, into OUTDIR/real (real-NAME.rep.gz; lab 05's
# build unpacks them into build/traces-real).
#
# It cannot reproduce the shipped files byte for byte on another machine:
# what a program allocates depends on the C library, the program's
# version, the locale and the files it reads. The shipped files are fixed:
# they are what these commands did on Debian 12 (glibc 2.36, gcc 12.2,
# Python 3.11, Perl 5.36, git 2.39, sqlite 3.40, bash 5.2) when they were
# recorded, and grading uses them, not a new recording. The inputs are
# made here, so the same machine gives the same traces.
#
# A real-* trace keeps a program's first 30,000 operations (memrec.sh's
# MEMREC_OPS; Python's first 45,000, past the 30,000 of its start), then
# frees the blocks still live: enough to show how the program allocates,
# cheap enough to grade on every run (a correct implicit list takes about
# 15 s on the Python one, most of it counted under valgrind).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../traces}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
# 2,000 lines of pseudo-random words, the same every time.
awk 'BEGIN { srand(4); for (i = 0; i < 2000; i++) {
	n = 1 + int(rand() * 8); s = ""
	for (j = 0; j < n; j++) s = s sprintf("%c", 97 + int(rand() * 26))
	print s, int(rand() * 100000) } }' > "$tmp/words"
mkdir -p "$tmp/dir"
for i in $(seq 1 40); do echo "$i" > "$tmp/dir/file-$i"; done
"$here/memrec.sh" "$out/rec-ls.rep" ls -l "$tmp/dir" > /dev/null
"$here/memrec.sh" "$out/rec-sort.rep" sort "$tmp/words" > /dev/null
"$here/memrec.sh" "$out/rec-perl.rep" perl -e \
	'my %h; $h{"k$_"} = "v" x ($_ % 50) for 1..800; delete $h{"k$_"} for grep { $_ % 3 } 1..800; print scalar(keys %h), "\n"' > /dev/null

# --- lab 05's real-* traces ---
mkdir -p "$out/real"
real() {        # real NAME OPS CMD...: the first OPS operations of CMD, gzipped
	local name=$1 ops=$2
	shift 2
	MEMREC_OPS=$ops "$here/memrec.sh" "$tmp/$name.rep" "$@" > /dev/null
	gzip -9 -n -c "$tmp/$name.rep" > "$out/real/$name.rep.gz"
}
root=$(cd "$here/../.." && pwd)
# gcc's compiler proper compiling one of the project's files (-O2).
cc1=$(gcc -print-prog-name=cc1)
real real-cc1 30000 "$cc1" -quiet -O2 -I"$root/labs/common" -I"$root/labs/driver" \
	"$root/labs/driver/tracefile.c" -o "$tmp/tracefile.s"
# Python with the C library's malloc (PYTHONMALLOC=malloc, not its own
# pymalloc): a dictionary of records to JSON and back, a third deleted.
cat > "$tmp/dicts.py" <<'EOF'
import json
d = {}
for i in range(3000):
    d["key%d" % i] = {"n": i, "s": "x" * (i % 40), "l": list(range(i % 7))}
s = json.dumps(d, sort_keys=True)
e = json.loads(s)
for k in list(e)[::3]:
    del e[k]
print(len(e), len(s))
EOF
PYTHONMALLOC=malloc PYTHONHASHSEED=0 real real-python 45000 /usr/bin/python3 -S "$tmp/dicts.py"
# Perl: a hash of 6,000 joined lists, sorted by value, half deleted.
real real-perl 30000 perl -e 'my %h; for my $i (1..6000) { $h{"k$i"} = join(",", map { $_ * $i } 1..($i % 12)) }
	my @k = sort { $h{$a} cmp $h{$b} } keys %h; delete $h{$_} for @k[0..3000];
	print length(join(";", map { "$_=$h{$_}" } sort keys %h)), "\n"'
# git: the history of a repository of 150 commits made here, with diffs.
git init -q "$tmp/repo"
for i in $(seq 1 150); do
	seq "$i" 3 400 | sed "s/^/line $i: /" > "$tmp/repo/file-$((i % 5)).txt"
	git -C "$tmp/repo" add -A
	GIT_AUTHOR_DATE="@$((1704067200 + 60 * i)) +0000" GIT_COMMITTER_DATE="@$((1704067200 + 60 * i)) +0000" \
		git -C "$tmp/repo" -c user.name=memlabs -c user.email=memlabs@example.org \
		commit -q -m "commit $i"
done
real real-git 30000 git -C "$tmp/repo" --no-pager log -p --stat
# sqlite3: 10,000 rows inserted, an index, queries.
real real-sqlite 30000 sqlite3 "$tmp/db" "create table t(id integer primary key, name text, v real);
	with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000)
	insert into t(name, v) select 'name' || x, x * 1.5 from c;
	create index ti on t(name);
	select count(*), sum(v) from t where name like 'name1%';
	select name from t order by v desc limit 5;
	delete from t where id % 3 = 0;
	select count(*) from t group by length(name);"
# bash: an associative array of 3,000 keys, then a string built from it.
real real-bash 30000 bash -c 'declare -A h; for ((i = 0; i < 3000; i++)); do h[k$i]=$((i * 7))x; done
	s=; for k in "${!h[@]}"; do s+=${h[$k]}; done; echo ${#s}'
echo "record.sh: recorded into $out and $out/real. A recording matches the shipped" \
	"traces byte for byte only on the machine and versions they were made with" \
	"(Debian 12, above); the shipped files are fixed and grading uses them." >&2
