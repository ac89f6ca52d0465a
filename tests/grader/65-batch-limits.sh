# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# One student never costs another in a batch (issue 12): a grading that
# overruns its time is an error row, and nothing of it is left running; a
# student who fills the scratch disk fills only a file system of its own (as
# root), and any student graded while a scratch file system was full gets an
# error row, never a silent 0; grading others' code without root is refused.
. tests/lib.sh
. tests/grader/fixture-root.sh

# student NAME SOURCE-OF-TWICE: a one-lab upload (98-plain) in $class.
student() {
	mkdir -p "$class/$1"
	printf '%s\n' "$2" > "$class/$1/plain.c"
}
good='int twice(int x) { return 2 * x; }'

# The gradebook's rows but the header, as "name,scores...,status" lines.
rows() { tail -n +2 "$1/gradebook.csv"; }
export -f rows

# A student whose tests hang (past Criterion's 10 s each) is cut at 8 s.
class="$SCRATCH/slow-class"
rm -rf "$class" "$SCRATCH/slow-tmp"
mkdir -p "$SCRATCH/slow-tmp"
chmod 1777 "$SCRATCH/slow-tmp"
student alice "$good"
student hugo '#include <unistd.h>
int twice(int x) { for (;;) pause(); return x; }'
claims_before=$(find /run/memlabs-uids -mindepth 1 -printf '%f ' 2>/dev/null)
start=$SECONDS
TMPDIR="$SCRATCH/slow-tmp" "$g" --quiet --batch "$class" --lab plain --jobs 2 \
	--student-timeout 8 --out "$SCRATCH/slow-grades" >/dev/null 2>&1
status=$? took=$((SECONDS - start))
check "batch limits: a student over --student-timeout is an error row with the reason, the others graded, exit 1, in time" \
	bash -c "[ $status = 1 ] && [ $took -lt 20 ] &&
	         diff <(rows '$SCRATCH/slow-grades' | sed 's/ (the limit.*//') - <<'EOF'
alice,100,100,graded
hugo,,,error: grading took more than 8 s
EOF"
left=$(new_unclaimed "$claims_before")
check "batch limits: nothing of the stopped grading is left running, nor its sandbox user claimed" \
	bash -c "! grep -qs '$SCRATCH/slow-tm[p]' /proc/[0-9]*/cmdline /proc/[0-9]*/environ && [ -z '$left' ]"

[ "$(id -u)" = 0 ] || exit 0

# A student whose code fills the disk: files of 64 MiB (RLIMIT_FSIZE) until
# there is no space left, where its tests run, then 3 s before it returns.
# It starts first (aaron); the scratch folder is on a file system of
# 200 MiB here, to fill it fast.
filler='#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int twice(int x)
{
	static char chunk[1 << 20];
	memset(chunk, 1, sizeof chunk);
	signal(SIGXFSZ, SIG_IGN);
	for (int i = 0; i < 64; i++) {
		char name[32];
		snprintf(name, sizeof name, "fill-%d", i);
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			break;
		ssize_t n;
		while ((n = write(fd, chunk, sizeof chunk)) > 0)
			;
		close(fd);
		if (n < 0 && errno != EFBIG)
			break;
	}
	sleep(3);   /* the disk stays full while others are graded */
	return 2 * x;
}'
filler=${filler/<unistd.h>/<unistd.h>
#include <errno.h>}
small="$SCRATCH/small"
mkdir -p "$small"
if ! mount -t tmpfs -o size=200m memlabs-test-small "$small"; then
	notok "batch limits: cannot mount a small tmpfs for the disk-full checks"
	exit 0
fi
chmod 1777 "$small"
class="$SCRATCH/full-class"
rm -rf "$class"
student aaron "$filler"
for name in alice bob carl dina erin zoe; do
	student $name "$good"
done
# Right only where its tests run on a tmpfs of at most 32 MiB, nodev and nosuid.
student mounts '#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>
int twice(int x)
{
	struct statfs fs;
	struct statvfs v;
	if (statfs(".", &fs) < 0 || statvfs(".", &v) < 0 || fs.f_type != TMPFS_MAGIC ||
	    (unsigned long long)fs.f_blocks * fs.f_bsize > (32ULL << 20) ||
	    !(v.f_flag & ST_NODEV) || !(v.f_flag & ST_NOSUID))
		return -1;
	return 2 * x;
}'

TMPDIR="$small" "$g" --quiet --batch "$class" --lab plain --jobs 2 --scratch-size 32 \
	--out "$SCRATCH/full-own" >/dev/null 2>&1
check "batch limits: as root, each student is graded on a tmpfs of its own (nodev, nosuid, --scratch-size); the student who fills it has an error row, the others are graded" \
	bash -c "diff <(rows '$SCRATCH/full-own' | sed 's/ (no space.*//') - <<'EOF'
aaron,,,error: a scratch file system filled up while this student was graded
alice,100,100,graded
bob,100,100,graded
carl,100,100,graded
dina,100,100,graded
erin,100,100,graded
mounts,100,100,graded
zoe,100,100,graded
EOF"

TMPDIR="$small" "$g" --quiet --batch "$class" --lab plain --jobs 2 --scratch-size 0 \
	--out "$SCRATCH/full-shared" >/dev/null 2>&1
check "batch limits: on a shared scratch disk that fills up, the students graded meanwhile have an error row, the others their scores (none silently loses points)" \
	bash -c "rows '$SCRATCH/full-shared' | grep -q '^aaron,,,error: a scratch file system filled up' &&
	         rows '$SCRATCH/full-shared' | grep -v '^aaron,' | grep -q ',,,error: a scratch file system filled up' &&
	         ! rows '$SCRATCH/full-shared' | grep -v '^mounts,' | grep -v ',100,100,graded$' |
	           grep -v ',,,error: a scratch file system filled up'"
umount "$small"

# Others' code graded as a user that is not root: refused in a batch and for
# Autolab and Gradescope, unless asked for, and then with a warning.
chmod -R o+rX "$root"
class="$SCRATCH/nobody-class"
rm -rf "$class" "$SCRATCH/nobody-out"
student alice "$good"
mkdir -p "$SCRATCH/nobody-out" "$SCRATCH/nobody-tmp"
chmod 1777 "$SCRATCH/nobody-out" "$SCRATCH/nobody-tmp"
chmod -R o+rX "$class"
as_nobody() {
	env -u MEMLABS_ALLOW_UNSAFE TMPDIR="$SCRATCH/nobody-tmp" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$g" --quiet "$@"
}
for how in "--batch $class --out $SCRATCH/nobody-out" "--format autolab --submission $class/alice --lab plain" \
           "--format gradescope --submission $class/alice --lab plain"; do
	# shellcheck disable=SC2086
	as_nobody $how >/dev/null 2>"$SCRATCH/nobody.err"; status=$?
	check "batch limits: as a user that is not root, '$how' is refused with the reason (exit 2)" \
		bash -c "[ $status = 2 ] && grep -q 'refusing: grading others.* not root' '$SCRATCH/nobody.err' &&
		         [ ! -e '$SCRATCH/nobody-out/gradebook.csv' ]"
done
as_nobody --allow-unsafe --batch "$class" --lab plain --out "$SCRATCH/nobody-out" >/dev/null 2>"$SCRATCH/nobody.err"
check "batch limits: with --allow-unsafe it grades, with a warning" \
	bash -c "grep -q 'WARNING: grading others.* not root' '$SCRATCH/nobody.err' &&
	         grep -q '^alice,100,100,graded$' '$SCRATCH/nobody-out/gradebook.csv'"
as_nobody --lab plain --submission "$class/alice" >/dev/null 2>"$SCRATCH/nobody.err"; status=$?
check "batch limits: a student grading its own code without root is not refused" \
	bash -c "[ $status = 0 ] && ! grep -q 'refusing\|WARNING' '$SCRATCH/nobody.err'"
