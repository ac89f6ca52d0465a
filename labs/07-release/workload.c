// SPDX-License-Identifier: MIT
/*
 * workload.c - the lab's long-running program, phase by phase (workload.h).
 * Every block is written: its pages are resident.
 */
#include "workload.h"

#include <stdlib.h>
#include <string.h>

const char *const workload_phase_names[WL_PHASES] = {
	"start", "grow to 48 MiB", "free all but the top",
	"churn 8 MiB (1)", "churn 8 MiB (2)", "churn 8 MiB (3)",
	"churn 8 MiB (4)", "churn 8 MiB (5)", "churn 8 MiB (6)", "free the top block",
};

static char *block[WL_BLOCKS];
static char *pin;               /* a block above all the others, in use to the end */

static char *fresh(void)
{
	char *p = malloc(WL_BLOCK);
	if (p)
		memset(p, 0x5a, WL_BLOCK);
	return p;
}

int workload_phase(int k, void (*after_free)(void))
{
	switch (k) {
	case 1:
		for (int i = 0; i < WL_BLOCKS; i++)
			if (!(block[i] = fresh()))
				return -1;
		if (!(pin = fresh()))
			return -1;
		break;
	case 2:
		for (int i = 0; i < WL_BLOCKS; i++) {
			free(block[i]);
			block[i] = NULL;
		}
		break;
	case 9:
		free(pin);
		pin = NULL;
		break;
	default:
		if (k < 3 || k > 8)
			return 0;
		char *churn[WL_CHURN];
		for (int i = 0; i < WL_CHURN; i++)
			if (!(churn[i] = fresh()))
				return -1;
		for (int i = 0; i < WL_CHURN; i++)
			free(churn[i]);
		break;
	}
	if (k >= 2 && after_free)
		after_free();
	return 0;
}
