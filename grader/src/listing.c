// SPDX-License-Identifier: MIT
/* listing.c - the one reader of the lab list (see listing.h). */
#include "listing.h"
#include "sandbox.h"
#include "util.h"
#include "../../labs/common/labproto.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

void parse_lab_list(const char *text, bool driver, struct test_list *list)
{
	char *copy = xstrdup(text);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[LIST_FIELDS] = {0};
		int nf = split_fields(line, '\t', f, LIST_FIELDS);
		if (nf <= LIST_POINTS || !*f[LIST_NAME])
			continue;
		list->v = xrealloc(list->v, (list->n + 1) * sizeof *list->v);
		list->v[list->n++] = (struct listed_test){
			.name = xstrdup(f[LIST_NAME]),
			.points = atof(f[LIST_POINTS]),
			.signal = nf > LIST_SIGNAL ? atoi(f[LIST_SIGNAL]) : 0,
			.partial = nf > LIST_PARTIAL && atoi(f[LIST_PARTIAL]) != 0,
			.hint = xstrdup(nf > LIST_HINT ? f[LIST_HINT] : ""),
			.driver = driver,
		};
	}
	free(copy);
}

/* Run a program of the lab that prints a lab list, and read it. */
static int read_list(char **argv, const char *labdir, bool driver, struct test_list *list,
                     char **err)
{
	struct run_limits lim = default_limits();
	lim.wall_seconds = 30;
	struct run_result res;
	run_command(argv, labdir, NULL, &lim, &res);
	int rc = 0;
	if (res.exit_code != 0) {
		*err = xasprintf("%s --lab-list failed:\n%s", argv[0], res.output);
		rc = -1;
	} else {
		parse_lab_list(res.output, driver, list);
	}
	run_result_free(&res);
	return rc;
}

int list_tests(const char *labdir, const struct lab_info *info, struct test_list *list,
               char **err)
{
	char *argv[] = { "build/run-tests", "--lab-list", NULL };
	if (read_list(argv, labdir, false, list, err) < 0)
		return -1;
	if (!info->driver_tests)
		return 0;
	char **dargv = driver_tests_argv(info, "--lab-list", NULL);
	int rc = read_list(dargv, labdir, true, list, err);
	free(dargv);
	return rc;
}

static bool selected(const char *name, const char *only)
{
	char *copy = xstrdup(only);
	bool hit = false;
	for (char *save = NULL, *p = strtok_r(copy, ",", &save); p && !hit; p = strtok_r(NULL, ",", &save))
		hit = fnmatch(p, name, 0) == 0;
	free(copy);
	return hit;
}

void test_list_select(struct test_list *list, const char *only)
{
	if (!only)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < list->n; i++) {
		if (selected(list->v[i].name, only)) {
			list->v[kept++] = list->v[i];
		} else {
			free(list->v[i].name);
			free(list->v[i].hint);
		}
	}
	list->n = kept;
}

void test_list_free(struct test_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].name);
		free(list->v[i].hint);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}
