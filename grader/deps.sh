#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# deps.sh JOB... - make sure the Debian/Ubuntu packages the jobs need are installed.
# The jobs and their packages are in grader/packages (grade, sandbox, learner,
# book, pdf, test, bench). Installs the missing ones when run as root or with
# password-less sudo; otherwise prints the exact command to run and exits
# with status 2. --list prints the packages and installs nothing.
set -u
list=0
[ "${1:-}" = --list ] && { list=1; shift; }
table="$(dirname "$0")/packages"
wanted=()
for job in "$@"; do
	line=$(grep -E "^$job:" "$table") || { echo "memlabs: deps.sh: no job '$job' in $table" >&2; exit 2; }
	read -r -a pkgs <<< "${line#*:}"
	for p in "${pkgs[@]}"; do
		# NAME[ARCH]: only on that Debian architecture (gcc-multilib[amd64]).
		if [[ $p == *\[*\] ]]; then
			want=${p#*[}
			[ "${want%]}" = "$(dpkg --print-architecture 2>/dev/null)" ] || continue
			p=${p%%[*}
		fi
		wanted+=("$p")
	done
done
if [ "$list" -eq 1 ]; then
	printf '%s\n' "${wanted[@]}" | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $/\n/'
	exit 0
fi
missing=()
if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian or Ubuntu: check the tools themselves and hope for the best.
	for tool in cc make pkg-config strace; do
		command -v "$tool" >/dev/null 2>&1 || { echo "memlabs: '$tool' not found; install it with your package manager" >&2; exit 2; }
	done
	pkg-config --exists criterion || { echo "memlabs: Criterion (criterion.pc) not found; install Criterion's development files" >&2; exit 2; }
	exit 0
fi
for p in "${wanted[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$status" = installed ] || [[ " ${missing[*]} " == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "memlabs: missing packages: ${missing[*]}" >&2
	echo "memlabs: install them with:  sudo apt-get update && sudo $line" >&2
	exit 2
fi
echo "memlabs: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }; then
	echo "memlabs: could not install: ${missing[*]} (try: $sudo $line)" >&2
	exit 2
fi
