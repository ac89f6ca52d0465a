// SPDX-License-Identifier: MIT
/* batch.c - grade a class (see batch.h). */
#include "batch.h"
#include "grade.h"
#include "sandbox.h"
#include "setup.h"
#include "submission.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* How a student's grader process ended (its exit status). */
enum { ROW_GRADED = 0, ROW_NOT_GRADED = 1 };   /* anything else: no row */

struct student {
	char *name;        /* the entry's name without .zip/.tar.gz */
	char *file;        /* its report's and row's file name, unique in the class */
	char *path;        /* the entry */
	char *error;       /* why it could not be graded, or NULL */
	pid_t pid;
	int status;        /* its grader process's exit status, -1: none */
	double started;    /* when its grader process started */
};

/* A class being graded: what every grader process shares. */
struct batch {
	const struct grade_config *cfg;
	char **labs;
	size_t nlabs;
	const struct batch_options *opt;
	struct student *st;
	size_t n;
};

/* The status of a student graded while a scratch file system was full:
   a build or a test may have failed for that alone ("No space left on
   device"), so the scores are not kept. */
#define DISK_FULL "error: a scratch file system filled up while this student was graded " \
                  "(no space left on device): the scores are not kept; grade this student again"

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct student *)a)->name, ((const struct student *)b)->name);
}

static char *student_name(const char *entry)
{
	size_t n = strlen(entry);
	const char *ext[] = { ".tar.gz", ".tgz", ".zip" };
	for (size_t i = 0; i < 3; i++) {
		size_t m = strlen(ext[i]);
		if (n > m && !strcmp(entry + n - m, ext[i]))
			return xstrndup(entry, n - m);
	}
	return xstrdup(entry);
}

static bool usable_entry(const char *dir, const char *entry)
{
	if (entry[0] == '.')
		return false;
	char *path = xasprintf("%s/%s", dir, entry);
	struct stat st;
	bool ok = lstat(path, &st) == 0 &&
	          (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && is_archive(entry)));
	free(path);
	return ok;
}

/* The file name a student's name becomes: no slashes or leading dots. */
static char *safe_name(const char *name)
{
	char *s = xstrdup(name);
	for (char *c = s; *c; c++)
		if (*c == '/' || (unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

static bool file_taken(const struct student *v, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].file && !strcmp(v[i].file, file))
			return true;
	return false;
}

/* Give each student a file name of its own. Names that differ only in
   characters a file name cannot hold (a control character, a slash) would
   share one report and one row: a name that is already safe keeps it, the
   others get the first free of NAME, NAME-2, NAME-3... */
static void name_files(struct student *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *safe = safe_name(v[i].name);
		if (!strcmp(safe, v[i].name) && !file_taken(v, n, safe))
			v[i].file = safe;
		else
			free(safe);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].file)
			continue;
		char *safe = safe_name(v[i].name);
		char *file = xstrdup(safe);
		for (int k = 2; file_taken(v, n, file); k++) {
			free(file);
			file = xasprintf("%s-%d", safe, k);
		}
		free(safe);
		v[i].file = file;
	}
}

static struct student *find_students(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		fatal("cannot open SUBMISSIONS '%s': %s", dir, strerror(errno));
	struct student *v = NULL;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!usable_entry(dir, e->d_name))
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = (struct student){ student_name(e->d_name), NULL,
		                              xasprintf("%s/%s", dir, e->d_name), NULL, 0, -1, 0 };
	}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	for (size_t i = 1; i < *n; i++)
		if (!strcmp(v[i].name, v[i - 1].name))
			v[i].error = xasprintf("error: two entries for %s: %s was not graded", v[i].name, v[i].path);
	name_files(v, *n);
	return v;
}

/* A CSV field, quoted when it must be. A gradebook row is one line: control
   characters (newlines, tabs) become spaces, and what is not strict UTF-8
   (a name with a surrogate) '?'. A field a spreadsheet would take for a
   formula (a student named "=1+2", OWASP's CSV injection: first character
   = + - @ tab CR) starts with a ' and is quoted. */
static void csv_field(FILE *f, const char *field)
{
	bool formula = *field && strchr("=+-@\t\r", *field);
	bool quote = formula || strpbrk(field, ",\"") != NULL;
	char *spaced = xstrdup(field);
	for (char *c = spaced; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	char *s = clean_text(spaced, SIZE_MAX);
	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			fputc('"', f);
		fputc(*c, f);
	}
	if (quote)
		fputc('"', f);
	free(s);
	free(spaced);
}

/* The gradebook's one row writer: the scores empty when the student could
   not be graded (`r` NULL), then the status. */
static void gradebook_row(FILE *f, const char *name, size_t nlabs, const struct report *r,
                          const char *status)
{
	csv_field(f, name);
	for (size_t i = 0; i < nlabs + 1; i++) {
		fputc(',', f);
		if (r)
			fprintf(f, "%.10g", i < nlabs ? r->labs[i].score : r->score);
	}
	fputc(',', f);
	csv_field(f, status);
	fputc('\n', f);
}

/* What a teacher should look at: each lab that was not graded, and why. */
static char *gradebook_status(const struct report *r)
{
	struct buf b = {0};
	for (size_t i = 0; i < r->nlabs; i++) {
		const struct lab_result *lab = &r->labs[i];
		const char *why = NULL;
		switch (lab->outcome) {
		case LAB_GRADED: break;
		case LAB_NOT_STARTED: why = "not started"; break;
		case LAB_FILES_MISSING: why = "has missing files"; break;
		case LAB_BUILD_FAILED: why = "does not build"; break;
		case LAB_REFERENCE_MISSING: why = "has no reference to be graded with"; break;
		case LAB_GRADER_ERROR: why = "could not be graded (grader error)"; break;
		}
		if (why)
			buf_printf(&b, "%s%s %s", b.len ? "; " : "", lab->lab, why);
	}
	return b.len ? buf_take(&b) : xstrdup("graded");
}

/* A graded student's status in the gradebook: what gradebook_status says,
   with the report's file when it is not NAME.FORMAT. */
static char *student_status(const struct student *s, const struct report *r,
                            const struct report_format *fmt)
{
	char *status = gradebook_status(r);
	if (strcmp(s->file, s->name)) {
		char *both = xasprintf("%s; report %s.%s", status, s->file, fmt->ext);
		free(status);
		status = both;
	}
	return status;
}

/* The folder to grade: the entry, or the archive unpacked into scratch
   (NULL with *err when it does not unpack). */
static char *student_folder(const struct student *s, const char *scratch, unsigned uid, char **err)
{
	if (!is_archive(s->path))
		return xstrdup(s->path);
	char *where = xasprintf("%s/upload", scratch);
	if (unpack(s->path, where, uid, err) == 0)
		return where;
	free(where);
	return NULL;
}

/* Grade one student into OUT/STUDENT.FORMAT and a gradebook row. Returns
   ROW_GRADED, or ROW_NOT_GRADED with the reason in the row. */
static int grade_into_row(const struct grade_config *base, char **labs, size_t nlabs,
                          const struct student *s, const char *out,
                          const struct report_format *fmt, FILE *row)
{
	struct grade_config cfg = *base;
	char *err = NULL;
	char *where = student_folder(s, cfg.scratch, cfg.sandbox_uid, &err);
	if (!where) {
		char *why = clean_text(err, 300);
		char *status = xasprintf("error: %s", why);
		gradebook_row(row, s->name, nlabs, NULL, status);
		free(status);
		free(why);
		free(err);
		return ROW_NOT_GRADED;
	}
	char *root = submission_root(where, labs, nlabs);
	cfg.submission = root;
	struct report r = {0};
	r.submission = xstrdup(s->name);
	grade_all(&cfg, labs, nlabs, &r);
	char *report = xasprintf("%s/%s.%s", out, s->file, fmt->ext);
	int rc = ROW_GRADED;
	if (write_report_file(report, fmt, &r) == 0) {
		/* Its own scratch, or the disk it shares, filled up. */
		bool full = fs_full(cfg.scratch);
		char *status = full ? xstrdup(DISK_FULL) : student_status(s, &r, fmt);
		gradebook_row(row, s->name, nlabs, full ? NULL : &r, status);
		rc = full ? ROW_NOT_GRADED : ROW_GRADED;
		free(status);
	} else {
		char *status = xasprintf("error: cannot write %s", report);
		gradebook_row(row, s->name, nlabs, NULL, status);
		free(status);
		rc = ROW_NOT_GRADED;
	}
	report_free(&r);
	free(report);
	free(root);
	free(where);
	return rc;
}

/* In a forked grader process: a user and a scratch folder of its own (as
   root, a file system of its own too), then the student's report and its
   row of the gradebook in OUT/.rows/STUDENT. Exits with ROW_GRADED or
   ROW_NOT_GRADED once the row is written. */
__attribute__((noreturn))
static void grade_student(const struct batch *b, const struct student *s)
{
	struct grade_config cfg = *b->cfg;
	char *scratch = xasprintf("%s/student-%zu", b->cfg->scratch, (size_t)(s - b->st));
	setup_student(&cfg, scratch, b->opt->scratch_bytes);
	char *rowpath = xasprintf("%s/.rows/%s", b->opt->out, s->file);
	FILE *row = fopen(rowpath, "w");
	int rc = row ? grade_into_row(&cfg, b->labs, b->nlabs, s, b->opt->out, b->opt->fmt, row) : -1;
	if (!row || fclose(row) != 0)
		rc = -1;
	remove_tree(scratch);
	end_student(&cfg);
	_exit(rc < 0 ? 2 : rc);
}

static void start_grader(const struct batch *b, struct student *s)
{
	fflush(NULL);
	s->started = now_seconds();
	s->pid = fork();
	if (s->pid < 0)
		fatal("fork: %s", strerror(errno));
	if (s->pid == 0)
		grade_student(b, s);
}

/* While graders run: one that overran its time is killed, its row an
   error; when the shared scratch file system is full, every student being
   graded gets an error row (their builds and tests may have failed for
   that). Returns whether a grader was killed: its commands, orphans of
   ours now, are then to be killed too. */
static bool watch_graders(const struct batch *b)
{
	bool full = fs_full(b->cfg->scratch), killed = false;
	double now = now_seconds();
	for (size_t i = 0; i < b->n; i++) {
		struct student *s = &b->st[i];
		if (s->pid <= 0 || s->error)
			continue;
		if (full)
			s->error = xstrdup(DISK_FULL);
		else if (now - s->started > b->opt->student_seconds) {
			kill(s->pid, SIGKILL);
			killed = true;
			s->error = xasprintf("error: grading took more than %g s (the limit per student: "
			                     "--student-timeout) and was stopped", b->opt->student_seconds);
		}
	}
	return killed;
}

/* Kill the commands a killed grader left (they come to us), for a while
   after the last one found: they may still be forking. Returns how many
   more rounds to look. */
static int kill_orphans(const struct batch *b, int rounds)
{
	pid_t spare[b->n + 1];
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->st[i].pid > 0)
			spare[k++] = b->st[i].pid;
	return kill_strays(spare, k) ? 50 : rounds - 1;
}

/* Fork a grader process per student, `jobs` at a time, and wait for all,
   looking at them every 0.1 s. */
static void run_graders(const struct batch *b)
{
	size_t next = 0, running = 0, done = 0;
	int orphan_rounds = 0;
	double start = now_seconds();
	while (done < b->n || orphan_rounds > 0) {
		while (running < (size_t)b->opt->jobs && next < b->n) {
			struct student *s = &b->st[next++];
			if (s->error)
				done++;
			else {
				start_grader(b, s);
				running++;
			}
		}
		if (watch_graders(b))
			orphan_rounds = 50;
		if (orphan_rounds > 0)
			orphan_rounds = kill_orphans(b, orphan_rounds);
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			break;   /* no grader left, nor anything a killed one started */
		if (pid <= 0) {
			usleep(100000);
			continue;
		}
		for (size_t i = 0; i < b->n; i++) {
			struct student *s = &b->st[i];
			if (s->pid != pid)
				continue;   /* else an orphan of a killed grader */
			s->pid = 0;
			s->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			running--;
			done++;
			if (!b->opt->quiet)
				fprintf(stderr, "grader: [%zu/%zu] %s (%.0f s)\n", done, b->n, s->name,
				        now_seconds() - start);
			break;
		}
	}
}

/* The gradebook from the rows, in the students' order. Returns 0 when every
   student was graded. */
static int write_gradebook(const char *out, const char *rows, char **labs, size_t nlabs,
                           const struct student *st, size_t n)
{
	char *csv = xasprintf("%s/gradebook.csv", out);
	char *tmp = xasprintf("%s.tmp", csv);
	FILE *f = fopen(tmp, "w");
	if (!f)
		fatal("cannot write %s: %s", tmp, strerror(errno));
	fputs("student", f);
	for (size_t i = 0; i < nlabs; i++)
		fprintf(f, ",%s", labs[i]);
	fputs(",total,status\n", f);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *rowpath = xasprintf("%s/%s", rows, st[i].file);
		bool has_row = st[i].status == ROW_GRADED || st[i].status == ROW_NOT_GRADED;
		char *row = has_row ? read_file(rowpath, 1 << 16, NULL) : NULL;
		if (st[i].error)
			gradebook_row(f, st[i].name, nlabs, NULL, st[i].error);
		else if (row && *row)
			fputs(row, f);
		else
			gradebook_row(f, st[i].name, nlabs, NULL,
			              "error: the grader process for this student failed");
		if (st[i].error || st[i].status != ROW_GRADED || !row || !*row)
			rc = 1;
		free(row);
		free(rowpath);
	}
	if (fclose(f) != 0 || rename(tmp, csv) != 0)
		fatal("cannot write %s", csv);
	free(csv);
	free(tmp);
	return rc;
}

int grade_batch(const struct grade_config *cfg, char **labs, size_t nlabs,
                const char *dir, const struct batch_options *opt)
{
	size_t n;
	struct student *st = find_students(dir, &n);
	struct batch b = { cfg, labs, nlabs, opt, st, n };
	char *rows = xasprintf("%s/.rows", opt->out);
	remove_tree(rows);
	if (make_dirs(rows) < 0)
		fatal("cannot make %s: %s", rows, strerror(errno));
	double start = now_seconds();
	run_graders(&b);
	release_stale_claims();
	int rc = write_gradebook(opt->out, rows, labs, nlabs, st, n);
	remove_tree(rows);
	if (!opt->quiet)
		fprintf(stderr, "grader: %zu student%s graded in %.0f s: %s/gradebook.csv\n", n,
		        n == 1 ? "" : "s", now_seconds() - start, opt->out);
	for (size_t i = 0; i < n; i++) {
		free(st[i].name);
		free(st[i].file);
		free(st[i].path);
		free(st[i].error);
	}
	free(st);
	free(rows);
	return rc;
}
