// SPDX-License-Identifier: MIT
/*
 * formats.h - the report's formats by name (--format, --also), and writing
 * one into a file as a whole.
 */
#ifndef FORMATS_H
#define FORMATS_H

#include "report.h"

#include <stdbool.h>
#include <stdio.h>

struct report_format {
	const char *name;
	const char *ext;        /* of a report's file in a batch */
	void (*write)(FILE *out, const struct report *r, bool color);   /* color: text only */
};

/* The format called `name`, or NULL. */
const struct report_format *find_format(const char *name);

/* "text, json, ...", for messages. */
const char *format_names(void);

/* Write a report into `path` as a whole: a temporary file in the same
   folder, renamed over `path`, so nothing written to `path` during the
   grading survives. A path that exists and is not a regular file (the
   link /dev/stdout, a pipe) is written through instead. Returns 0 or -1. */
int write_report_file(const char *path, const struct report_format *fmt, const struct report *r);

#endif
