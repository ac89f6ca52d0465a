// SPDX-License-Identifier: MIT
/* reference.c - the reference as objects: built, or read from a pack, or packed (see reference.h). */
#include "reference.h"
#include "makecmd.h"
#include "prepare.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The objects a dry run of the lab's build in `lab` would compile from the
   reference's sources. */
static void dry_run(const struct grade_config *cfg, const char *lab, const char *name,
                    struct ref_objects *obj)
{
	char *srcdir = xasprintf("%s/%s/", cfg->ref_sources, name);
	struct make_cmd mk;
	make_cmd(&mk, cfg, lab, cfg->ref_sources, true, "all", NULL, 0, false);
	struct run_limits lim = default_limits();
	struct run_result res;
	run_command(mk.argv, NULL, NULL, &lim, &res);
	if (res.exit_code == 0)
		objects_from_dry_run(res.output, srcdir, &obj->files, &obj->n);
	run_result_free(&res);
	make_cmd_free(&mk);
	free(srcdir);
}

/* Build the reference's objects of lab `name` from its sources, in a copy
   of the lab in `work`. */
static int build_objects(const struct grade_config *cfg, const char *name, const char *work,
                         struct ref_objects *obj, char **err)
{
	if (copy_lab(cfg, name, work, err) < 0)
		return -1;
	dry_run(cfg, obj->dir, name, obj);
	if (!obj->n)
		return 0;
	struct make_cmd mk;
	make_cmd(&mk, cfg, obj->dir, cfg->ref_sources, false, NULL, obj->files, obj->n, false);
	char *log = NULL;
	int rc = 0;
	if (run_make(mk.argv, &log) < 0) {
		*err = xasprintf("cannot build the reference's objects of %s:\n%s", name, log);
		free(log);
		rc = -1;
	}
	make_cmd_free(&mk);
	return rc;
}

int reference_objects(const struct grade_config *cfg, const char *name,
                      struct ref_objects *obj, char **err)
{
	memset(obj, 0, sizeof *obj);
	if (cfg->ref_pack) {
		char *list = xasprintf("%s/%s/FILES", cfg->ref_pack, name);
		char *text = read_file(list, 1 << 16, NULL);
		free(list);
		obj->dir = xasprintf("%s/%s", cfg->ref_pack, name);
		for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save))
			if (*line && !strstr(line, ".."))
				add_word(&obj->files, &obj->n, line, strlen(line));
		free(text);
		return 0;
	}
	if (!cfg->ref_sources) {
		obj->dir = xstrdup("");
		return 0;
	}
	char *work = xasprintf("%s/%s/reference", cfg->scratch, name);
	obj->dir = xasprintf("%s/%s", work, name);
	int rc = build_objects(cfg, name, work, obj, err);
	/* The objects (with their debug information) are the grader's to
	   copy: the sandbox user, which can enter the scratch folder, may
	   not read them here. */
	chmod(work, 0700);
	free(work);
	return rc;
}

int reference_install(const struct ref_objects *obj, const char *labdir, char **err)
{
	for (size_t i = 0; i < obj->n; i++) {
		char *from = xasprintf("%s/%s", obj->dir, obj->files[i]);
		char *to = xasprintf("%s/%s", labdir, obj->files[i]);
		char *parent = xstrdup(to);
		*strrchr(parent, '/') = '\0';
		int rc = make_dirs(parent) < 0 || copy_file(from, to) < 0 ? -1 : 0;
		if (rc < 0)
			*err = xasprintf("cannot install the reference's %s: %s", obj->files[i], strerror(errno));
		free(from);
		free(to);
		free(parent);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static bool has_word(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

char **reference_derived(const struct grade_config *cfg, const char *labdir,
                         const struct ref_objects *obj)
{
	if (!obj->n)
		return NULL;
	/* The dry run takes the objects as there (-o: not to be made), so
	   that it works in a copy without them and without the sources. */
	struct make_cmd mk;
	make_cmd(&mk, cfg, labdir, cfg->empty_dir, true, "all", obj->files, obj->n, true);
	struct run_limits lim = default_limits();
	lim.hide = cfg->hide;
	struct run_result res;
	run_command(mk.argv, NULL, NULL, &lim, &res);
	/* tainted: the objects, then every file a command naming one makes */
	char **tainted = NULL;
	size_t nt = 0;
	for (size_t i = 0; i < obj->n; i++)
		add_word(&tainted, &nt, obj->files[i], strlen(obj->files[i]));
	size_t nobj = nt;
	char *copy = xstrdup(res.exit_code == 0 && res.output ? res.output : "");
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *word[256];
		int nw = 0;
		bool touched = false;
		const char *made = NULL;
		for (char *ws = NULL, *w = strtok_r(line, " \t", &ws); w && nw < 256; w = strtok_r(NULL, " \t", &ws)) {
			word[nw++] = w;
			if (has_word(tainted, nt, w))
				touched = true;
		}
		if (!touched || nw < 2)
			continue;
		made = word[nw - 1];   /* objcopy IN OUT */
		for (int i = 0; i + 1 < nw; i++)
			if (!strcmp(word[i], "-o"))
				made = word[i + 1];
		if (made[0] != '/' && made[0] != '-' && !strstr(made, ".."))
			add_word(&tainted, &nt, made, strlen(made));
	}
	free(copy);
	run_result_free(&res);
	make_cmd_free(&mk);
	/* The derived files only. */
	char **derived = xcalloc(nt - nobj + 1, sizeof *derived);
	for (size_t i = nobj; i < nt; i++)
		derived[i - nobj] = tainted[i];
	for (size_t i = 0; i < nobj; i++)
		free(tainted[i]);
	free(tainted);
	return derived;
}

void reference_words_free(char **words)
{
	for (size_t i = 0; words && words[i]; i++)
		free(words[i]);
	free(words);
}

static int seal_one(const char *labdir, const char *file, bool programs)
{
	char *path = xasprintf("%s/%s", labdir, file);
	struct stat st;
	int rc = 0;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (programs || !(st.st_mode & S_IXUSR)))
		rc = chmod(path, st.st_mode & S_IXUSR ? REFERENCE_PROGRAM_MODE : 0600);
	free(path);
	return rc;
}

int reference_seal(const char *labdir, const struct ref_objects *obj, char *const *derived,
                   bool programs)
{
	int rc = 0;
	for (size_t i = 0; i < obj->n; i++)
		if (seal_one(labdir, obj->files[i], programs) < 0)
			rc = -1;
	for (char *const *d = derived; d && *d; d++)
		if (seal_one(labdir, *d, programs) < 0)
			rc = -1;
	return rc;
}

void ref_objects_free(struct ref_objects *obj)
{
	for (size_t i = 0; i < obj->n; i++)
		free(obj->files[i]);
	free(obj->files);
	free(obj->dir);
	memset(obj, 0, sizeof *obj);
}

/* Objects only: no debug information naming the sources' lines. */
static void strip_debug(const char *obj)
{
	char *argv[] = { "objcopy", "--strip-debug", (char *)obj, NULL };
	struct run_limits lim = default_limits();
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	run_result_free(&res);
}

/* Lab `name`'s objects and their list FILES into out/NAME. */
static int pack_lab(const struct ref_objects *obj, const char *out, const char *name, char **err)
{
	char *labout = xasprintf("%s/%s", out, name);
	char *list = xasprintf("%s/FILES", labout);
	int rc = -1;
	FILE *f = NULL;
	if (make_dirs(labout) < 0)
		*err = xasprintf("cannot make %s: %s", labout, strerror(errno));
	else if (reference_install(obj, labout, err) == 0 && (f = fopen(list, "w"))) {
		for (size_t k = 0; k < obj->n; k++)
			fprintf(f, "%s\n", obj->files[k]);
		rc = fclose(f) == 0 ? 0 : -1;
	}
	if (rc < 0 && !*err)
		*err = xasprintf("cannot write %s", list);
	for (size_t k = 0; rc == 0 && k < obj->n; k++) {
		char *path = xasprintf("%s/%s", labout, obj->files[k]);
		strip_debug(path);
		free(path);
	}
	free(labout);
	free(list);
	return rc;
}

int reference_write_pack(const struct grade_config *cfg, char **labs, size_t nlabs,
                         const char *out, FILE *log)
{
	if (make_dirs(out) < 0) {
		fprintf(stderr, "grader: cannot make %s: %s\n", out, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < nlabs; i++) {
		struct ref_objects obj;
		char *err = NULL;
		int rc = reference_objects(cfg, labs[i], &obj, &err);
		if (rc == 0 && obj.n)
			rc = pack_lab(&obj, out, labs[i], &err);
		if (rc == 0 && obj.n && log)
			fprintf(log, "%s: %zu object%s\n", labs[i], obj.n, obj.n == 1 ? "" : "s");
		ref_objects_free(&obj);
		if (rc < 0) {
			fprintf(stderr, "grader: %s\n", err);
			free(err);
			return -1;
		}
	}
	char *marker = xasprintf("%s/" REFERENCE_PACK_MARKER, out);
	FILE *f = fopen(marker, "w");
	if (f)
		fputs("memlabs reference pack: the reference's objects, no sources (grader/README.md)\n", f);
	free(marker);
	return f && fclose(f) == 0 ? 0 : -1;
}
