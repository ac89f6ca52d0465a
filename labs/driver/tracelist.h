// SPDX-License-Identifier: MIT
/*
 * tracelist.h - the traces a run of the driver replays, in sets.
 *
 * A set is one directory (every *.rep in it, sorted by name) or one file, as
 * named on the command line, in DRIVER_TRACES or in TRACES. Each trace is
 * one test of the grader's, named "traces/PREFIX" + its file's stem. A
 * directory that cannot be read or holds no trace becomes one entry of its
 * own, "traces/PREFIX*", with the reason in `error`: its traces are never
 * silently left out.
 */
#ifndef TRACELIST_H
#define TRACELIST_H

#include <stdbool.h>

struct entry {
	char *path;             /* the trace file (or the directory, for an error) */
	char *test;             /* the grader's name of the test */
	char *error;            /* NULL for a trace */
	int set;                /* index into entries.sets */
};

struct entries {
	struct entry *v;
	int n, cap;
	char **sets;            /* each set's directory or file, as given */
	int nsets;
};

/* One trace file, a set of its own; its test is "traces/" + its stem. */
void tracelist_add_file(struct entries *es, const char *path);

/* Every *.rep in dir, a set; tests named "traces/" + prefix + stem. */
void tracelist_add_dir(struct entries *es, const char *dir, const char *prefix);

/* The directories of a ':'-separated list, a set each. With `extra` (the
   TRACES variable) each directory's tests are prefixed with its last
   component and '-', so that they cannot clash with the lab's own. */
void tracelist_add_dirs(struct entries *es, const char *list, bool extra);

void tracelist_free(struct entries *es);

#endif
