#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 05-malloc.sh - lab 05's own checks (run from the repository's root):
# the reference built as libmm.so runs real programs under LD_PRELOAD with
# the same output as glibc; the whole malloc API of the drop-in library
# behaves (alignment, usable size, overflow, threads, fork); the benchmark
# runs and the reference reaches its utilization on the public traces.
# (memlib_real.c, under libmm.so, is checked with memlib in tests/memlib.)
# Planted bugs, SAN and -Werror builds are checked generically elsewhere.
set -u
. tests/lib.sh
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lab=$(lab_copy 05-malloc "$tmp/labs")
mk() { make --no-print-directory -s -C "$lab" MEMLABS="$root" "$@"; }

# make preload prints the library's path as its last line.
if out=$(mk preload SUBMISSION="$root/solutions" 2>&1) && lib=$(printf '%s\n' "$out" | tail -n 1) && [ -f "$lib" ]; then
	ok "05: make preload SUBMISSION=solutions builds libmm.so and prints its path last"
else
	notok "05: make preload failed: $(printf '%s' "$out" | tail -n 5)"
	exit 0
fi
case $(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c -E '^(malloc|free|calloc|realloc|reallocarray|posix_memalign|aligned_alloc|memalign|valloc|malloc_usable_size)$') in
10) ok "05: libmm.so defines the ten functions of the malloc API" ;;
*) notok "05: libmm.so lacks some of malloc free calloc realloc reallocarray posix_memalign aligned_alloc memalign valloc malloc_usable_size" ;;
esac
if nm -D --defined-only "$lib" | awk '{print $3}' | grep -q '^mm_'; then
	notok "05: libmm.so exports mm_* symbols (they should be hidden)"
else
	ok "05: libmm.so exports only the C library's names"
fi

# Real programs: same output as under glibc, heap checked at exit.
bash "$lab/tools/realprogs.sh" "$lib" | sed 's/^\(not \)\{0,1\}ok - /&05: /'

# The API, from a program that knows nothing of mm_*.
cat > "$tmp/api.c" <<'EOF'
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;
static void verdict(int good, const char *what)
{
	printf("%sok - 05: libmm.so: %s\n", good ? "" : "not ", what);
	fails += !good;
}

static void *churn(void *arg)
{
	unsigned x = (unsigned)(uintptr_t)arg * 2654435761u + 1;
	unsigned char *p[64] = { 0 };
	size_t n[64] = { 0 };
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		int k = (x >> 8) % 64;
		if (p[k]) {
			for (size_t j = 0; j < n[k]; j++)
				if (p[k][j] != (unsigned char)(k + n[k]))
					return (void *)1;
			free(p[k]);
			p[k] = NULL;
		} else {
			n[k] = 1 + (x >> 16) % ((x & 7) ? 200 : 70000);
			p[k] = malloc(n[k]);
			if (!p[k])
				return (void *)1;
			memset(p[k], (unsigned char)(k + n[k]), n[k]);
		}
	}
	for (int k = 0; k < 64; k++)
		free(p[k]);
	return NULL;
}

int main(void)
{
	int good = 1;
	for (size_t a = 16; a <= 8192; a *= 2) {
		void *p = NULL;
		good &= posix_memalign(&p, a, 100) == 0 && p && (uintptr_t)p % a == 0;
		free(p);
		p = aligned_alloc(a, 3 * a);
		good &= p && (uintptr_t)p % a == 0;
		free(p);
		p = memalign(a, 10);
		good &= p && (uintptr_t)p % a == 0;
		free(p);
	}
	void *v = valloc(100);
	good &= v && (uintptr_t)v % (uintptr_t)sysconf(_SC_PAGESIZE) == 0;
	free(v);
	void *bad = NULL;
	good &= posix_memalign(&bad, 24, 100) == EINVAL;
	verdict(good, "posix_memalign, aligned_alloc, memalign and valloc align as asked");

	good = 1;
	size_t sizes[] = { 1, 24, 100, 1000, 5000, 100000, 200000, 3000000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char *p = malloc(sizes[i]);
		size_t u = malloc_usable_size(p);
		good &= p && (uintptr_t)p % 16 == 0 && u >= sizes[i];
		memset(p, 0x5a, u);
		free(p);
	}
	good &= malloc_usable_size(NULL) == 0;
	void *z1 = malloc(0), *z2 = malloc(0);
	good &= z1 && z2 && z1 != z2;
	free(z1);
	free(z2);
	free(NULL);
	verdict(good, "malloc aligns to 16, malloc_usable_size covers the request, malloc(0) is unique");

	good = 1;
	unsigned char *r = malloc(10);
	for (size_t n = 10, i = 0; i < 24; i++) {
		for (size_t j = 0; j < n; j++)
			r[j] = (unsigned char)(j * 7);
		size_t m = i < 12 ? n * 3 : n / 2 + 1;     /* up past mmap, then down */
		r = realloc(r, m);
		if (!r) { good = 0; break; }
		for (size_t j = 0; j < (n < m ? n : m); j++)
			good &= r[j] == (unsigned char)(j * 7);
		n = m;
	}
	free(r);
	good &= realloc(malloc(10), 0) == NULL;
	verdict(good, "realloc keeps the contents across small, large (mmap) and back");

	good = 1;
	errno = 0;
	good &= calloc(SIZE_MAX / 8 + 2, 8) == NULL && errno == ENOMEM;
	errno = 0;
	good &= reallocarray(NULL, SIZE_MAX / 4 + 2, 4) == NULL && errno == ENOMEM;
	for (int k = 0; k < 100; k++) {            /* dirty memory first */
		unsigned char *d = malloc(3000);
		memset(d, 0xff, 3000);
		free(d);
		unsigned char *c = calloc(30, 100);
		for (int j = 0; j < 3000; j++)
			good &= c[j] == 0;
		free(c);
	}
	unsigned char *big = calloc(1, 1 << 20);
	for (int j = 0; j < 1 << 20; j += 4096)
		good &= big[j] == 0;
	free(big);
	verdict(good, "calloc zeroes and reports overflow; reallocarray too");

	pthread_t t[4];
	good = 1;
	for (int i = 0; i < 4; i++)
		good &= pthread_create(&t[i], NULL, churn, (void *)(uintptr_t)i) == 0;
	for (int i = 0; i < 4; i++) {
		void *res = (void *)1;
		pthread_join(t[i], &res);
		good &= res == NULL;
	}
	verdict(good, "4 threads x 200000 mallocs and frees keep every block intact");

	pthread_create(&t[0], NULL, churn, (void *)7);
	pid_t pid = fork();
	if (pid == 0) {
		void *p = malloc(1000);
		free(p);
		_exit(p ? 0 : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	pthread_join(t[0], NULL);
	verdict(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"a child forked while another thread allocates can still malloc");
	return fails != 0;
}
EOF
if cc -std=gnu17 -O1 -Wall -pthread "$tmp/api.c" -o "$tmp/api" 2> "$tmp/api.err"; then
	timeout 120 env LD_PRELOAD="$lib" MM_CHECKHEAP=1 "$tmp/api"
	rc=$?
	if [ $rc -eq 0 ]; then ok "05: the API program exits 0 under libmm.so with the heap checked at exit"
	else notok "05: the API program exited with status $rc under libmm.so"
	fi
else
	notok "05: the API test program does not compile: $(head -c 300 "$tmp/api.err")"
fi

# The benchmark (make bench-traces, the driver's --bench; -s: no timing, the
# agreement of its numbers with the grader's is tests/driver's): every trace
# correct; utilization of the reference on the public sets (deterministic).
traces=("$root/labs/traces")
for set in csapp cmu; do
	[ -d "$root/../shared/traces/$set" ] && traces+=("$root/../shared/traces/$set")
done
if mk bench-traces SUBMISSION="$root/solutions" BENCH_FLAGS=-s BENCH_TRACES="${traces[*]}" > "$tmp/bench.out" 2>&1; then
	ok "05: bench: the reference passes every trace (${#traces[@]} sets)"
else
	notok "05: bench: the reference failed a trace: $(grep -i -m3 'fail\|error\|mdriver:' "$tmp/bench.out" | tr '\n' ' ')"
fi
util() {   # util SET: the average utilization of the set, in percent
	awk -v set="$1" '/^== / { on = index($0, "/" set ":") > 0 } on && /^all / { sub("%", "", $4); print $4; exit }' "$tmp/bench.out"
}
for want in csapp:90 cmu:80; do
	set=${want%:*} min=${want#*:}
	[ -d "$root/../shared/traces/$set" ] || { ok "05: bench: ../shared/traces/$set absent, utilization not checked"; continue; }
	u=$(util "$set")
	if [ -n "$u" ] && awk -v u="$u" -v m="$min" 'BEGIN { exit !(u >= m) }'; then
		ok "05: bench: the reference's average utilization on $set is $u% (at least $min%)"
	else
		notok "05: bench: the reference's average utilization on $set is ${u:-unknown}%, below $min%"
	fi
done

# The reference's own checker after every operation of the project's traces
# (slabs, lists and blocks), and slabs really in use for small requests.
# labs/traces only: with the checker on, the replay is one call per
# operation, and the real-* traces' 220,000 operations would take half a
# minute more.
ref=$(lab_copy 05-malloc "$tmp/ref" reference)
if make --no-print-directory -s -C "$ref" MEMLABS="$root" build/mdriver build/mmdemo > "$tmp/ref-build.log" 2>&1; then
	if (cd "$ref" && build/mdriver -c -s "$root/labs/traces") > "$tmp/check.out" 2>&1 && grep -q '12 of 12 traces correct' "$tmp/check.out"; then
		ok "05: the reference replays the project's traces with mm_checkheap after every operation"
	else
		notok "05: the reference fails its own checker on a trace: $(grep -v ' ok ' "$tmp/check.out" | head -n 3 | tr '\n' ' ')"
	fi
	ops=$(for i in $(seq 0 39); do printf 'a%d:16 ' "$i"; done)
	# shellcheck disable=SC2086 # one word per operation
	out=$(cd "$ref" && NO_COLOR=1 build/mmdemo $ops 2>&1 | tail -n 8)
	if printf '%s\n' "$out" | grep -q 'slab   16-byte slots, 25 of 62 used'; then
		ok "05: the reference puts 16-byte requests in a slab from the 16th on (25 of 62 slots used after 40)"
	else
		notok "05: after 40 requests of 16 bytes the reference shows no slab with 25 slots used: $(printf '%s' "$out" | tr '\n' ' ' | head -c 300)"
	fi
else
	notok "05: the reference's driver or mmdemo does not build: $(tail -n 5 "$tmp/ref-build.log")"
fi
exit 0
