// SPDX-License-Identifier: MIT
/*
 * analyse - a trace, phase by phase: what your model (heapmodel.c)
 * predicts, beside what glibc's malloc did when build/replay-glibc
 * replayed it (glibcrun.h): heap, mmapped, resident and reclaimable, in kB.
 *
 * Usage: analyse TRACE.rep      a trace of the project's format
 *        analyse -s SEED        the random trace the tests make from SEED
 * Try:   ./build/analyse ../traces/huge.rep
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "die.h"
#include "glibcrun.h"
#include "heapmodel.h"

static void cell(size_t pred, size_t got, int ok)
{
	char both[48];
	if (ok)
		snprintf(both, sizeof both, "%zu/%zu", pred / 1024, got / 1024);
	else
		snprintf(both, sizeof both, "-/%zu", got / 1024);
	printf(" %17s", both);
}

int main(int argc, char **argv)
{
	struct trace t;
	char err[512];
	if (argc == 3 && !strcmp(argv[1], "-s")) {
		char *end;
		errno = 0;
		unsigned long long seed = strtoull(argv[2], &end, 0);
		if (errno || *end || end == argv[2])
			die("-s wants a number, not '%s'", argv[2]);
		if (glibc_random_trace(seed, &t))
			die("out of memory");
	} else if (argc == 2 && argv[1][0] != '-') {
		int rc = trace_read(argv[1], &t, err, sizeof err);
		if (rc)
			die("%s", err);
	} else {
		die("usage: analyse TRACE.rep | analyse -s SEED");
	}
	struct glibc_params p;
	glibc_default_params(&p);
	struct phase_mem pred[AN_PHASES];
	struct glibc_phase got[AN_PHASES];
	int ok = analyse(&t, &p, pred) == 0;
	if (!ok)
		fprintf(stderr, "analyse: your analyse() failed: %s\n", strerror(errno));
	if (glibc_measure(getenv("MEMLABS_REPLAY_GLIBC"), &t, got, err, sizeof err))
		die("%s", err);
	printf("%s: %d operations, %d phases; kB predicted/measured\n", t.name, t.num_ops, AN_PHASES);
	printf("%-6s %7s %17s %17s %17s %17s %17s\n", "phase", "ops", "heap", "in use", "mmapped",
	       "resident", "reclaimable");
	for (int k = 0; k < AN_PHASES; k++) {
		printf("%-6d %7d", k + 1, an_phase_end(t.num_ops, k));
		cell(pred[k].heap, got[k].m.heap, ok);
		cell(pred[k].in_use, got[k].m.in_use, ok);
		cell(pred[k].mmapped, got[k].m.mmapped, ok);
		cell(pred[k].resident, got[k].m.resident, ok);
		cell(pred[k].reclaimable, got[k].m.reclaimable, ok);
		printf("\n");
	}
	trace_free(&t);
	return ok ? 0 : 1;
}
