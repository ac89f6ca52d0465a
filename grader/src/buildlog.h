// SPDX-License-Identifier: MIT
/*
 * buildlog.h - what a report shows of a build's log: the compiler's first
 * errors, and of what it says about files, only what is about the
 * student's own (a file included from elsewhere, /etc/shadow or a private
 * test, is never quoted).
 */
#ifndef BUILDLOG_H
#define BUILDLOG_H

/* The first errors of `log` (to free). With `student` (the student's files,
   plain names, NULL-terminated), the compiler's messages about any other
   file than LABDIR/NAME, ./NAME or NAME of one of them are left out, with
   the lines that follow them (the quoted source, the caret), and counted
   in a last line; the linker's "undefined reference" lines stay. */
char *build_errors(const char *log, const char *labdir, char *const *student);

#endif
