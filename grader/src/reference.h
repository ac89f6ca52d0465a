// SPDX-License-Identifier: MIT
/*
 * reference.h - the reference's objects. A lab whose build compiles the
 * reference in (the trace driver of labs 04 and 05 does, through a pattern
 * rule from $(REFERENCE)/$(LAB)/%.c) gets them prebuilt: compiled once by
 * the grader from solutions/, or taken from a reference pack, so that the
 * student's build and tests never need, nor see, the reference's sources.
 *
 * A reference pack is a folder (or a .tar.gz of one) holding a file
 * REFERENCE-PACK (setup.h's REFERENCE_PACK_MARKER) and, for each lab that
 * needs it, NN-name/FILES (one path per line, relative to the lab) and the
 * objects at those paths.
 */
#ifndef REFERENCE_H
#define REFERENCE_H

#include "setup.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The reference's objects of one lab. */
struct ref_objects {
	char *dir;        /* where they are */
	char **files;     /* paths relative to dir and to the lab folder */
	size_t n;         /* 0: none (the lab needs none, or there is no reference) */
};

/* The objects lab `name` needs: built under cfg->scratch from
   cfg->ref_sources, or found in cfg->ref_pack; none without either.
   Returns 0, or -1 with a message in *err (to free); *obj is to free
   either way. */
int reference_objects(const struct grade_config *cfg, const char *name,
                      struct ref_objects *obj, char **err);

/* Copy the objects into a lab folder. Returns 0, or -1 with *err. */
int reference_install(const struct ref_objects *obj, const char *labdir, char **err);

void ref_objects_free(struct ref_objects *obj);

/* The files the build of the lab copy in `labdir` makes from the
   reference's objects (a relocatable object, the driver's programs), the
   objects themselves left out, found by a dry run of its build: each
   command that names one of them or of the files found so far makes one
   more. NULL-terminated, to free with reference_words_free; NULL when the
   lab needs no objects. */
char **reference_derived(const struct grade_config *cfg, const char *labdir,
                         const struct ref_objects *obj);
void reference_words_free(char **words);

/* The mode of a program made of the reference's objects (the driver, the
   reference's worker): anyone may run and read it (valgrind reads the
   reference's worker to count it, as the sandbox user), and the sticky
   bit, which means nothing on a file, marks it for workerexec.c, which
   covers every such program for the student's workers: their code can
   neither read nor run it (a worker that became the reference's, by
   execv of it from a constructor, took all of lab 04's trace points). */
#define REFERENCE_PROGRAM_MODE 01755

/* Close the reference's objects and what was made of them (`derived`) in
   `labdir` to student code: the objects readable by root only, and with
   `programs` the programs marked (REFERENCE_PROGRAM_MODE). Student code,
   run as the sandbox user, can neither embed the objects at its build nor
   read them at its tests. `programs` is for a lab with a worker: in one
   without, the test runner holds the student's code and the reference's.
   Files that are not there are passed over. Returns 0, or -1 when one
   could not be closed. */
int reference_seal(const char *labdir, const struct ref_objects *obj, char *const *derived,
                   bool programs);

/* Write a pack of every lab in `labs` into folder `out`; a line per lab
   with objects goes to `log` (may be NULL). Returns 0 or -1 (said on
   standard error). */
int reference_write_pack(const struct grade_config *cfg, char **labs, size_t nlabs,
                         const char *out, FILE *log);

#endif
