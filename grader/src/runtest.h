// SPDX-License-Identifier: MIT
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

/* `worker`: the lab's tests hold no student code and start build/worker
   for it (labs/common/remote.h); they then run as the grader's user, and
   what they write goes to a folder only that user can enter. Each call of
   the student's code may take `call_seconds` (MEMLABS_CALL_SECONDS); a
   test that calls longer ends, naming the function. `hurried`: that is
   less than full_call_seconds, the lab's budget for hangs being spent
   (grade.c); the judge says so. `memcg` (bytes, 0: none): with a worker,
   the run is lent a fresh memory cgroup of that size for the sandbox user
   (memcg.h), named in MEMLABS_MEMCG, or MEMLABS_MEMCG_NONE says why not;
   it is removed after the run. */
void observe_test(const struct grade_config *cfg, const char *labdir,
                  const struct listed_test *test, bool worker, unsigned long long memcg,
                  double call_seconds, bool hurried, struct observation *obs);

/* The time limit of one call when the lab has not been hanging: within
   both the grader's limit of a test and Criterion's (labproto.h), so that a
   hang names the function that did not return. */
double full_call_seconds(const struct grade_config *cfg);

void observation_free(struct observation *obs);

/* The TAP record of test suite::name in Criterion's TAP output (for the
   tests). */
struct tap_record find_tap_record(const char *tap, const char *suite_name);

/* The marks of a mark file's text. */
struct marks read_marks(const char *text);

#endif
