/* lab.c - see lab.h. */
#include "lab.h"
#include "reference.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a lab's Makefile says about it (make lab-info). */
struct lab_info {
	char **student;
	size_t nstudent;
	char **extra;           /* argv of the extra driver, or NULL */
	double extra_timeout;
};

/* A test as the pristine lab lists it. */
struct listed {
	char *name;
	double points;
	int signal;
	bool partial;
	char *hint;
	bool extra;             /* reported by the extra driver */
};

static char **split_words(const char *s, size_t *count)
{
	char **v = NULL;
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

static char *lab_title(const char *labdir)
{
	char *path = xasprintf("%s/README.md", labdir);
	char *text = read_file(path, 4096, NULL);
	free(path);
	if (!text)
		return xstrdup("");
	char *title = NULL;
	for (char *line = text; line && *line; ) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (line[0] == '#' && line[1] == ' ') {
			title = trim(line + 2);
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return title ? title : xstrdup("");
}

/* Run make lab-info in the project's own copy of the lab (never the
   submission's: a submission contributes student files and nothing else). */
static int read_lab_info(const char *labdir, struct lab_info *info, char **err)
{
	memset(info, 0, sizeof *info);
	info->extra_timeout = 300;
	char *argv[] = { "make", "-s", "--no-print-directory", "-C", (char *)labdir, "lab-info", NULL };
	struct run_limits lim = default_limits();
	lim.wall_seconds = 60;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	if (res.exit_code != 0) {
		*err = xasprintf("make lab-info failed in %s:\n%s", labdir, res.output);
		run_result_free(&res);
		return -1;
	}
	for (char *line = strtok(res.output, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "student ", 8))
			info->student = split_words(line + 8, &info->nstudent);
		else if (!strncmp(line, "driver-tests ", 13) && line[13])
			info->extra = split_words(line + 13, NULL);
		else if (!strncmp(line, "driver-tests-timeout ", 21))
			info->extra_timeout = atof(line + 21);
	}
	run_result_free(&res);
	if (!info->extra || !info->extra[0]) {
		free_words(info->extra);
		info->extra = NULL;
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

static void free_lab_info(struct lab_info *info)
{
	free_words(info->student);
	free_words(info->extra);
}

struct run_limits student_limits(const struct grade_config *cfg)
{
	struct run_limits lim = default_limits();
	lim.hide = cfg->hide;
	lim.keep = cfg->keep;
	lim.private_net = true;   /* where permitted (root) */
	if (cfg->sandbox_uid) {
		lim.uid = lim.gid = cfg->sandbox_uid;
		lim.nproc = 256;   /* binds now: the user is not root */
	}
	return lim;
}

int copy_lab(const struct grade_config *cfg, const char *name, const char *dir, char **err)
{
	char *common = xasprintf("%s/labs/common", cfg->root);
	char *lab = xasprintf("%s/labs/%s", cfg->root, name);
	char *dst_common = xasprintf("%s/common", dir);
	char *dst_lab = xasprintf("%s/%s", dir, name);
	int rc = 0;
	if (remove_tree(dir) < 0 || make_dirs(dir) < 0)
		rc = -1;
	if (rc < 0)
		*err = xasprintf("cannot make %s: %s", dir, strerror(errno));
	if (rc == 0 && (copy_tree(common, dst_common, "build") < 0 ||
	                copy_tree(lab, dst_lab, "build") < 0)) {
		*err = xasprintf("cannot copy the lab into %s: %s", dir, strerror(errno));
		rc = -1;
	}
	free(common);
	free(lab);
	free(dst_common);
	free(dst_lab);
	return rc;
}

/* The compiler's first errors, for the report. */
static char *first_errors(const char *log)
{
	struct buf b = {0};
	int lines = 0;
	const char *p = log;
	bool seen_error = false;
	while (*p && lines < 25) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		if (strstr(line, "error") || strstr(line, "Error"))
			seen_error = true;
		/* Leave out make's own chatter and the compiler command lines. */
		bool noise = !strncmp(line, "make", 4) || !strncmp(line, "mkdir ", 6) ||
		             !strncmp(line, "cc ", 3) || !strncmp(line, "gcc ", 4) ||
		             !strncmp(line, "clang ", 6);
		if (seen_error && !noise) {
			buf_printf(&b, "%s\n", line);
			lines++;
		}
		free(line);
		p += n + (nl ? 1 : 0);
	}
	char *s = buf_take(&b);
	if (!*s) {
		free(s);
		/* No line said "error": show the end of the log instead. */
		size_t len = strlen(log);
		s = xstrdup(len > 2000 ? log + len - 2000 : log);
	}
	char *clean = clean_text(s, 4000);
	free(s);
	char *t = trim(clean);
	free(clean);
	return t;
}

/* Build as the grader (compilers do not run the code they build), with the
   reference's sources hidden: the reference comes in as objects. */
static int build(const struct grade_config *cfg, const char *labdir, const char *refdir, char **log)
{
	char *memlabs = xasprintf("MEMLABS=%s", cfg->root);
	char *reference = xasprintf("REFERENCE=%s", refdir);
	char *argv[] = { "make", "--no-print-directory", "-C", (char *)labdir, "all",
	                 memlabs, reference, NULL };
	struct run_limits lim = default_limits();
	lim.hide = refdir == cfg->reference ? NULL : cfg->hide;
	lim.wall_seconds = 300;
	lim.cpu_seconds = 600;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	if (!ok) {
		char *how = describe_end(&res, &lim);
		char *errors = first_errors(res.output);
		/* A lab that compiles the reference in, with no reference here. */
		bool no_ref = !cfg->reference && !cfg->pack && strstr(res.output, "No rule to make target");
		*log = xasprintf("%s%s\n(make %s)", no_ref ?
		                 "this lab needs the reference's objects, and there are none here: grade "
		                 "with solutions/ in the project or REFERENCE=a reference pack "
		                 "(grader/README.md)\n" : "", errors, how);
		free(how);
		free(errors);
	}
	run_result_free(&res);
	free(memlabs);
	free(reference);
	return ok ? 0 : -1;
}

/* Parse "name<TAB>points<TAB>signal<TAB>partial<TAB>hint" lines. */
static void parse_list(const char *text, bool extra, struct listed **list, size_t *n)
{
	char *copy = xstrdup(text);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *field[5] = {0};
		int nf = 0;
		char *p = line;
		while (nf < 5) {
			field[nf++] = p;
			char *tab = nf < 5 ? strchr(p, '\t') : NULL;
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nf < 2 || !*field[0])
			continue;
		*list = xrealloc(*list, (*n + 1) * sizeof **list);
		struct listed *t = &(*list)[(*n)++];
		t->name = xstrdup(field[0]);
		t->points = atof(field[1]);
		t->signal = nf > 2 ? atoi(field[2]) : 0;
		t->partial = nf > 3 && atoi(field[3]) != 0;
		t->hint = xstrdup(nf > 4 ? field[4] : "");
		t->extra = extra;
	}
	free(copy);
}

/* Ask a built copy of the lab which tests it has. */
static int list_tests(const char *labdir, const struct lab_info *info,
                      struct listed **list, size_t *n, char **err)
{
	char *argv[] = { "build/run-tests", "--lab-list", NULL };
	struct run_limits lim = default_limits();
	lim.wall_seconds = 30;
	struct run_result res;
	run_command(argv, labdir, NULL, &lim, &res);
	if (res.exit_code != 0) {
		*err = xasprintf("run-tests --lab-list failed:\n%s", res.output);
		run_result_free(&res);
		return -1;
	}
	parse_list(res.output, false, list, n);
	run_result_free(&res);
	if (!info->extra)
		return 0;

	size_t argc = 0;
	while (info->extra[argc])
		argc++;
	char **xargv = xcalloc(argc + 2, sizeof *xargv);
	memcpy(xargv, info->extra, argc * sizeof *xargv);
	xargv[argc] = "--lab-list";
	run_command(xargv, labdir, NULL, &lim, &res);
	free(xargv);
	if (res.exit_code != 0) {
		*err = xasprintf("%s --lab-list failed:\n%s", info->extra[0], res.output);
		run_result_free(&res);
		return -1;
	}
	parse_list(res.output, true, list, n);
	run_result_free(&res);
	return 0;
}

/* --- running one Criterion test ------------------------------------------ */

/* The TAP record of test suite::name: its status line and what follows. */
static bool tap_find(const char *tap, const char *suite_name, bool *ok, char **reason, char **failures)
{
	size_t len = strlen(suite_name);
	const char *p = tap;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *rest = NULL;
		if (!strncmp(p, "ok - ", 5)) {
			*ok = true;
			rest = p + 5;
		} else if (!strncmp(p, "not ok - ", 9)) {
			*ok = false;
			rest = p + 9;
		}
		if (rest && (size_t)(p + n - rest) >= len && !strncmp(rest, suite_name, len) &&
		    (rest[len] == ' ' || rest[len] == '\n' || rest[len] == '\0')) {
			char *line = xstrndup(rest + len, (size_t)(p + n - rest) - len);
			*reason = trim(line);
			free(line);
			struct buf b = {0};
			const char *q = nl ? nl + 1 : p + n;
			const char *where = "";
			char *where_own = NULL;
			while (*q == ' ') {
				const char *qnl = strchr(q, '\n');
				size_t qn = qnl ? (size_t)(qnl - q) : strlen(q);
				char *line = xstrndup(q, qn);
				if (!strncmp(line, "  - ", 4)) {
					free(where_own);
					where_own = xstrdup(line + 4);
					char *bar = strstr(where_own, " |+");
					if (bar)
						*bar = '\0';
					where = where_own;
				} else if (!strncmp(line, "      ", 6)) {
					buf_printf(&b, "%s%s %s\n", where, *where ? "" : "", line + 6);
				}
				free(line);
				q += qn + (qnl ? 1 : 0);
			}
			free(where_own);
			char *f = buf_take(&b);
			*failures = trim(f);
			free(f);
			return true;
		}
		p += n + (nl ? 1 : 0);
	}
	return false;
}

struct marks {
	bool begin, end;
	double share;   /* -1 if none */
	struct buf notes;
};

static void read_marks(const char *path, struct marks *m)
{
	memset(m, 0, sizeof *m);
	m->share = -1;
	char *text = read_file(path, 1 << 16, NULL);
	if (!text)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strcmp(line, "begin"))
			m->begin = true;
		else if (!strcmp(line, "end"))
			m->end = true;
		else if (!strncmp(line, "score ", 6))
			m->share = atof(line + 6);
		else if (!strncmp(line, "note ", 5)) {
			if (m->notes.len)
				buf_puts(&m->notes, "\n");
			buf_puts(&m->notes, line + 5);
		}
	}
	free(text);
}

/* The last few lines of a run's output, to show when nothing else explains. */
static char *output_tail(const char *out)
{
	size_t len = strlen(out);
	const char *p = len > 1200 ? out + len - 1200 : out;
	char *c = clean_text(p, 1400);
	char *t = trim(c);
	free(c);
	return t;
}

static void set_message(struct test_result *t, char *msg)
{
	free(t->message);
	t->message = msg;
}

static void run_test(const struct grade_config *cfg, const char *labdir,
                     const struct listed *l, struct test_result *t)
{
	char *suite_name = xstrdup(l->name);
	char *slash = strchr(suite_name, '/');
	if (slash) {
		/* Criterion's TAP says suite::name */
		char *tmp = xasprintf("%.*s::%s", (int)(slash - suite_name), suite_name, slash + 1);
		free(suite_name);
		suite_name = tmp;
	}
	char *mark = xasprintf("%s/.labtest-mark", labdir);
	char *tap = xasprintf("%s/.labtest-tap", labdir);
	unlink(mark);
	unlink(tap);
	char *filter = xasprintf("--filter=%s", l->name);
	char *tap_arg = xasprintf("--tap=%s", tap);
	char *argv[] = { "build/run-tests", filter, tap_arg, "-j1", NULL };
	char *mark_env = xasprintf("LABTEST_MARK=%s", mark);
	char *env[] = { mark_env, NULL };

	struct run_limits lim = student_limits(cfg);
	lim.wall_seconds = cfg->test_timeout;
	struct run_result res;
	run_command(argv, labdir, env, &lim, &res);
	t->seconds = res.seconds;

	struct marks m;
	read_marks(mark, &m);
	char *tap_text = read_file(tap, 1 << 20, NULL);
	bool ok = false;
	char *reason = NULL, *failures = NULL;
	bool found = tap_text && tap_find(tap_text, suite_name, &ok, &reason, &failures);

	t->score = 0;
	if (res.timed_out) {
		t->status = ST_TIMEOUT;
		set_message(t, xasprintf("did not finish within %g s (an endless loop, or waiting for something that never comes?)",
		                         cfg->test_timeout));
	} else if (!found) {
		t->status = ST_ERROR;
		char *how = describe_end(&res, &lim);
		char *tail = output_tail(res.output);
		set_message(t, xasprintf("the test runner %s without reporting this test%s%s",
		                         how, *tail ? ":\n" : "", tail));
		free(how);
		free(tail);
	} else if (ok && strstr(reason, "# SKIP")) {
		t->status = ST_SKIP;
		const char *why = strstr(reason, "# SKIP") + 6;
		while (*why == ' ')
			why++;
		set_message(t, xasprintf("skipped: %s", why));
	} else if (ok) {
		bool reached = l->signal ? m.begin : m.end;
		if (!reached) {
			t->status = ST_FAIL;
			set_message(t, xstrdup(m.begin
				? "the test's process ended before the test did (did the code call exit() or _exit()?)"
				: "the test never started (did code run before it and end the process?)"));
		} else if (l->partial) {
			double share = m.share < 0 ? 0 : m.share > 1 ? 1 : m.share;
			t->score = l->points * share;
			t->status = share >= 1 ? ST_PASS : ST_FAIL;
		} else {
			t->status = ST_PASS;
			t->score = l->points;
		}
	} else {
		t->status = ST_FAIL;
		if (l->partial && m.end && m.share >= 0)
			t->score = l->points * (m.share > 1 ? 1 : m.share);
		if (strstr(reason, "timed out")) {
			t->status = ST_TIMEOUT;
			set_message(t, xasprintf("%s: Criterion stopped the test after its time limit "
			                         "(an endless loop, or waiting for something that never comes?)", reason));
		} else if (l->signal && !*failures) {
			set_message(t, xasprintf("the test expects the process to die of signal %d (%s), "
			                         "but the test body finished normally", l->signal, strsignal(l->signal)));
		} else if (strstr(reason, "unexpected signal")) {
			t->status = ST_ERROR;
			set_message(t, xasprintf("crashed (%s)%s%s", reason,
			                         *failures ? "\n" : "", failures));
		} else if (*failures) {
			set_message(t, xstrdup(failures));
		} else {
			char *tail = output_tail(res.output);
			set_message(t, xasprintf("failed%s%s%s", *reason ? ": " : "", reason,
			                         *tail ? "\n" : ""));
			char *both = xasprintf("%s%s", t->message, tail);
			set_message(t, both);
			free(tail);
		}
	}
	if (m.notes.len) {
		char *notes = buf_take(&m.notes);
		set_message(t, *t->message ? xasprintf("%s\n%s", t->message, notes) : xstrdup(notes));
		free(notes);
	}
	char *clean = clean_text(t->message, 4000);
	set_message(t, clean);

	free(m.notes.s);
	free(reason);
	free(failures);
	free(tap_text);
	run_result_free(&res);
	unlink(mark);
	unlink(tap);
	free(suite_name);
	free(mark);
	free(tap);
	free(filter);
	free(tap_arg);
	free(mark_env);
}

/* --- the extra driver ----------------------------------------------------- */

static enum test_status parse_status(const char *s)
{
	if (!strcmp(s, "pass")) return ST_PASS;
	if (!strcmp(s, "fail")) return ST_FAIL;
	if (!strcmp(s, "timeout")) return ST_TIMEOUT;
	if (!strcmp(s, "skip")) return ST_SKIP;
	return ST_ERROR;
}

/* A result line for every listed test whose name starts with `prefix` and
   that has no line of its own: the driver writes one, "traces/DIR-*", for a
   directory of traces it could not read, since it cannot name the traces. */
struct wildcard {
	const char *prefix;
	size_t len;
	const char *message;
};

/* Fill in the extra tests from the driver's results file. */
static void run_extra(const struct grade_config *cfg, const char *labdir,
                      const struct lab_info *info, struct lab_result *lab,
                      const struct listed *list, size_t nlist)
{
	bool *reported = xcalloc(nlist, sizeof *reported);
	struct wildcard *wild = NULL;
	size_t nwild = 0;
	char *results = xasprintf("%s/.labtest-results", labdir);
	unlink(results);
	size_t argc = 0;
	while (info->extra[argc])
		argc++;
	char **argv = xcalloc(argc + 3, sizeof *argv);
	memcpy(argv, info->extra, argc * sizeof *argv);
	argv[argc] = "--lab-results";
	argv[argc + 1] = results;
	struct run_limits lim = student_limits(cfg);
	lim.wall_seconds = info->extra_timeout;
	lim.cpu_seconds = (unsigned long)info->extra_timeout * 2;
	struct run_result res;
	if (cfg->verbose)
		fprintf(stderr, "grader:   running %s\n", info->extra[0]);
	run_command(argv, labdir, NULL, &lim, &res);
	free(argv);

	char *text = read_file(results, 1 << 22, NULL);
	char *save = NULL;
	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[8] = {0};
		int nf = 0;
		char *p = line;
		while (nf < 8) {
			f[nf++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nf < 5 || strcmp(f[0], "test"))
			continue;
		size_t len = strlen(f[1]);
		if (len && f[1][len - 1] == '*') {
			wild = xrealloc(wild, (nwild + 1) * sizeof *wild);
			wild[nwild++] = (struct wildcard){ f[1], len - 1, nf > 5 ? f[5] : "" };
		}
		/* Only tests the pristine lab listed count, each once, and
		   never for more than the points the pristine lab gives it. */
		for (size_t i = 0; i < nlist; i++) {
			struct test_result *t = &lab->tests[i];
			if (!list[i].extra || reported[i] || strcmp(t->name, f[1]))
				continue;
			reported[i] = true;
			t->status = parse_status(f[2]);
			double score = atof(f[3]);
			t->score = score < 0 ? 0 : score > t->max_score ? t->max_score : score;
			if (t->status == ST_SKIP)
				t->score = 0;
			set_message(t, clean_text(nf > 5 ? f[5] : "", 4000));
			if (nf > 6) {
				char *kv_save = NULL;
				for (char *kv = strtok_r(f[6], ",", &kv_save); kv;
				     kv = strtok_r(NULL, ",", &kv_save)) {
					char *eq = strchr(kv, '=');
					if (eq) {
						*eq = '\0';
						test_add_metric(t, kv, atof(eq + 1));
					}
				}
			}
			break;
		}
	}
	/* Tests a wildcard line covers: the longest prefix that matches says
	   why. They are errors with no points, whatever the line says: it
	   reports traces that did not run. */
	for (size_t i = 0; i < nlist; i++) {
		struct test_result *t = &lab->tests[i];
		if (!list[i].extra || reported[i])
			continue;
		const struct wildcard *best = NULL;
		for (size_t k = 0; k < nwild; k++)
			if (!strncmp(t->name, wild[k].prefix, wild[k].len) &&
			    (!best || wild[k].len > best->len))
				best = &wild[k];
		if (!best)
			continue;
		reported[i] = true;
		t->status = ST_ERROR;
		t->score = 0;
		set_message(t, clean_text(best->message, 4000));
	}
	char *how = describe_end(&res, &lim);
	for (size_t i = 0; i < nlist; i++) {
		struct test_result *t = &lab->tests[i];
		if (!list[i].extra || reported[i])
			continue;
		t->status = res.timed_out ? ST_TIMEOUT : ST_ERROR;
		char *tail = output_tail(res.output);
		set_message(t, xasprintf("not reported: %s %s before it reached this test%s%s",
		                         info->extra[0], how, *tail ? ":\n" : "", tail));
		free(tail);
	}
	free(how);
	free(wild);
	free(text);
	free(reported);
	run_result_free(&res);
	unlink(results);
	free(results);
}

/* --- one lab --------------------------------------------------------------- */

/* Largest student file taken from a submission. */
enum { STUDENT_FILE_MAX = 4 << 20 };

static bool plain_file(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= STUDENT_FILE_MAX;
}

static bool plain_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The submission's copy of a student file: NN-name/FILE, or FILE at the top
   when one lab is graded from flat files. Only regular files of a sane size
   count: a symbolic link (to solutions/, say), a device or a fifo does not. */
static char *submitted_file(const struct grade_config *cfg, const char *lab, const char *file)
{
	char *dir = xasprintf("%s/%s", cfg->submission, lab);
	char *path = xasprintf("%s/%s", dir, file);
	bool ok = plain_dir(dir) && plain_file(path);
	free(dir);
	if (!ok && cfg->flat) {
		free(path);
		path = xasprintf("%s/%s", cfg->submission, file);
		ok = plain_file(path);
	}
	if (ok)
		return path;
	free(path);
	return NULL;
}

/* The reference's objects, built or unpacked, copied into a lab folder:
   its REFERENCE is then an empty folder. Without objects to install the
   lab does not need the reference and gets the empty folder all the same. */
static const char *install_reference(const struct grade_config *cfg, const char *refdir,
                                     char **files, size_t n, const char *labdir, char **err)
{
	if (n && reference_install(refdir, files, n, labdir, err) < 0)
		return NULL;
	return cfg->no_reference;
}

static void lab_error(struct lab_result *lab, char *msg)
{
	lab->built = false;
	free(lab->build_log);
	lab->build_log = msg;
}

void grade_lab(const struct grade_config *cfg, const char *name, struct lab_result *lab)
{
	double start = now_seconds();
	char *labdir = xasprintf("%s/labs/%s", cfg->root, name);
	lab->lab = xstrdup(name);
	free(lab->title);
	lab->title = lab_title(labdir);
	if (cfg->verbose)
		fprintf(stderr, "grader: %s\n", name);

	struct lab_info info;
	char *err = NULL;
	if (read_lab_info(labdir, &info, &err) < 0) {
		lab_error(lab, err);
		free(labdir);
		return;
	}

	/* The student's copy: the lab as shipped, then the submission's files. */
	char *work = xasprintf("%s/%s", cfg->scratch, name);
	char *student_root = xasprintf("%s/student", work);
	char *student_lab = xasprintf("%s/%s", student_root, name);
	struct buf missing = {0};
	bool pristine = true;
	if (copy_lab(cfg, name, student_root, &err) < 0) {
		lab_error(lab, err);
		goto out;
	}
	char *refdir = NULL, **reffiles = NULL;
	size_t nref = 0;
	if (reference_objects(cfg, name, &refdir, &reffiles, &nref, &err) < 0) {
		lab_error(lab, xasprintf("grader: %s", err));
		free(err);
		free(refdir);
		goto out;
	}
	for (size_t i = 0; i < info.nstudent; i++) {
		char *from = submitted_file(cfg, name, info.student[i]);
		char *to = xasprintf("%s/%s", student_lab, info.student[i]);
		char *shipped = xasprintf("%s/%s", labdir, info.student[i]);
		if (!from)
			buf_printf(&missing, "%s%s/%s", missing.len ? ", " : "", name, info.student[i]);
		else if (!same_file_contents(from, shipped)) {
			pristine = false;
			if (copy_file(from, to) < 0)
				buf_printf(&missing, "%s%s/%s", missing.len ? ", " : "", name, info.student[i]);
		}
		free(from);
		free(to);
		free(shipped);
	}

	/* The list of tests comes from the lab as shipped, built on its own
	   (unless the submission's files are the shipped ones), so that code
	   in a submission cannot change which tests exist or what they are worth. */
	struct listed *list = NULL;
	size_t nlist = 0;
	char *list_lab = student_lab;
	char *pristine_root = NULL, *pristine_lab = NULL;
	if (!pristine || missing.len) {
		pristine_root = xasprintf("%s/pristine", work);
		pristine_lab = xasprintf("%s/%s", pristine_root, name);
		char *log = NULL;
		const char *ref = NULL;
		if (copy_lab(cfg, name, pristine_root, &err) < 0 ||
		    !(ref = install_reference(cfg, refdir, reffiles, nref, pristine_lab, &err)) ||
		    build(cfg, pristine_lab, ref, &log) < 0) {
			lab_error(lab, xasprintf("grader: the lab as shipped does not build, so its tests cannot be listed:\n%s",
			                         err ? err : log));
			free(log);
			goto out_list;
		}
		list_lab = pristine_lab;
	}

	char *log = NULL;
	const char *ref = install_reference(cfg, refdir, reffiles, nref, student_lab, &err);
	if (!ref) {
		lab_error(lab, err);
		goto out_list;
	}
	bool built = !missing.len && build(cfg, student_lab, ref, &log) == 0;
	/* Student code runs as another user: it may add files to its lab
	   folder (marks, temporary files) but not change what the grader
	   built there (the sticky bit keeps others' files). */
	if (built && cfg->sandbox_uid)
		chmod(student_lab, 01777);
	if (list_lab == student_lab && !built) {
		/* Shipped files that do not build: nothing to list from. */
		lab_error(lab, log ? log : xstrdup("build failed"));
		goto out_list;
	}
	if (list_tests(list_lab, &info, &list, &nlist, &err) < 0) {
		lab_error(lab, xasprintf("grader: %s", err));
		free(err);
		free(log);
		goto out_list;
	}
	lab->built = built;
	if (missing.len) {
		free(lab->build_log);
		lab->build_log = xasprintf("the submission has no %s", missing.s);
	} else if (!built) {
		free(lab->build_log);
		lab->build_log = log;
		log = NULL;
	}
	free(log);

	bool any_extra = false;
	for (size_t i = 0; i < nlist; i++) {
		struct test_result *t = lab_add_test(lab);
		t->name = xstrdup(list[i].name);
		t->max_score = list[i].points;
		free(t->hint);
		t->hint = xstrdup(list[i].hint);
		t->from_driver = list[i].extra;
		any_extra |= list[i].extra;
		if (!built) {
			t->status = ST_ERROR;
			set_message(t, xstrdup("not run: the lab did not build"));
			continue;
		}
		if (list[i].extra)
			continue;
		if (cfg->verbose)
			fprintf(stderr, "grader:   %s\n", t->name);
		run_test(cfg, student_lab, &list[i], t);
	}
	if (built && any_extra)
		run_extra(cfg, student_lab, &info, lab, list, nlist);

out_list:
	for (size_t i = 0; i < nlist; i++) {
		free(list[i].name);
		free(list[i].hint);
	}
	free(list);
	free(pristine_root);
	free(pristine_lab);
	for (size_t i = 0; i < nref; i++)
		free(reffiles[i]);
	free(reffiles);
	free(refdir);
out:
	lab_total(lab);
	lab->seconds = now_seconds() - start;
	free(missing.s);
	free_lab_info(&info);
	free(work);
	free(student_root);
	free(student_lab);
	free(labdir);
}
