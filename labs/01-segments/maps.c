// SPDX-License-Identifier: MIT
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
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * The whole of a file, read into one buffer before anything parses it.
 *
 * The kernel writes /proc/PID/maps at most a page of lines per read(2), and
 * between two reads it promises no snapshot: a mapping that changed in
 * between can be shown twice (once before and once after: [heap] with two
 * ends), one made or removed in between may or may not be there. A parser
 * that reads a line at a time runs between the reads, and its own malloc
 * can move the break. So: read everything with no
 * allocation between two reads, and if the buffer turns out too small, grow
 * it and read the whole file again from its start. Returns the buffer (to
 * free) and its length in *len, or NULL with errno set.
 */
static char *read_whole(int fd, size_t *len)
{
	char *buf = NULL;
	for (size_t cap = 64 << 10;; cap *= 2) {
		char *bigger = realloc(buf, cap);       /* between passes, never within one */
		if (!bigger || lseek(fd, 0, SEEK_SET) < 0) {
			int err = bigger ? errno : ENOMEM;
			free(bigger ? bigger : buf);
			errno = err;
			return NULL;
		}
		buf = bigger;
		size_t n = 0;
		ssize_t got;
		while (n < cap && (got = read(fd, buf + n, cap - n)) != 0) {
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				int err = errno;
				free(buf);
				errno = err;
				return NULL;
			}
			n += (size_t)got;
		}
		if (n < cap) {
			*len = n;
			return buf;
		}
	}
}

int maps_load(const char *file, struct maps *m)
{
	*m = (struct maps){ 0 };
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	char *text = read_whole(fd, &len);
	int err = errno;
	close(fd);
	if (!text) {
		errno = err;
		return -1;
	}
	/* Your maps_read parses the copy: it may allocate as it likes now. */
	FILE *f = fmemopen(text, len, "r");
	int rc = f ? maps_read(f, m) : -1;
	err = errno;
	if (f)
		fclose(f);
	free(text);
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
