/*
 * reference.h - the reference's objects. A lab whose build compiles the
 * reference in (the trace driver of labs 04 and 05 does, through a pattern
 * rule from $(REFERENCE)/$(LAB)/%.c) gets them prebuilt: compiled once by
 * the grader from solutions/, or taken from a reference pack, so that the
 * student's build and tests never need, nor see, the reference's sources.
 *
 * A reference pack is a folder (or a .tar.gz of one) holding a file
 * REFERENCE-PACK and, for each lab that needs it, NN-name/FILES (one path
 * per line, relative to the lab) and the objects at those paths.
 */
#ifndef REFERENCE_H
#define REFERENCE_H

#include "lab.h"

#include <stddef.h>
#include <stdio.h>

/* The objects lab `name` needs, as paths relative to the lab folder, found
   under *dir. Sources mode builds them under cfg->scratch. Returns 0 (with
   *n = 0 when the lab needs none) or -1 with a message in *err. */
int reference_objects(const struct grade_config *cfg, const char *name,
                      char **dir, char ***files, size_t *n, char **err);

/* Copy those objects into a lab folder. */
int reference_install(const char *dir, char **files, size_t n, const char *labdir, char **err);

/* Write a pack of every lab in `labs` into folder `out`; a line per lab
   with objects goes to `log` (may be NULL). */
int reference_pack(const struct grade_config *cfg, char **labs, size_t nlabs, const char *out,
                   FILE *log);

/* Is `dir` a reference pack? */
bool is_reference_pack(const char *dir);

#endif
