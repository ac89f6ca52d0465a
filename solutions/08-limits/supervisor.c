// SPDX-License-Identifier: MIT
/*
 * supervisor.c - run a program under a memory limit and say how it ended
 * (task 2 of lab 08: see README.md).
 *
// >>> design
//|  * TODO: classify a wait status; supervise: fork, limit the child, exec,
//|  * wait, and count the OOM kills of its cgroup.
 * The limit is set in the child between fork and exec: the supervisor
 * itself stays unlimited, and the limit survives exec. A cgroup is joined
 * the same way (the child writes its own pid, "0", to cgroup.procs). Only
 * the cgroup can tell an OOM kill from any other SIGKILL: it counts
 * oom_kill, read before and after, in memory.events (cgroup v2) or in
 * memory.oom_control (cgroup v1's memory hierarchy).
// <<< design
 */
#include "memlimits.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

enum outcome classify(int wstatus, long oom_kills)
{
	// >>> classify
	//| /* TODO: exited (with VICTIM_ENOMEM or not), or killed: by SIGSEGV,
	//|    by the OOM killer, by another signal. */
	//| (void)wstatus, (void)oom_kills;
	//| return OUT_EXITED;
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus) == VICTIM_ENOMEM ? OUT_ENOMEM : OUT_EXITED;
	int sig = WTERMSIG(wstatus);
	if (sig == SIGSEGV)
		return OUT_SEGV;
	if (sig == SIGKILL && oom_kills > 0)
		return OUT_OOM;
	return OUT_SIGNALED;
	// <<< classify
}

// >>> helpers (solution only)
/* The oom_kill count of a cgroup: its memory.events (cgroup v2), or its
   memory.oom_control (v1's memory hierarchy); -1 if neither has one. */
static long oom_kill_count(const char *cgroup)
{
	static const char *const files[] = { "memory.events", "memory.oom_control" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", cgroup, files[i]);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		char line[256];
		long n = -1;
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "oom_kill %ld", &n) == 1)
				break;
		fclose(f);
		if (n >= 0)
			return n;
	}
	return -1;
}

/* In the child: set the limit. Returns 0 or -1. */
static int apply_limit(const struct limit *lim)
{
	int res;
	switch (lim->kind) {
	case LIM_NONE:
		return 0;
	case LIM_AS:
		res = RLIMIT_AS;
		break;
	case LIM_DATA:
		res = RLIMIT_DATA;
		break;
	case LIM_STACK:
		res = RLIMIT_STACK;
		break;
	case LIM_CGROUP: {
		char path[4096];
		snprintf(path, sizeof path, "%s/cgroup.procs", lim->cgroup);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		int ok = write(fd, "0", 1) == 1;
		close(fd);
		return ok ? 0 : -1;
	}
	default:
		errno = EINVAL;
		return -1;
	}
	struct rlimit rl = { lim->bytes, lim->bytes };
	return setrlimit(res, &rl);
}

// <<< helpers
int supervise(const struct limit *lim, char *const argv[], struct verdict *v)
{
	// >>> supervise
	//| /* TODO: fork; in the child set the limit (setrlimit, or join the
	//|    cgroup), then execv; in the parent wait for it, and fill v. */
	//| (void)lim, (void)argv, (void)v;
	//| errno = ENOSYS;
	//| return -1;
	long before = 0;
	if (lim->kind == LIM_CGROUP && (before = oom_kill_count(lim->cgroup)) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (apply_limit(lim) == 0)
			execv(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	long after = lim->kind == LIM_CGROUP ? oom_kill_count(lim->cgroup) : 0;
	v->wstatus = st;
	v->oom_kills = after > before ? after - before : 0;
	v->outcome = classify(st, v->oom_kills);
	return 0;
	// <<< supervise
}
