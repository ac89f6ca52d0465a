// SPDX-License-Identifier: MIT
/* sandbox.c - run a command that may misbehave, and observe how it ended (see sandbox.h). */
#include "sandbox.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct run_limits default_limits(void)
{
	struct run_limits lim = {
		.wall_seconds = 60,
		.cpu_seconds = 60,
		.as_bytes = 8ULL << 30,
		.fsize_bytes = 64ULL << 20,
		.nproc = 0,
		.nofile = 256,
		.output_max = 256 << 10,
	};
	return lim;
}

void sandbox_init(void)
{
	/* Started by make (make grade LAB=05), the grader would pass make's
	   command-line variables on to every lab's make, where LAB=05 would
	   override the lab's own LAB. Each command gets a clean make. */
	static const char *make_vars[] = { "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS" };
	for (size_t i = 0; i < sizeof make_vars / sizeof make_vars[0]; i++)
		unsetenv(make_vars[i]);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGPIPE, SIG_IGN);
}

static void set_limit(int resource, unsigned long long value)
{
	if (value == 0)
		return;
	struct rlimit rl = { value, value };
	setrlimit(resource, &rl);
}

/* In the child, in its own mount namespace: a `dir` (/tmp, /var/tmp) of
   its own, so that what one student's code leaves there (or plants there
   for another) stays in its run. The folders it needs from the real one
   (its scratch copy, the project if it lives there) are bound back at the
   same paths. */
static void private_tmp(const char *dir, const char *const *reachable)
{
	size_t dlen = strlen(dir);
	enum { MAX_BOUND = 8 };
	int fd[MAX_BOUND];
	const char *path[MAX_BOUND];
	size_t n = 0;
	for (const char *const *k = reachable; k && *k && n < MAX_BOUND; k++) {
		if (strncmp(*k, dir, dlen) || (*k)[dlen] != '/')
			continue;
		int f = open(*k, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (f < 0)
			continue;
		fd[n] = f;
		path[n++] = *k;
	}
	if (mount("memlabs-tmp", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777") == 0) {
		for (size_t i = 0; i < n; i++) {
			char src[64];
			snprintf(src, sizeof src, "/proc/self/fd/%d", fd[i]);
			if (make_dirs(path[i]) < 0 || mount(src, path[i], NULL, MS_BIND | MS_REC, NULL) < 0) {
				dprintf(2, "grader: cannot reach %s from a private /tmp: %s\n", path[i], strerror(errno));
				_exit(127);
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		close(fd[i]);
}

/* In the child, before the limits: a private network and mount namespace,
   then the unprivileged user. Giving up root must not fail silently: the
   command is not run if it does. */
static void isolate(const struct run_limits *lim)
{
	if (lim->private_net)
		unshare(CLONE_NEWNET);   /* not permitted: the network stays */
	/* System V shared memory lives outside RLIMIT_AS and outlives its
	   process: in an IPC namespace of its own it goes with the run. */
	if (lim->reachable)
		unshare(CLONE_NEWIPC);   /* not permitted: the host's stays */
	bool hide = lim->hide && lim->hide[0];
	if ((hide || lim->reachable) && unshare(CLONE_NEWNS) == 0 &&
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0) {
		for (const char *const *h = lim->hide; hide && *h; h++)
			mount("memlabs-hidden", *h, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			      "size=4k,mode=0555");
		/* A /dev/shm of its own: Criterion's shared memory is named
		   after pids, and a killed run's leftovers, owned by another
		   grader's user, would clash with a later run. */
		if (lim->reachable) {
			mount("memlabs-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777");
			private_tmp("/tmp", lim->reachable);
			private_tmp("/var/tmp", lim->reachable);
		}
		for (const char *const *m = lim->mask; m && *m; m++)
			if (mount("/dev/null", *m, NULL, MS_BIND, NULL) < 0) {
				dprintf(2, "grader: cannot cover %s: %s\n", *m, strerror(errno));
				_exit(127);
			}
	}
	if (lim->uid == 0)
		return;
	/* Criterion's runner listens on /tmp/criterion_PID.sock; a stale one
	   of a killed run with this pid may belong to another user. */
	char sock[64];
	snprintf(sock, sizeof sock, "/tmp/criterion_%d.sock", (int)getpid());
	unlink(sock);
	if (setgroups(0, NULL) < 0 || setgid(lim->gid) < 0 || setuid(lim->uid) < 0) {
		dprintf(2, "grader: cannot switch to user %u: %s\n", lim->uid, strerror(errno));
		_exit(127);
	}
}

/* The rlimits last: nothing may allocate once RLIMIT_AS is set (a grader
   built with ASan has terabytes of shadow mapped). */
static void set_limits(const struct run_limits *lim)
{
	set_limit(RLIMIT_CPU, lim->cpu_seconds);
	set_limit(RLIMIT_AS, lim->as_bytes);
	set_limit(RLIMIT_FSIZE, lim->fsize_bytes);
	set_limit(RLIMIT_NPROC, lim->nproc);
	set_limit(RLIMIT_NOFILE, lim->nofile);
	struct rlimit nocore = { 0, 0 };   /* no core files */
	setrlimit(RLIMIT_CORE, &nocore);
}

void sandbox_enter(const struct run_limits *lim)
{
	isolate(lim);
	set_limits(lim);
}

/* In the child: the environment a command gets. Never the grader's own,
   which may hold an instructor's tokens or a CI's secrets that student code
   would print into its report: only what programs need to run (PATH, a
   HOME, the C locale, TMPDIR), TRACES (which the grader set for the
   driver, setup.c) and the NAME=value strings of `extra`. */
static void minimal_env(char *const extra[])
{
	static const char *const kept[] = { "PATH", "TMPDIR", "TRACES" };
	enum { KEPT = sizeof kept / sizeof kept[0] };
	char *keep[KEPT];
	for (size_t i = 0; i < KEPT; i++) {
		const char *v = getenv(kept[i]);
		keep[i] = v ? xasprintf("%s=%s", kept[i], v) : NULL;
	}
	clearenv();
	for (size_t i = 0; i < KEPT; i++)
		if (keep[i])
			putenv(keep[i]);
	if (!getenv("PATH"))
		setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
	setenv("HOME", "/tmp", 1);
	setenv("LANG", "C", 1);
	setenv("LC_ALL", "C", 1);
	for (char *const *e = extra; e && *e; e++)
		putenv(*e);
}

/* In the child: limits, standard streams, environment, then exec. */
__attribute__((noreturn))
static void child(char *const argv[], const char *cwd, char *const env[],
                  const struct run_limits *lim, int out_fd)
{
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	int in = open("/dev/null", O_RDONLY);
	if (in >= 0 && in != 0) {
		dup2(in, 0);
		close(in);
	}
	dup2(out_fd, 1);
	dup2(out_fd, 2);
	if (out_fd > 2)
		close(out_fd);

	isolate(lim);
	if (cwd && chdir(cwd) < 0) {
		dprintf(2, "grader: cannot enter %s: %s\n", cwd, strerror(errno));
		_exit(127);
	}
	minimal_env(env);
	set_limits(lim);
	execvp(argv[0], argv);
	dprintf(2, "grader: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Every process of `uid`, at once: kill(-1) from a process of that user
   reaches all of them in one step, so a fork bomb cannot outrun it. */
static void kill_user(unsigned uid)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(uid) == 0)
			kill(-1, SIGKILL);   /* ourselves too, last */
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static bool spared(pid_t pid, const pid_t *spare, size_t nspare)
{
	for (size_t i = 0; i < nspare; i++)
		if (spare[i] == pid)
			return true;
	return false;
}

/* SIGKILL every child of the grader (the command's orphans come here
   through PR_SET_CHILD_SUBREAPER) but the `spare` ones, with the process
   group each leads, and every process of `uid` (0: none). Returns how many
   there were, zombies included. */
static int kill_found(unsigned uid, const pid_t *spare, size_t nspare)
{
	int found = 0;
	pid_t self = getpid();
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid <= 0 || pid == self)
			continue;
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		struct stat st;
		bool mine = uid && stat(path, &st) == 0 && st.st_uid == uid;
		char *text = read_file(path, 1024, NULL);
		if (!text)
			continue;
		/* pid (comm) state ppid ...; comm may hold spaces and ')' */
		char *close_paren = strrchr(text, ')');
		int ppid = 0;
		if (close_paren)
			sscanf(close_paren + 1, " %*c %d", &ppid);
		free(text);
		if ((ppid == self && !spared(pid, spare, nspare)) || mine) {
			if (ppid == self)
				kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			found++;
		}
	}
	closedir(d);
	return found;
}

/* Kill and reap all that a command left behind, before the next one
   starts: a dying process still counts against the next command's
   RLIMIT_NPROC until it is reaped. Bounded: a process stuck in the kernel
   (D state) cannot hold up the grading for long. */
static void kill_leftovers(pid_t group, unsigned uid)
{
	double give_up = now_seconds() + 5;
	for (;;) {
		kill(-group, SIGKILL);
		if (uid)
			kill_user(uid);
		int found = kill_found(uid, NULL, 0);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (!found || now_seconds() > give_up)
			break;
		usleep(1000);
	}
}

int kill_strays(const pid_t *spare, size_t nspare)
{
	return kill_found(0, spare, nspare);
}

int sandbox_private_fs(const char *dir, unsigned long long bytes)
{
	char opts[64];
	snprintf(opts, sizeof opts, "size=%llu,mode=0711", bytes);
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	return mount("memlabs-scratch", dir, "tmpfs", MS_NOSUID | MS_NODEV, opts);
}

/* Wait up to `ms` for output on `fd` and keep what fits under the cap (all
   of it counts in res->output_total). Returns whether to go on reading:
   false once the pipe is closed, or quiet after the command exited. */
static bool read_output(int fd, int ms, bool exited, const struct run_limits *lim,
                        struct buf *out, struct run_result *res)
{
	char chunk[65536];
	struct pollfd p = { fd, POLLIN, 0 };
	if (poll(&p, 1, ms) <= 0)
		return !exited;
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n <= 0)
		return n < 0 && (errno == EINTR || errno == EAGAIN);
	res->output_total += (size_t)n;
	if (out->len < lim->output_max) {
		size_t room = lim->output_max - out->len;
		buf_add(out, chunk, (size_t)n < room ? (size_t)n : room);
	}
	return true;
}

void run_command(char *const argv[], const char *cwd, char *const env[],
                 const struct run_limits *lim, struct run_result *res)
{
	memset(res, 0, sizeof *res);
	res->exit_code = -1;
	struct buf out = {0};
	double start = now_seconds();

	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		res->output = xasprintf("grader: pipe: %s", strerror(errno));
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		res->output = xasprintf("grader: fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		int w = dup(fds[1]);  /* without O_CLOEXEC */
		child(argv, cwd, env, lim, w);
	}
	setpgid(pid, pid);
	close(fds[1]);
	res->started = true;

	int status = 0;
	bool exited = false, pipe_open = true;
	for (;;) {
		double left = lim->wall_seconds - (now_seconds() - start);
		if (left <= 0) {
			res->timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (!exited) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid)
				exited = true;
		}
		if (exited && !pipe_open)
			break;
		if (exited) {
			/* The command is gone; anything still holding the pipe is
			   a leftover of it. Read what is there, then stop. */
			kill_leftovers(pid, lim->uid ? lim->uid : lim->leftover_uid);
		}
		if (pipe_open)
			pipe_open = read_output(fds[0], exited ? 100 : (left < 0.05 ? 1 : 50), exited,
			                        lim, &out, res);
		else
			usleep(10000);
	}
	close(fds[0]);
	if (!exited && waitpid(pid, &status, 0) == pid)
		exited = true;
	kill_leftovers(pid, lim->uid ? lim->uid : lim->leftover_uid);

	if (exited && !res->timed_out) {
		if (WIFEXITED(status))
			res->exit_code = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			res->signal = WTERMSIG(status);
	}
	/* What the runner of a killed Criterion run left in /tmp. */
	char sock[64];
	snprintf(sock, sizeof sock, "/tmp/criterion_%d.sock", (int)pid);
	unlink(sock);
	res->seconds = now_seconds() - start;
	res->output_len = out.len;
	res->output = buf_take(&out);
}

void run_result_free(struct run_result *res)
{
	free(res->output);
	res->output = NULL;
}

char *describe_end(const struct run_result *res, const struct run_limits *lim)
{
	if (!res->started)
		return xstrdup("could not be started");
	if (res->timed_out)
		return xasprintf("timed out after %g s and was killed", lim->wall_seconds);
	if (res->signal == SIGXCPU)
		return xasprintf("used more than %lu s of CPU time and was killed", lim->cpu_seconds);
	if (res->signal == SIGXFSZ)
		return xstrdup("wrote a file larger than the limit and was killed");
	if (res->signal)
		return xasprintf("was killed by signal %d (%s)", res->signal, strsignal(res->signal));
	return xasprintf("exited with status %d", res->exit_code);
}
