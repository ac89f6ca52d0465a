# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The grader's command line keeps to the conventions scripts expect: --help
# on standard output with status 0, --version, bad numbers and unwritable
# report files refused before any grading (status 2, a "grader: " line), a
# misspelt MEMLABS_VISIBILITY refused; and make help lists the targets.
. tests/lib.sh
g=$GRADER

out=$("$g" --help 2>/dev/null); rc=$?
check "--help: on standard output, status 0, with the exit statuses and the environment" \
	bash -c '[ "$1" -eq 0 ] && grep -q "^Exit status:" <<< "$2" && grep -q "MEMLABS_VISIBILITY" <<< "$2" && grep -q -- "--batch DIR" <<< "$2"' _ "$rc" "$out"
out=$("$g" --version 2>/dev/null); rc=$?
check "--version: status 0, the version in VERSION ($(cat VERSION))" \
	bash -c '[ "$1" -eq 0 ] && [ "$2" = "grader (memlabs) $(cat VERSION)" ]' _ "$rc" "$out"

# refused WHAT ARGS...: status 2, nothing on standard output, one "grader: "
# line first on standard error, and quickly (before any lab is built).
refused() {
	local what=$1; shift
	local start=$SECONDS out err rc
	err=$( { out=$("$@" 2>&3); rc=$?; printf '%s' "$out" > "$SCRATCH/cli.out"; exit $rc; } 3>&1 ); rc=$?
	if [ "$rc" -eq 2 ] && [ ! -s "$SCRATCH/cli.out" ] && [[ $err == "grader: "* ]] && [ $((SECONDS - start)) -lt 5 ]; then
		ok "refused: $what (${err%%$'\n'*})"
	else
		notok "refused: $what: status $rc, stdout '$(cat "$SCRATCH/cli.out")', stderr '$err'"
	fi
}
for j in 0 abc -5 2.5 ''; do
	refused "--jobs '$j'" "$g" --batch tests --jobs "$j" --allow-unsafe
done
refused "--timeout 'soon'" "$g" --lab 01 --timeout soon
refused "--timeout '-1'" "$g" --lab 01 --timeout -1
refused "--scratch-size '12x'" "$g" --batch tests --scratch-size 12x --allow-unsafe
refused "MEMLABS_STUDENT_TIMEOUT=abc" env MEMLABS_STUDENT_TIMEOUT=abc "$g" --lab 01
refused "an --out in a folder that does not exist" "$g" --lab 01 --out /nonexistent/report.txt
refused "an --out that is a folder" "$g" --lab 01 --out "$SCRATCH"
refused "an --also file in a folder that does not exist" "$g" --lab 01 --also json=/nonexistent/r.json
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
	locked=$(mktemp -d /tmp/memlabs-cli-XXXXXX) && chmod 755 "$locked"
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$g" --lab 01 --out "$locked/r.txt" 2>&1 >/dev/null)
	check "an --out in a folder the grader's user cannot write is refused as such (as nobody: $err)" \
		grep -q "permission denied" <<< "$err"
	rm -rf "$locked"
fi
refused "MEMLABS_VISIBILITY=hiden (misspelt)" env MEMLABS_VISIBILITY=hiden "$g" --lab 01 --format gradescope
refused "an argument that is not an option" "$g" labs

out=$(make -s help 2>&1); rc=$?
check "make help: status 0, every target the Makefile's comment lists, and the version" \
	bash -c '[ "$1" -eq 0 ] && for t in grade test book bench grade-batch gradescope autolab debug watch progress; do grep -q "make $t" <<< "$2" || exit 1; done && grep -q "memlabs $(cat VERSION)" <<< "$2"' _ "$rc" "$out"
