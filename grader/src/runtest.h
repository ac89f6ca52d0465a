/*
 * runtest.h - run one Criterion test of a built lab, alone, as student code
 * runs (setup.h's limits), and report what was observed: how the runner
 * ended, the test's TAP record, the marks its body left, its output.
 * Deciding what that means is the judge's (judge.h).
 */
#ifndef RUNTEST_H
#define RUNTEST_H

#include "judge.h"
#include "listing.h"
#include "setup.h"

void observe_test(const struct grade_config *cfg, const char *labdir,
                  const struct listed_test *test, struct observation *obs);

void observation_free(struct observation *obs);

/* The TAP record of test suite::name in Criterion's TAP output (for the
   tests). */
struct tap_record find_tap_record(const char *tap, const char *suite_name);

/* The marks of a mark file's text. */
struct marks read_marks(const char *text);

#endif
