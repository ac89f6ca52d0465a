/*
 * grader - build, run and score a submission of the memlabs labs.
 *
 * Usage: grader [--lab LAB] [--submission DIR] [--format FORMAT]
 *               [--out FILE] [--timeout SECONDS] [--reference DIR|PACK]
 *               [--also FORMAT=FILE]... [--keep] [--quiet]
 *        grader --batch DIR [--jobs N] [--out FOLDER] [--lab LAB] [--format FORMAT]
 *        grader --reference-pack FILE.tar.gz
 *        grader --list-labs
 *
 * LAB is 01, 1, 01-segments or segments; without it every lab is graded.
 * DIR is laid out like labs/ (default: the project's labs/); a folder that
 * wraps one (labs/ inside, or a single folder) is followed, and with one LAB
 * the student files may also sit at its top. FORMAT is text, json,
 * gradescope, autolab, junit or tap. The reference is solutions/ unless
 * --reference names another tree of sources or a reference pack.
 * --also writes the same grading in another format too (CI: junit=grade.xml).
 * --batch grades every student folder, .zip or .tar.gz in DIR into
 * FOLDER/gradebook.csv and FOLDER/STUDENT.FORMAT (default FOLDER: grades).
 * Exit status: 0 when every graded lab has full marks (batch: every student
 * graded), 1 when any lost points, 2 when the grader itself could not run.
 *
 * Try: make grade                      (your labs/, text report)
 *      make grade LAB=01 FORMAT=json   (one lab, JSON)
 *      make grade-batch SUBMISSIONS=dir JOBS=2
 */
#include "batch.h"
#include "lab.h"
#include "reference.h"
#include "submission.h"
#include "report.h"
#include "sandbox.h"
#include "util.h"

#include <dirent.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage_exit(void)
{
	fputs("usage: grader [--lab LAB] [--submission DIR] [--format FORMAT] [--out FILE]\n"
	      "              [--timeout SECONDS] [--reference DIR|PACK] [--also FORMAT=FILE]...\n"
	      "              [--keep] [--quiet]\n"
	      "       grader --batch DIR [--jobs N] [--out FOLDER] [--lab LAB] [--format FORMAT]\n"
	      "       grader --reference-pack FILE.tar.gz\n"
	      "       grader --list-labs\n"
	      "FORMAT: text, json, gradescope, autolab, junit, tap\n", stderr);
	exit(EXIT_GRADER_ERROR);
}

/* The project's root: the grader lives in ROOT/build/grader. */
static char *find_root(void)
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
	fatal("cannot find the project (labs/common/lab.mk) from %s or the current directory", exe);
}

/* TRACES=dir1:dir2 is read by the driver, which runs in a scratch copy of
   the lab: a relative folder would be looked for there. Each one becomes
   absolute, relative to where the grader was started; one that does not
   exist stays as given, for the driver to report. */
static void absolute_traces(void)
{
	const char *t = getenv("TRACES");
	if (!t || !*t)
		return;
	struct buf b = {0};
	char *list = xstrdup(t);
	for (char *save = NULL, *d = strtok_r(list, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *abs = d[0] == '/' ? NULL : realpath(d, NULL);
		buf_printf(&b, "%s%s", b.len ? ":" : "", abs ? abs : d);
		free(abs);
	}
	free(list);
	char *joined = buf_take(&b);
	setenv("TRACES", joined, 1);
	free(joined);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The labs: folders of labs/ named NN-something that have a Makefile. */
static char **find_labs(const char *root, size_t *n)
{
	char *dir = xasprintf("%s/labs", root);
	DIR *d = opendir(dir);
	if (!d)
		fatal("cannot open %s", dir);
	char **labs = NULL;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *s = e->d_name;
		if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == '-'))
			continue;
		char *mk = xasprintf("%s/%s/Makefile", dir, s);
		if (is_file(mk)) {
			labs = xrealloc(labs, (*n + 1) * sizeof *labs);
			labs[(*n)++] = xstrdup(s);
		}
		free(mk);
	}
	closedir(d);
	free(dir);
	qsort(labs, *n, sizeof *labs, by_name);
	return labs;
}

/* "01", "1", "01-segments" or "segments" -> the lab's folder name. */
static const char *match_lab(char **labs, size_t n, const char *want)
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

/* The report's formats, all from the one record. */
static void text_format(FILE *out, const struct report *r, bool color) { report_text(out, r, color); }
static void json_format(FILE *out, const struct report *r, bool color) { (void)color; report_json(out, r); }
static void gradescope_format(FILE *out, const struct report *r, bool color) { (void)color; report_gradescope(out, r); }
static void autolab_format(FILE *out, const struct report *r, bool color) { (void)color; report_autolab(out, r); }
static void junit_format(FILE *out, const struct report *r, bool color) { (void)color; report_junit(out, r); }
static void tap_format(FILE *out, const struct report *r, bool color) { (void)color; report_tap(out, r); }

static const struct report_format formats[] = {
	{ "text", "txt", text_format },
	{ "json", "json", json_format },
	{ "gradescope", "json", gradescope_format },
	{ "autolab", "txt", autolab_format },
	{ "junit", "xml", junit_format },
	{ "tap", "tap", tap_format },
};

static const struct report_format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

static const char *format_names(void)
{
	return "text, json, gradescope, autolab, junit, tap";
}

static bool have_command(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path);
	bool found = false;
	for (char *dir = strtok(copy, ":"); dir && !found; dir = strtok(NULL, ":")) {
		char *p = xasprintf("%s/%s", dir, name);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* Where the reference comes from: a tree of sources (solutions/), a pack
   folder, or a pack archive unpacked into scratch. */
static void set_reference(struct grade_config *cfg, const char *root, const char *want,
                          const char *scratch)
{
	char *path = want ? realpath(want, NULL) : xasprintf("%s/solutions", root);
	if (!path)
		fatal("REFERENCE '%s' does not exist", want);
	if (is_archive(path)) {
		char *dir = xasprintf("%s/reference-pack", scratch);
		char *err = NULL;
		if (unpack(path, dir, &err) < 0)
			fatal("%s", err);
		free(path);
		path = dir;
	}
	if (is_reference_pack(path))
		cfg->pack = path;
	else if (is_dir(path))
		cfg->reference = path;
	else if (want)
		fatal("REFERENCE '%s' is neither a folder of solutions nor a reference pack", want);
	else
		free(path);   /* no solutions/: labs that need the reference will not build */
	/* Student code never sees the sources, wherever they are. */
	static char *hide[3];
	size_t n = 0;
	char *sol = xasprintf("%s/solutions", root);
	if (is_dir(sol))
		hide[n++] = sol;
	else
		free(sol);
	if (cfg->reference && (!n || strcmp(cfg->reference, hide[0])))
		hide[n++] = xstrdup(cfg->reference);
	hide[n] = NULL;
	cfg->hide = (const char *const *)hide;
}

static void free_reference(struct grade_config *cfg)
{
	for (size_t i = 0; cfg->hide && cfg->hide[i]; i++)
		free((char *)cfg->hide[i]);
	free((char *)cfg->reference);
	free((char *)cfg->pack);
}

/* Pack the reference's objects into FILE.tar.gz. */
static int make_pack(struct grade_config *cfg, char **labs, size_t nlabs, const char *file)
{
	if (!cfg->reference)
		fatal("no reference sources to pack (solutions/ or --reference DIR)");
	char *dir = xasprintf("%s/pack", cfg->scratch);
	if (reference_pack(cfg, labs, nlabs, dir, stdout) < 0)
		return EXIT_GRADER_ERROR;
	char *abs = file[0] == '/' ? xstrdup(file) : NULL;
	if (!abs) {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof cwd))
			fatal("getcwd failed");
		abs = xasprintf("%s/%s", cwd, file);
	}
	char *argv[] = { "tar", "-czf", abs, "-C", dir, ".", NULL };
	struct run_limits lim = default_limits();
	lim.fsize_bytes = 0;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	int rc = res.exit_code == 0 ? 0 : EXIT_GRADER_ERROR;
	if (rc)
		fprintf(stderr, "grader: tar failed: %s\n", res.output);
	else
		printf("reference pack: %s\n", abs);
	run_result_free(&res);
	free(abs);
	free(dir);
	return rc;
}

int main(int argc, char *argv[])
{
	const char *want_lab = NULL, *submission = "labs", *format = "text", *out_path = NULL;
	const char *want_reference = NULL, *batch = NULL, *pack_out = NULL;
	const char *also[8];       /* FORMAT=FILE: more formats of the same grading */
	size_t nalso = 0;
	double timeout = 30;
	int jobs = 0;
	bool keep = false, quiet = false, list_only = false;
	static const struct option options[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "submission", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "reference", required_argument, NULL, 'r' },
		{ "reference-pack", required_argument, NULL, 'P' },
		{ "batch", required_argument, NULL, 'b' },
		{ "also", required_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-labs", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "l:s:f:o:t:r:b:j:a:kqh", options, NULL)) != -1) {
		switch (c) {
		case 'l': want_lab = optarg; break;
		case 's': submission = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 't': timeout = atof(optarg); break;
		case 'r': want_reference = optarg; break;
		case 'P': pack_out = optarg; break;
		case 'b': batch = optarg; break;
		case 'a':
			if (nalso == sizeof also / sizeof also[0])
				fatal("too many --also");
			also[nalso++] = optarg;
			break;
		case 'j': jobs = atoi(optarg); break;
		case 'k': keep = true; break;
		case 'q': quiet = true; break;
		case 'L': list_only = true; break;
		default: usage_exit();
		}
	}
	if (optind != argc)
		usage_exit();
	const struct report_format *fmt = find_format(format);
	if (!fmt)
		fatal("unknown FORMAT '%s' (known: %s)", format, format_names());
	if (timeout <= 0)
		fatal("--timeout must be a positive number of seconds");
	for (size_t i = 0; i < nalso; i++) {
		const char *eq = strchr(also[i], '=');
		char *name = eq ? xstrndup(also[i], (size_t)(eq - also[i])) : xstrdup(also[i]);
		bool known = find_format(name) != NULL;
		free(name);
		if (!eq || !eq[1] || !known)
			fatal("--also wants FORMAT=FILE with a FORMAT of: %s (got '%s')", format_names(), also[i]);
	}
	if (jobs <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 0 ? (int)cpus : 1;
	}

	char *root = find_root();
	size_t nlabs;
	char **labs = find_labs(root, &nlabs);
	if (list_only) {
		for (size_t i = 0; i < nlabs; i++)
			puts(labs[i]);
		return 0;
	}
	const char *only = NULL;
	if (want_lab && *want_lab) {
		only = match_lab(labs, nlabs, want_lab);
		if (!only) {
			struct buf b = {0};
			for (size_t i = 0; i < nlabs; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", labs[i]);
			fatal("unknown LAB '%s'; the labs are: %s", want_lab, b.s ? b.s : "(none)");
		}
	}
	/* The labs to grade, in order. */
	char **graded = xcalloc(nlabs + 1, sizeof *graded);
	size_t ngraded = 0;
	for (size_t i = 0; i < nlabs; i++)
		if (!only || !strcmp(only, labs[i]))
			graded[ngraded++] = labs[i];

	/* A relative SUBMISSION is relative to the project's root when the
	   grader is started from there by make, else to the current folder. */
	char *sub = NULL;
	if (batch) {
		sub = realpath(batch, NULL);
		if (!sub || !is_dir(sub))
			fatal("SUBMISSIONS '%s' is not a folder", batch);
	} else if (!pack_out) {
		sub = realpath(submission, NULL);
		if (!sub || !is_dir(sub))
			fatal("SUBMISSION '%s' is not a folder", submission);
	}
	absolute_traces();
	for (const char *tool = "make"; tool; tool = strcmp(tool, "make") ? NULL : "cc")
		if (!have_command(tool))
			fatal("missing dependency: '%s' is not installed (run: make deps)", tool);

	sandbox_init();
	const char *tmp = getenv("TMPDIR");
	char *scratch = xasprintf("%s/memlabs-grade-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		fatal("cannot make a scratch folder %s", scratch);
	/* Student code, run as another user, must reach its lab's copy. */
	chmod(scratch, 0711);
	char *no_reference = xasprintf("%s/no-reference", scratch);
	make_dirs(no_reference);

	struct grade_config cfg = {
		.root = root,
		.submission = NULL,
		.scratch = scratch,
		.no_reference = no_reference,
		.test_timeout = timeout,
		.sandbox_uid = pick_sandbox_uid(root, scratch),
		.flat = only != NULL,
		.verbose = !quiet && isatty(2) && !batch,
	};
	set_reference(&cfg, root, want_reference, scratch);
	if (!batch)
		confine_scratch(scratch, cfg.sandbox_uid);
	set_keep(&cfg);

	int status = 0;
	if (pack_out) {
		status = make_pack(&cfg, graded, ngraded, pack_out);
	} else if (batch) {
		const char *outdir = out_path ? out_path : "grades";
		if (make_dirs(outdir) < 0)
			fatal("cannot make OUT folder '%s'", outdir);
		/* Build the reference's objects once for the whole class. */
		if (cfg.reference) {
			char *dir = xasprintf("%s/pack", scratch);
			if (reference_pack(&cfg, graded, ngraded, dir, NULL) < 0)
				fatal("cannot build the reference's objects");
			cfg.pack = dir;
		}
		status = grade_batch(&cfg, graded, ngraded, sub, jobs, outdir, fmt, quiet);
	} else {
		char *where = submission_root(sub, labs, nlabs);
		cfg.submission = where;
		struct report r = {0};
		r.submission = xstrdup(submission);
		grade_all(&cfg, graded, ngraded, &r);
		/* The file is written once grading is over, as a whole: nothing
		   student code wrote to that path survives. */
		if (out_path) {
			if (write_report_file(out_path, fmt, &r) < 0)
				fatal("cannot write OUT '%s'", out_path);
			/* The file has the chosen format; the terminal gets the summary. */
			if (!quiet)
				report_text(stdout, &r, isatty(1));
		} else {
			fmt->write(stdout, &r, isatty(1));
		}
		fflush(stdout);
		for (size_t i = 0; i < nalso; i++) {
			const char *eq = strchr(also[i], '=');
			char *name = xstrndup(also[i], (size_t)(eq - also[i]));
			if (write_report_file(eq + 1, find_format(name), &r) < 0)
				fatal("cannot write '%s'", eq + 1);
			free(name);
		}
		for (size_t i = 0; i < r.nlabs; i++)
			if (r.labs[i].score < r.labs[i].max_score)
				status = 1;
		report_free(&r);
		free(where);
	}

	if (!keep)
		remove_tree(scratch);
	else
		fprintf(stderr, "grader: scratch copies kept in %s\n", scratch);
	for (size_t i = 0; i < nlabs; i++)
		free(labs[i]);
	free(labs);
	free(graded);
	free(root);
	free(sub);
	free(scratch);
	free(no_reference);
	free_reference(&cfg);
	return status;
}
