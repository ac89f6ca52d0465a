/*
 * maps.c - read /proc/PID/maps into struct map_entry records.   (task 1)
 *
 * The format is fixed by the kernel (fs/proc/task_mmu.c, proc(5)):
 *
 *   start-end perms offset major:minor inode   path
 *
 * Numbers are hexadecimal except the inode. The path is the rest of the line
 * after the padding spaces, so it may hold spaces of its own; it is empty for
 * an anonymous mapping. Check every field: a bad line must be refused
 * (-1, errno = EINVAL), never half-parsed, never crash.
 */
#include "maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The value of a hex digit, or -1. You may find it useful. */
static inline int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int maps_parse_line(const char *line, struct map_entry *e)
{
	/*
	 * TODO (task 1): fill *e from line and return 0.
	 * - start-end: two hex numbers joined by '-'; start must be below end.
	 * - perms: exactly 4 characters, [r-][w-][x-][ps], copied with a NUL.
	 * - offset (hex), major:minor (hex, hex), inode (decimal).
	 * - the path: skip the spaces after the inode, take the rest of the
	 *   line without its '\n'; strip a final " (deleted)" and set deleted.
	 * Any other shape: return -1 with errno = EINVAL.
	 */
	(void)line;
	(void)e;
	(void)hexval;
	errno = ENOSYS;
	return -1;
}

int maps_read(FILE *f, struct maps *m)
{
	*m = (struct maps){ 0 };
	/*
	 * TODO (task 1): read f line by line (getline(3): lines have no length
	 * limit), parse each with maps_parse_line and append the entry to
	 * m->v, growing it with realloc (m->cap says how much is allocated).
	 * At the first bad line set m->bad_line (counting from 1) and return -1
	 * with errno = EINVAL. Free what you allocated for yourself.
	 */
	(void)f;
	errno = ENOSYS;
	return -1;
}

int maps_load(const char *file, struct maps *m)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		*m = (struct maps){ 0 };
		return -1;
	}
	int rc = maps_read(f, m);
	int err = errno;
	fclose(f);
	errno = err;
	return rc;
}

const struct map_entry *maps_find(const struct maps *m, uintptr_t addr)
{
	/* TODO (task 1): the entry with start <= addr < end, or NULL. */
	(void)m;
	(void)addr;
	return NULL;
}

void maps_free(struct maps *m)
{
	free(m->v);
	*m = (struct maps){ 0 };
}
