// SPDX-License-Identifier: MIT
/* report_json.c - the record as one JSON document (see report.h). */
#include "report.h"

#include <stdlib.h>

static void test_json(FILE *out, const struct test_result *t)
{
	fputs("{", out);
	json_str_member(out, "", "name", t->name);
	json_str_member(out, ", ", "status", status_name(t->status));
	json_num_member(out, ", ", "score", t->score);
	json_num_member(out, ", ", "max_score", t->max_score);
	json_str_member(out, ", ", "message", t->message);
	json_str_member(out, ", ", "hint", t->hint);
	for (size_t k = 0; k < t->nmetrics; k++)
		json_num_member(out, ", ", t->metrics[k].key, t->metrics[k].value);
	fputs("}", out);
}

void report_json(FILE *out, const struct report *r)
{
	fputs("{", out);
	json_num_member(out, "", "score", r->score);
	json_num_member(out, ", ", "max_score", r->max_score);
	json_str_member(out, ", ", "submission", r->submission);
	json_num_member(out, ", ", "execution_time", round2(r->seconds));
	fputs(", \"labs\": [", out);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		json_str_member(out, "", "lab", lab->lab);
		json_str_member(out, ", ", "title", lab->title);
		json_num_member(out, ", ", "score", lab->score);
		json_num_member(out, ", ", "max_score", lab->max_score);
		json_str_member(out, ", ", "outcome", outcome_name(lab->outcome));
		json_str_member(out, ", ", "state", lab_state(lab));
		json_str_member(out, ", ", "build", lab->built ? "ok" : "failed");
		json_str_member(out, ", ", "build_log", lab->log);
		char *why = lab_explanation(lab);
		json_str_member(out, ", ", "message", why);
		free(why);
		json_str_member(out, ", ", "note", lab->note);
		fputs(", \"tests\": [", out);
		for (size_t j = 0; j < lab->ntests; j++) {
			fputs(j ? ",\n    " : "\n    ", out);
			test_json(out, &lab->tests[j]);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}
