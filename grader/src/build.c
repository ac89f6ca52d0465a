/* build.c - build a copy of a lab (see build.h). */
#include "build.h"
#include "buildbox.h"
#include "buildlog.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A build of student files: as the sandbox user (its folders made that
   user's for the build), in bubblewrap where it runs, else in the tests'
   own confinement (student_limits). Returns bubblewrap's command (to free
   with buildbox_free), or NULL to run `make` itself under *lim. */
static char **confine(const struct grade_config *cfg, const char *labdir, char *const make[],
                      struct run_limits *lim)
{
	struct run_limits student = student_limits(cfg);
	student.wall_seconds = lim->wall_seconds;
	student.cpu_seconds = lim->cpu_seconds;
	char **boxed = NULL;
	if (cfg->sandbox_uid && give_tree(labdir, cfg->sandbox_uid, cfg->sandbox_uid, false) == 0) {
		/* Inside bubblewrap, `grader --worker-exec` takes on the user
		   and the rlimits; bwrap gives the namespaces. */
		struct run_limits inner = student;
		inner.hide = NULL;
		inner.reachable = NULL;
		inner.private_net = false;
		boxed = buildbox_argv(cfg, labdir, &inner, make);
	}
	if (boxed)
		lim->leftover_uid = cfg->sandbox_uid;
	else
		*lim = student;
	return boxed;
}

int build_lab(const struct grade_config *cfg, const char *labdir, char *const *student, char **errors)
{
	char *memlabs = xasprintf("MEMLABS=%s", cfg->root);
	char *reference = xasprintf("REFERENCE=%s", cfg->empty_dir);
	char *argv[] = { "make", "--no-print-directory", "-C", (char *)labdir, "all",
	                 memlabs, reference, NULL };
	struct run_limits lim = default_limits();
	lim.hide = cfg->hide;
	lim.wall_seconds = 300;
	lim.cpu_seconds = 600;
	char **boxed = student ? confine(cfg, labdir, argv, &lim) : NULL;
	struct run_result res;
	run_command(boxed ? boxed : argv, NULL, NULL, &lim, &res);
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
	free(memlabs);
	free(reference);
	return ok ? 0 : -1;
}
