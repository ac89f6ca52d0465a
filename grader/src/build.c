// SPDX-License-Identifier: MIT
/* build.c - build a copy of a lab (see build.h). */
#include "build.h"
#include "buildbox.h"
#include "buildlog.h"
#include "makecmd.h"
#include "reference.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The limits of a build: of the lab as shipped, the grader's with the
   reference's sources hidden; of a copy with student files, the tests' own
   confinement (student_limits). */
static struct run_limits build_limits(const struct grade_config *cfg, bool student)
{
	struct run_limits lim = student ? student_limits(cfg) : default_limits();
	if (!student)
		lim.hide = cfg->hide;
	lim.wall_seconds = 300;
	lim.cpu_seconds = 600;
	return lim;
}

/* A build of student files: as the sandbox user (its folders made that
   user's for the build), in bubblewrap where it runs, else under
   build_limits. Returns bubblewrap's command (to free with buildbox_free)
   and the limits of bwrap itself in *lim, or NULL to run `make` itself
   under *lim. */
static char **confine(const struct grade_config *cfg, const char *labdir, char *const make[],
                      struct run_limits *lim)
{
	*lim = build_limits(cfg, true);
	char **boxed = NULL;
	if (cfg->sandbox_uid && give_tree(labdir, cfg->sandbox_uid, cfg->sandbox_uid, false) == 0) {
		/* Inside bubblewrap, `grader --worker-exec` takes on the user
		   and the rlimits; bwrap gives the namespaces. */
		struct run_limits inner = *lim;
		inner.hide = NULL;
		inner.reachable = NULL;
		inner.private_net = false;
		boxed = buildbox_argv(cfg, labdir, &inner, make);
	}
	if (boxed) {   /* bwrap runs as root: its limits, the user's processes killed after */
		*lim = build_limits(cfg, false);
		lim->hide = NULL;
		lim->leftover_uid = cfg->sandbox_uid;
	}
	return boxed;
}

/* `make all` in labdir; `old` (NULL-terminated, may be NULL): files make
   takes as they are and does not make (-o). */
static int build(const struct grade_config *cfg, const char *labdir, char *const *student,
                 char *const *old, char **errors)
{
	size_t nold = 0;
	while (old && old[nold])
		nold++;
	struct make_cmd mk;
	make_cmd(&mk, cfg, labdir, cfg->empty_dir, false, "all", old, nold, true);
	char **argv = mk.argv;
	struct run_limits lim = build_limits(cfg, false);
	char **boxed = student ? confine(cfg, labdir, argv, &lim) : NULL;
	struct run_result res;
	run_command(boxed ? boxed : argv, NULL, NULL, &lim, &res);
	if (boxed && res.exit_code == 1 && !strncmp(res.output, "bwrap: ", 7)) {
		/* bubblewrap itself failed (its message comes first, before
		   make says anything): this build runs as if it were missing. */
		fprintf(stderr, "grader: bubblewrap failed for %s, built with the grader's own confinement: %.200s\n",
		        labdir, res.output);
		run_result_free(&res);
		lim = build_limits(cfg, true);
		run_command(argv, NULL, NULL, &lim, &res);
	}
	buildbox_free(boxed);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	/* Everything the sandbox user made is the grader's again, and not
	   writable by others, before any of it runs: the tests (the judge)
	   it built cannot be replaced by the code they test. */
	if (student && cfg->sandbox_uid && give_tree(labdir, 0, 0, true) < 0) {
		*errors = xstrdup("grader: cannot take back the build of the student's copy");
		ok = 0;
	} else if (!ok) {
		char *how = describe_end(&res, &lim);
		char *first = build_errors(res.output, labdir, student);
		*errors = xasprintf("%s\n(make %s)", first, how);
		free(how);
		free(first);
	}
	run_result_free(&res);
	make_cmd_free(&mk);
	return ok ? 0 : -1;
}

int build_lab(const struct grade_config *cfg, const char *labdir, char *const *student, char **errors)
{
	return build(cfg, labdir, student, NULL, errors);
}

/* The words of a and b, one list (the strings a's and b's). */
static char **both(char *const *a, char *const *b)
{
	size_t n = 0, k = 0;
	for (char *const *p = a; p && *p; p++)
		n++;
	for (char *const *p = b; p && *p; p++)
		n++;
	char **v = xcalloc(n + 1, sizeof *v);
	for (char *const *p = a; p && *p; p++)
		v[k++] = *p;
	for (char *const *p = b; p && *p; p++)
		v[k++] = *p;
	return v;
}

int build_with_reference(const struct grade_config *cfg, const char *labdir, char *const *student,
                         const struct ref_objects *ref, bool worker, char **errors)
{
	if (!ref->n)
		return build(cfg, labdir, student, NULL, errors);
	char **derived = reference_derived(cfg, labdir, ref);
	char **old = both(ref->files, derived);
	int rc = 0;
	if (student)
		rc = build(cfg, labdir, student, old, errors);
	char *err = NULL;
	if (rc == 0 && reference_install(ref, labdir, &err) < 0) {
		*errors = err;
		rc = -1;
	}
	/* What is made of the reference, made by the grader: nothing of the
	   student's is made again (its files taken as they are). */
	if (rc == 0 && build(cfg, labdir, NULL, student, &err) < 0) {
		*errors = xasprintf("grader: cannot link the reference's programs:\n%s", err);
		free(err);
		rc = -1;
	}
	if (rc == 0 && reference_seal(labdir, ref, derived, worker) < 0) {
		*errors = xstrdup("grader: cannot close the reference's objects to student code");
		rc = -1;
	}
	free(old);
	reference_words_free(derived);
	return rc;
}
