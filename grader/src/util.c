// SPDX-License-Identifier: MIT
/* util.c - memory that cannot fail, strings, files (see util.h). */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

void fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("grader: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_GRADER_ERROR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	char *s;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	return s;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	char *s;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	buf_add(b, s, (size_t)n);
	free(s);
}

char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

char *read_file(const char *path, size_t max, size_t *lenp)
{
	/* Many files read back were written where student code could put a
	   symbolic link, a FIFO or a device instead: not through a link, never
	   waiting in open() for a writer, and only a regular file. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	struct buf b = {0};
	char chunk[8192];
	size_t total = 0;
	while (total < max) {
		size_t want = max - total < sizeof chunk ? max - total : sizeof chunk;
		ssize_t n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
		total += (size_t)n;
	}
	close(fd);
	if (lenp)
		*lenp = b.len;
	return buf_take(&b);
}

bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool same_file_contents(const char *a, const char *b)
{
	/* Student files are at most 4 MiB: past the cap, not the same. */
	const size_t cap = 64u << 20;
	size_t la, lb;
	char *sa = read_file(a, cap + 1, &la);
	char *sb = read_file(b, cap + 1, &lb);
	bool same = sa && sb && la == lb && la <= cap && memcmp(sa, sb, la) == 0;
	free(sa);
	free(sb);
	return same;
}

int copy_file(const char *from, const char *to)
{
	/* Never through a symbolic link: a submission could point one anywhere. */
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return -1;
	struct stat st;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		errno = EINVAL;
		return -1;
	}
	unlink(to);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
	if (out < 0) {
		close(in);
		return -1;
	}
	char chunk[65536];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, chunk, sizeof chunk)) > 0) {
		if (write(out, chunk, (size_t)n) != n) {
			rc = -1;
			break;
		}
	}
	if (n < 0)
		rc = -1;
	close(in);
	if (close(out) < 0)
		rc = -1;
	return rc;
}

int copy_tree(const char *from, const char *to, const char *skip)
{
	if (mkdir(to, 0755) < 0 && errno != EEXIST)
		return -1;
	DIR *d = opendir(from);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (skip && !strcmp(e->d_name, skip))
			continue;
		char *src = xasprintf("%s/%s", from, e->d_name);
		char *dst = xasprintf("%s/%s", to, e->d_name);
		struct stat st;
		if (lstat(src, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = copy_tree(src, dst, skip);
			else if (S_ISREG(st.st_mode))
				rc = copy_file(src, dst);
			/* symbolic links and the rest are left out on purpose */
		}
		free(src);
		free(dst);
	}
	closedir(d);
	return rc;
}

/* give_tree below the open folder `fd`. */
static int give_below(int fd, unsigned uid, unsigned gid, bool all, int depth)
{
	int copy = dup(fd);
	DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
	if (!d) {
		if (copy >= 0)
			close(copy);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	struct stat st;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = depth < 64 ? openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
			if (sub < 0 || fchown(sub, uid, gid) < 0 || (all && fchmod(sub, st.st_mode & 07755) < 0) ||
			    give_below(sub, uid, gid, all, depth + 1) < 0)
				rc = -1;
			if (sub >= 0)
				close(sub);
		} else if (all && (fchownat(fd, e->d_name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 ||
		                   (S_ISREG(st.st_mode) && fchmodat(fd, e->d_name, st.st_mode & 0755, 0) < 0))) {
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

int give_tree(const char *path, unsigned uid, unsigned gid, bool all)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = fstat(fd, &st) < 0 || fchown(fd, uid, gid) < 0 ||
	         (all && fchmod(fd, st.st_mode & 07755) < 0) || give_below(fd, uid, gid, all, 0) < 0 ? -1 : 0;
	close(fd);
	return rc;
}

int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

/* In the open folder `fd`: unlink every entry but folders; the first folder
   found (to free), or NULL when none is left. */
static char *clear_files(int fd)
{
	int copy = dup(fd);
	DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
	if (!d) {
		if (copy >= 0)
			close(copy);
		return NULL;
	}
	rewinddir(d);   /* the copy shares the offset a previous pass left */
	char *sub = NULL;
	struct dirent *e;
	while (!sub && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(fd, e->d_name, 0) < 0 && errno == EISDIR)
			sub = xstrdup(e->d_name);
	}
	closedir(d);
	return sub;
}

/* In the open folder `fd`: remove the empty folder `me` (its inode; by
   fstatat, as d_ino differs from st_ino on overlay file systems). */
static int remove_child(int fd, const struct stat *me)
{
	int copy = dup(fd);
	DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
	if (!d) {
		if (copy >= 0)
			close(copy);
		return -1;
	}
	rewinddir(d);
	int rc = -1;
	struct dirent *e;
	struct stat st;
	while (rc < 0 && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_ino == me->st_ino && st.st_dev == me->st_dev)
			rc = unlinkat(fd, e->d_name, AT_REMOVEDIR);
	closedir(d);
	return rc;
}

/* Depth-first with one open folder at a time, by descriptor (openat,
   unlinkat), never by path: code under test may leave a tree deeper than
   PATH_MAX, which no path string reaches, and one descriptor per level
   would run out of descriptors first. Going up, the folder just emptied is
   found in its parent by inode. */
int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	chmod(path, 0700);  /* code under test may have made it read-only */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t depth = 0;
	int rc = 0;
	for (;;) {
		char *sub = clear_files(fd);
		if (sub) {
			fchmodat(fd, sub, 0700, 0);
			int child = openat(fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			free(sub);
			if (child < 0) {
				rc = -1;
				break;
			}
			close(fd);
			fd = child;
			depth++;
			continue;
		}
		if (depth == 0)
			break;
		struct stat me;
		int parent = fstat(fd, &me) == 0 ? openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		close(fd);
		fd = parent;
		depth--;
		/* Not removed (a file that would not go): stop, not loop. */
		if (fd < 0 || remove_child(fd, &me) < 0) {
			rc = -1;
			break;
		}
	}
	if (fd >= 0)
		close(fd);
	return rmdir(path) < 0 ? -1 : rc;
}

bool fs_full(const char *path)
{
	struct statvfs fs;
	return statvfs(path, &fs) == 0 &&
	       (unsigned long long)fs.f_bavail * fs.f_frsize < (1ULL << 20);
}

/* Length of the well-formed UTF-8 sequence at s, or 0 when it is not one
   or encodes a character XML 1.0 forbids. JSON and XML readers reject the
   rest, and one such byte in a report makes the whole report unreadable:
   overlong forms (C0, C1, E0 80..9F, F0 80..8F), UTF-16 surrogates
   (ED A0..BF), code points past U+10FFFF (F4 90.., F5..FF) and the
   non-characters U+FFFE and U+FFFF. Control characters are the caller's. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n;
	uint32_t cp, least;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F, least = 0x80;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, cp = s[0] & 0x0F, least = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07, least = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {   /* stops at the NUL: not 10xxxxxx */
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return n;
}

char *clean_text(const char *s, size_t max)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	while (*p && b.len < max) {
		size_t n = utf8_len(p);
		if (n == 0) {
			buf_add(&b, "?", 1);
			p++;
		} else if (n == 1 && *p < 0x20 && *p != '\n' && *p != '\t') {
			buf_add(&b, *p == '\r' ? "" : "?", *p == '\r' ? 0 : 1);
			p++;
		} else if (n == 1 && *p == 0x7f) {
			buf_add(&b, "?", 1);
			p++;
		} else {
			buf_add(&b, (const char *)p, n);
			p += n;
		}
	}
	if (*p)
		buf_puts(&b, "\n[... cut]");
	return buf_take(&b);
}

char *trim(const char *s)
{
	while (*s == '\n' || *s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

char *output_tail(const char *out)
{
	size_t len = strlen(out);
	const char *p = len > 1200 ? out + len - 1200 : out;
	char *c = clean_text(p, 1400);
	char *t = trim(c);
	free(c);
	return t;
}

int split_fields(char *line, char sep, char **field, int max)
{
	int n = 0;
	for (char *p = line; n < max; ) {
		field[n++] = p;
		char *end = n < max ? strchr(p, sep) : NULL;
		if (!end)
			break;
		*end = '\0';
		p = end + 1;
	}
	return n;
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
