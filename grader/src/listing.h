// SPDX-License-Identifier: MIT
/*
 * listing.h - which tests a lab has, as its own programs list them: the test
 * runner's `--lab-list` and, for a lab with driver tests, the driver's. The
 * one reader of the lab list (labs/common/labproto.h).
 */
#ifndef LISTING_H
#define LISTING_H

#include "labinfo.h"

#include <stdbool.h>
#include <stddef.h>

/* A test as the lab lists it. */
struct listed_test {
	char *name;       /* suite/name, or the driver's name for it */
	double points;
	int signal;       /* the test passes by dying of this signal, or 0 */
	bool partial;     /* the test earns a share of its points */
	char *hint;
	bool driver;      /* one of the lab's driver tests */
};

struct test_list {
	struct listed_test *v;
	size_t n;
};

/* Append the tests of a lab list's text (malformed lines are left out). */
void parse_lab_list(const char *text, bool driver, struct test_list *list);

/* Ask the built copy of a lab in `labdir` which tests it has. Returns 0, or
   -1 with a message in *err (to free). */
int list_tests(const char *labdir, const struct lab_info *info, struct test_list *list,
               char **err);

/* Keep only the tests whose name matches one of the comma-separated shell
   patterns of `only` (--only "heap/coalesce_*,traces/binary"); NULL keeps all. */
void test_list_select(struct test_list *list, const char *only);

void test_list_free(struct test_list *list);

#endif
