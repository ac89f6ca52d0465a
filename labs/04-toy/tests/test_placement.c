// SPDX-License-Identifier: MIT
/*
 * test_placement.c - checks the answers in placement.txt against the
 * reference simulator (placement_sim.h: the reference's code, not in the
 * lab), one test per policy.
 */
#include "labtest.h"
#include "placement_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The puzzles of placement.txt, in the simulator's notation. */
static const struct puzzle puzzles[] = {
	{ 1, "64 A:32 160 B:32 96 C:32 48", "a 100, a 40, a 20, a 30" },
	{ 2, "128 A:32 64 B:32 128 C:32", "a 30, f A, a 20, a 100, f 1, a 60, a 8" },
	{ 3, "A:48 96 B:32 32 C:64 192 D:32", "a 10, f C, a 60, f B, a 24, a 150" },
};
#define NPUZZLES (int)(sizeof puzzles / sizeof puzzles[0])

#define UNANSWERED -2L

/* The student's answers for one puzzle and policy, from placement.txt:
   offsets, -1 for "-", UNANSWERED for "?" or a missing line. */
static int read_answers(int number, enum policy pol, long out[], int max)
{
	for (int i = 0; i < max; i++)
		out[i] = UNANSWERED;
	FILE *f = fopen("placement.txt", "r");
	cr_assert_not_null(f, "placement.txt is missing: it should be in the lab directory");
	char line[512];
	int found = 0;
	while (fgets(line, sizeof line, f)) {
		char name[16];
		int num, used;
		if (sscanf(line, " %d %15[a-z]:%n", &num, name, &used) != 2)
			continue;
		if (num != number || strcmp(name, policy_name(pol)) != 0)
			continue;
		char *p = line + used, *tok, *save = NULL;
		found = 0;
		for (tok = strtok_r(p, " ,\t\r\n", &save); tok && found < max;
		     tok = strtok_r(NULL, " ,\t\r\n", &save)) {
			char *end;
			long v = strtol(tok, &end, 0);
			if (strcmp(tok, "-") == 0)
				out[found] = -1;
			else if (*end == '\0' && end != tok)
				out[found] = v;
			found++;
		}
	}
	fclose(f);
	return found;
}

static void describe(long v, char *buf, size_t len)
{
	if (v == UNANSWERED)
		snprintf(buf, len, "no answer (?)");
	else if (v == -1)
		snprintf(buf, len, "- (no fit)");
	else
		snprintf(buf, len, "%ld", v);
}

/* The n-th "a" of a puzzle's ops, for messages. */
static void request_text(const struct puzzle *pz, int n, char *buf, size_t len)
{
	const char *p = pz->ops;
	for (int k = 0; (p = strstr(p, "a ")); p += 2) {
		if (p != pz->ops && p[-1] != ' ')
			continue;
		if (++k == n) {
			size_t i = 0;
			while (p[i] && p[i] != ',' && i + 1 < len) {
				buf[i] = p[i];
				i++;
			}
			buf[i] = '\0';
			return;
		}
	}
	snprintf(buf, len, "request %d", n);
}

static void check_policy(enum policy pol)
{
	int total = 0, right = 0;
	char first_wrong[600] = "";
	for (int k = 0; k < NPUZZLES; k++) {
		long want[SIM_MAX_ANSWERS], got[SIM_MAX_ANSWERS];
		int n = sim_run(&puzzles[k], pol, want, SIM_MAX_ANSWERS);
		cr_assert_gt(n, 0, "the test's puzzle %d is malformed", puzzles[k].number);
		read_answers(puzzles[k].number, pol, got, n);
		for (int i = 0; i < n; i++) {
			total++;
			if (got[i] == want[i]) {
				right++;
				continue;
			}
			if (first_wrong[0])
				continue;
			char req[64], g[32], freeb[256];
			request_text(&puzzles[k], i + 1, req, sizeof req);
			describe(got[i], g, sizeof g);
			sim_free_blocks(&puzzles[k], pol, i + 1, freeb, sizeof freeb);
			snprintf(first_wrong, sizeof first_wrong,
				 "puzzle %d, %s fit, answer %d (%s): you wrote %s, which is "
				 "not where %s fit puts it. The free blocks just before "
				 "(offset:size) are %s", puzzles[k].number,
				 policy_name(pol), i + 1, req, g, policy_name(pol), freeb);
		}
	}
	labtest_score((double)right / total);
	if (right < total)
		labtest_note("%s fit: %d of %d answers right; first wrong one: %s",
			     policy_name(pol), right, total, first_wrong);
	cr_expect_eq(right, total, "%s fit: %d of %d answers right. First wrong: %s",
		     policy_name(pol), right, total, first_wrong);
}

LAB_TEST_PARTIAL(placement, first_fit, 4,
		 "Round each request up first (+16, multiple of 16, at least 32), then take "
		 "the lowest-addressed free block that is big enough; remember the split.")
{
	check_policy(FIT_FIRST);
}

LAB_TEST_PARTIAL(placement, next_fit, 4,
		 "Next fit starts at the block just after the one it allocated last, not "
		 "at the start of the heap; a free can merge the block it would start at.")
{
	check_policy(FIT_NEXT);
}

LAB_TEST_PARTIAL(placement, best_fit, 4,
		 "Best fit looks at every free block and takes the smallest that fits; "
		 "after a split the leftover is a new, smaller free block.")
{
	check_policy(FIT_BEST);
}

LAB_TEST_PARTIAL(placement, worst_fit, 4,
		 "Worst fit takes the largest free block each time; a free next to another "
		 "free block makes one bigger block at once (coalescing).")
{
	check_policy(FIT_WORST);
}
