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
// >>> design
//|  * an anonymous mapping. Check every field: a bad line must be refused
//|  * (-1, errno = EINVAL), never half-parsed, never crash.
 * an anonymous mapping. We check every field instead of trusting sscanf,
 * because sscanf skips spaces anywhere and accepts signs: a bad line must be
 * refused, not half-parsed.
// <<< design
 */
#include "maps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// >>> hexval
//| /* The value of a hex digit, or -1. You may find it useful. */
/* The value of a hex digit, or -1. */
// <<< hexval
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

// >>> helpers (solution only)
/*
 * Parse 1 to maxdigits hex digits at s, which must be followed by `stop`.
 * Returns the character after `stop`, or NULL if the field is malformed.
 */
static const char *hex_field(const char *s, uint64_t *v, int maxdigits, char stop)
{
	uint64_t x = 0;
	int n = 0;
	for (; hexval(*s) >= 0; s++, n++) {
		if (n == maxdigits)
			return NULL;
		x = x << 4 | (uint64_t)hexval(*s);
	}
	if (n == 0 || *s != stop)
		return NULL;
	*v = x;
	return s + 1;
}

static bool perms_ok(const char *p)
{
	return (p[0] == 'r' || p[0] == '-') && (p[1] == 'w' || p[1] == '-') &&
	       (p[2] == 'x' || p[2] == '-') && (p[3] == 'p' || p[3] == 's');
}

static int invalid(void)
{
	errno = EINVAL;
	return -1;
}
// <<< helpers

int maps_parse_line(const char *line, struct map_entry *e)
{
	// >>> maps_parse_line
	//| /*
	//|  * TODO (task 1): fill *e from line and return 0.
	//|  * - start-end: two hex numbers joined by '-'; start must be below end.
	//|  * - perms: exactly 4 characters, [r-][w-][x-][ps], copied with a NUL.
	//|  * - offset (hex), major:minor (hex, hex), inode (decimal).
	//|  * - the path: skip the spaces after the inode, take the rest of the
	//|  *   line without its '\n'; strip a final " (deleted)" and set deleted.
	//|  * Any other shape: return -1 with errno = EINVAL.
	//|  */
	//| (void)line;
	//| (void)e;
	//| (void)hexval;
	//| errno = ENOSYS;
	//| return -1;
	uint64_t start, end, off, major, minor;
	const char *s = line;

	if (!(s = hex_field(s, &start, 16, '-')) ||
	    !(s = hex_field(s, &end, 16, ' ')))
		return invalid();
	if (strnlen(s, 5) < 5 || !perms_ok(s) || s[4] != ' ')
		return invalid();
	memcpy(e->perms, s, 4);
	e->perms[4] = '\0';
	s += 5;
	if (!(s = hex_field(s, &off, 16, ' ')) ||
	    !(s = hex_field(s, &major, 8, ':')) ||
	    !(s = hex_field(s, &minor, 8, ' ')))
		return invalid();

	/* The inode is decimal and ends the line or is followed by spaces. */
	if (*s < '0' || *s > '9')
		return invalid();
	uint64_t inode = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		inode = inode * 10 + (uint64_t)(*s - '0');
	if (*s != ' ' && *s != '\n' && *s != '\0')
		return invalid();
	if (start >= end)
		return invalid();

	/* The path: everything after the padding, up to the end of the line. */
	while (*s == ' ')
		s++;
	size_t len = strcspn(s, "\n");
	if (s[len] == '\n' && s[len + 1] != '\0')
		return invalid();       /* two lines in one */
	static const char deleted[] = " (deleted)";
	size_t dlen = sizeof deleted - 1;
	e->deleted = len >= dlen && memcmp(s + len - dlen, deleted, dlen) == 0;
	if (e->deleted)
		len -= dlen;
	if (len >= MAP_PATH_MAX)
		return invalid();
	memcpy(e->path, s, len);
	e->path[len] = '\0';

	e->start = (uintptr_t)start;
	e->end = (uintptr_t)end;
	e->offset = off;
	e->dev_major = (unsigned)major;
	e->dev_minor = (unsigned)minor;
	e->inode = inode;
	return 0;
	// <<< maps_parse_line
}

// >>> push (solution only)
static int push(struct maps *m, const struct map_entry *e)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 32;
		struct map_entry *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return -1;      /* errno is ENOMEM */
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = *e;
	return 0;
}
// <<< push

int maps_read(FILE *f, struct maps *m)
{
	*m = (struct maps){ 0 };
	// >>> maps_read
	//| /*
	//|  * TODO (task 1): read f line by line (getline(3): lines have no length
	//|  * limit), parse each with maps_parse_line and append the entry to
	//|  * m->v, growing it with realloc (m->cap says how much is allocated).
	//|  * At the first bad line set m->bad_line (counting from 1) and return -1
	//|  * with errno = EINVAL. Free what you allocated for yourself.
	//|  */
	//| (void)f;
	//| errno = ENOSYS;
	//| return -1;
	char *line = NULL;
	size_t size = 0;
	size_t lineno = 0;
	int rc = 0;
	struct map_entry *e = malloc(sizeof *e);   /* 4 KiB: not on the stack */

	if (!e)
		return -1;
	errno = 0;
	while (getline(&line, &size, f) >= 0) {
		lineno++;
		if (maps_parse_line(line, e) < 0) {
			m->bad_line = lineno;
			rc = -1;
			break;
		}
		if (push(m, e) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		if (!errno)
			errno = EIO;
		rc = -1;
	}
	int err = errno;
	free(e);
	free(line);
	errno = err;
	return rc;
	// <<< maps_read
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
	// >>> maps_find
	//| /* TODO (task 1): the entry with start <= addr < end, or NULL. */
	//| (void)m;
	//| (void)addr;
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].start <= addr && addr < m->v[i].end)
			return &m->v[i];
	// <<< maps_find
	return NULL;
}

void maps_free(struct maps *m)
{
	free(m->v);
	*m = (struct maps){ 0 };
}
