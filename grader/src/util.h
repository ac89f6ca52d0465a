// SPDX-License-Identifier: MIT
/*
 * util.h - small helpers the grader uses everywhere: memory that cannot fail
 * (the grader stops with status 2 if it runs out), strings, files.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Exit status when the grader itself cannot run. */
enum { EXIT_GRADER_ERROR = 2 };

__attribute__((noreturn, format(printf, 1, 2)))
void fatal(const char *fmt, ...);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_take(struct buf *b);   /* the string (never NULL); b is emptied */

/* The first `max` bytes of a regular file, NUL-terminated, or NULL if
   unreadable: a symbolic link, a FIFO or a device counts as absent. */
char *read_file(const char *path, size_t max, size_t *len);
bool is_dir(const char *path);
bool is_file(const char *path);
bool same_file_contents(const char *a, const char *b);

/* Copy a file, or a directory tree (regular files and folders; a folder
   named `skip` is left out at every level). Returns 0 or -1 with errno. */
int copy_file(const char *from, const char *to);
int copy_tree(const char *from, const char *to, const char *skip);
int remove_tree(const char *path);
/* Give the tree at `path` (never through a link) to uid:gid: its folders
   only, or with `all`, its files too, then without write permission for
   group and others. Trees the grader made, a few levels deep (by
   descriptor, one open folder per level). Returns 0 or -1 with errno. */
int give_tree(const char *path, unsigned uid, unsigned gid, bool all);
/* mkdir -p. Returns 0 or -1 with errno. */
int make_dirs(const char *path);
/* Is the file system holding `path` full: less than 1 MiB left for users
   other than root (what made a build or a test fail with "No space left
   on device")? False when it cannot be told. */
bool fs_full(const char *path);

/* Make the text safe to show and to put in JSON or XML: only well-formed
   UTF-8 of characters XML 1.0 allows is kept (tab, newline, U+0020-U+D7FF
   except DEL, U+E000-U+FFFD, U+10000-U+10FFFF); every other byte becomes
   '?', and CR is dropped. At most `max` bytes are kept. */
char *clean_text(const char *s, size_t max);
/* The text without leading and trailing blank lines and spaces. */
char *trim(const char *s);
/* The end of a program's output, cleaned, to show when nothing else explains
   what happened (to free). */
char *output_tail(const char *out);
/* Split `line` in place on `sep` into at most `max` fields; the last one
   keeps any separators left. Returns how many there are (at least 1). */
int split_fields(char *line, char sep, char **field, int max);

/* Monotonic seconds. */
double now_seconds(void);

#endif
