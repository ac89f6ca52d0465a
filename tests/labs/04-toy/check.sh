# 04-toy.sh - lab 04's own checks, and the trace driver's, memlib's and the
# trace tools' (issue 4): the driver rejects every kind of malformed trace
# with a clear message and catches allocators that misbehave in every way it
# claims to; the reference replays every trace, shipped and (when
# ../shared/traces is there) public, under ASan+UBSan; memlib does what its
# header says; the shipped traces are what the generator writes; the
# recorder makes a trace the driver replays; the handout's table adds up.
. tests/lib.sh
lab=04-toy
work="$SCRATCH/check-$lab"
rm -rf "$work"
mkdir -p "$work"
root=$PWD

# A copy of the lab with the reference's toy.c, or with a variant of it.
# lab_with NAME [SED-SCRIPT [EXTRA-C]]: builds into $work/NAME/04-toy.
lab_with() {
	local name=$1 script=${2:-} extra=${3:-} dir="$work/$1"
	lab_copy "$lab" "$dir" reference >/dev/null
	[ -n "$script" ] && sed -i "$script" "$dir/$lab/toy.c"
	[ -n "$extra" ] && printf '%s\n' "$extra" >> "$dir/$lab/toy.c"
	make -s -C "$dir/$lab" MEMLABS="$root" REFERENCE="$root/solutions" ${SANBUILD:-} \
		>"$dir/build.log" 2>&1
}

if ! lab_with ref; then
	notok "$lab: the reference builds: $(tail -n 5 "$work/ref/build.log")"
	exit 0
fi
ok "$lab: the reference builds with the driver"
drv="$work/ref/$lab/build/mdriver"

# --- the grader's protocol -------------------------------------------------
list=$("$drv" --lab-list)
n=$(wc -l <<<"$list")
sum=$(awk -F'\t' '{s += $2} END {printf "%.6f", s}' <<<"$list")
nshipped=$(ls labs/traces/*.rep | wc -l)
if [ "$n" -eq "$nshipped" ] && [ "$sum" = "24.000000" ] &&
   awk -F'\t' 'NF != 5 || $1 !~ /^traces\// || $4 != 1 || $5 == "" {bad=1} END {exit bad}' <<<"$list"; then
	ok "$lab: mdriver --lab-list lists the $n shipped traces, 5 fields each, 24 points in all"
else
	notok "$lab: mdriver --lab-list: $n lines (want $nshipped), $sum points (want 24): $(head -2 <<<"$list")"
fi
list=$(TRACES="$root/labs/traces" "$drv" --lab-list)
sum=$(awk -F'\t' '{s += $2} END {printf "%.6f", s}' <<<"$list")
if [ "$(wc -l <<<"$list")" -eq $((2 * nshipped)) ] && [ "$sum" = "24.000000" ] &&
   grep -q '^traces/traces-short	' <<<"$list"; then
	ok "$lab: TRACES adds tests named traces/DIR-NAME and the traces still share 24 points"
else
	notok "$lab: TRACES=labs/traces: $(wc -l <<<"$list") tests, $sum points: $(tail -1 <<<"$list")"
fi
rm -f "$work/results"
"$drv" --lab-results "$work/results" >/dev/null 2>&1
if [ "$(grep -c '' "$work/results")" -eq "$nshipped" ] &&
   awk -F'\t' '$1 != "test" || $3 != "pass" || $4 + 0 < 0.99 * $5 || $7 !~ /^util=[0-9.]+,kops=[0-9.]+,ref_util=[0-9.]+,ref_kops=[0-9.]+,libc_kops=[0-9.]+$/ {bad=1} END {exit bad}' "$work/results"; then
	ok "$lab: mdriver --lab-results: the reference passes every trace with util, kops, ref_util, ref_kops, libc_kops"
else
	notok "$lab: mdriver --lab-results with the reference: $(head -3 "$work/results")"
fi

# --- malformed traces --------------------------------------------------------
# bad NAME 'EXPECTED MESSAGE' CONTENT: the driver must refuse the trace with a
# message containing the text (and the file and line), and must not crash.
bad() {
	local name=$1 want=$2 file="$work/bad/$1.rep"
	mkdir -p "$work/bad"
	printf "$3" > "$file"
	local out status
	out=$("$drv" -s -f "$file" 2>&1); status=$?
	if [ $status -eq 1 ] && grep -qF -- "$want" <<<"$out" && grep -q "error" <<<"$out"; then
		ok "$lab: mdriver refuses a trace with $name: $(grep -o 'malformed trace: .*' <<<"$out" | head -c 160)"
	else
		notok "$lab: a trace with $name: exit $status (want 1), message without '$want': $(head -c 400 <<<"$out")"
	fi
}
H='100\n4\n'   # a classic header's first two numbers
bad "an unknown operation"    ".rep:6: unknown operation 'x'"    "${H}2\n1\na 0 8\nx 0\n"
bad "a missing size"          ".rep:5: 'a' is missing the size"  "${H}1\n1\na 0\n"
bad "a missing block id"      "'f' is missing the block id"           "${H}1\n1\nf\n"
bad "an id out of range"      "block id 4 is out of range: the header says num_ids = 4" "${H}1\n1\na 4 8\n"
bad "a free of a block never allocated" "'f 2': block 2 is not live" "${H}2\n1\na 0 8\nf 2\n"
bad "a double free"           "'f 0': block 0 is not live"            "${H}3\n1\na 0 8\nf 0\nf 0\n"
bad "a realloc of a freed block" "'r 0': block 0 is not live"         "${H}3\n1\na 0 8\nf 0\nr 0 9\n"
bad "an alloc of a live id"   "'a 0': block 0 is still live"          "${H}2\n1\na 0 8\na 0 8\n"
bad "a size that is not a number" "the size '12x' is not a number"    "${H}1\n1\na 0 12x\n"
bad "a negative size"         "the size '-5' is not a number"         "${H}1\n1\na 0 -5\n"
bad "a size of 0"             "the size is 0"                         "${H}1\n1\na 0 0\n"
bad "a size over 1 GiB"       "larger than the 1 GiB"                 "${H}1\n1\na 0 2000000000\n"
bad "an extra field"          "'f' takes 1 field, found 2"            "${H}2\n1\na 0 8\nf 0 8\n"
bad "a calloc without its element size" "'c' is missing the element size" "${H}1\n1\nc 0 4\n"
bad "fewer operations than num_ops" "the file ends after 1 operations; the header's num_ops says 3" "${H}3\n1\na 0 8\n"
bad "more operations than num_ops" "more operations than the header's num_ops = 1" "${H}1\n1\na 0 8\nf 0\n"
bad "a header cut short"      "the file ends inside the header: num_ops is missing" "100\n4\n"
bad "an empty file"           "the file ends inside the header: sugg_heapsize is missing" ""
bad "a header that is not numbers" "header line 2 (num_ids): 'four' is not a number" "100\nfour\n1\n1\na 0 8\n"
bad "two numbers on a header line" "header line 1 (sugg_heapsize): expected one number, found 2 fields" "100 4\n1\n1\na 0 8\n"
bad "num_ids of 0"            "num_ids is 0: it must be between 1"    "100\n0\n1\n1\na 0 8\n"
bad "a NUL byte"              "not a text file"                       "${H}1\n1\na 0 8\0\n"
bad "no operations"           "the trace has no operations"           "${H}0\n1\n"
out=$("$drv" -s -f "$work/bad/does-not-exist.rep" 2>&1)
if grep -q "cannot open: No such file or directory" <<<"$out"; then
	ok "$lab: mdriver reports a trace file that does not exist"
else
	notok "$lab: a missing trace file: $(head -c 300 <<<"$out")"
fi
# The same operations under both headers replay alike.
printf '1\n3\n4\n40\na 0 8\na 1 16\nf 0\nf 1\n' > "$work/cmu.rep"
printf '4096\n3\n4\n1\na 0 8\na 1 16\nf 0\nf 1\n' > "$work/classic.rep"
if "$drv" -s -f "$work/cmu.rep" -f "$work/classic.rep" >/dev/null 2>&1; then
	ok "$lab: mdriver reads the CMU header (weight first) and the classic one (heap size first)"
else
	notok "$lab: a trace with a CMU or classic header fails: $("$drv" -s -f "$work/cmu.rep" -f "$work/classic.rep" 2>&1 | head -c 300)"
fi
# --lab-results of a malformed trace: an error line, the others still run.
rm -f "$work/results-bad"
TRACES="$work/bad" "$drv" -s --lab-results "$work/results-bad" >/dev/null 2>&1
if [ "$(grep -c '	error	' "$work/results-bad")" -eq "$(ls "$work"/bad/*.rep | wc -l)" ] &&
   [ "$(grep -c '	pass	' "$work/results-bad")" -eq "$nshipped" ]; then
	ok "$lab: in --lab-results a malformed trace is an error and the other traces still pass"
else
	notok "$lab: --lab-results with malformed traces: $(grep -v '	pass	' "$work/results-bad" | head -3)"
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
	ok "$lab: in --lab-results an unreadable trace or directory is an error line saying why, listed as well, and the other traces still pass"
else
	notok "$lab: --lab-results with unreadable traces: exit $status; want:
$want
got:
$got"
fi

# The grader shows them: through TRACES, a malformed trace, one that cannot
# be opened and a directory that is not there are errors in its report with
# the driver's messages, and the other traces are still scored. A grader
# running as root runs the driver as another user, who may not read a
# directory the grader could list: each of its traces then says so. A
# relative folder in TRACES is relative to where the grader was started.
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
	if [ "$(id -u)" != 0 ]; then priv=closed
	elif [ -z "${MEMLABS_NO_SANDBOX_USER:-}" ] && ! grep -q 'closed to other users' "$gt/err"; then priv=sandbox
	else priv=open; fi
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
elif priv == 'sandbox':
    want('traces/priv-hidden', 'error', f'cannot read the trace directory {gt}/priv: Permission denied')
else:
    want('traces/priv-hidden', 'pass')
PY
	); then
		ok "$lab: the grader's report shows each unreadable or malformed trace of TRACES (one folder given relative) with the driver's message, and still scores the other traces (private directory: $priv)"
	else
		notok "$lab: the grader with unreadable traces in TRACES: $out $(head -c 300 "$gt/err")"
	fi
else
	notok "$lab: $GRADER is not built (make grader), so the grader's report of unreadable traces is not checked"
fi

# --- allocators that misbehave ---------------------------------------------
# misbehave NAME 'EXPECTED' SED [EXTRA-C]: a toy.c variant, replayed on the
# short trace; the driver must report the trace as failed with the message.
misbehave() {
	local name=$1 want=$2
	if ! lab_with "$name" "$3" "${4:-}"; then
		notok "$lab: the '$name' allocator builds: $(tail -n 5 "$work/$name/build.log")"
		return
	fi
	local out
	out=$("$work/$name/$lab/build/mdriver" -s -T 3 -f "$root/labs/traces/short.rep" 2>&1)
	if grep -qF -- "$want" <<<"$out" && grep -q "short .* \(fail\|timeout\)" <<<"$out"; then
		ok "$lab: mdriver catches an allocator that $name: $(sed -n 3p <<<"$out" | sed 's/^ *//' | head -c 200)"
	else
		notok "$lab: an allocator that $name: want '$want', got: $(head -c 400 <<<"$out")"
	fi
	rm -rf "$work/$name"
}
rename='s/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/'
misbehave "hands out the C library's memory" "is not inside the heap" "$rename" \
	'#include <stdlib.h>
void *toy_malloc(size_t size) { return malloc(size); }'
misbehave "returns a misaligned payload" "is not aligned to 16 bytes" "$rename" \
	'void *toy_malloc(size_t size) { char *p = real_malloc(size + 8); return p ? p + 8 : p; }'
misbehave "returns a block twice" "overlaps block" "$rename" \
	'void *toy_malloc(size_t size) { static char *last; if (last && size < 100) return last; return last = real_malloc(size < 100 ? 100 : size); }'
misbehave "writes into a live payload" "was changed before it was freed" "$rename" \
	'void *toy_malloc(size_t size) { static char *first; char *p = real_malloc(size); if (first) first[3] ^= 1; else first = p; return p; }'
misbehave "returns NULL" "malloc returned NULL for block" "$rename" \
	'void *toy_malloc(size_t size) { (void)real_malloc; (void)size; return 0; }'
misbehave "crashes" "died of SEGV" "$rename" \
	'void *toy_malloc(size_t size) { static int n; if (++n == 3) *(volatile int *)0 = 0; return real_malloc(size); }'
misbehave "hangs" "no result within 3 s" "$rename" \
	'void *toy_malloc(size_t size) { static int n; if (++n == 3) for (;;) {} return real_malloc(size); }'
misbehave "exits the process" "ended the process with exit status 0" "$rename" \
	'#include <stdlib.h>
void *toy_malloc(size_t size) { static int n; if (++n == 3) exit(0); return real_malloc(size); }'
# realloc and calloc: the toy has neither, so these give the submission's side
# a bad one through the adapter (ALLOCATOR_STUDENT is defined only there).
bad_api() {
	local name=$1 want=$2 trace=$3 funcs=$4 fields=$5 dir="$work/$1"
	lab_copy "$lab" "$dir" reference >/dev/null
	cat > "$dir/$lab/alloc_api.c" <<C
#include "allocator.h"
#include "toy.h"
#ifdef ALLOCATOR_STUDENT
$funcs
#endif
const struct allocator ALLOCATOR_VAR = {
	.name = "toy", .init = toy_init, .malloc = toy_malloc, .free = toy_free,
#ifdef ALLOCATOR_STUDENT
	$fields
#endif
	.check = toy_check, .uses_memlib = true,
};
C
	if ! make -s -C "$dir/$lab" MEMLABS="$root" REFERENCE="$root/solutions" >"$dir/build.log" 2>&1; then
		notok "$lab: the '$name' adapter builds: $(tail -n 5 "$dir/build.log")"
		return
	fi
	local out
	out=$("$dir/$lab/build/mdriver" -s -f "$root/labs/traces/$trace.rep" 2>&1)
	if grep -qF -- "$want" <<<"$out" && grep -q "^$trace .* fail" <<<"$out"; then
		ok "$lab: mdriver catches $name: $(sed -n 3p <<<"$out" | sed 's/^ *//' | head -c 200)"
	else
		notok "$lab: $name: want '$want', got: $(head -c 400 <<<"$out")"
	fi
	rm -rf "$dir"
}
bad_api "a realloc that does not copy" "did not keep its contents" realloc \
	'static void *bad_realloc(void *p, size_t n) { void *q = toy_malloc(n); toy_free(p); return q; }' \
	'.realloc = bad_realloc,'
bad_api "a calloc that does not zero" "is not zero" calloc \
	'static void *bad_calloc(size_t n, size_t size) { return toy_malloc(n * size); }' \
	'.calloc = bad_calloc,'

# An allocator that does other work when it is timed than when it is checked
# (here: bigger blocks from the second init on) keeps its correctness and
# utilization points but gets no speed points.
if lab_with cheat 's/^int toy_init(void)$/static int real_init(void)/; s/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/' \
	'static int round_;
int toy_init(void) { round_++; return real_init(); }
void *toy_malloc(size_t size) { return real_malloc(round_ > 2 ? size + 64 : size); }'; then
	rm -f "$work/cheat/r"
	TRACES= "$work/cheat/$lab/build/mdriver" --lab-results "$work/cheat/r" -f "$root/labs/traces/random.rep" >/dev/null 2>&1
	line=$(cat "$work/cheat/r")
	score=$(cut -f4 <<<"$line"); max=$(cut -f5 <<<"$line")
	if grep -q "	pass	" <<<"$line" && grep -q "no speed points" <<<"$line" &&
	   awk -v s="$score" -v m="$max" 'BEGIN {exit !(s < 0.81 * m && s > 0.79 * m)}'; then
		ok "$lab: an allocator whose timed replays differ from the checked one gets no speed points ($score of $max)"
	else
		notok "$lab: an allocator that changes when timed: $(head -c 400 <<<"$line")"
	fi
else
	notok "$lab: the 'cheat' allocator builds: $(tail -n 5 "$work/cheat/build.log")"
fi
rm -rf "$work/cheat"

# --- the reference replays every trace under ASan+UBSan -------------------
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if SANBUILD=SAN=1 lab_with san; then
	sdrv="$work/san/$lab/build/mdriver"
	sets=("$root/labs/traces")
	for s in csapp cmu; do
		[ -d "$root/../shared/traces/$s" ] && sets+=("$root/../shared/traces/$s")
	done
	for d in "${sets[@]}"; do
		out=$("$sdrv" -R -T 120 -t "$d" 2>&1); status=$?
		total=$(ls "$d"/*.rep | wc -l)
		if [ $status -eq 0 ] && ! grep -q Sanitizer <<<"$out" && grep -q "^$total of $total traces correct" <<<"$out"; then
			ok "$lab: the reference replays all $total traces of $(basename "$d") with every check, under ASan+UBSan"
		else
			notok "$lab: the reference under ASan+UBSan on $d: exit $status: $(grep -v ' ok ' <<<"$out" | head -c 600)"
		fi
	done
	[ ${#sets[@]} -eq 1 ] && ok "$lab: ../shared/traces is absent: only the project's traces were replayed"
	# Nothing crashes on bad input: 300 random mutations of a trace (bytes
	# changed, lines dropped, doubled or cut) give a result or a message.
	mkdir -p "$work/fuzz"
	python3 - "$root/labs/traces/short.rep" "$work/fuzz" <<'PY'
import random, sys
src = open(sys.argv[1], 'rb').read()
rng = random.Random(4)
for i in range(300):
    lines = src.split(b'\n')
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        how = rng.randrange(5)
        if how == 0:
            del lines[k]
        elif how == 1:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif how == 2 and lines[k]:
            j = rng.randrange(len(lines[k]))
            lines[k] = lines[k][:j] + bytes([rng.choice(b'0123456789 afrcx-\t\0\xff')]) + lines[k][j + 1:]
        elif how == 3:
            lines[k] = lines[k][:rng.randrange(len(lines[k]) + 1)]
        else:
            lines[k] = lines[k] + b' ' + str(rng.choice([0, 1, 7, 99, 2**31, 2**64, -1])).encode()
    if i % 2 and len(lines) > 4:   # half keep num_ops honest, to get past it
        lines[2] = str(sum(1 for l in lines[4:] if l.strip())).encode()
    open(f'{sys.argv[2]}/m{i:03d}.rep', 'wb').write(b'\n'.join(lines))
PY
	out=$("$sdrv" -R -T 20 -t "$work/fuzz" 2>&1); status=$?
	counted=$(grep -cE '^m[0-9]{3} +(ok|error) ' <<<"$out")
	if [ $status -le 1 ] && [ "$counted" -eq 300 ] && ! grep -q 'Sanitizer\|died of' <<<"$out"; then
		ok "$lab: 300 mutated traces: each replays or is refused with a message ($(grep -c ' error ' <<<"$out") refused), no crash under ASan+UBSan"
	else
		notok "$lab: mutated traces: exit $status, $counted of 300 reported: $(grep -v ' ok \| error \|malformed' <<<"$out" | head -c 600)"
	fi
else
	notok "$lab: the lab builds with SAN=1: $(tail -n 5 "$work/san/build.log")"
fi
rm -rf "$work/san"

# --- memlib does what memlib.h says ------------------------------------------
cat > "$work/memlib_check.c" <<'C'
#include "memlib.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
static int fails;
static void expect(int cond, const char *what)
{
	printf("%s - memlib: %s\n", cond ? "ok" : "not ok", what);
	fails += !cond;
}
int main(void)
{
	mem_init();
	char *lo = mem_heap_lo();
	expect((unsigned long)lo == MEM_HEAP_HINT, "the heap starts at MEM_HEAP_HINT (0x600000000000)");
	expect(mem_heapsize() == 0 && (char *)mem_heap_hi() == lo - 1, "an empty heap: size 0, hi = lo - 1");
	char *p = mem_sbrk(100);
	expect(p == lo && mem_heapsize() == 100 && (char *)mem_heap_hi() == lo + 99, "mem_sbrk(100) returns the old break and moves it by 100");
	memset(p, 0xab, 100);
	errno = 0;
	expect(mem_sbrk(-200) == (void *)-1 && errno == EINVAL, "mem_sbrk below the start fails with EINVAL");
	expect(mem_sbrk(-50) == lo + 100 && mem_heapsize() == 50, "a negative increment shrinks the heap");
	mem_set_limit(1 << 20);
	errno = 0;
	expect(mem_sbrk(2 << 20) == (void *)-1 && errno == ENOMEM, "past mem_set_limit, mem_sbrk fails with ENOMEM");
	mem_set_limit(MEM_MAX_HEAP);
	errno = 0;
	expect(mem_sbrk((intptr_t)MEM_MAX_HEAP) == (void *)-1 && errno == ENOMEM, "past MEM_MAX_HEAP, mem_sbrk fails with ENOMEM");
	mem_reset_brk();
	expect(mem_heapsize() == 0, "mem_reset_brk empties the heap");
	p = mem_sbrk(100);
	expect(p == lo && p[0] == 0 && p[99] == 0, "after mem_reset_brk the heap reads zero again");
	pid_t pid = fork();
	if (pid == 0) {
		volatile char *q = lo + mem_pagesize();   /* the page past the break */
		*q = 1;
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a write to the page past the break is a SIGSEGV");
	pid = fork();
	if (pid == 0) {
		lo[mem_pagesize() - 1] = 1;               /* same page as the break */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the rest of the break's page is writable (page granularity)");
	/* mem_rewind_brk: empty and zero, but the pages stay open and only
	   the ones touched are brought in. */
	size_t page = mem_pagesize(), big = 4096 * page;
	mem_reset_brk();
	p = mem_sbrk((intptr_t)(3 * page));
	memset(p, 0xcd, 3 * page);
	expect(mem_sbrk((intptr_t)big) != (void *)-1, "mem_sbrk opens many pages");
	mem_sbrk(-(intptr_t)page);                /* below the high-water mark */
	mem_rewind_brk();
	expect(mem_heapsize() == 0 && mem_heap_lo() == lo, "mem_rewind_brk empties the heap");
	static unsigned char vec[8192];
	int resident = 0;
	if (mincore(lo, 3 * page + big, vec) == 0)
		for (size_t i = 0; i < 3 + big / page; i++)
			resident += vec[i] & 1;
	expect(resident < 1024, "mem_rewind_brk does not bring in the pages nobody touched");
	p = mem_sbrk((intptr_t)(3 * page));
	int zero = 1;
	for (size_t i = 0; i < 3 * page; i++)
		zero &= p[i] == 0;
	expect(p == lo && zero, "after mem_rewind_brk the heap reads zero again");
	pid = fork();
	if (pid == 0) {
		lo[3 * page + 10] = 1;                /* past the break, below the mark */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "after mem_rewind_brk the pages the heap reached stay writable");
	mem_reset_brk();
	mem_sbrk(100);
	pid = fork();
	if (pid == 0) {
		lo[3 * page + 10] = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "mem_reset_brk closes them again: a write past the break faults");
	mem_deinit();
	mem_init();
	expect(mem_heapsize() == 0 && mem_heap_lo() == lo, "mem_deinit then mem_init gives an empty heap at the same address");
	return fails != 0;
}
C
if cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilabs/common "$work/memlib_check.c" labs/common/memlib.c -o "$work/memlib_check" 2>"$work/memlib.log"; then
	"$work/memlib_check"
else
	notok "memlib: the check program builds: $(head -c 400 "$work/memlib.log")"
fi

# --- the trace tools -----------------------------------------------------------
if python3 labs/tracegen/gen.py "$work/gen" 2>"$work/gen.log"; then
	stale=""
	for f in "$work"/gen/*.rep; do
		cmp -s "$f" "labs/traces/$(basename "$f")" || stale="$stale $(basename "$f")"
	done
	if [ -z "$stale" ]; then
		ok "tracegen: the shipped synthetic traces are exactly what gen.py writes ($(ls "$work"/gen/*.rep | wc -l) files)"
	else
		notok "tracegen: shipped traces differ from gen.py's output:$stale (run labs/tracegen/gen.py)"
	fi
else
	notok "tracegen: gen.py runs: $(tail -3 "$work/gen.log")"
fi
if MEMREC_SO="$work/libmemrec.so" labs/tracegen/memrec.sh "$work/ls.rep" ls -l "$root/labs" >/dev/null 2>"$work/rec.log"; then
	out=$("$drv" -s -f "$work/ls.rep" 2>&1)
	if grep -q "^1 of 1 traces correct" <<<"$out"; then
		ok "tracegen: memrec.sh records 'ls -l' ($(sed -n 3p "$work/ls.rep") operations) into a trace the driver replays"
	else
		notok "tracegen: the recorded trace does not replay: $(head -c 400 <<<"$out")"
	fi
else
	notok "tracegen: memrec.sh ls -l: $(tail -3 "$work/rec.log")"
fi

# --- the handout -------------------------------------------------------------
readme=labs/$lab/README.md
crit=$(cd "$work/ref/$lab" && ./build/run-tests --lab-list | awk -F'\t' '{s += $2} END {print s}')
total=$(sed -n 's/^| \*\*total\*\* | \([0-9]*\) tests | \*\*\([0-9]*\)\*\* |$/\1 \2/p' "$readme")
ntests=$(( $(cd "$work/ref/$lab" && ./build/run-tests --lab-list | wc -l) + nshipped ))
table=$(awk -F'|' '/^\| [0-9]\./ {s += $(NF-1)} END {print s}' "$readme")
if [ "$total" = "$ntests 100" ] && [ "$table" -eq 100 ] && [ $((crit + 24)) -eq 100 ]; then
	ok "$lab: the handout's table adds up to 100 over $ntests tests, as the tests and the driver list them"
else
	notok "$lab: handout table: '$total' (want '$ntests 100'), rows sum to $table, tests+traces = $((crit + 24))"
fi
unnamed=""
for t in $(cd "$work/ref/$lab" && ./build/run-tests --lab-list | cut -f1); do
	grep -qF "\`$t\`" "$readme" || grep -qF "\`${t%%/*}/*\`" "$readme" || unnamed="$unnamed $t"
done
if [ -z "$unnamed" ]; then
	ok "$lab: every test of the lab is named in the handout (or its suite is)"
else
	notok "$lab: the handout does not name these tests:$unnamed"
fi
rm -rf "$work"
