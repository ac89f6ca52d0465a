// SPDX-License-Identifier: MIT
/*
 * tracelist.c - see tracelist.h.
 */
#include "tracelist.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "die.h"

static char *xstrdup(const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		die("out of memory");
	return copy;
}

static int new_set(struct entries *es, const char *name)
{
	char **sets = realloc(es->sets, (size_t)(es->nsets + 1) * sizeof *sets);
	if (!sets)
		die("out of memory");
	es->sets = sets;
	es->sets[es->nsets] = xstrdup(name);
	return es->nsets++;
}

static void add_entry(struct entries *es, const char *path, const char *test,
		      const char *error, int set)
{
	if (es->n == es->cap) {
		es->cap = es->cap ? 2 * es->cap : 16;
		es->v = realloc(es->v, (size_t)es->cap * sizeof *es->v);
		if (!es->v)
			die("out of memory");
	}
	struct entry *e = &es->v[es->n++];
	e->path = xstrdup(path);
	e->test = xstrdup(test);
	e->error = error ? xstrdup(error) : NULL;
	e->set = set;
}

/* "traces/" + prefix + the file's name without its directory and .rep. */
static void test_name(char *buf, size_t len, const char *prefix, const char *path)
{
	const char *slash = strrchr(path, '/');
	snprintf(buf, len, "traces/%s%s", prefix, slash ? slash + 1 : path);
	size_t n = strlen(buf);
	if (n > 4 && strcmp(buf + n - 4, ".rep") == 0)
		buf[n - 4] = '\0';
}

void tracelist_add_file(struct entries *es, const char *path)
{
	char test[512];
	test_name(test, sizeof test, "", path);
	add_entry(es, path, test, NULL, new_set(es, path));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tracelist_add_dir(struct entries *es, const char *dir, const char *prefix)
{
	int set = new_set(es, dir);
	char test[512], why[1024];
	snprintf(test, sizeof test, "traces/%s*", prefix);
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		snprintf(why, sizeof why, "cannot read the trace directory %s: %s", dir,
			 strerror(e));
		add_entry(es, dir, test, why, set);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *de; (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".rep") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				die("out of memory");
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n == 0) {
		snprintf(why, sizeof why, "no trace in the directory %s (no file "
			 "named *.rep)", dir);
		add_entry(es, dir, test, why, set);
	} else {
		qsort(names, n, sizeof *names, by_name);
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		test_name(test, sizeof test, prefix, names[i]);
		add_entry(es, path, test, NULL, set);
		free(names[i]);
	}
	free(names);
}

void tracelist_add_dirs(struct entries *es, const char *list, bool extra)
{
	char *copy = xstrdup(list), *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char prefix[256] = "";
		if (extra) {
			size_t len = strlen(dir);
			while (len > 1 && dir[len - 1] == '/')
				dir[--len] = '\0';
			const char *base = strrchr(dir, '/');
			snprintf(prefix, sizeof prefix, "%s-", base ? base + 1 : dir);
		}
		tracelist_add_dir(es, dir, prefix);
	}
	free(copy);
}

void tracelist_free(struct entries *es)
{
	for (int i = 0; i < es->n; i++) {
		free(es->v[i].path);
		free(es->v[i].test);
		free(es->v[i].error);
	}
	for (int i = 0; i < es->nsets; i++)
		free(es->sets[i]);
	free(es->v);
	free(es->sets);
	memset(es, 0, sizeof *es);
}
