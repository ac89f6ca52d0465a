// SPDX-License-Identifier: MIT
/*
 * prepare.h - a lab's copy in the scratch folder: the lab as shipped (with
 * the project's labs/common), then, for the student's copy, the student
 * files from the submission over it. Nothing else comes from a submission.
 */
#ifndef PREPARE_H
#define PREPARE_H

#include "labinfo.h"
#include "setup.h"

#include <stddef.h>

/* Copy labs/common and labs/NAME of the project into dir (emptied first),
   as dir/common and dir/NAME. Returns 0, or -1 with a message in *err. */
int copy_lab(const struct grade_config *cfg, const char *name, const char *dir, char **err);

struct student_copy {
	char *root;        /* holds common/ and NAME/ */
	char *lab;         /* root/NAME: where the student's lab is built */
	char *missing;     /* the student files not handed in ("NAME/a.c, NAME/b.c"), or "" */
	size_t nmissing;   /* how many, of the lab's info->nstudent */
	size_t nchanged;   /* handed in and not as shipped */
};

/* The student's copy of lab NAME in `dir`. Returns 0, or -1 with a message
   in *err; *copy is to free either way. */
int prepare_student_copy(const struct grade_config *cfg, const char *name,
                         const struct lab_info *info, const char *dir,
                         struct student_copy *copy, char **err);

void student_copy_free(struct student_copy *copy);

#endif
