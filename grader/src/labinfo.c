// SPDX-License-Identifier: MIT
/* labinfo.c - the one reader of make lab-info (see labinfo.h; the format is
   labs/common/labproto.h's). */
#include "labinfo.h"
#include "sandbox.h"
#include "util.h"
#include "../../labs/common/labproto.h"

#include <stdlib.h>
#include <string.h>

static char **split_words(const char *s, size_t *count)
{
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		size_t len = strcspn(s, " \t");
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = xstrndup(s, len);
		v[n] = NULL;
		s += len;
	}
	if (count)
		*count = n;
	return v;
}

static void free_words(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The value of "key value" when `line` has that key, else NULL. */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);
	if (strncmp(line, key, n) || (line[n] != ' ' && line[n] != '\0'))
		return NULL;
	return line[n] ? line + n + 1 : line + n;
}

int parse_lab_info(const char *text, struct lab_info *info, char **err)
{
	info->driver_tests_timeout = 300;
	char *copy = xstrdup(text);
	const char *v;
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if ((v = value_of(line, LABINFO_STUDENT))) {
			free_words(info->student);
			info->student = split_words(v, &info->nstudent);
		} else if ((v = value_of(line, LABINFO_DRIVER_TESTS))) {
			free_words(info->driver_tests);
			info->driver_tests = split_words(v, NULL);
		} else if ((v = value_of(line, LABINFO_DRIVER_TESTS_TIMEOUT))) {
			info->driver_tests_timeout = atof(v);
		} else if ((v = value_of(line, LABINFO_REFERENCE))) {
			info->needs_reference = !strcmp(v, "yes");
		} else if ((v = value_of(line, LABINFO_WORKER))) {
			info->worker = !strcmp(v, "yes");
		} else if ((v = value_of(line, LABINFO_MEMCG))) {
			info->memcg = strtoull(v, NULL, 10);
		}
	}
	free(copy);
	if (info->driver_tests && !info->driver_tests[0]) {
		free_words(info->driver_tests);
		info->driver_tests = NULL;
	}
	for (size_t i = 0; i < info->nstudent; i++) {
		const char *f = info->student[i];
		if (strchr(f, '/') || f[0] == '.') {
			*err = xasprintf("the lab's Makefile names a student file '%s': it must be a plain file name", f);
			return -1;
		}
	}
	return 0;
}

static char *handout_title(const char *labdir)
{
	char *path = xasprintf("%s/README.md", labdir);
	char *text = read_file(path, 4096, NULL);
	free(path);
	char *title = NULL;
	for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line && !title;
	     line = strtok_r(NULL, "\n", &save))
		if (line[0] == '#' && line[1] == ' ')
			title = trim(line + 2);
	free(text);
	return title ? title : xstrdup("");
}

int read_lab_info(const char *labdir, struct lab_info *info, char **err)
{
	memset(info, 0, sizeof *info);
	info->title = handout_title(labdir);
	char *argv[] = { "make", "-s", "--no-print-directory", "-C", (char *)labdir, "lab-info", NULL };
	struct run_limits lim = default_limits();
	lim.wall_seconds = 60;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	int rc;
	if (res.exit_code != 0) {
		*err = xasprintf("make lab-info failed in %s:\n%s", labdir, res.output);
		rc = -1;
	} else {
		rc = parse_lab_info(res.output, info, err);
	}
	run_result_free(&res);
	return rc;
}

void lab_info_free(struct lab_info *info)
{
	free(info->title);
	free_words(info->student);
	free_words(info->driver_tests);
	memset(info, 0, sizeof *info);
}

char **driver_tests_argv(const struct lab_info *info, const char *arg, const char *arg2)
{
	size_t argc = 0;
	while (info->driver_tests[argc])
		argc++;
	char **argv = xcalloc(argc + 3, sizeof *argv);
	memcpy(argv, info->driver_tests, argc * sizeof *argv);
	argv[argc] = (char *)arg;
	argv[argc + 1] = (char *)arg2;
	return argv;
}
