/*
 * lab01.h - helpers the tests of lab 01 share.
 */
#ifndef LAB01_H
#define LAB01_H

#include "labtest.h"
#include "maps.h"

#include <errno.h>
#include <string.h>

/* Load a maps file with the code under test, failing the test if it fails. */
static inline void load_or_fail(const char *file, struct maps *m)
{
	errno = 0;
	int rc = maps_load(file, m);
	cr_assert_eq(rc, 0, "maps_load(\"%s\") returned %d (errno %d: %s, bad_line %zu), expected 0 "
		     "(tasks 2-4 read maps with your maps.c: task 1 comes first)",
		     file, rc, errno, strerror(errno), m->bad_line);
}

/* The entry of m that starts at start, or fail the test. */
static inline const struct map_entry *entry_at(const struct maps *m, uintptr_t start)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].start == start)
			return &m->v[i];
	cr_assert_fail("no entry starts at %#lx among the %zu entries read",
		       (unsigned long)start, m->n);
	return NULL;
}

static inline const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

#endif
