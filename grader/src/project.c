// SPDX-License-Identifier: MIT
/* project.c - the project's root and its labs (see project.h). */
#include "project.h"
#include "util.h"

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *find_root(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *root = xstrdup(dirname(dirname(exe)));
		char *probe = xasprintf("%s/labs/common/lab.mk", root);
		bool ok = is_file(probe);
		free(probe);
		if (ok)
			return root;
		free(root);
	}
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd) && is_file("labs/common/lab.mk"))
		return xstrdup(cwd);
	fatal("cannot find the project (labs/common/lab.mk) from %s or the current directory",
	      n > 0 ? exe : "/proc/self/exe");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool lab_folder_name(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == '-';
}

char **find_labs(const char *root, size_t *n)
{
	char *dir = xasprintf("%s/labs", root);
	DIR *d = opendir(dir);
	if (!d)
		fatal("cannot open %s", dir);
	char **labs = NULL;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!lab_folder_name(e->d_name))
			continue;
		char *mk = xasprintf("%s/%s/Makefile", dir, e->d_name);
		if (is_file(mk)) {
			labs = xrealloc(labs, (*n + 1) * sizeof *labs);
			labs[(*n)++] = xstrdup(e->d_name);
		}
		free(mk);
	}
	closedir(d);
	free(dir);
	qsort(labs, *n, sizeof *labs, by_name);
	return labs;
}

void free_labs(char **labs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(labs[i]);
	free(labs);
}

const char *match_lab(char **labs, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++) {
		const char *lab = labs[i];
		if (!strcmp(lab, want) || !strcmp(lab + 3, want))
			return lab;
		char *end;
		long num = strtol(want, &end, 10);
		if (*want && !*end && num == strtol(lab, NULL, 10))
			return lab;
	}
	return NULL;
}
