# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# flags.sh - labs/common/lab.mk rebuilds when the flags change: `make SAN=1`
# after `make` must not link the old objects (the tests would then run
# without the sanitizers and say nothing), and back; a second make with the
# same flags rebuilds nothing.
. tests/lib.sh
work="$SCRATCH/flags"
rm -rf "$work"
lab=$(lab_copy 02-brk "$work" reference)
mk() { make -C "$lab" MEMLABS="$PWD" "$@" 2>&1; }
asan() { nm "$lab/build/run-tests" 2>/dev/null | grep -c '__asan_init'; }

mk -s >/dev/null
check "flags: a plain build has no sanitizer" test "$(asan)" = 0
mk -s SAN=1 >/dev/null
check "flags: make SAN=1 after make rebuilds with the sanitizers" test "$(asan)" -ge 1
n=$(mk SAN=1 | grep -c -- '-c ')
check "flags: make SAN=1 again compiles nothing (it compiled $n files)" test "$n" = 0
mk -s >/dev/null
check "flags: make after make SAN=1 rebuilds without them" test "$(asan)" = 0
n=$(mk CC=clang | grep -c '^clang .* -c ')
check "flags: make CC=clang recompiles every object with clang ($n files)" test "$n" -ge 5
n=$(mk -s CFLAGS='-g -O0 -DNOTE="a b"' | grep -c -- 'error')
check "flags: CFLAGS with quotes and spaces still builds" test "$n" = 0
rm -rf "$work"
