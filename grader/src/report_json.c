/* report_json.c - the record as one JSON document (see report.h). */
#include "report.h"

#include <math.h>

static void number(FILE *out, double x)
{
	if (isfinite(x))
		fprintf(out, "%.10g", x);
	else
		fputs("null", out);
}

static void test_json(FILE *out, const struct test_result *t)
{
	fputs("{\"name\": ", out);
	json_string(out, t->name);
	fputs(", \"status\": ", out);
	json_string(out, status_name(t->status));
	fputs(", \"score\": ", out);
	number(out, round2(t->score));
	fputs(", \"max_score\": ", out);
	number(out, t->max_score);
	fputs(", \"message\": ", out);
	json_string(out, t->message);
	fputs(", \"hint\": ", out);
	json_string(out, t->hint);
	for (size_t k = 0; k < t->nmetrics; k++) {
		fputs(", ", out);
		json_string(out, t->metrics[k].key);
		fputs(": ", out);
		number(out, t->metrics[k].value);
	}
	fputs("}", out);
}

void report_json(FILE *out, const struct report *r)
{
	fputs("{\"score\": ", out);
	number(out, r->score);
	fputs(", \"max_score\": ", out);
	number(out, r->max_score);
	fputs(", \"submission\": ", out);
	json_string(out, r->submission);
	fputs(", \"execution_time\": ", out);
	number(out, round2(r->seconds));
	fputs(", \"labs\": [", out);
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"lab\": ", out);
		json_string(out, lab->lab);
		fputs(", \"title\": ", out);
		json_string(out, lab->title);
		fputs(", \"score\": ", out);
		number(out, lab->score);
		fputs(", \"max_score\": ", out);
		number(out, lab->max_score);
		fputs(", \"state\": ", out);
		json_string(out, lab_state(lab));
		fputs(", \"build\": ", out);
		json_string(out, lab->built ? "ok" : "failed");
		fputs(", \"build_log\": ", out);
		json_string(out, lab->build_log);
		fputs(", \"note\": ", out);
		json_string(out, lab->note);
		fputs(", \"tests\": [", out);
		for (size_t j = 0; j < lab->ntests; j++) {
			fputs(j ? ",\n    " : "\n    ", out);
			test_json(out, &lab->tests[j]);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}
