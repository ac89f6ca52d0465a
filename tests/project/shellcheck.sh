# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Every shell script of the project is shellcheck-clean (.shellcheckrc has the
# project's settings): scripts with a shell's #! line, and *.sh / *.bash files
# (sourced fragments say their shell with "# shellcheck shell=bash").
. tests/lib.sh
if ! command -v shellcheck > /dev/null; then
	notok "shellcheck: not installed (make deps-test installs it)"
	exit 0
fi
scripts=()
while IFS= read -r -d '' f; do
	case $f in
	*.sh | *.bash) scripts+=("$f") ;;
	*) head -c 64 "$f" 2>/dev/null | head -n 1 | grep -qE '^#!.*\b(ba)?sh\b' && scripts+=("$f") ;;
	esac
done < <(find . \( -name .git -o -name build -o -name 'memlabs-*' \) -prune -o -type f -print0)
out=$(shellcheck -f gcc "${scripts[@]}" 2>&1)
if [ -z "$out" ]; then
	ok "shellcheck: ${#scripts[@]} scripts, no finding"
else
	notok "shellcheck: $(wc -l <<< "$out") findings in ${#scripts[@]} scripts:"
	printf '%s\n' "$out" | head -n 40
fi
