/* reference.c - see reference.h. */
#include "reference.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool is_reference_pack(const char *dir)
{
	char *marker = xasprintf("%s/REFERENCE-PACK", dir);
	bool yes = is_file(marker);
	free(marker);
	return yes;
}

static void add_word(char ***v, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && !strncmp((*v)[i], s, len))
			return;
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
	(*v)[*n] = NULL;
}

/* The objects a dry run of the lab's build compiles from the reference's
   sources: the word after -o on each command that names them. */
static void objects_from_dry_run(const char *log, const char *srcdir, char ***files, size_t *n)
{
	char *copy = xstrdup(log);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, srcdir))
			continue;
		char *o = strstr(line, " -o ");
		if (!o)
			continue;
		o += 4;
		while (*o == ' ')
			o++;
		size_t len = strcspn(o, " \t;");
		if (len && o[0] != '/' && strncmp(o, "../", 3))
			add_word(files, n, o, len);
	}
	free(copy);
}

static int run_make(char **argv, char **err)
{
	struct run_limits lim = default_limits();
	lim.wall_seconds = 300;
	lim.cpu_seconds = 600;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	if (!ok) {
		size_t len = strlen(res.output);
		*err = xstrdup(len > 2000 ? res.output + len - 2000 : res.output);
	}
	run_result_free(&res);
	return ok ? 0 : -1;
}

/* Build the reference's objects of lab `name` from its sources in `work`. */
static int build_objects(const struct grade_config *cfg, const char *name, const char *work,
                         char ***files, size_t *n, char **err)
{
	*files = NULL;
	*n = 0;
	char *lab = xasprintf("%s/%s", work, name);
	char *memlabs = xasprintf("MEMLABS=%s", cfg->root);
	char *reference = xasprintf("REFERENCE=%s", cfg->reference);
	char *srcdir = xasprintf("%s/%s/", cfg->reference, name);
	int rc = copy_lab(cfg, name, work, err);
	if (rc == 0) {
		char *argv[] = { "make", "-n", "-B", "--no-print-directory", "-C", lab, "all",
		                 memlabs, reference, NULL };
		struct run_limits lim = default_limits();
		struct run_result res;
		run_command(argv, NULL, NULL, &lim, &res);
		if (res.exit_code == 0)
			objects_from_dry_run(res.output, srcdir, files, n);
		run_result_free(&res);
	}
	if (rc == 0 && *n) {
		char **argv = xcalloc(*n + 8, sizeof *argv);
		size_t k = 0;
		argv[k++] = "make";
		argv[k++] = "--no-print-directory";
		argv[k++] = "-C";
		argv[k++] = lab;
		argv[k++] = memlabs;
		argv[k++] = reference;
		for (size_t i = 0; i < *n; i++)
			argv[k++] = (*files)[i];
		char *log = NULL;
		if (run_make(argv, &log) < 0) {
			*err = xasprintf("cannot build the reference's objects of %s:\n%s", name, log);
			free(log);
			rc = -1;
		}
		free(argv);
	}
	free(lab);
	free(memlabs);
	free(reference);
	free(srcdir);
	return rc;
}

int reference_objects(const struct grade_config *cfg, const char *name,
                      char **dir, char ***files, size_t *n, char **err)
{
	*files = NULL;
	*n = 0;
	if (cfg->pack) {
		char *list = xasprintf("%s/%s/FILES", cfg->pack, name);
		char *text = read_file(list, 1 << 16, NULL);
		free(list);
		*dir = xasprintf("%s/%s", cfg->pack, name);
		char *save = NULL;
		for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save))
			if (*line && !strstr(line, ".."))
				add_word(files, n, line, strlen(line));
		free(text);
		return 0;
	}
	if (!cfg->reference) {
		*dir = xstrdup("");
		return 0;
	}
	char *work = xasprintf("%s/%s/reference", cfg->scratch, name);
	*dir = xasprintf("%s/%s", work, name);
	int rc = build_objects(cfg, name, work, files, n, err);
	free(work);
	return rc;
}

int reference_install(const char *dir, char **files, size_t n, const char *labdir, char **err)
{
	for (size_t i = 0; i < n; i++) {
		char *from = xasprintf("%s/%s", dir, files[i]);
		char *to = xasprintf("%s/%s", labdir, files[i]);
		char *parent = xstrdup(to);
		*strrchr(parent, '/') = '\0';
		int rc = make_dirs(parent) < 0 || copy_file(from, to) < 0 ? -1 : 0;
		if (rc < 0)
			*err = xasprintf("cannot install the reference's %s: %s", files[i], strerror(errno));
		free(from);
		free(to);
		free(parent);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int reference_pack(const struct grade_config *cfg, char **labs, size_t nlabs, const char *out,
                   FILE *log)
{
	if (make_dirs(out) < 0) {
		fprintf(stderr, "grader: cannot make %s: %s\n", out, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < nlabs; i++) {
		char *dir = NULL, *err = NULL;
		char **files = NULL;
		size_t n = 0;
		int rc = reference_objects(cfg, labs[i], &dir, &files, &n, &err);
		if (rc < 0) {
			fprintf(stderr, "grader: %s\n", err);
			return -1;
		}
		if (n) {
			char *labout = xasprintf("%s/%s", out, labs[i]);
			char *list = xasprintf("%s/FILES", labout);
			if (make_dirs(labout) < 0 || reference_install(dir, files, n, labout, &err) < 0) {
				fprintf(stderr, "grader: %s\n", err ? err : strerror(errno));
				return -1;
			}
			FILE *f = fopen(list, "w");
			for (size_t k = 0; f && k < n; k++)
				fprintf(f, "%s\n", files[k]);
			if (!f || fclose(f) != 0) {
				fprintf(stderr, "grader: cannot write %s\n", list);
				return -1;
			}
			/* Objects only: no debug information naming the sources' lines. */
			for (size_t k = 0; k < n; k++) {
				char *obj = xasprintf("%s/%s", labout, files[k]);
				char *argv[] = { "objcopy", "--strip-debug", obj, NULL };
				struct run_limits lim = default_limits();
				struct run_result res;
				run_command(argv, NULL, NULL, &lim, &res);
				run_result_free(&res);
				free(obj);
			}
			if (log)
				fprintf(log, "%s: %zu object%s\n", labs[i], n, n == 1 ? "" : "s");
			free(labout);
			free(list);
		}
		for (size_t k = 0; k < n; k++)
			free(files[k]);
		free(files);
		free(dir);
	}
	char *marker = xasprintf("%s/REFERENCE-PACK", out);
	FILE *f = fopen(marker, "w");
	if (f)
		fputs("memlabs reference pack: the reference's objects, no sources (grader/README.md)\n", f);
	free(marker);
	return f && fclose(f) == 0 ? 0 : -1;
}
