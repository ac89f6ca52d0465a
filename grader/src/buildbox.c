// SPDX-License-Identifier: MIT
/* buildbox.c - bubblewrap's command line for a build of student files (see buildbox.h). */
#include "buildbox.h"
#include "util.h"
#include "workerexec.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A growing argv (every string its own), and the folders it has made or
   mounted in the sandbox's new root: bound ones come with what is in them,
   the others (a tmpfs, a --dir) are empty. */
struct words {
	char **v;
	size_t n;
	char *made[32];
	bool bound[32];
	size_t nmade;
};

static void add(struct words *w, const char *s)
{
	w->v = xrealloc(w->v, (w->n + 2) * sizeof *w->v);
	w->v[w->n++] = xstrdup(s);
	w->v[w->n] = NULL;
}

static void add2(struct words *w, const char *opt, const char *a, const char *b)
{
	add(w, opt);
	add(w, a);
	if (b)
		add(w, b);
}

/* Is `path` `dir` or inside it? */
static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static void made(struct words *w, const char *path, bool bound)
{
	if (w->nmade < sizeof w->made / sizeof w->made[0]) {
		w->bound[w->nmade] = bound;
		w->made[w->nmade++] = xstrdup(path);
	}
}

/* Is there a folder at `path` in the sandbox? */
static bool is_made(const struct words *w, const char *path)
{
	for (size_t i = 0; i < w->nmade; i++)
		if (w->bound[i] ? inside(path, w->made[i]) : !strcmp(path, w->made[i]))
			return true;
	return false;
}

/* Mount `path` at its own place (`opt`: --ro-bind, --bind, --tmpfs...).
   The folders above it that nothing mounted yet are made first, open to
   all (bwrap would make them 0700: the sandbox user could not pass). */
static void mount_at(struct words *w, const char *opt, const char *path, const char *perms)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (!is_made(w, p)) {
			add2(w, "--perms", "0755", "--dir");
			add(w, p);
			made(w, p, false);
		}
		*s = '/';
	}
	free(p);
	if (perms)
		add2(w, "--perms", perms, NULL);
	if (!strcmp(opt, "--tmpfs"))
		add2(w, opt, path, NULL);
	else
		add2(w, opt, path, path);
	made(w, path, strcmp(opt, "--tmpfs") != 0);
}

/* The system's programs, headers and libraries, read-only; a folder that
   is a link (/lib -> usr/lib on merged-/usr systems) stays a link. */
static void system_folders(struct words *w)
{
	static const char *const dirs[] = { "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
	                                    "/libx32", "/etc" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		struct stat st;
		char target[PATH_MAX];
		ssize_t n;
		if (lstat(dirs[i], &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode) && (n = readlink(dirs[i], target, sizeof target - 1)) > 0) {
			target[n] = '\0';
			add2(w, "--symlink", target, dirs[i]);
		} else if (S_ISDIR(st.st_mode)) {
			mount_at(w, "--ro-bind", dirs[i], NULL);
		}
	}
}

/* The options: namespaces, the file system, then `tail` (the command). */
static char **options(const struct grade_config *cfg, const char *labdir, char *const tail[])
{
	struct words w = {0};
	add(&w, "bwrap");
	static const char *const flags[] = { "--unshare-pid", "--unshare-ipc", "--unshare-net",
	                                     "--unshare-uts", "--die-with-parent", "--new-session" };
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		add(&w, flags[i]);
	system_folders(&w);
	add2(&w, "--dev", "/dev", NULL);
	add2(&w, "--proc", "/proc", NULL);
	mount_at(&w, "--tmpfs", "/tmp", "1777");
	mount_at(&w, "--tmpfs", "/var/tmp", "1777");
	add2(&w, "--setenv", "TMPDIR", "/tmp");
	add2(&w, "--setenv", "HOME", "/tmp");
	mount_at(&w, "--ro-bind", cfg->root, NULL);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if (!inside(self, cfg->root))
			mount_at(&w, "--ro-bind", self, NULL);
	}
	/* This grading's scratch folder (its own in a batch: only its group
	   may enter it), with its folders' owners and modes. */
	mount_at(&w, "--ro-bind", cfg->scratch, NULL);
	if (!inside(cfg->empty_dir, cfg->scratch))
		mount_at(&w, "--ro-bind", cfg->empty_dir, NULL);
	mount_at(&w, "--bind", labdir, NULL);
	for (const char *const *h = cfg->hide; *h; h++)
		if (is_made(&w, *h)) {
			add2(&w, "--tmpfs", *h, NULL);
			add2(&w, "--remount-ro", *h, NULL);
		}
	add2(&w, "--chdir", labdir, NULL);
	add(&w, "--");
	for (char *const *t = tail; *t; t++)
		add(&w, *t);
	for (size_t i = 0; i < w.nmade; i++)
		free(w.made[i]);
	return w.v;
}

void buildbox_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Does bwrap start here with these options (once per grader process)? */
static bool bwrap_works(const struct grade_config *cfg, const char *labdir)
{
	static int works;   /* 0: not tried yet, 1: yes, -1: no */
	if (works)
		return works > 0;
	const char *off = getenv("MEMLABS_NO_BWRAP");
	if (off && *off) {
		fprintf(stderr, "grader: MEMLABS_NO_BWRAP is set: student builds run with the grader's own "
		        "confinement (grader/README.md)\n");
		works = -1;
		return false;
	}
	char *t[] = { "true", NULL };
	char **argv = options(cfg, labdir, t);
	struct run_limits lim = default_limits();
	lim.wall_seconds = 30;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	works = res.started && !res.timed_out && res.exit_code == 0 ? 1 : -1;
	if (works < 0) {
		char *why = output_tail(res.output);
		fprintf(stderr, "grader: bubblewrap (bwrap) is missing or cannot start here: student builds "
		        "run with the grader's own confinement (grader/README.md)\n%s\n", why);
		free(why);
	}
	run_result_free(&res);
	buildbox_free(argv);
	return works > 0;
}

char **buildbox_argv(const struct grade_config *cfg, const char *labdir,
                     const struct run_limits *inner, char *const cmd[])
{
	if (!bwrap_works(cfg, labdir))
		return NULL;
	char *wrap = worker_wrap(inner);
	struct words t = {0};
	for (char *save = NULL, *word = strtok_r(wrap, "\x1f", &save); word; word = strtok_r(NULL, "\x1f", &save))
		add(&t, word);
	for (char *const *c = cmd; *c; c++)
		add(&t, *c);
	char **argv = options(cfg, labdir, t.v);
	buildbox_free(t.v);
	free(wrap);
	return argv;
}
