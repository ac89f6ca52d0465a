// SPDX-License-Identifier: MIT
/* runtest.c - run one Criterion test and observe it (see runtest.h). */
#include "runtest.h"
#include "memcg.h"
#include "util.h"
#include "workerexec.h"
#include "../../labs/common/labproto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The failed assertions under a TAP status line, from `q` on: each is
   "  - file:line: |+" then its message indented by six spaces, shown as
   "file:line: message", one line per assertion: a newline inside the
   message (a string the test printed, "...\n") is shown as \n. */
static char *tap_failures(const char *q)
{
	struct buf b = {0};
	char *where = xstrdup("");
	bool first = true;
	while (*q == ' ') {
		const char *nl = strchr(q, '\n');
		size_t n = nl ? (size_t)(nl - q) : strlen(q);
		char *line = xstrndup(q, n);
		if (!strncmp(line, "  - ", 4)) {
			free(where);
			where = xstrdup(line + 4);
			char *bar = strstr(where, " |+");
			if (bar)
				*bar = '\0';
			first = true;
		} else if (!strncmp(line, "      ", 6)) {
			if (first)
				buf_printf(&b, "%s%s %s", b.len ? "\n" : "", where, line + 6);
			else
				buf_printf(&b, "\\n%s", line + 6);
			first = false;
		}
		free(line);
		q += n + (nl ? 1 : 0);
	}
	free(where);
	char *f = buf_take(&b);
	char *t = trim(f);
	free(f);
	return t;
}

/* The status line's text after "ok - " or "not ok - ", or NULL. */
static const char *tap_status(const char *line, bool *ok)
{
	if (!strncmp(line, "ok - ", 5)) {
		*ok = true;
		return line + 5;
	}
	if (!strncmp(line, "not ok - ", 9)) {
		*ok = false;
		return line + 9;
	}
	return NULL;
}

struct tap_record find_tap_record(const char *tap, const char *suite_name)
{
	struct tap_record r = { false, false, NULL, NULL };
	size_t len = strlen(suite_name);
	for (const char *p = tap; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *rest = tap_status(p, &r.ok);
		if (rest && (size_t)(p + n - rest) >= len && !strncmp(rest, suite_name, len) &&
		    (rest[len] == ' ' || rest[len] == '\n' || rest[len] == '\0')) {
			char *line = xstrndup(rest + len, (size_t)(p + n - rest) - len);
			r.found = true;
			r.reason = trim(line);
			r.failures = tap_failures(nl ? nl + 1 : p + n);
			free(line);
			return r;
		}
		p += n + (nl ? 1 : 0);
	}
	r.ok = false;
	r.reason = xstrdup("");
	r.failures = xstrdup("");
	return r;
}

struct marks read_marks(const char *text)
{
	struct marks m = { false, false, -1, NULL };
	struct buf notes = {0};
	char *copy = xstrdup(text ? text : "");
	size_t score_len = strlen(LABPROTO_MARK_SCORE), note_len = strlen(LABPROTO_MARK_NOTE);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, LABPROTO_MARK_BEGIN))
			m.begin = true;
		else if (!strcmp(line, LABPROTO_MARK_END))
			m.end = true;
		else if (!strncmp(line, LABPROTO_MARK_SCORE " ", score_len + 1))
			m.share = atof(line + score_len + 1);
		else if (!strncmp(line, LABPROTO_MARK_NOTE " ", note_len + 1))
			buf_printf(&notes, "%s%s", notes.len ? "\n" : "", line + note_len + 1);
	}
	free(copy);
	m.notes = buf_take(&notes);
	return m;
}

/* Criterion's TAP names a test suite::name. */
static char *tap_name(const char *name)
{
	const char *slash = strchr(name, '/');
	if (!slash)
		return xstrdup(name);
	return xasprintf("%.*s::%s", (int)(slash - name), name, slash + 1);
}

/* The environment of a judge that starts its worker through the grader
   (workerexec.h): NULL-terminated, to free with free_env. */
static char **worker_env(const struct grade_config *cfg, const char *labdir, const char *mark,
                         double call_seconds)
{
	struct run_limits student = student_limits(cfg);
	char *wrap = worker_wrap(&student);
	char **env = xcalloc(6, sizeof *env);   /* one left for the memory cgroup */
	env[0] = xasprintf("LABTEST_MARK=%s", mark);
	env[1] = xasprintf("MEMLABS_WORKER=%s/build/worker", labdir);
	env[2] = xasprintf("MEMLABS_WORKER_WRAP=%s", wrap);
	env[3] = xasprintf("MEMLABS_CALL_SECONDS=%g", call_seconds);
	free(wrap);
	return env;
}

static void free_env(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

double full_call_seconds(const struct grade_config *cfg)
{
	double test = cfg->test_timeout < LABPROTO_TEST_SECONDS ? cfg->test_timeout
	                                                       : LABPROTO_TEST_SECONDS;
	return test * 0.8;
}

/* The lab's memory cgroup for this run, into env's last slot: its
   folder (to remove and free), or NULL. */
static char *lend_memcg(const struct grade_config *cfg, unsigned long long bytes, char **env)
{
	size_t n = 0;
	while (env[n])
		n++;
	char *why = NULL, *dir = NULL;
	if (!cfg->sandbox_uid)
		why = xstrdup("the grader runs student code as its own user (no sandbox user: not root): "
		              "no cgroup to lend");
	else
		dir = memcg_create(bytes, cfg->sandbox_uid, cfg->sandbox_uid, &why);
	env[n] = dir ? xasprintf("%s=%s", MEMCG_ENV, dir) : xasprintf("%s_NONE=%s", MEMCG_ENV, why);
	free(why);
	return dir;
}

void observe_test(const struct grade_config *cfg, const char *labdir,
                  const struct listed_test *test, bool worker, unsigned long long memcg,
                  double call_seconds, bool hurried, struct observation *obs)
{
	/* With a worker the test's records go where only we can reach. */
	char *dir = worker ? xasprintf("%s/judge-XXXXXX", cfg->scratch) : xstrdup(labdir);
	if (worker && !mkdtemp(dir))
		fatal("cannot make a folder in %s: %s", cfg->scratch, strerror(errno));
	char *mark = xasprintf("%s/.labtest-mark", dir);
	char *tap = xasprintf("%s/.labtest-tap", dir);
	unlink(mark);
	unlink(tap);
	char *filter = xasprintf("--filter=%s", test->name);
	char *tap_arg = xasprintf("--tap=%s", tap);
	char *argv[] = { "build/run-tests", filter, tap_arg, "-j1", NULL };
	char **env = worker ? worker_env(cfg, labdir, mark, call_seconds) : xcalloc(2, sizeof *env);
	if (!worker)
		env[0] = xasprintf("LABTEST_MARK=%s", mark);

	obs->limits = worker ? judge_limits(cfg) : student_limits(cfg);
	obs->limits.wall_seconds = cfg->test_timeout;
	obs->call_seconds = call_seconds;
	obs->hurried = hurried;
	char *group = worker && memcg ? lend_memcg(cfg, memcg, env) : NULL;
	run_command(argv, labdir, env, &obs->limits, &obs->run);
	/* run_command killed whatever the run left: the group is empty. */
	if (group && !memcg_remove(group))
		fprintf(stderr, "grader: cannot remove the memory cgroup %s: %s\n", group, strerror(errno));
	free(group);

	char *mark_text = read_file(mark, 1 << 16, NULL);
	obs->marks = read_marks(mark_text);
	char *tap_text = read_file(tap, 1 << 20, NULL);
	char *suite_name = tap_name(test->name);
	obs->tap = find_tap_record(tap_text ? tap_text : "", suite_name);
	unlink(mark);
	unlink(tap);
	if (worker)
		remove_tree(dir);
	free(dir);
	free(suite_name);
	free(tap_text);
	free(mark_text);
	free(mark);
	free(tap);
	free(filter);
	free(tap_arg);
	free_env(env);
}

void observation_free(struct observation *obs)
{
	run_result_free(&obs->run);
	free(obs->tap.reason);
	free(obs->tap.failures);
	free(obs->marks.notes);
	memset(obs, 0, sizeof *obs);
}
