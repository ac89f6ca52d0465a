// SPDX-License-Identifier: MIT
/*
 * test_limits.c - task 2: classify and supervise (supervisor.c), run in
 * build/supervise on the tests' own program build/victim. The tests run
 * the victim themselves under the same limit and read its wait status
 * (and its cgroup's oom_kill count, v2 or v1): the outcome yours must name. The
 * victim's report (its first lines on its standard output) shows the
 * limits it really ran under.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "lab08.h"

/* The tests' own run of the victim: its outcome. */
static const char *truth(const char *mode, int res, unsigned long long bytes)
{
	char out[1024];
	char *argv[] = { "build/victim", (char *)mode, "-", NULL };
	int st = run_capture(argv, res, bytes, out, sizeof out);
	cr_assert(st != -1 && strncmp(out, "victim ", 7) == 0, "the tests could not run build/victim "
	          "(status %#x)", (unsigned)st);
	return judge_outcome(st, 0);
}

/* Your supervise on the victim: the outcome it printed, and the victim's
   report (what the victim wrote before it) in rep. */
static void yours(const char *opt, const char *bytes, const char *mode, char *outcome, size_t len,
                  char *rep, size_t replen)
{
	char out[2048];
	char *with[] = { "build/supervise", (char *)opt, (char *)bytes, "build/victim", (char *)mode, "-",
	                 NULL };
	char *without[] = { "build/supervise", "build/victim", (char *)mode, "-", NULL };
	int st = run_capture(opt ? with : without, -1, 0, out, sizeof out);
	cr_assert(st == 0, "build/supervise %s %s build/victim %s - ended with status %#x, printing \"%s\"",
	          opt ? opt : "", bytes ? bytes : "", mode, (unsigned)st, out);
	const char *o = strstr(out, "outcome ");
	cr_assert(o, "build/supervise printed no outcome: \"%s\"", out);
	snprintf(rep, replen, "%.*s", (int)(o - out), out);
	cr_assert(strncmp(rep, "victim ", 7) == 0, "build/supervise did not run build/victim: it printed "
	          "\"%s\"", out);
	snprintf(outcome, len, "%.*s", (int)strcspn(o + 8, " \n"), o + 8);
}

static void check(const char *opt, const char *bytes, int res, unsigned long long n, const char *mode,
                  const char *limit_line, const char *what)
{
	const char *want = truth(mode, res, n);
	char got[32], rep[1024];
	yours(opt, bytes, mode, got, sizeof got, rep, sizeof rep);
	if (limit_line)
		cr_assert(strstr(rep, limit_line), "the victim did not run under %s: it saw \"%s\" (its "
		          "report: %s)", what, limit_line, rep);
	cr_assert_str_eq(got, want, "victim %s under %s: you say \"%s\", the tests saw \"%s\" (the "
	                 "victim's report: %s)", mode, what, got, want, rep);
	labtest_note("victim %s under %s: %s", mode, what, got);
}

LAB_TEST(limits, as_null, 10,
         "Set the limit in the child, after fork and before execv, both soft and hard. A child that "
         "exits with VICTIM_ENOMEM got NULL from malloc: WIFEXITED, then WEXITSTATUS.")
{
	check("-a", "64m", RLIMIT_AS, 64 * MIB, "heap", "\nas 67108864\n", "RLIMIT_AS 64 MiB");
}

LAB_TEST(limits, data_mmap_null, 10,
         "RLIMIT_DATA is its own resource: since Linux 4.7 it caps private writable mappings too, not "
         "just the heap. Which RLIMIT_ constant did you set for LIM_DATA?")
{
	check("-d", "32m", RLIMIT_DATA, 32 * MIB, "mmap", "\ndata 33554432\n", "RLIMIT_DATA 32 MiB");
}

LAB_TEST(limits, stack_segv, 8,
         "A stack that cannot grow is not a NULL: the process gets SIGSEGV. WIFSIGNALED, WTERMSIG.")
{
	check("-s", "1m", RLIMIT_STACK, MIB, "stack", "\nstack 1048576\n", "RLIMIT_STACK 1 MiB");
}

LAB_TEST(limits, killed_not_oom, 6,
         "A SIGKILL alone does not say who sent it: only the cgroup's memory.events oom_kill "
         "counter, read before and after, names the OOM killer.")
{
	check(NULL, NULL, -1, 0, "kill", NULL, "no limit");
}

/* The memory cgroup the victim runs in. */
struct group {
	char dir[1100];
	bool made;      /* by the tests (to remove), not lent by the grader */
};

static bool write_file(const char *dir, const char *file, const char *text)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	bool ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* This process's group: the path after "0::" (v2, key "0::") or after
   ":memory:" (v1) in /proc/self/cgroup, or "". */
static void own_group(const char *key, char *out, size_t len)
{
	char line[1024];
	*out = '\0';
	FILE *f = fopen("/proc/self/cgroup", "re");
	while (f && fgets(line, sizeof line, f)) {
		const char *p = strstr(line, key);
		if (p && (p == line || strcmp(key, "0::") != 0))
			snprintf(out, len, "%.*s", (int)strcspn(p + strlen(key), "\n"), p + strlen(key));
	}
	if (f)
		fclose(f);
}

/* The group the tests made, removed when the test's process ends, even
   after a failed assertion. */
static char made_dir[1100];

static void remove_made(void)
{
	if (*made_dir)
		rmdir(made_dir);
}

/* Groups that earlier runs of the tests left (killed before they could
   remove theirs): memlabs-lab08-PID-N with no process PID. */
static void sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		long pid = strncmp(e->d_name, "memlabs-lab08-", 14) ? 0 : strtol(e->d_name + 14, NULL, 10);
		if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
			char dir[1400];
			snprintf(dir, sizeof dir, "%.1000s/%.300s", base, e->d_name);
			rmdir(dir);
		}
	}
	if (d)
		closedir(d);
}

/* A fresh group of 32 MiB without swap under the tests' own: cgroup v2
   (memory.max) where its memory controller is there, else cgroup v1's
   memory hierarchy (memory.limit_in_bytes). False with the reason. */
static bool make_group(struct group *g, char *why, size_t wlen)
{
	char self[1024], path[1200], ctl[256];
	own_group("0::", self, sizeof self);
	char base[1100];
	snprintf(base, sizeof base, "/sys/fs/cgroup%s", strcmp(self, "/") ? self : "");
	snprintf(path, sizeof path, "%s/cgroup.controllers", base);
	bool v2 = *self && labtest_read_file(path, ctl, sizeof ctl) >= 0 && strstr(ctl, "memory");
	if (!v2) {
		own_group(":memory:", self, sizeof self);
		snprintf(base, sizeof base, "/sys/fs/cgroup/memory%s", strcmp(self, "/") ? self : "");
		snprintf(path, sizeof path, "%s/memory.limit_in_bytes", base);
		if (!*self || access(path, F_OK) != 0) {
			snprintf(why, wlen, "no memory cgroup controller here: neither cgroup v2's (in %.300s's "
			         "cgroup.controllers) nor cgroup v1's (/sys/fs/cgroup/memory)", base);
			return false;
		}
	}
	sweep(base);
	snprintf(g->dir, sizeof g->dir, "%.1000s/memlabs-lab08-%d-%ld", base, (int)getpid(), random());
	if (mkdir(g->dir, 0755) != 0) {
		snprintf(why, wlen, "cannot create a cgroup in %.300s: %s (not root, or not delegated)", base,
		         strerror(errno));
		return false;
	}
	g->made = true;
	snprintf(made_dir, sizeof made_dir, "%s", g->dir);
	atexit(remove_made);
	const char *mib32 = "33554432";
	bool ok = v2 ? write_file(g->dir, "memory.max", mib32)
	             : write_file(g->dir, "memory.limit_in_bytes", mib32);
	/* No swap: v2's own knob; v1's memory+swap (where the kernel accounts
	   it), after memory, never below it. */
	if (ok && v2)
		write_file(g->dir, "memory.swap.max", "0");
	snprintf(path, sizeof path, "%s/memory.memsw.limit_in_bytes", g->dir);
	if (ok && !v2 && access(path, F_OK) == 0)
		ok = write_file(g->dir, "memory.memsw.limit_in_bytes", mib32);
	if (!ok) {
		snprintf(why, wlen, "cannot set the memory limit of %.300s (the memory controller is not "
		         "enabled for the tests' cgroup's children?)", g->dir);
		rmdir(g->dir);
		return false;
	}
	return true;
}

/* The group for the test: the one the grader lent (MEMLABS_MEMCG: made by
   the grader as root, given to the sandbox user your code runs as), or a
   fresh one of the tests' own when they run outside the grader. */
static bool get_group(struct group *g, char *why, size_t wlen)
{
	const char *lent = getenv("MEMLABS_MEMCG");
	if (lent && *lent) {
		snprintf(g->dir, sizeof g->dir, "%s", lent);
		g->made = false;
		return true;
	}
	if (getenv("MEMLABS_WORKER_WRAP")) {
		const char *none = getenv("MEMLABS_MEMCG_NONE");
		snprintf(why, wlen, "the tests run under the grader, which lent this run no "
		         "memory cgroup your code may join: %s", none && *none ? none : "(no reason given)");
		return false;
	}
	return make_group(g, why, wlen);
}

/* The group's memory limit: memory.max (v2) or memory.limit_in_bytes (v1). */
static unsigned long long group_limit(const char *dir)
{
	char path[1200], buf[64];
	snprintf(path, sizeof path, "%s/memory.max", dir);
	if (labtest_read_file(path, buf, sizeof buf) < 0) {
		snprintf(path, sizeof path, "%s/memory.limit_in_bytes", dir);
		if (labtest_read_file(path, buf, sizeof buf) < 0)
			return 0;
	}
	return strncmp(buf, "max", 3) == 0 ? ~0ULL : strtoull(buf, NULL, 10);
}

/* The group's OOM kills: "oom_kill N" in memory.events (v2) or in
   memory.oom_control (v1); -1 if neither says. */
static long oom_kills(const char *dir)
{
	static const char *const files[] = { "memory.events", "memory.oom_control" };
	for (size_t i = 0; i < 2; i++) {
		char path[1200], buf[1024];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (labtest_read_file(path, buf, sizeof buf) < 0)
			continue;
		for (const char *p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			if (strncmp(p, "oom_kill ", 9) == 0)
				return strtol(p + 9, NULL, 10);
	}
	return -1;
}

/* The tests' own run of the victim in the group: the outcome from the
   wait status they read and the group's counter, never from the victim. */
static const char *truth_group(const char *dir, long *kills)
{
	char procs[1200];
	snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
	long before = oom_kills(dir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(procs, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(126);
		close(fd);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execl("build/victim", "build/victim", "touch", "-", (char *)NULL);
		_exit(127);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*kills = oom_kills(dir) - before;
	cr_assert(pid > 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 126), "the tests could not move their "
	          "own victim into %s (status %#x)", dir, (unsigned)st);
	return judge_outcome(st, *kills);
}

LAB_TEST(limits, oom_cgroup, 6,
         "In the child, join the cgroup (write 0 to its cgroup.procs) before execv; in the parent, "
         "read oom_kill from memory.events (cgroup v2) or memory.oom_control (v1) before and after.")
{
	struct group g;
	char why[1024];
	if (!get_group(&g, why, sizeof why))
		cr_skip_test("%s", why);
	/* The victim writes up to 192 MiB: the group must stop it long before. */
	unsigned long long limit = group_limit(g.dir);
	if (limit == 0 || limit > 64 * MIB) {
		if (g.made)
			rmdir(g.dir);
		cr_assert_fail("the memory cgroup %s has a limit of %llu bytes: more than 64 MiB, or none; the "
		               "tests run no victim in it", g.dir, limit);
	}
	long truth_kills = 0;
	const char *want = truth_group(g.dir, &truth_kills);
	char got[32], rep[1024];
	long before = oom_kills(g.dir);
	yours("-g", g.dir, "touch", got, sizeof got, rep, sizeof rep);
	long yours_kills = oom_kills(g.dir) - before;
	if (g.made)
		rmdir(g.dir);
	const char *name = strrchr(g.dir, '/') + 1;
	char line[1200];
	snprintf(line, sizeof line, "%s\n", name);
	cr_assert(strstr(rep, line), "the victim did not run in the cgroup %s (its report: %s)", name, rep);
	cr_assert(strcmp(want, "oom") != 0 || yours_kills > 0, "the group's oom_kill did not go up while "
	          "build/supervise ran the victim: it did not run in the group (its report: %s)", rep);
	cr_assert_str_eq(got, want, "victim touch in a %llu MiB memory cgroup: you say \"%s\", the tests saw "
	                 "\"%s\" (oom_kill went up by %ld)", limit / MIB, got, want, truth_kills);
	labtest_note("victim touch in a %llu MiB memory cgroup: %s (its oom_kill went up by %ld in your "
	             "run, %ld in the tests')", limit / MIB, got, yours_kills, truth_kills);
}
