// SPDX-License-Identifier: MIT
/* workerexec.c - start a lab's worker under the student's limits (see workerexec.h). */
#include "workerexec.h"
#include "reference.h"
#include "util.h"

#include <dirent.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

enum { MAX_PATHS = 8 };

/* One writer of the limits as words... */
char *worker_wrap(const struct run_limits *lim)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		fatal("cannot find the grader's own program: %s", strerror(errno));
	self[n] = '\0';
	struct buf b = {0};
	buf_printf(&b, "%s\x1f--worker-exec\x1fuid=%u\x1fgid=%u\x1f" "cpu=%lu\x1f" "as=%llu\x1f"
	           "fsize=%llu\x1fnproc=%lu\x1fnofile=%lu\x1fnet=%d", self, lim->uid, lim->gid,
	           lim->cpu_seconds, lim->as_bytes, lim->fsize_bytes, lim->nproc, lim->nofile,
	           lim->private_net ? 1 : 0);
	for (const char *const *h = lim->hide; h && *h; h++)
		buf_printf(&b, "\x1fhide=%s", *h);
	for (const char *const *r = lim->reachable; r && *r; r++)
		buf_printf(&b, "\x1freach=%s", *r);
	buf_puts(&b, "\x1f--");
	return buf_take(&b);
}

static unsigned long long number(const char *word, const char *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (errno || end == v || *end)
		fatal("--worker-exec: '%s' is not a number", word);
	return x;
}

static bool key_is(const char *word, size_t len, const char *key)
{
	return strlen(key) == len && !strncmp(word, key, len);
}

/* ...and one reader. */
static int read_limits(int argc, char *argv[], struct run_limits *lim,
                       const char **hide, const char **reach)
{
	size_t nh = 0, nr = 0;
	*lim = default_limits();
	lim->hide = hide;
	lim->reachable = NULL;
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		char *w = argv[i], *eq = strchr(w, '=');
		if (!eq)
			fatal("--worker-exec: '%s' is not KEY=VALUE", w);
		const char *v = eq + 1;
		size_t k = (size_t)(eq - w);
		if (key_is(w, k, "uid")) lim->uid = (unsigned)number(w, v);
		else if (key_is(w, k, "gid")) lim->gid = (unsigned)number(w, v);
		else if (key_is(w, k, "cpu")) lim->cpu_seconds = (unsigned long)number(w, v);
		else if (key_is(w, k, "as")) lim->as_bytes = number(w, v);
		else if (key_is(w, k, "fsize")) lim->fsize_bytes = number(w, v);
		else if (key_is(w, k, "nproc")) lim->nproc = (unsigned long)number(w, v);
		else if (key_is(w, k, "nofile")) lim->nofile = (unsigned long)number(w, v);
		else if (key_is(w, k, "net")) lim->private_net = number(w, v) != 0;
		else if (key_is(w, k, "hide") && nh < MAX_PATHS) hide[nh++] = v;
		else if (key_is(w, k, "reach") && nr < MAX_PATHS) reach[nr++] = v;
		else fatal("--worker-exec: unknown limit '%s'", w);
	}
	hide[nh] = NULL;
	reach[nr] = NULL;
	if (nr)
		lim->reachable = reach;
	return i;
}

/* Everything but what the worker is given: standard input, output and
   error, its socket (REMOTE_FD, 3) and the shared heap (3 + 1, a memfd,
   when the tests pass one: labs/common/remote.h). The rest came from the
   test that started it (its marks file, Criterion's shared memory): open
   there without O_CLOEXEC, each one is a way around the paths the student's
   user cannot reach, a partial test's share written by the student's code
   into the very file the grader reads it from. */
static void keep_given_descriptors(void)
{
	enum { HEAP_FD = 4 };
	char target[64] = "";
	ssize_t n = readlink("/proc/self/fd/4", target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	int first = strncmp(target, "/memfd:", 7) ? HEAP_FD : HEAP_FD + 1;
	if (close_range((unsigned)first, ~0U, 0) < 0) {
		long max = sysconf(_SC_OPEN_MAX);
		for (int fd = first; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
			close(fd);
	}
}

enum { MAX_MASKED = 16 };

/* The reference's programs (REFERENCE_PROGRAM_MODE, root's) in the lab's
   build/ (the working directory's), into mask[] as absolute paths, unless
   the command runs one of them: the reference's worker (under valgrind or
   not) sees them all; a student's sees none, nor can its children. */
static void reference_programs(char *const cmd[], char *mask[MAX_MASKED + 1])
{
	size_t n = 0;
	mask[0] = NULL;
	char dir[PATH_MAX];
	if (!realpath("build", dir))
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) && n < MAX_MASKED) {
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 &&
		    (st.st_mode & 07777) == REFERENCE_PROGRAM_MODE)
			mask[n++] = path;
		else
			free(path);
	}
	if (d)
		closedir(d);
	mask[n] = NULL;
	for (char *const *c = cmd; *c; c++) {
		char real[PATH_MAX];
		if (!realpath(*c, real))
			continue;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(real, mask[i])) {
				for (size_t k = 0; k < n; k++)
					free(mask[k]);
				mask[0] = NULL;
				return;
			}
	}
}

void worker_exec_main(int argc, char *argv[])
{
	struct run_limits lim;
	const char *hide[MAX_PATHS + 1], *reach[MAX_PATHS + 1];
	int i = read_limits(argc, argv, &lim, hide, reach);
	if (i + 1 >= argc)
		fatal("--worker-exec: no worker after '--'");
	pid_t judge = getppid();
	char *mask[MAX_MASKED + 1];
	reference_programs(argv + i + 1, mask);
	lim.mask = (const char *const *)mask;
	/* The working directory, found again by its path once the mounts
	   are made: else it stays in the /tmp under the private one, where
	   a relative path reaches the machine's /tmp and the programs
	   covered above. */
	char cwd[PATH_MAX];
	bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
	sandbox_enter(&lim);
	if (have_cwd && chdir(cwd) < 0) {
		dprintf(2, "grader: cannot enter %s: %s\n", cwd, strerror(errno));
		_exit(127);
	}
	/* Changing users cleared the parent-death signal: the worker must
	   not outlive the test that started it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != judge)
		_exit(127);
	keep_given_descriptors();
	execvp(argv[i + 1], argv + i + 1);
	dprintf(2, "grader: cannot run %s: %s\n", argv[i + 1], strerror(errno));
	_exit(127);
}
