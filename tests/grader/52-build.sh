# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The build of student files (issue "the judge", items 3 and 5): as the
# sandbox user, in bubblewrap (or the tests' own confinement), reading
# nothing it should not, with the compiler's messages about files that are
# not the student's left out of the report; the build given back to root
# before anything runs; archives checked before anything is unpacked. The
# submissions are in tests/grader/fixtures/builds/ (README.md there).
. tests/lib.sh
. tests/grader/fixture-root.sh

work="$SCRATCH/build-attacks"
[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
mkdir -p "$work"
chmod 711 "$work"
builds=tests/grader/fixtures/builds
root_user=false
[ "$(id -u)" = 0 ] && [ -z "${MEMLABS_NO_SANDBOX_USER:-}" ] && root_user=true

# attack NAME [DEFINE...]: 98-plain/plain.c made of the DEFINEs ("NAME value")
# and fixtures/builds/NAME.c, graded into $work/NAME.json (and .gs.json).
attack() {
	local name=$1 sub="$work/$1"
	shift
	mkdir -p "$sub/98-plain"
	{ for d in "$@"; do printf '#define %s\n' "$d"; done; cat "$builds/$name.c"; } > "$sub/98-plain/plain.c"
	chmod -R a+rX "$sub"
	"$g" --quiet --lab 98 --submission "$sub" --format json --out "$sub.json" \
		--also gradescope="$sub.gs.json" >/dev/null 2>&1
}
outcome() { json "$work/$1.json" "r['labs'][0]['outcome']" 2>/dev/null; }

# A file of the project anyone may read, not C, included: the compiler's
# errors quote it, the report does not (as root or not).
printf 'memlabs planted secret 5150\nanother planted line\n' > "$root/planted.txt"
chmod 644 "$root/planted.txt"
MEMLABS_VISIBILITY=hidden attack planted "PLANTED \"$root/planted.txt\""
rm -f "$root/planted.txt"
check "build: what the compiler says about an included file that is not the student's is not in the report, which says it was left out" \
	bash -c "[ '$(outcome planted)' = build_failed ] && ! grep -q 'planted secret' '$work/planted.json' '$work/planted.gs.json' &&
	         grep -q 'not the submission.s not shown' '$work/planted.json'"
check "gradescope, tests hidden: the always-visible overview says the lab does not build, without the compiler's log" \
	python3 - "$work/planted.gs.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))['output']
assert 'does not build' in out and 'compiler said' not in out and 'not shown' not in out, out
PY

if ! $root_user; then
	ok "build: the sandbox user, bubblewrap and the root-only attacks are checked as root only (skipped: not root)"
else
	attack shadow
	first=$(head -n 1 /etc/shadow)
	check "build: #include \"/etc/shadow\" does not build, and the report does not quote root's line" \
		bash -c "[ '$(outcome shadow)' = build_failed ] && ! grep -qF -- '$first' '$work/shadow.json' &&
		         grep -q 'shadow: Permission denied' '$work/shadow.json'"

	printf 'memlabs root-only secret 8086\n' > "$work/root-only.txt"
	chmod 600 "$work/root-only.txt"
	attack incbin "ROOT_ONLY \"$work/root-only.txt\""
	check "build: .incbin of a file only root may read does not build, and the file is in no report" \
		bash -c "[ '$(outcome incbin)' = build_failed ] && ! grep -q 'root-only secret' '$work/incbin.json'"

	# /proc/PID/root of this script's shell: a root process outside the
	# build, whose view of the project has solutions/ in it.
	attack procroot "PROC_SOLUTION \"/proc/$$/root$root/solutions/98-plain/plain.c\""
	check "build: the reference included through /proc/PID/root of a process outside the build does not build (score 0)" \
		test "$(outcome procroot) $(json "$work/procroot.json" "r['score']")" = "build_failed 0"

	# Without bubblewrap (MEMLABS_NO_BWRAP, as where it cannot start): the
	# tests' confinement, as the sandbox user, which root's files and
	# root's processes' /proc/PID/root refuse too.
	for name in shadow procroot; do
		MEMLABS_NO_BWRAP=1 "$g" --quiet --lab 98 --submission "$work/$name" --format json \
			--out "$work/$name-nobwrap.json" >/dev/null 2>"$work/$name-nobwrap.err"
	done
	check "build without bubblewrap: said on standard error; /etc/shadow and the reference through /proc/PID/root still do not build" \
		bash -c "grep -q 'MEMLABS_NO_BWRAP is set' '$work/shadow-nobwrap.err' &&
		         grep -q '\"outcome\": \"build_failed\"' '$work/shadow-nobwrap.json' &&
		         grep -q '\"outcome\": \"build_failed\"' '$work/procroot-nobwrap.json' &&
		         ! grep -qF -- '$first' '$work/shadow-nobwrap.json'"

	# What the sandbox user built is root's before anything runs: the
	# tests it built cannot be replaced by the code they test.
	"$g" --keep --quiet --lab 98 --submission "$root/solutions" >/dev/null 2>"$work/keep.err"
	kept=$(sed -n 's/^grader: scratch copies kept in //p' "$work/keep.err")
	check "build: after the build, every file of the student's copy is root's and only the lab folder (sticky) is writable by others" \
		bash -c "[ -d '$kept/98-plain/student/98-plain/build' ] &&
		         [ -z \"\$(find '$kept/98-plain/student' ! -uid 0)\" ] &&
		         [ \"\$(find '$kept/98-plain/student' -perm /022 ! -type l)\" = '$kept/98-plain/student/98-plain' ]"
	rm -rf "$kept"

	# A batch: mallory's file includes alice's copy of the lab, in the
	# batch's shared scratch folder, while alice's grading goes on (her lab
	# 99 hangs until the time limit).
	class="$work/class"
	mkdir -p "$class/alice/98-plain" "$class/alice/99-hostile" "$class/mallory/98-plain"
	{ echo '/* alice-was-here */'; cat "$root/solutions/98-plain/plain.c"; } > "$class/alice/98-plain/plain.c"
	{ echo '#define MODE 3'; cat "$root/solutions/99-hostile/hostile.c"; } > "$class/alice/99-hostile/hostile.c"
	cp "$builds/classmate.c" "$class/mallory/98-plain/plain.c"
	chmod -R a+rX "$class"
	"$g" --quiet --timeout 5 --batch "$class" --jobs 2 --format json --out "$work/grades" >/dev/null 2>&1
	check "build: in a batch, a file that includes a classmate's copy of the lab does not build, and the classmate's code is in no report of it" \
		bash -c "grep -qx 'alice,100,96,196,graded' '$work/grades/gradebook.csv' &&
		         grep -qx 'mallory,0,0,0,98-plain does not build; 99-hostile not started' '$work/grades/gradebook.csv' &&
		         ! grep -q alice-was-here '$work/grades/mallory.json'"
fi

# Archives: each member checked before anything is written.
class="$work/archives"
mkdir -p "$class"
python3 - "$class" "$root/solutions/98-plain/plain.c" <<'PY'
import io, sys, tarfile, zipfile
out, plain = sys.argv[1], open(sys.argv[2], 'rb').read()
def member(t, name, kind=tarfile.REGTYPE, data=b'', **kw):
    i = tarfile.TarInfo(name); i.type = kind; i.size = len(data) if kind == tarfile.REGTYPE else 0
    for k, v in kw.items(): setattr(i, k, v)
    t.addfile(i, io.BytesIO(data) if data else None)
def archive(name, *extra):
    with tarfile.open('%s/%s.tar.gz' % (out, name), 'w:gz', compresslevel=1) as t:
        member(t, '98-plain/plain.c', data=plain, mode=0o6755)
        for e in extra: e(t)
class Zeros(io.RawIOBase):
    def __init__(s, n): s.n = n
    def readable(s): return True
    def readinto(s, b):
        k = min(len(b), s.n); b[:k] = bytes(k); s.n -= k; return k
def zeros(t):
    for k in range(5):
        i = tarfile.TarInfo('98-plain/zeros%d' % k); i.size = 60 << 20; t.addfile(i, Zeros(i.size))
archive('good', lambda t: member(t, '98-plain/copy.c', tarfile.LNKTYPE, linkname='98-plain/plain.c'),
        lambda t: member(t, 'inside', tarfile.SYMTYPE, linkname='98-plain/plain.c'))
archive('device', lambda t: member(t, '98-plain/disk', tarfile.BLKTYPE, devmajor=8, devminor=0))
archive('fifo', lambda t: member(t, '98-plain/pipe', tarfile.FIFOTYPE))
archive('link-out', lambda t: member(t, 'etc', tarfile.SYMTYPE, linkname='/etc'))
archive('bomb', zeros)
with zipfile.ZipFile(out + '/many.zip', 'w') as z:
    for k in range(10001):
        z.writestr('f%d' % k, '')
PY
"$g" --quiet --batch "$class" --lab 98 --out "$work/archive-grades" >/dev/null 2>&1
check "archives: devices, FIFOs, links out, more than 256 MiB or 10000 members are refused before unpacking, each with its reason; a plain one is graded" \
	diff - "$work/archive-grades/gradebook.csv" <<'CSV'
student,98-plain,total,status
bomb,,,error: cannot unpack bomb.tar.gz: more than 256 MiB in all
device,,,"error: cannot unpack device.tar.gz: a device, FIFO or other special file: 98-plain/disk"
fifo,,,"error: cannot unpack fifo.tar.gz: a device, FIFO or other special file: 98-plain/pipe"
good,100,100,graded
link-out,,,error: cannot unpack link-out.tar.gz: a link that points outside the archive: etc
many,,,error: cannot unpack many.zip: more than 10000 members
CSV
[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"

# Each job installs its own packages (grader/packages): grading never pulls in
# the book's tools or the project's test tools, and every job's list is one
# grader/deps.sh can read.
grade_pkgs=$(grader/deps.sh --list grade sandbox)
check "deps: grading's packages ($grade_pkgs) have none of the book's (pandoc) or the tests' (clang, patch)" \
	bash -c '! grep -qwE "pandoc|weasyprint|clang|patch|gdb" <<< "$1"' _ "$grade_pkgs"
check "deps: make test installs grading's, the learner's, the book's and the tests' packages" \
	bash -c 'l=$(grader/deps.sh --list grade learner book test) && for p in libcriterion-dev strace valgrind gdb inotify-tools pandoc clang patch; do grep -qw "$p" <<< "$l" || exit 1; done'
check "deps: an unknown job is an error that names it" \
	bash -c 'out=$(grader/deps.sh --list no-such-job 2>&1); [ $? -eq 2 ] && grep -q "no-such-job" <<< "$out"'
