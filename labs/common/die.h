// SPDX-License-Identifier: MIT
/*
 * die.h - one way for the labs' programs to report errors and stop.
 *
 *     fd = open(path, O_RDONLY);
 *     if (fd < 0)
 *         die_errno("open %s", path);      -> "layout: open x: No such file..."
 *     size_t n = parse_size(argv[1], "size");
 *
 * Library functions in the labs never call these: they return an error to
 * their caller (NULL or -1 with errno set). Only a program's main gives up.
 */
#ifndef DIE_H
#define DIE_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char *program_invocation_short_name;  /* glibc, set before main */

static inline void vdie_(int err, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* Print "program: message" and exit with status 1. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdie_(0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

/* The same, followed by the text of errno. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	vdie_(err, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

/* Print the usage line and exit with status 2. */
__attribute__((noreturn))
static inline void usage(const char *synopsis)
{
	fprintf(stderr, "usage: %s %s\n", program_invocation_short_name, synopsis);
	exit(2);
}

/* A byte count such as 4096, 0x1000, 64k or 2M; dies naming `what` if not. */
static inline size_t parse_size(const char *arg, const char *what)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 0);
	if (errno || end == arg || *arg == '-')
		die("%s: not a size: '%s'", what, arg);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		die("%s: not a size: '%s'", what, arg);
	return (size_t)v;
}

#endif
