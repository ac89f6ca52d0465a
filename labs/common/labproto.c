// SPDX-License-Identifier: MIT
/* labproto.c - the writers of the lab's text protocols (see labproto.h). */
#include "labproto.h"

void labproto_field(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void labproto_list_line(FILE *out, const char *name, double points, int signal,
                        bool partial, const char *hint)
{
	labproto_field(out, name);
	/* %.17g: a driver's share of its points reads back exactly. */
	fprintf(out, "\t%.17g\t%d\t%d\t", points, signal, partial ? 1 : 0);
	labproto_field(out, hint);
	fputc('\n', out);
}

void labproto_result_line(FILE *out, const char *name, const char *status, double score,
                          double max, const char *message, const char *metrics)
{
	fputs(LABPROTO_RESULT_TAG "\t", out);
	labproto_field(out, name);
	fputc('\t', out);
	labproto_field(out, status);
	fprintf(out, "\t%.6f\t%.17g\t", score, max);
	labproto_field(out, message);
	fputc('\t', out);
	labproto_field(out, metrics);
	fputc('\n', out);
}

void labproto_mark(FILE *out, const char *keyword, const char *text)
{
	if (!out)
		return;
	fputs(keyword, out);
	if (text) {
		fputc(' ', out);
		labproto_field(out, text);
	}
	fputc('\n', out);
	fflush(out);
}

void labproto_mark_score(FILE *out, double share)
{
	if (!out)
		return;
	fprintf(out, LABPROTO_MARK_SCORE " %.6f\n", share);
	fflush(out);
}
