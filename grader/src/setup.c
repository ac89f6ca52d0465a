// SPDX-License-Identifier: MIT
/* setup.c - the grading run's setup (see setup.h). */
#include "setup.h"
#include "submission.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
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

/* Where graders claim sandbox uids: a file per uid in use, locked by its
   grader while it runs (a crashed grader's lock goes with it). A pid is no
   such claim: graders in two containers (PID namespaces) have the same
   pids, and would share a user, its RLIMIT_NPROC and its kill(-1). */
#define UID_DIR "/run/memlabs-uids"
enum { UID_BASE = 1500000000u, UID_RANGE = 1u << 28 };

static bool uid_has_processes(unsigned uid)
{
	DIR *d = opendir("/proc");
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		struct stat st;
		char path[300];
		snprintf(path, sizeof path, "/proc/%s", e->d_name);
		found = e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		        stat(path, &st) == 0 && st.st_uid == uid;
	}
	closedir(d);
	return found;
}

/* Claim `uid`: its file locked without waiting, and still the file at its
   path (not one that a grader releasing the uid has just unlinked), and no
   process of that user running. Returns the locked descriptor, or -1. */
static int claim_uid(unsigned uid)
{
	char path[64];
	snprintf(path, sizeof path, UID_DIR "/%u", uid);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	struct stat held, now;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 || fstat(fd, &held) < 0 || stat(path, &now) < 0 ||
	    held.st_ino != now.st_ino || held.st_dev != now.st_dev || uid_has_processes(uid)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* This process's claim (one at most): a grader that stops early (fatal(),
   exit()) gives it back too, through atexit; a forked batch grader holds
   its parent's descriptor but not its claim. */
static struct {
	unsigned uid;
	int fd;
	pid_t owner;
} claim = { 0, -1, 0 };

static void release_sandbox_uid(void)
{
	if (claim.fd < 0)
		return;
	if (claim.owner == getpid()) {
		char path[64];
		snprintf(path, sizeof path, UID_DIR "/%u", claim.uid);
		unlink(path);
	}
	close(claim.fd);
	claim.fd = -1;
}

void release_stale_claims(void)
{
	DIR *d = opendir(UID_DIR);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		int fd = openat(dirfd(d), e->d_name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		/* Held by no grader: a claimer that opened it and has not locked
		   it yet finds it gone once locked, and claims another uid. */
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
}

/* A uid no other grader on the host holds: random in a range of 2^28 far
   above real users, claimed in UID_DIR. */
static unsigned claim_random_uid(void)
{
	static bool registered;
	if (!registered && atexit(release_sandbox_uid) == 0)
		registered = true;
	release_sandbox_uid();
	struct stat st;
	if ((mkdir(UID_DIR, 0700) < 0 && errno != EEXIST) || lstat(UID_DIR, &st) < 0 ||
	    !S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
		fatal("cannot claim a sandbox user: %s is not a folder only root may write", UID_DIR);
	for (int tries = 0; tries < 1000; tries++) {
		unsigned r;
		if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
			r = (unsigned)getpid() * 2654435761u + (unsigned)tries;
		unsigned uid = UID_BASE + r % UID_RANGE;
		int fd = claim_uid(uid);
		if (fd >= 0) {
			claim.uid = uid;
			claim.fd = fd;
			claim.owner = getpid();
			return uid;
		}
	}
	fatal("cannot claim a sandbox user in %s", UID_DIR);
}

/* The user student code runs as, for this grader process (0: none): when
   the grader is root, a user of its own, if that user can reach the
   project and the scratch folder. */
static unsigned pick_sandbox_uid(const char *root, const char *scratch)
{
	const char *off = getenv("MEMLABS_NO_SANDBOX_USER");
	if (geteuid() != 0 || (off && *off))
		return 0;
	/* Student code reads the project (traces) and its scratch copy: an
	   unprivileged user must be able to reach both, else stay as we are. */
	if (!open_to_others(root) || !open_to_others(scratch)) {
		fprintf(stderr, "grader: %s or %s is closed to other users: student code runs as root "
		        "(see grader/README.md, Student code is untrusted)\n", root, scratch);
		return 0;
	}
	/* A user of its own per grader process, far above real users: its
	   RLIMIT_NPROC then counts only this grader's student processes, and
	   killing all of that user's processes kills no one else's. */
	return claim_random_uid();
}

/* Let the sandbox user (its group) and no other into a scratch folder:
   students graded in parallel cannot reach each other's copies. */
static void confine_scratch(const char *scratch, unsigned uid)
{
	if (uid && chown(scratch, 0, uid) == 0)
		chmod(scratch, 0710);
	else
		chmod(scratch, 0711);
}

static void set_reachable(struct grade_config *cfg)
{
	size_t n = 0;
	cfg->reachable[n++] = cfg->root;
	cfg->reachable[n++] = cfg->scratch;
	/* This grader's own folder: tests start their worker through it
	   (workerexec.h), even when the project was staged (stage_labs). */
	static char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash = len > 0 ? (self[len] = '\0', strrchr(self, '/')) : NULL;
	if (slash && slash > self) {
		*slash = '\0';
		cfg->reachable[n++] = self;
	}
	for (size_t i = 0; cfg->traces && cfg->traces[i] && n < REACHABLE_MAX - 1; i++)
		if (cfg->traces[i][0] == '/')
			cfg->reachable[n++] = cfg->traces[i];
	cfg->reachable[n] = NULL;
}

/* TRACES=dir1:dir2 is read by the driver, which runs in a scratch copy of
   the lab: a relative folder would be looked for there. Each one becomes
   absolute, relative to where the grader was started; one that does not
   exist stays as given, for the driver to report. The driver inherits the
   result through the environment. */
static void absolute_traces(struct grade_config *cfg)
{
	const char *t = getenv("TRACES");
	if (!t || !*t)
		return;
	struct buf joined = {0};
	size_t n = 0;
	char *list = xstrdup(t);
	for (char *save = NULL, *d = strtok_r(list, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *abs = d[0] == '/' ? NULL : realpath(d, NULL);
		cfg->traces = xrealloc(cfg->traces, (n + 2) * sizeof *cfg->traces);
		cfg->traces[n++] = abs ? abs : xstrdup(d);
		cfg->traces[n] = NULL;
		buf_printf(&joined, "%s%s", joined.len ? ":" : "", cfg->traces[n - 1]);
	}
	free(list);
	char *s = buf_take(&joined);
	setenv("TRACES", s, 1);
	free(s);
}

static bool is_reference_pack(const char *dir)
{
	char *marker = xasprintf("%s/" REFERENCE_PACK_MARKER, dir);
	bool yes = is_file(marker);
	free(marker);
	return yes;
}

/* Where the reference comes from: a tree of sources (solutions/), a pack
   folder, or a pack archive unpacked into scratch. Without any, labs that
   need it are reported as such. */
static void find_reference(struct grade_config *cfg, const char *want, const char *root)
{
	char *path = want ? realpath(want, NULL) : xasprintf("%s/solutions", root);
	if (!path)
		fatal("REFERENCE '%s' does not exist", want);
	if (is_archive(path)) {
		char *dir = xasprintf("%s/reference-pack", cfg->scratch);
		char *err = NULL;
		if (unpack(path, dir, 0, &err) < 0)
			fatal("%s", err);
		free(path);
		path = dir;
		/* Only the grader reads the objects (reference.h). */
		chmod(dir, 0700);
	}
	if (is_reference_pack(path))
		cfg->ref_pack = path;
	else if (is_dir(path))
		cfg->ref_sources = path;
	else if (want)
		fatal("REFERENCE '%s' is neither a folder of solutions nor a reference pack", want);
	else
		free(path);
	/* Student code never sees the sources, wherever they are. */
	size_t n = 0;
	char *sol = xasprintf("%s/solutions", root);
	if (is_dir(sol))
		cfg->hide[n++] = sol;
	else
		free(sol);
	if (cfg->ref_sources && (!n || strcmp(cfg->ref_sources, cfg->hide[0])))
		cfg->hide[n++] = xstrdup(cfg->ref_sources);
	/* Nor a pack's objects, which a decompiler makes sources of again. */
	if (cfg->ref_pack)
		cfg->hide[n++] = xstrdup(cfg->ref_pack);
	cfg->hide[n] = NULL;
}

/* A project only root may reach (a checkout under /root, or in a folder of
   mode 0700) would leave student code running as root. Its labs/ are
   copied into the scratch folder instead, where the sandbox user can reach
   them, and graded from there; solutions/ stays where it is (only the
   grader reads it). */
static void stage_labs(struct grade_config *cfg, const char *scratch)
{
	const char *off = getenv("MEMLABS_NO_SANDBOX_USER");
	if (geteuid() != 0 || (off && *off) || open_to_others(cfg->root) ||
	    !open_to_others(scratch))
		return;
	char *dir = xasprintf("%s/project", scratch);
	char *from = xasprintf("%s/labs", cfg->root), *to = xasprintf("%s/labs", dir);
	if (make_dirs(dir) < 0 || chmod(dir, 0755) < 0 || copy_tree(from, to, "build") < 0)
		fatal("cannot copy %s into %s: %s", from, dir, strerror(errno));
	if (cfg->verbose)
		fprintf(stderr, "grader: %s is closed to other users: grading a copy of its "
		        "labs in %s\n", cfg->root, dir);
	free(from);
	free(to);
	cfg->staged_root = dir;
	cfg->root = dir;
}

void setup_grading(struct grade_config *cfg, const struct setup_request *req)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->root = req->root;
	cfg->test_timeout = req->test_timeout;
	cfg->flat = req->flat;
	cfg->verbose = req->verbose;
	sandbox_init();
	const char *tmp = getenv("TMPDIR");
	char *scratch = xasprintf("%s/memlabs-grade-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		fatal("cannot make a scratch folder %s", scratch);
	/* Student code, run as another user, must reach its lab's copy. */
	chmod(scratch, 0711);
	cfg->scratch = scratch;
	char *empty = xasprintf("%s/empty", scratch);
	if (make_dirs(empty) < 0)
		fatal("cannot make %s", empty);
	cfg->empty_dir = empty;
	stage_labs(cfg, scratch);
	cfg->sandbox_uid = pick_sandbox_uid(cfg->root, scratch);
	find_reference(cfg, req->reference, req->root);
	if (!req->shared_scratch)
		confine_scratch(scratch, cfg->sandbox_uid);
	absolute_traces(cfg);
	set_reachable(cfg);
}

void end_grading(struct grade_config *cfg, bool keep_scratch)
{
	release_sandbox_uid();
	if (!keep_scratch)
		remove_tree(cfg->scratch);
	else
		fprintf(stderr, "grader: scratch copies kept in %s\n", cfg->scratch);
	for (size_t i = 0; cfg->hide[i]; i++)
		free((char *)cfg->hide[i]);
	free((char *)cfg->ref_sources);
	free((char *)cfg->ref_pack);
	free((char *)cfg->empty_dir);
	free((char *)cfg->staged_root);
	free((char *)cfg->scratch);
	for (size_t i = 0; cfg->traces && cfg->traces[i]; i++)
		free(cfg->traces[i]);
	free(cfg->traces);
}

void end_student(struct grade_config *cfg)
{
	(void)cfg;
	release_sandbox_uid();
}

void setup_student(struct grade_config *cfg, const char *scratch, unsigned long long scratch_bytes)
{
	sandbox_init();
	/* The batch's own claim stays the batch's (release_sandbox_uid only
	   closes the parent's descriptor here); this process claims its own. */
	release_sandbox_uid();
	if (cfg->sandbox_uid)
		cfg->sandbox_uid = pick_sandbox_uid(cfg->root, cfg->scratch);
	make_dirs(scratch);
	/* A student whose code fills its scratch fills only its own: the
	   others' builds and tests still have room. */
	if (scratch_bytes && geteuid() == 0 && sandbox_private_fs(scratch, scratch_bytes) < 0)
		fprintf(stderr, "grader: no scratch file system of its own for this student "
		        "(%s): it shares the disk of %s\n", strerror(errno), cfg->scratch);
	confine_scratch(scratch, cfg->sandbox_uid);
	cfg->scratch = scratch;
	set_reachable(cfg);
}

struct run_limits judge_limits(const struct grade_config *cfg)
{
	struct run_limits lim = student_limits(cfg);
	lim.uid = lim.gid = 0;
	lim.nproc = 0;
	lim.leftover_uid = cfg->sandbox_uid;
	return lim;
}

struct run_limits student_limits(const struct grade_config *cfg)
{
	struct run_limits lim = default_limits();
	lim.hide = cfg->hide;
	lim.reachable = cfg->reachable;
	lim.private_net = true;   /* where permitted (root) */
	if (cfg->sandbox_uid) {
		lim.uid = lim.gid = cfg->sandbox_uid;
		lim.nproc = 256;   /* binds now: the user is not root */
	}
	return lim;
}
