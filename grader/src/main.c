// SPDX-License-Identifier: MIT
/*
 * grader - build, run and score a submission of the memlabs labs.
 *
 * Usage: grader [--lab LAB] [--submission DIR] [--format FORMAT]
 *               [--out FILE] [--timeout SECONDS] [--reference DIR|PACK]
 *               [--also FORMAT=FILE]... [--keep] [--quiet]
 *        grader --batch DIR [--jobs N] [--out FOLDER] [--lab LAB] [--format FORMAT]
 *               [--student-timeout SECONDS] [--scratch-size MIB]
 *        grader --reference-pack FILE.tar.gz
 *        grader --list-labs | --help | --version
 *
 * LAB is 01, 1, 01-segments or segments; without it every lab is graded.
 * DIR is laid out like labs/ (default: the project's labs/); a folder that
 * wraps one (labs/ inside, or a single folder) is followed, and with one LAB
 * the student files may also sit at its top. FORMAT is text, json,
 * text-full, gradescope, autolab, junit, tap or prairielearn. The reference is solutions/ unless
 * --reference names another tree of sources or a reference pack.
 * --also writes the same grading in another format too (CI: junit=grade.xml).
 * --batch grades every student folder, .zip or .tar.gz in DIR into
 * FOLDER/gradebook.csv and FOLDER/STUDENT.FORMAT (default FOLDER: grades),
 * each student within a time limit and, as root, on a scratch file system
 * of its own. A batch, and the autolab and gradescope formats, are refused
 * when not root unless --allow-unsafe (MEMLABS_ALLOW_UNSAFE=1) is given.
 * Exit status: 0 when every graded lab has full marks (batch: every student
 * graded), 1 when any lost points, 2 when the grader itself could not run.
 *
 * Try: make grade                      (your labs/, text report)
 *      make grade LAB=01 FORMAT=json   (one lab, JSON)
 *      make grade-batch SUBMISSIONS=dir JOBS=2
 */
#include "batch.h"
#include "formats.h"
#include "grade.h"
#include "project.h"
#include "reference.h"
#include "report.h"
#include "sandbox.h"
#include "setup.h"
#include "submission.h"
#include "util.h"
#include "workerexec.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The Makefile passes the project's VERSION file. */
#ifndef MEMLABS_VERSION
#define MEMLABS_VERSION "unknown"
#endif

struct options {
	const char *lab, *submission, *format, *out, *reference, *batch, *pack_out, *only;
	const char *also[8];       /* FORMAT=FILE: more formats of the same grading */
	size_t nalso;
	double timeout;
	double student_timeout;    /* batch: seconds per student, 0: the default */
	double scratch_mib;        /* batch: each student's scratch file system, < 0: the default */
	int jobs;
	bool keep_scratch, quiet, list_labs, allow_unsafe;
};

static const char usage_text[] =
	"usage: grader [--lab LAB] [--submission DIR] [--format FORMAT] [--out FILE]\n"
	"              [--timeout SECONDS] [--reference DIR|PACK] [--also FORMAT=FILE]...\n"
	"              [--only TESTS] [--keep] [--quiet]\n"
	"       grader --batch DIR [--jobs N] [--out FOLDER] [--lab LAB] [--format FORMAT]\n"
	"              [--student-timeout SECONDS] [--scratch-size MIB] [--allow-unsafe]\n"
	"       grader --reference-pack FILE.tar.gz [--reference DIR]\n"
	"       grader --list-labs | --help | --version\n";

static void usage_exit(void)
{
	fputs(usage_text, stderr);
	fputs("(grader --help says more)\n", stderr);
	exit(EXIT_GRADER_ERROR);
}

static void help_exit(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Grades a submission of the memlabs labs: builds each lab with the student's\n"
	      "files, runs its tests with the student's code apart from the judge, and\n"
	      "writes one report (grader/README.md says everything below at length).\n"
	      "\n"
	      "  --lab LAB            01, 1, 01-segments or segments (default: every lab)\n"
	      "  --submission DIR     laid out like labs/ (default: labs)\n"
	      "  --format FORMAT      text, text-full, json, gradescope, autolab, junit, tap,\n"
	      "                       prairielearn (default: text)\n"
	      "  --out FILE           the report's file (a batch: its folder, default grades)\n"
	      "  --also FORMAT=FILE   the same grading in another format too\n"
	      "  --timeout SECONDS    a test's time limit (default 30)\n"
	      "  --only TESTS         only the tests matching these patterns, comma-separated\n"
	      "                       (heap/*,traces/binary): a quick look, not a grade\n"
	      "  --reference DIR|PACK the reference's sources or a reference pack\n"
	      "  --keep, --quiet      keep the scratch copies; no progress lines\n"
	      "  --batch DIR          every student folder, .zip or .tar.gz in DIR\n"
	      "  --jobs N             students graded at a time (default: the processors)\n"
	      "  --student-timeout S  a student's wall-clock limit in a batch\n"
	      "  --scratch-size MIB   a student's scratch file system in a batch (as root; 0: none)\n"
	      "  --allow-unsafe       grade others' code when not root (it runs as you)\n"
	      "\n"
	      "Exit status: 0 every graded lab has full marks (a batch: every student\n"
	      "graded); 1 a lab lost points (a batch: a student could not be graded);\n"
	      "2 the grader could not run (bad option, missing tool, unwritable OUT).\n"
	      "\n"
	      "Environment: TMPDIR (scratch copies), TRACES (more traces),\n"
	      "MEMLABS_VISIBILITY (gradescope: visible, hidden, after_due_date,\n"
	      "after_published), MEMLABS_NO_COUNT=1 (trace speed from CPU time, not\n"
	      "counted instructions), MEMLABS_STUDENT_TIMEOUT, MEMLABS_SCRATCH_SIZE,\n"
	      "MEMLABS_ALLOW_UNSAFE=1, MEMLABS_NO_SANDBOX_USER, MEMLABS_NO_BWRAP.\n", stdout);
	exit(0);
}

static void version_exit(void)
{
	printf("grader (memlabs) %s\n", MEMLABS_VERSION);
	exit(0);
}

/* A number option: all of it a number, finite, within [min, max]. */
static double number_arg(const char *what, const char *text, double min, double max)
{
	char *end;
	errno = 0;
	double v = text ? strtod(text, &end) : 0;
	if (!text || end == text || *end || errno || !isfinite(v) || v < min || v > max)
		fatal("%s wants a number from %.10g to %.10g (got '%s')", what, min, max, text ? text : "");
	return v;
}

/* A number from the environment, or `otherwise` when unset or empty. */
static double env_number(const char *name, double otherwise, double min, double max)
{
	const char *v = getenv(name);
	return v && *v ? number_arg(name, v, min, max) : otherwise;
}

static void parse_options(int argc, char *argv[], struct options *o)
{
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
		{ "student-timeout", required_argument, NULL, 'S' },
		{ "scratch-size", required_argument, NULL, 'Z' },
		{ "allow-unsafe", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "only", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	*o = (struct options){ .submission = "labs", .format = "text", .timeout = 30,
	                       .student_timeout = env_number("MEMLABS_STUDENT_TIMEOUT", 0, 1, 1e6),
	                       .scratch_mib = env_number("MEMLABS_SCRATCH_SIZE", -1, 0, 1 << 20),
	                       .allow_unsafe = env_number("MEMLABS_ALLOW_UNSAFE", 0, 0, 1) != 0 };
	int c;
	while ((c = getopt_long(argc, argv, "l:s:f:o:t:r:b:j:a:kqh", options, NULL)) != -1) {
		switch (c) {
		case 'l': o->lab = optarg; break;
		case 's': o->submission = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->timeout = number_arg("--timeout", optarg, 0.1, 86400); break;
		case 'r': o->reference = optarg; break;
		case 'P': o->pack_out = optarg; break;
		case 'b': o->batch = optarg; break;
		case 'a':
			if (o->nalso == sizeof o->also / sizeof o->also[0])
				fatal("too many --also");
			o->also[o->nalso++] = optarg;
			break;
		case 'j': o->jobs = (int)number_arg("--jobs", optarg, 1, 1024);
			if (o->jobs != atof(optarg))
				fatal("--jobs wants a whole number (got '%s')", optarg);
			break;
		case 'k': o->keep_scratch = true; break;
		case 'q': o->quiet = true; break;
		case 'L': o->list_labs = true; break;
		case 'S': o->student_timeout = number_arg("--student-timeout", optarg, 1, 1e6); break;
		case 'Z': o->scratch_mib = number_arg("--scratch-size", optarg, 0, 1 << 20); break;
		case 'U': o->allow_unsafe = true; break;
		case 'h': help_exit(); break;
		case 'V': version_exit(); break;
		case 'O': o->only = optarg; break;
		default: usage_exit();
		}
	}
	if (optind != argc) {
		fprintf(stderr, "grader: unexpected argument '%s'\n", argv[optind]);
		usage_exit();
	}
}

/* The format of --also FORMAT=FILE, or NULL. */
static const struct report_format *also_format(const char *also)
{
	const char *eq = strchr(also, '=');
	if (!eq || !eq[1])
		return NULL;
	char *name = xstrndup(also, (size_t)(eq - also));
	const struct report_format *fmt = find_format(name);
	free(name);
	return fmt;
}

/* A report's file can be written: its folder exists and is writable, and
   it is not a folder itself. Checked before grading, not after it. */
static void check_writable(const char *what, const char *path)
{
	if (!strcmp(path, "/dev/stdout") || !strcmp(path, "-"))
		return;
	if (is_dir(path))
		fatal("%s '%s' is a folder, not a file", what, path);
	char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	const char *dir = !slash ? "." : slash == copy ? "/" : (*slash = 0, copy);
	struct stat st;
	errno = 0;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) < 0 ||
	    (access(path, F_OK) == 0 && access(path, W_OK) < 0))
		fatal("cannot write %s '%s': %s", what, path,
		      errno == ENOENT || errno == ENOTDIR ? "its folder does not exist"
		      : errno == EACCES || errno == EPERM || errno == EROFS ? "permission denied"
		      : errno ? strerror(errno) : "its folder is not a folder");
	free(copy);
}

static void check_options(struct options *o)
{
	if (!find_format(o->format))
		fatal("unknown FORMAT '%s' (known: %s)", o->format, format_names());
	for (size_t i = 0; i < o->nalso; i++)
		if (!also_format(o->also[i]))
			fatal("--also wants FORMAT=FILE with a FORMAT of: %s (got '%s')", format_names(), o->also[i]);
	if (!gradescope_visibility_known())
		fatal("MEMLABS_VISIBILITY is '%s': it must be visible, hidden, after_due_date or after_published",
		      getenv("MEMLABS_VISIBILITY"));
	if (o->out && !o->batch && !o->pack_out && !o->list_labs)
		check_writable("OUT", o->out);
	for (size_t i = 0; i < o->nalso; i++)
		check_writable("--also file", strchr(o->also[i], '=') + 1);
	if (o->jobs <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o->jobs = cpus > 0 ? (int)cpus : 1;
	}
}

/* Grading others' code as a user that is not root: student code then runs
   as the grader's own user and can reach the grader itself (write on its
   output after it, where Autolab reads the last line as the scores; change
   its files). Refused for a class, Autolab and Gradescope unless asked for
   (--allow-unsafe, MEMLABS_ALLOW_UNSAFE=1): a warning among a job's output
   is read by the student, not by the instructor; a refusal shows on the
   first try. */
static void check_privilege(const struct options *o)
{
	bool others = o->batch || !strcmp(o->format, "autolab") || !strcmp(o->format, "gradescope") ||
	              !strcmp(o->format, "prairielearn");
	if (!others || geteuid() == 0 || o->pack_out || o->list_labs)
		return;
	char *why = xasprintf("grading others' code as a user that is not root (uid %u): their "
	                      "code runs as this user and can forge the report, or a scores line "
	                      "after it", (unsigned)geteuid());
	if (!o->allow_unsafe)
		fatal("refusing: %s. Run the grader as root (in the job's container: grader/README.md), "
		      "or give --allow-unsafe (MEMLABS_ALLOW_UNSAFE=1) if you trust the code", why);
	fprintf(stderr, "grader: WARNING: %s (--allow-unsafe)\n", why);
	free(why);
}

static bool have_command(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path);
	bool found = false;
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", dir, name);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* The labs to grade, in order (NULL-terminated; the strings are labs'). */
static char **chosen_labs(char **labs, size_t nlabs, const char *want, const char **only,
                          size_t *n)
{
	*only = NULL;
	if (want && *want && !(*only = match_lab(labs, nlabs, want))) {
		struct buf b = {0};
		for (size_t i = 0; i < nlabs; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", labs[i]);
		fatal("unknown LAB '%s'; the labs are: %s", want, b.s ? b.s : "(none)");
	}
	char **graded = xcalloc(nlabs + 1, sizeof *graded);
	*n = 0;
	for (size_t i = 0; i < nlabs; i++)
		if (!*only || !strcmp(*only, labs[i]))
			graded[(*n)++] = labs[i];
	return graded;
}

/* A folder option made absolute (relative to where the grader started). */
static char *folder(const char *path, const char *what)
{
	char *abs = realpath(path, NULL);
	if (!abs || !is_dir(abs))
		fatal("%s '%s' is not a folder", what, path);
	return abs;
}

/* Pack the reference's objects into FILE.tar.gz. */
static int make_pack(const struct grade_config *cfg, char **labs, size_t nlabs, const char *file)
{
	if (!cfg->ref_sources)
		fatal("no reference sources to pack (solutions/ or --reference DIR)");
	char *dir = xasprintf("%s/pack", cfg->scratch);
	if (reference_write_pack(cfg, labs, nlabs, dir, stdout) < 0)
		return EXIT_GRADER_ERROR;
	char cwd[PATH_MAX];
	if (file[0] != '/' && !getcwd(cwd, sizeof cwd))
		fatal("getcwd failed");
	char *abs = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", cwd, file);
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

/* A batch's default size of each student's scratch file system (as root):
   a grading of every lab of solutions/ uses 21 MiB; a test's file may be
   64 MiB (RLIMIT_FSIZE). */
enum { DEFAULT_SCRATCH_MIB = 256 };

/* A class: the reference's objects built once, then every student. */
static int grade_class(struct grade_config *cfg, char **labs, size_t nlabs, const char *dir,
                       const struct options *o)
{
	const char *outdir = o->out ? o->out : "grades";
	if (make_dirs(outdir) < 0)
		fatal("cannot make OUT folder '%s'", outdir);
	if (cfg->ref_sources) {
		char *pack = xasprintf("%s/pack", cfg->scratch);
		if (reference_write_pack(cfg, labs, nlabs, pack, NULL) < 0)
			fatal("cannot build the reference's objects");
		cfg->ref_pack = pack;   /* freed with the setup */
	}
	/* Each lab's tests listed once, from the lab as shipped, for every
	   student (a lab that cannot be listed here is listed by each grader,
	   which then reports why). */
	struct shipped_list *shipped = xcalloc(nlabs + 1, sizeof *shipped);
	size_t n = 0;
	for (size_t i = 0; i < nlabs; i++) {
		struct test_list *list = xcalloc(1, sizeof *list);
		char *err = NULL;
		if (grade_list_shipped(cfg, labs[i], list, &err) == 0) {
			shipped[n++] = (struct shipped_list){ .lab = labs[i], .tests = list };
		} else {
			test_list_free(list);
			free(list);
		}
		free(err);
	}
	cfg->shipped = shipped;
	/* Time enough for every test of every lab to hang (30 times a test's
	   limit per lab: 15 min at the default 30 s), so that only a grading
	   that is stuck is cut. */
	double mib = o->scratch_mib < 0 ? DEFAULT_SCRATCH_MIB : o->scratch_mib;
	struct batch_options opt = {
		.jobs = o->jobs, .out = outdir, .fmt = find_format(o->format), .quiet = o->quiet,
		.student_seconds = o->student_timeout > 0 ? o->student_timeout
		                 : 30 * o->timeout * (double)(nlabs ? nlabs : 1),
		.scratch_bytes = (unsigned long long)(mib * (1 << 20)),
	};
	int status = grade_batch(cfg, labs, nlabs, dir, &opt);
	for (size_t i = 0; i < n; i++) {
		test_list_free(shipped[i].tests);
		free(shipped[i].tests);
	}
	free(shipped);
	cfg->shipped = NULL;
	return status;
}

/* One submission: graded once, written in each format asked for. */
static int grade_one(struct grade_config *cfg, char **all, size_t nall, char **labs,
                     size_t nlabs, const char *dir, const struct options *o)
{
	char *where = submission_root(dir, all, nall);
	cfg->submission = where;
	struct report r = {0};
	r.submission = xstrdup(o->submission);
	grade_all(cfg, labs, nlabs, &r);
	const struct report_format *fmt = find_format(o->format);
	/* The file is written once grading is over, as a whole: nothing
	   student code wrote to that path survives. */
	if (o->out) {
		if (write_report_file(o->out, fmt, &r) < 0)
			fatal("cannot write OUT '%s'", o->out);
		/* The file has the chosen format; the terminal gets the summary. */
		if (!o->quiet)
			report_text(stdout, &r, isatty(1));
	} else {
		fmt->write(stdout, &r, isatty(1));
	}
	fflush(stdout);
	for (size_t i = 0; i < o->nalso; i++)
		if (write_report_file(strchr(o->also[i], '=') + 1, also_format(o->also[i]), &r) < 0)
			fatal("cannot write '%s'", strchr(o->also[i], '=') + 1);
	int status = 0;
	for (size_t i = 0; i < r.nlabs; i++)
		if (r.labs[i].score < r.labs[i].max_score)
			status = 1;
	report_free(&r);
	free(where);
	cfg->submission = NULL;
	return status;
}

int main(int argc, char *argv[])
{
	/* A lab's tests starting its worker (workerexec.h): nothing else. */
	if (argc > 1 && !strcmp(argv[1], "--worker-exec"))
		worker_exec_main(argc - 1, argv + 1);
	struct options o;
	parse_options(argc, argv, &o);
	check_options(&o);
	check_privilege(&o);
	char *root = find_root();
	size_t nlabs, ngraded;
	char **labs = find_labs(root, &nlabs);
	if (o.list_labs) {
		for (size_t i = 0; i < nlabs; i++)
			puts(labs[i]);
		free_labs(labs, nlabs);
		free(root);
		return 0;
	}
	const char *only;
	char **graded = chosen_labs(labs, nlabs, o.lab, &only, &ngraded);
	/* A relative SUBMISSION is relative to the project's root when the
	   grader is started from there by make, else to the current folder. */
	char *dir = o.batch ? folder(o.batch, "SUBMISSIONS")
	          : !o.pack_out ? folder(o.submission, "SUBMISSION") : NULL;
	for (const char *tool = "make"; tool; tool = strcmp(tool, "make") ? NULL : "cc")
		if (!have_command(tool))
			fatal("missing dependency: '%s' is not installed (run: make deps)", tool);

	struct grade_config cfg;
	struct setup_request req = {
		.root = root, .reference = o.reference, .test_timeout = o.timeout,
		.flat = only != NULL, .verbose = !o.quiet && isatty(2) && !o.batch,
		.shared_scratch = o.batch != NULL,
	};
	setup_grading(&cfg, &req);
	cfg.only = o.only;
	int status = o.pack_out ? make_pack(&cfg, graded, ngraded, o.pack_out)
	           : o.batch ? grade_class(&cfg, graded, ngraded, dir, &o)
	           : grade_one(&cfg, labs, nlabs, graded, ngraded, dir, &o);
	end_grading(&cfg, o.keep_scratch);
	free_labs(labs, nlabs);
	free(graded);
	free(root);
	free(dir);
	return status;
}
