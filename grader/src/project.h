// SPDX-License-Identifier: MIT
/*
 * project.h - the project the grader belongs to: its root folder, its labs
 * (folders of labs/ named NN-something that have a Makefile) and which lab
 * a LAB argument names.
 */
#ifndef PROJECT_H
#define PROJECT_H

#include <stddef.h>

/* The project's root: the grader lives in ROOT/build/grader (else the
   current folder, when it holds labs/common/lab.mk). To free. */
char *find_root(void);

/* The labs, sorted by name (to free with free_labs). */
char **find_labs(const char *root, size_t *n);
void free_labs(char **labs, size_t n);

/* "01", "1", "01-segments" or "segments" -> the lab's folder name, or NULL. */
const char *match_lab(char **labs, size_t n, const char *want);

#endif
