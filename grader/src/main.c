/*
 * grader - build, run and score a submission of the memlabs labs.
 *
 * Usage: grader [--lab LAB] [--submission DIR] [--format text|json]
 *               [--out FILE] [--timeout SECONDS] [--keep] [--quiet]
 *        grader --list-labs
 *
 * LAB is 01, 1, 01-segments or segments; without it every lab is graded.
 * DIR is laid out like labs/ (default: the project's labs/).
 * Exit status: 0 when every graded lab has full marks, 1 when any lost
 * points, 2 when the grader itself could not run.
 *
 * Try: make grade                      (your labs/, text report)
 *      make grade LAB=01 FORMAT=json   (one lab, JSON)
 */
#include "lab.h"
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
#include <unistd.h>

static void usage_exit(void)
{
	fputs("usage: grader [--lab LAB] [--submission DIR] [--format text|json] [--out FILE]\n"
	      "              [--timeout SECONDS] [--keep] [--quiet]\n"
	      "       grader --list-labs\n", stderr);
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

int main(int argc, char *argv[])
{
	const char *want_lab = NULL, *submission = "labs", *format = "text", *out_path = NULL;
	double timeout = 30;
	bool keep = false, quiet = false, list_only = false;
	static const struct option options[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "submission", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "keep", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-labs", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "l:s:f:o:t:kqh", options, NULL)) != -1) {
		switch (c) {
		case 'l': want_lab = optarg; break;
		case 's': submission = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 't': timeout = atof(optarg); break;
		case 'k': keep = true; break;
		case 'q': quiet = true; break;
		case 'L': list_only = true; break;
		default: usage_exit();
		}
	}
	if (optind != argc)
		usage_exit();
	if (strcmp(format, "text") && strcmp(format, "json"))
		fatal("unknown FORMAT '%s' (known: text, json)", format);
	if (timeout <= 0)
		fatal("--timeout must be a positive number of seconds");

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

	/* A relative SUBMISSION is relative to the project's root when the
	   grader is started from there by make, else to the current folder. */
	char *sub = realpath(submission, NULL);
	if (!sub || !is_dir(sub))
		fatal("SUBMISSION '%s' is not a folder", submission);
	for (const char *tool = "make"; tool; tool = strcmp(tool, "make") ? NULL : "cc")
		if (!have_command(tool))
			fatal("missing dependency: '%s' is not installed (run: make deps)", tool);

	sandbox_init();
	const char *tmp = getenv("TMPDIR");
	char *scratch = xasprintf("%s/memlabs-grade-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		fatal("cannot make a scratch folder %s", scratch);

	FILE *out = stdout;
	if (out_path) {
		out = fopen(out_path, "w");
		if (!out)
			fatal("cannot write OUT '%s'", out_path);
	}

	char *reference = xasprintf("%s/solutions", root);
	struct grade_config cfg = {
		.root = root,
		.submission = sub,
		.reference = reference,
		.scratch = scratch,
		.test_timeout = timeout,
		.verbose = !quiet && isatty(2),
	};
	struct report r = {0};
	r.submission = xstrdup(submission);
	double start = now_seconds();
	for (size_t i = 0; i < nlabs; i++) {
		if (only && strcmp(only, labs[i]))
			continue;
		struct lab_result *lab = report_add_lab(&r);
		grade_lab(&cfg, labs[i], lab);
	}
	r.seconds = now_seconds() - start;
	report_total(&r);

	if (!strcmp(format, "json"))
		report_json(out, &r);
	else
		report_text(out, &r, out == stdout && isatty(1));
	if (out != stdout) {
		if (fclose(out) != 0)
			fatal("cannot write OUT '%s'", out_path);
		/* The file has the chosen format; the terminal gets the summary. */
		if (!quiet)
			report_text(stdout, &r, isatty(1));
	}
	fflush(stdout);

	int status = 0;
	for (size_t i = 0; i < r.nlabs; i++)
		if (r.labs[i].score < r.labs[i].max_score)
			status = 1;
	if (!keep)
		remove_tree(scratch);
	else
		fprintf(stderr, "grader: scratch copies kept in %s\n", scratch);

	report_free(&r);
	for (size_t i = 0; i < nlabs; i++)
		free(labs[i]);
	free(labs);
	free(root);
	free(sub);
	free(scratch);
	free(reference);
	return status;
}
