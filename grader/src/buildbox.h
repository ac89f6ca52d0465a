// SPDX-License-Identifier: MIT
/*
 * buildbox.h - the confinement of a build of student files: bubblewrap's
 * command line that runs it as the sandbox user in namespaces of its own,
 * seeing the system's programs, the project read-only and its lab's copy.
 */
#ifndef BUILDBOX_H
#define BUILDBOX_H

#include "setup.h"

/* The command that runs `cmd` (NULL-terminated; cmd[0] found in PATH) in
   `labdir` under bubblewrap: its own PID, IPC, network and mount
   namespaces, /proc, /dev, /tmp and /var/tmp of its own, /usr, /etc and
   the libraries' folders, the project and this grading's scratch folder
   read-only with cfg->hide covered, `labdir` writable, nothing else of
   the machine; inside, `grader
   --worker-exec` takes on `inner` (the sandbox user, the rlimits) and
   execs `cmd`. NULL when bwrap is missing or cannot start here, or
   MEMLABS_NO_BWRAP is set (said once on standard error): the caller
   confines the build itself. Free with
   buildbox_free. */
char **buildbox_argv(const struct grade_config *cfg, const char *labdir,
                     const struct run_limits *inner, char *const cmd[]);

void buildbox_free(char **argv);

#endif
