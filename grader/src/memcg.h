// SPDX-License-Identifier: MIT
/*
 * memcg.h - a memory cgroup lent to one run of a lab's tests (a lab whose
 * Makefile sets MEMCG, lab-info's "memcg BYTES": lab 08's OOM test). The
 * grader, as root, makes a fresh group under its own (cgroup v1's memory
 * hierarchy) with that memory limit and no swap, gives its cgroup.procs
 * and tasks (not the folder, nor the limits) to the sandbox user so that
 * student code may move its own processes into it, and removes it after
 * the run, whatever the run did.
 * The tests find it in MEMLABS_MEMCG.
 */
#ifndef MEMCG_H
#define MEMCG_H

#include <stdbool.h>

/* The environment variable that names the group to the tests. */
#define MEMCG_ENV "MEMLABS_MEMCG"

/* A fresh group limited to `bytes` (memory and memory+swap), owned by
   uid:gid: its folder (to free), or NULL with the reason in *why (to
   free): not root, no cgroup v1 memory controller, a limit refused.
   Groups left by graders that are gone (killed) are removed first. */
char *memcg_create(unsigned long long bytes, unsigned uid, unsigned gid, char **why);

/* Remove the group, once its processes are gone (waits a little for
   dying ones). Returns whether it is gone. */
bool memcg_remove(const char *dir);

#endif
