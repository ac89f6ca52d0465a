// SPDX-License-Identifier: MIT
/*
 * driver.h - a lab's driver tests: run the lab's driver once, as student
 * code runs, with --lab-results FILE, and read FILE (the one reader of the
 * driver's results, labs/common/labproto.h) into the listed driver tests.
 * Only tests the lab as shipped listed count, each once, and never for more
 * than the points the list gives them.
 */
#ifndef DRIVER_H
#define DRIVER_H

#include "labinfo.h"
#include "listing.h"
#include "report.h"
#include "setup.h"

/* One line of the driver's results. */
struct driver_result {
	char *name;             /* ends in '*': every listed test it prefixes with no line of its own */
	enum test_status status;
	double score;
	char *message;
	char *metrics;          /* "key=value,key=value" or "" */
};

struct driver_results {
	struct driver_result *v;
	size_t n;
};

/* The results file's lines (malformed ones are left out). */
void parse_driver_results(const char *text, struct driver_results *results);
void driver_results_free(struct driver_results *results);

/* Run the driver in `labdir` and fill in lab->tests[i] for every driver
   test list->v[i] (lab->tests holds the listed tests, in order). */
void run_driver_tests(const struct grade_config *cfg, const char *labdir,
                      const struct lab_info *info, const struct test_list *list,
                      struct lab_result *lab);

#endif
