// SPDX-License-Identifier: MIT
/* driver.c - a lab's driver tests (see driver.h). */
#include "driver.h"
#include "sandbox.h"
#include "util.h"
#include "workerexec.h"
#include "../../labs/common/labproto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum test_status parse_status(const char *s)
{
	if (!strcmp(s, "pass")) return ST_PASS;
	if (!strcmp(s, "fail")) return ST_FAIL;
	if (!strcmp(s, "timeout")) return ST_TIMEOUT;
	if (!strcmp(s, "skip")) return ST_SKIP;
	return ST_ERROR;
}

void parse_driver_results(const char *text, struct driver_results *results)
{
	char *copy = xstrdup(text);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[RESULT_FIELDS] = {0};
		int nf = split_fields(line, '\t', f, RESULT_FIELDS);
		if (nf <= RESULT_MAX || strcmp(f[RESULT_TAG], LABPROTO_RESULT_TAG))
			continue;
		results->v = xrealloc(results->v, (results->n + 1) * sizeof *results->v);
		results->v[results->n++] = (struct driver_result){
			.name = xstrdup(f[RESULT_NAME]),
			.status = parse_status(f[RESULT_STATUS]),
			.score = atof(f[RESULT_SCORE]),
			.message = xstrdup(nf > RESULT_MESSAGE ? f[RESULT_MESSAGE] : ""),
			.metrics = xstrdup(nf > RESULT_METRICS ? f[RESULT_METRICS] : ""),
		};
	}
	free(copy);
}

void driver_results_free(struct driver_results *results)
{
	for (size_t i = 0; i < results->n; i++) {
		free(results->v[i].name);
		free(results->v[i].message);
		free(results->v[i].metrics);
	}
	free(results->v);
	results->v = NULL;
	results->n = 0;
}

static void set_message(struct test_result *t, char *message)
{
	free(t->message);
	t->message = message;
}

static void take_result(struct test_result *t, const struct driver_result *r)
{
	t->status = r->status;
	t->score = r->score < 0 ? 0 : r->score > t->max_score ? t->max_score : r->score;
	if (t->status == ST_SKIP)
		t->score = 0;
	set_message(t, clean_text(r->message, 4000));
	char *metrics = xstrdup(r->metrics);
	for (char *save = NULL, *kv = strtok_r(metrics, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (eq) {
			*eq = '\0';
			test_add_metric(t, kv, atof(eq + 1));
		}
	}
	free(metrics);
}

/* Each line names one listed driver test, the first not yet reported. */
static void take_named(const struct test_list *list, struct lab_result *lab,
                       const struct driver_results *results, bool *reported)
{
	for (size_t k = 0; k < results->n; k++) {
		for (size_t i = 0; i < list->n; i++) {
			struct test_result *t = &lab->tests[i];
			if (!list->v[i].driver || reported[i] || strcmp(t->name, results->v[k].name))
				continue;
			reported[i] = true;
			take_result(t, &results->v[k]);
			break;
		}
	}
}

/* Tests a wildcard line covers: the longest prefix that matches says why.
   They are errors with no points, whatever the line says: it reports
   traces that did not run (the driver, as the sandbox user, could not read
   a folder the list, made as the grader, named). */
static void take_wildcards(const struct test_list *list, struct lab_result *lab,
                           const struct driver_results *results, bool *reported)
{
	for (size_t i = 0; i < list->n; i++) {
		struct test_result *t = &lab->tests[i];
		if (!list->v[i].driver || reported[i])
			continue;
		const struct driver_result *best = NULL;
		size_t best_len = 0;
		for (size_t k = 0; k < results->n; k++) {
			const char *name = results->v[k].name;
			size_t len = strlen(name);
			if (!len || name[len - 1] != LABPROTO_WILDCARD)
				continue;
			if (!strncmp(t->name, name, len - 1) && (!best || len - 1 > best_len)) {
				best = &results->v[k];
				best_len = len - 1;
			}
		}
		if (!best)
			continue;
		reported[i] = true;
		t->status = ST_ERROR;
		t->score = 0;
		set_message(t, clean_text(best->message, 4000));
	}
}

/* Listed driver tests with no line: the driver stopped before them. */
static void not_reported(const struct test_list *list, struct lab_result *lab, const bool *reported,
                         const char *driver, const struct run_result *res,
                         const struct run_limits *lim)
{
	char *how = describe_end(res, lim);
	char *tail = output_tail(res->output);
	for (size_t i = 0; i < list->n; i++) {
		struct test_result *t = &lab->tests[i];
		if (!list->v[i].driver || reported[i])
			continue;
		t->status = res->timed_out ? ST_TIMEOUT : ST_ERROR;
		set_message(t, xasprintf("not reported: %s %s before it reached this test%s%s",
		                         driver, how, *tail ? ":\n" : "", tail));
	}
	free(tail);
	free(how);
}

/* The driver's environment: its workers start through this grader with
   the student's limits (workerexec.h), one process each, with no thread or
   child of their own: a timed replay is charged its worker's CPU time, so
   no other process may do its work. NULL-terminated, to free. */
static char **driver_env(const struct grade_config *cfg, const struct lab_info *info)
{
	struct run_limits student = student_limits(cfg);
	if (student.nproc)
		student.nproc = 1;
	student.cpu_seconds = (unsigned long)info->driver_tests_timeout;
	char *wrap = worker_wrap(&student);
	char **env = xcalloc(3, sizeof *env);
	env[0] = xasprintf("MEMLABS_WORKER_WRAP=%s", wrap);
	/* Speed from CPU time only: faster, and it moves with the load
	   (labs/driver/README.md); for checks that do not look at speed. */
	const char *no_count = getenv("MEMLABS_NO_COUNT");
	if (no_count && *no_count)
		env[1] = xstrdup("MDRIVER_NO_COUNT=1");
	free(wrap);
	return env;
}

void run_driver_tests(const struct grade_config *cfg, const char *labdir,
                      const struct lab_info *info, const struct test_list *list,
                      struct lab_result *lab)
{
	/* The driver is the judge (it links no student code): its results go
	   where only the grader's user can reach. */
	char *dir = xasprintf("%s/driver-XXXXXX", cfg->scratch);
	if (!mkdtemp(dir))
		fatal("cannot make a folder in %s: %s", cfg->scratch, strerror(errno));
	char *file = xasprintf("%s/results", dir);
	char **argv = driver_tests_argv(info, "--lab-results", file);
	char **env = driver_env(cfg, info);
	struct run_limits lim = judge_limits(cfg);
	lim.wall_seconds = info->driver_tests_timeout;
	lim.cpu_seconds = (unsigned long)info->driver_tests_timeout * 2;
	if (cfg->verbose)
		fprintf(stderr, "grader:   running %s\n", info->driver_tests[0]);
	struct run_result res;
	run_command(argv, labdir, env, &lim, &res);
	free(argv);

	char *text = read_file(file, 1 << 22, NULL);
	struct driver_results results = {0};
	parse_driver_results(text ? text : "", &results);
	bool *reported = xcalloc(list->n, sizeof *reported);
	take_named(list, lab, &results, reported);
	take_wildcards(list, lab, &results, reported);
	not_reported(list, lab, reported, info->driver_tests[0], &res, &lim);

	free(reported);
	driver_results_free(&results);
	free(text);
	run_result_free(&res);
	remove_tree(dir);
	free(dir);
	free(file);
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}
