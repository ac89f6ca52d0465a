// SPDX-License-Identifier: MIT
/*
 * compare - run sequences of malloc operations for real and compare the
 * calls they make with what your predict() says.
 *
 * Usage: compare OP...                    one sequence, shown as a table
 *        compare --random N [--seed S] [--ops K] [--quiet]
 *                                         N random sequences of K operations
 *
 * OP is m<bytes>, f<op index>, M<mmap threshold>, T<trim threshold> or
 * P<top pad> (see seq.h). Exit status 0 when every prediction matched.
 *
 * Try:
 *     build/compare m200000              the first malloc makes two calls
 *     build/compare m300000 f0 m300000   the dynamic threshold at work
 *     build/compare m100000 m100000 f1 f0
 *     build/compare --random 20 --seed 7
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "die.h"
#include "runner.h"
#include "seq.h"

static int one(const struct seq *s, bool quiet, size_t *ops, size_t *matched)
{
	struct check_result r;
	char err[512];
	if (check_sequence(s, &r, err, sizeof err) < 0)
		die("%s", err);
	*ops += r.ops;
	*matched += r.matched;
	if (!quiet || r.first_bad >= 0)
		fputs(r.table, stdout);
	return r.first_bad < 0 ? 0 : 1;
}

int main(int argc, char *argv[])
{
	size_t nrandom = 0, nops = 16, ops = 0, matched = 0;
	unsigned long seed = 1;
	bool quiet = false;
	int first = 1;
	while (first < argc && strncmp(argv[first], "--", 2) == 0) {
		const char *opt = argv[first++];
		if (strcmp(opt, "--quiet") == 0)
			quiet = true;
		else if (first < argc && strcmp(opt, "--random") == 0)
			nrandom = parse_size(argv[first++], "--random");
		else if (first < argc && strcmp(opt, "--seed") == 0)
			seed = parse_size(argv[first++], "--seed");
		else if (first < argc && strcmp(opt, "--ops") == 0)
			nops = parse_size(argv[first++], "--ops");
		else
			usage("OP... | --random N [--seed S] [--ops K] [--quiet]");
	}
	int bad = 0;
	struct seq s;
	if (nrandom) {
		size_t badseqs = 0;
		for (size_t k = 0; k < nrandom; k++) {
			seq_random(seed + k, nops, &s);
			if (one(&s, quiet, &ops, &matched)) {
				badseqs++;
				printf("(seed %lu)\n", seed + (unsigned long)k);
			}
		}
		bad = badseqs > 0;
		printf("%zu of %zu sequences matched, %zu of %zu operations; %s\n",
		       nrandom - badseqs, nrandom, matched, ops, observe_note());
		return bad;
	}
	if (first >= argc)
		usage("OP... | --random N [--seed S] [--ops K] [--quiet]");
	char text[2048] = "", err[256];
	for (int i = first; i < argc; i++) {
		strncat(text, argv[i], sizeof text - strlen(text) - 2);
		strcat(text, " ");
	}
	if (seq_parse(text, &s, err, sizeof err) < 0)
		die("%s", err);
	bad = one(&s, false, &ops, &matched);
	printf("%zu of %zu operations predicted right; %s\n", matched, ops, observe_note());
	return bad;
}
