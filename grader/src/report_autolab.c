// SPDX-License-Identifier: MIT
/*
 * report_autolab.c - what Autolab reads: the text report for the student,
 * then, as the last line of standard output, {"scores": {...}} with one
 * score per lab, keyed by the lab's folder name (name the assessment's
 * problems the same, e.g. "05-malloc").
 */
#include "report.h"


void report_autolab(FILE *out, const struct report *r)
{
	report_text_full(out, r, false);
	fputs("{\"scores\": {", out);
	for (size_t i = 0; i < r->nlabs; i++) {
		if (i)
			fputs(", ", out);
		json_string(out, r->labs[i].lab);
		fputs(": ", out);
		json_number(out, r->labs[i].score, "0");
	}
	fputs("}}\n", out);
}
