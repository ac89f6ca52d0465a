# SPDX-License-Identifier: MIT
# toy.bash - what the driver's parts share (sourced, not a part: tests/run
# runs *.sh). The driver is tested through lab 04, whose toy allocator has
# no realloc or calloc of its own, so the driver's stand-ins for them are
# exercised too.
#
# lab_with NAME [SED-SCRIPT [EXTRA-C]]: a copy of lab 04 with the reference's
# toy.c, changed by the sed script and with C code appended, built (with
# $SANBUILD as make arguments, if set) into $work/NAME/04-toy; its driver is
# $work/NAME/04-toy/build/mdriver. Fails with the log in $work/NAME/build.log.
. tests/lib.sh
lab=04-toy
root=$PWD
work="$SCRATCH/driver-$(basename "$0" .sh)"
rm -rf "$work"
mkdir -p "$work"

lab_with() {
	local script=${2:-} extra=${3:-} dir="$work/$1"
	lab_copy "$lab" "$dir" reference >/dev/null
	[ -n "$script" ] && sed -i "$script" "$dir/$lab/toy.c"
	[ -n "$extra" ] && printf '%s\n' "$extra" >> "$dir/$lab/toy.c"
	# shellcheck disable=SC2086 # SANBUILD is words for make
	make -s -C "$dir/$lab" MEMLABS="$root" REFERENCE="$root/solutions" ${SANBUILD:-} \
		>"$dir/build.log" 2>&1
}

# The reference's driver in $drv, or a verdict and the end of the part.
build_reference_driver() {
	if ! lab_with ref; then
		notok "driver: lab 04's reference builds with the driver: $(tail -n 5 "$work/ref/build.log")"
		exit 0
	fi
	# shellcheck disable=SC2034 # for the parts that source this file
	drv="$work/ref/$lab/build/mdriver"
}

# shellcheck disable=SC2034 # for the parts that source this file
nshipped=$(find labs/traces -maxdepth 1 -name '*.rep' | wc -l)
