// SPDX-License-Identifier: MIT
// >>> about
/*
 * maps.h - one line of /proc/PID/maps as a record, and a whole file of them.
 *
 * A line of /proc/PID/maps looks like this (see proc(5)):
 *
 *   55f3b3e52000-55f3b3e53000 r-xp 00001000 fe:00 10953247   /tmp/p
 *   start        end          perms offset  dev   inode      path
 *
 * start, end, offset and both halves of the device are hexadecimal; the inode
 * is decimal. The path is everything after the inode and the spaces that pad
 * it, and may be empty (an anonymous mapping), a name in brackets ([heap],
 * [stack], [vdso], ...), or a file name, which may hold spaces and may end in
 * " (deleted)" when the file was removed after it was mapped.
 *
 * This header is fixed: you write maps.c.
 */
// <<< about
#ifndef MAPS_H
#define MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest path kept, with its terminating NUL (Linux's PATH_MAX). */
#define MAP_PATH_MAX 4096

struct map_entry {
	uintptr_t start;        /* first byte of the mapping */
	uintptr_t end;          /* one past the last byte */
	char perms[5];          /* "r-xp": read, write, execute, private/shared */
	uint64_t offset;        /* where in the file the mapping begins */
	unsigned dev_major;     /* device holding the file, 0:0 when none */
	unsigned dev_minor;
	uint64_t inode;         /* the file's inode, 0 when none */
	char path[MAP_PATH_MAX]; /* without " (deleted)"; "" when anonymous */
	bool deleted;           /* the line ended in " (deleted)" */
};

/* All the mappings of a file, in the order of the file. */
struct maps {
	struct map_entry *v;
	size_t n;               /* entries in v */
	size_t cap;             /* entries allocated */
	size_t bad_line;        /* after a failed load: the line (from 1) at fault */
};

/*
 * Parse one line (with or without its '\n') into *e.
 * Returns 0, or -1 with errno = EINVAL when the line is not a maps line
 * (then *e is unspecified). Never reads past the line's NUL.
 */
int maps_parse_line(const char *line, struct map_entry *e);

/*
 * Read every line of f into m (which the function initialises).
 * Returns 0, or -1 with errno set: EINVAL for a line that does not parse
 * (m->bad_line says which), ENOMEM, or the error of the read. After -1 the
 * caller still calls maps_free(m).
 */
int maps_read(FILE *f, struct maps *m);

/*
 * The same for a file by name ("/proc/self/maps", a fixture). Given: it
 * reads the whole file into memory first (the kernel promises no snapshot
 * across reads, see README.md), then calls maps_read on that copy.
 */
int maps_load(const char *file, struct maps *m);

/* The entry holding addr (start <= addr < end), or NULL. */
const struct map_entry *maps_find(const struct maps *m, uintptr_t addr);

/* Release what maps_read allocated; m is empty afterwards. */
void maps_free(struct maps *m);

/*
 * Given (mapscheck.c): check what the kernel promises about a maps file:
 * start < end, both page-aligned, entries sorted and not overlapping, perms
 * of the form [r-][w-][x-][ps]. Returns 0, or -1 and a reason in why.
 */
int maps_check(const struct maps *m, char *why, size_t whysize);

#endif
