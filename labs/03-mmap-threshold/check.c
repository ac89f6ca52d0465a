// SPDX-License-Identifier: MIT
/*
 * check.c - compare predict() with what a fresh process really does.
 *
 * predict() runs first, confined so that it can only compute (confine.h);
 * only then is the sequence run for real.
 */
#include "check.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "confine.h"
#include "runner.h"

static void append(char *buf, size_t len, const char *text)
{
	size_t used = strlen(buf);
	if (used + 1 < len)
		snprintf(buf + used, len - used, "%s", text);
}

int check_sequence(const struct seq *s, struct check_result *r, char *err, size_t errlen)
{
	struct op_events real[SEQ_MAX_OPS], guess[SEQ_MAX_OPS];
	memset(r, 0, sizeof *r);
	r->first_bad = -1;
	memset(guess, 0, sizeof guess);
	if (predict_confined(s, guess, &r->confined, err, errlen) < 0)
		return -1;
	if (run_sequence(s, real, err, errlen) < 0)
		return -1;
	bool summed = observe_how() == OBSERVE_MALLINFO;
	char seqtext[1024];
	seq_format(s, seqtext, sizeof seqtext);
	snprintf(r->table, sizeof r->table, "sequence: %s\n%4s  %-34s %-28s %s\n", seqtext,
	         "op", "operation", "predicted", "real");
	for (size_t i = 0; i < s->n; i++) {
		if (guess[i].n < 0 || guess[i].n > OP_MAX_EVENTS)
			guess[i].n = 0;
		if (summed) {
			events_summarize(&guess[i]);
			events_summarize(&real[i]);
		}
		bool same = events_equal(&guess[i], &real[i]);
		char optext[64], gtext[128], rtext[128], row[400];
		op_format(&s->ops[i], optext, sizeof optext);
		events_format(&guess[i], gtext, sizeof gtext);
		events_format(&real[i], rtext, sizeof rtext);
		snprintf(row, sizeof row, "%s%3zu  %-34s %-28s %s\n", same ? " " : "*", i, optext, gtext, rtext);
		append(r->table, sizeof r->table, row);
		r->ops++;
		if (same) {
			r->matched++;
		} else if (r->first_bad < 0) {
			r->first_bad = (long)i;
			snprintf(r->line, sizeof r->line,
			         "op %zu %s: predicted [%s], real [%s]; sequence: %.200s", i, optext,
			         gtext, rtext, seqtext);
		}
	}
	if (summed)
		append(r->table, sizeof r->table, "(mallinfo2 view: events of one operation summed)\n");
	return 0;
}
