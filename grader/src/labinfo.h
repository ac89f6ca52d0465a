// SPDX-License-Identifier: MIT
/*
 * labinfo.h - what a lab says about itself: `make lab-info` run in the
 * project's own copy of the lab (never a submission's: a submission gives
 * student files and nothing else), and the title of its handout.
 */
#ifndef LABINFO_H
#define LABINFO_H

#include <stdbool.h>
#include <stddef.h>

struct lab_info {
	char *title;                 /* the handout's first heading, may be "" */
	char **student;              /* the student files, plain names, NULL-terminated */
	size_t nstudent;
	char **driver_tests;         /* argv of the driver tests' program, or NULL */
	double driver_tests_timeout; /* seconds */
	bool needs_reference;        /* the build compiles the reference in */
	bool worker;                 /* the tests run student code in build/worker */
	unsigned long long memcg;    /* bytes: lend each test run a memory cgroup (memcg.h), 0: none */
};

/* Read the description of the lab in `labdir`. Returns 0, or -1 with a
   message in *err (to free); *info is to free either way. */
int read_lab_info(const char *labdir, struct lab_info *info, char **err);

/* The same from lab-info's text, for read_lab_info and the tests. */
int parse_lab_info(const char *text, struct lab_info *info, char **err);

void lab_info_free(struct lab_info *info);

/* The driver tests' argv with `arg` (and `arg2`, may be NULL) appended:
   free the array, not its strings. */
char **driver_tests_argv(const struct lab_info *info, const char *arg, const char *arg2);

#endif
