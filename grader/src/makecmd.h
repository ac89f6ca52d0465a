// SPDX-License-Identifier: MIT
/*
 * makecmd.h - the grader's one way to write make's command line for a copy
 * of a lab: make FLAGS... --no-print-directory -C LABDIR TARGET
 * MEMLABS=(the project) REFERENCE=(the given folder), then files, each
 * after "-o" (taken as they are, not made) or alone (targets).
 */
#ifndef MAKECMD_H
#define MAKECMD_H

#include <stdbool.h>
#include <stddef.h>

#include "setup.h"

struct make_cmd {
	char **argv;            /* NULL-terminated, for run_command */
	char *memlabs, *reference;
};

/* `dry`: make -n -B (what a build would run, without running it). `target`
   may be NULL; `files` (n of them) go after it, each after "-o" when
   `keep` is true. */
void make_cmd(struct make_cmd *m, const struct grade_config *cfg, const char *labdir,
              const char *reference, bool dry, const char *target,
              char *const *files, size_t n, bool keep);
void make_cmd_free(struct make_cmd *m);

#endif
