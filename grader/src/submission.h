// SPDX-License-Identifier: MIT
/*
 * submission.h - turn what a student handed in into a folder laid out like
 * labs/: unpack a .zip or .tar.gz, and find the folder that holds the labs'
 * folders inside wrappers (a zip of "alice/", a clone with labs/ inside).
 */
#ifndef SUBMISSION_H
#define SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>

/* Is `name` an archive the grader unpacks (.zip, .tar.gz, .tgz)? */
bool is_archive(const char *name);

/* Unpack archive `path` into the new folder `dest`: its members checked
   (no devices, FIFOs, links or names leading out; caps on sizes and
   count) before anything is written, then only folders and plain files
   made, without owners or setuid bits; as user `uid` when not 0, the
   result then given to root. Returns 0, or -1 with a message in *err. */
int unpack(const char *path, const char *dest, unsigned uid, char **err);

/* The folder under `dir` that holds lab folders (NN-name): `dir` itself,
   its labs/, or the one folder it wraps, a few levels down; `dir` when
   there is none (a flat single-lab upload). The result is to free. */
char *submission_root(const char *dir, char **labs, size_t nlabs);

#endif
