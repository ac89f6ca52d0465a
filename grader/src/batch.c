/* batch.c - see batch.h. */
#include "batch.h"
#include "sandbox.h"
#include "submission.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Can any user walk down to `path` (every folder on the way o+x)? */
static bool open_to_others(const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + strlen(p); ok && s > p; ) {
		struct stat st;
		ok = stat(p, &st) == 0 && (st.st_mode & S_IXOTH);
		while (s > p && *s != '/')
			s--;
		*s = '\0';
	}
	free(p);
	return ok;
}

unsigned pick_sandbox_uid(const char *root, const char *scratch)
{
	const char *off = getenv("MEMLABS_NO_SANDBOX_USER");
	if (geteuid() != 0 || (off && *off))
		return 0;
	/* Student code reads the project (traces) and its scratch copy: an
	   unprivileged user must be able to reach both, else stay as we are. */
	if (!open_to_others(root) || !open_to_others(scratch)) {
		fprintf(stderr, "grader: %s or %s is closed to other users: student code runs as root "
		        "(see grader/README.md, Hardening)\n", root, scratch);
		return 0;
	}
	/* A user of its own per grader process, far above real users: its
	   RLIMIT_NPROC then counts only this grader's student processes, and
	   killing all of that user's processes kills no one else's. A pid is
	   below 2^22 (PID_MAX_LIMIT), so no two graders share one. */
	return 1500000000u + (unsigned)getpid();
}

void confine_scratch(const char *scratch, unsigned uid)
{
	if (uid && chown(scratch, 0, uid) == 0)
		chmod(scratch, 0710);
	else
		chmod(scratch, 0711);
}

void set_keep(struct grade_config *cfg)
{
	static const char *keep[8];
	static char *traces;
	size_t n = 0;
	keep[n++] = cfg->root;
	keep[n++] = cfg->scratch;
	/* Private traces (TRACES=dir1:dir2) are read by the driver. */
	free(traces);
	const char *t = getenv("TRACES");
	traces = xstrdup(t ? t : "");
	for (char *save = NULL, *d = strtok_r(traces, ":", &save); d && n < 7;
	     d = strtok_r(NULL, ":", &save))
		if (d[0] == '/')
			keep[n++] = d;
	keep[n] = NULL;
	cfg->keep = keep;
}

void grade_all(const struct grade_config *cfg, char **labs, size_t nlabs, struct report *r)
{
	double start = now_seconds();
	for (size_t i = 0; i < nlabs; i++)
		grade_lab(cfg, labs[i], report_add_lab(r));
	r->seconds = now_seconds() - start;
	report_total(r);
}

int write_report_file(const char *path, const struct report_format *fmt, const struct report *r)
{
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* /dev/stdout (a link), a pipe, a device: write through it,
		   never replace it. */
		FILE *f = fopen(path, "w");
		if (!f)
			return -1;
		fmt->write(f, r, false);
		return fclose(f) == 0 ? 0 : -1;
	}
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int rc = -1;
	if (f) {
		fmt->write(f, r, false);
		fchmod(fd, 0644);
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

struct student {
	char *name;        /* the entry's name without .zip/.tar.gz */
	char *path;        /* the entry */
	char *error;       /* why it could not be graded, or NULL */
	pid_t pid;
};

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

static struct student *find_students(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		fatal("cannot open SUBMISSIONS '%s': %s", dir, strerror(errno));
	struct student *v = NULL;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		bool usable = lstat(path, &st) == 0 &&
		              (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && is_archive(e->d_name)));
		if (!usable) {
			free(path);
			continue;
		}
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[*n] = (struct student){ student_name(e->d_name), path, NULL, 0 };
		(*n)++;
	}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	for (size_t i = 1; i < *n; i++)
		if (!strcmp(v[i].name, v[i - 1].name))
			v[i].error = xasprintf("two entries for %s: %s was not graded", v[i].name, v[i].path);
	return v;
}

/* The file name a student's name becomes: no slashes or leading dots. */
static char *safe_name(const char *name)
{
	char *s = xstrdup(name);
	for (char *c = s; *c; c++)
		if (*c == '/' || *c < 0x20)
			*c = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

/* In a forked grader process: unpack, find the labs, grade, write the
   student's report and a row "status<TAB>score<TAB>score..." for the
   gradebook. Exits 0 when the row was written. */
__attribute__((noreturn))
static void grade_student(const struct grade_config *base, char **labs, size_t nlabs,
                          const struct student *s, size_t index, const char *out,
                          const struct report_format *fmt)
{
	sandbox_init();
	struct grade_config cfg = *base;
	cfg.sandbox_uid = base->sandbox_uid ? pick_sandbox_uid(base->root, base->scratch) : 0;
	char *scratch = xasprintf("%s/student-%zu", base->scratch, index);
	make_dirs(scratch);
	confine_scratch(scratch, cfg.sandbox_uid);
	cfg.scratch = scratch;
	set_keep(&cfg);

	char *file = safe_name(s->name);
	char *rowpath = xasprintf("%s/.rows/%s", out, file);
	char *err = NULL;
	char *where = xstrdup(s->path);
	if (is_archive(s->path)) {
		free(where);
		where = xasprintf("%s/upload", scratch);
		if (unpack(s->path, where, &err) < 0) {
			FILE *f = fopen(rowpath, "w");
			if (f) {
				char *one = clean_text(err, 300);
				for (char *c = one; *c; c++)
					if (*c == '\n' || *c == '\t')
						*c = ' ';
				fprintf(f, "error: %s\n", one);
				fclose(f);
				free(one);
			}
			remove_tree(scratch);
			_exit(f ? 0 : 1);
		}
	}
	char *root = submission_root(where, labs, nlabs);
	cfg.submission = root;
	struct report r = {0};
	r.submission = xstrdup(s->name);
	grade_all(&cfg, labs, nlabs, &r);

	char *report = xasprintf("%s/%s.%s", out, file, fmt->ext);
	int rc = write_report_file(report, fmt, &r);

	/* The status says what a teacher should look at. */
	struct buf status = {0};
	for (size_t i = 0; i < r.nlabs; i++) {
		const struct lab_result *lab = &r.labs[i];
		if (lab->built)
			continue;
		bool missing = !strncmp(lab->build_log, "the submission has no", 21);
		buf_printf(&status, "%s%s %s", status.len ? "; " : "", lab->lab,
		           missing ? "has missing files" : "does not build");
	}
	FILE *f = fopen(rowpath, "w");
	if (f) {
		fprintf(f, "%s", status.len ? status.s : "graded");
		for (size_t i = 0; i < r.nlabs; i++)
			fprintf(f, "\t%.10g", r.labs[i].score);
		fprintf(f, "\t%.10g\n", r.score);
	}
	if (!f || fclose(f) != 0)
		rc = -1;
	remove_tree(scratch);
	_exit(rc < 0 ? 1 : 0);
}

/* A CSV field, quoted when it must be. */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void write_row(FILE *f, const struct student *s, size_t nlabs, const char *row)
{
	csv_field(f, s->name);
	char *copy = xstrdup(row ? row : "");
	char *nl = strchr(copy, '\n');
	if (nl)
		*nl = '\0';
	char *field[64] = {0};
	size_t nf = 0;
	for (char *p = copy; p && nf < 64; ) {
		field[nf++] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
	}
	/* A student who could not be graded has empty scores, not zeros. */
	bool graded = row && nf == nlabs + 2;
	for (size_t i = 0; i < nlabs + 1; i++) {
		fputc(',', f);
		fputs(graded ? field[i + 1] : "", f);
	}
	fputc(',', f);
	if (s->error)
		csv_field(f, s->error);
	else if (!row)
		csv_field(f, "error: the grader process for this student failed");
	else
		csv_field(f, graded ? field[0] : copy);
	fputc('\n', f);
	free(copy);
}

int grade_batch(const struct grade_config *cfg, char **labs, size_t nlabs,
                const char *dir, int jobs, const char *out, const struct report_format *fmt,
                bool quiet)
{
	size_t n;
	struct student *st = find_students(dir, &n);
	char *rows = xasprintf("%s/.rows", out);
	remove_tree(rows);
	if (make_dirs(rows) < 0)
		fatal("cannot make %s: %s", rows, strerror(errno));

	size_t next = 0, running = 0, done = 0;
	double start = now_seconds();
	while (done < n) {
		while (running < (size_t)jobs && next < n) {
			struct student *s = &st[next];
			if (s->error) {
				next++;
				done++;
				continue;
			}
			fflush(NULL);
			pid_t pid = fork();
			if (pid < 0)
				fatal("fork: %s", strerror(errno));
			if (pid == 0)
				grade_student(cfg, labs, nlabs, s, next, out, fmt);
			s->pid = pid;
			next++;
			running++;
		}
		if (!running)
			continue;
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0)
			break;
		for (size_t i = 0; i < n; i++) {
			if (st[i].pid != pid)
				continue;
			st[i].pid = 0;
			running--;
			done++;
			if (!quiet)
				fprintf(stderr, "grader: [%zu/%zu] %s (%.0f s)\n", done, n, st[i].name,
				        now_seconds() - start);
			break;
		}
	}

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
		char *file = safe_name(st[i].name);
		char *rowpath = xasprintf("%s/%s", rows, file);
		char *row = st[i].error ? NULL : read_file(rowpath, 1 << 16, NULL);
		write_row(f, &st[i], nlabs, row);
		if (!row || !strncmp(row, "error", 5))
			rc = 1;
		free(row);
		free(rowpath);
		free(file);
	}
	if (fclose(f) != 0 || rename(tmp, csv) != 0)
		fatal("cannot write %s", csv);
	remove_tree(rows);
	if (!quiet)
		fprintf(stderr, "grader: %zu student%s graded in %.0f s: %s\n", n, n == 1 ? "" : "s",
		        now_seconds() - start, csv);
	for (size_t i = 0; i < n; i++) {
		free(st[i].name);
		free(st[i].path);
		free(st[i].error);
	}
	free(st);
	free(rows);
	free(csv);
	free(tmp);
	return rc;
}
