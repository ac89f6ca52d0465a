// SPDX-License-Identifier: MIT
/*
 * test_limits.c - task 2: classify and supervise (supervisor.c), run in
 * build/supervise on the tests' own program build/victim. The tests run
 * the victim themselves under the same limit and read its wait status
 * (and its cgroup's memory.events): the outcome yours must name. The
 * victim's report (its first lines on its standard output) shows the
 * limits it really ran under.
 */
#include <errno.h>
#include <fcntl.h>
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

/* A fresh memory cgroup of 32 MiB without swap, under the tests' own
   cgroup (v2), in dir; false with the reason in why. */
static bool make_cgroup(char *dir, size_t len, char *why, size_t wlen)
{
	char line[1024] = "", self[1024] = "", base[1100];
	FILE *f = fopen("/proc/self/cgroup", "re");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "0::", 3) == 0)
			snprintf(self, sizeof self, "%.*s", (int)strcspn(line + 3, "\n"), line + 3);
	if (f)
		fclose(f);
	snprintf(base, sizeof base, "/sys/fs/cgroup%s", strcmp(self, "/") ? self : "");
	char path[1200], ctl[256];
	snprintf(path, sizeof path, "%s/cgroup.controllers", base);
	if (!*self || !read_text(path, ctl, sizeof ctl) || !strstr(ctl, "memory")) {
		snprintf(why, wlen, "no cgroup v2 memory controller at %.300s (cgroup v1, or not delegated)", base);
		return false;
	}
	snprintf(dir, len, "%s/memlabs-lab08-%d-%ld", base, (int)getpid(), random());
	if (mkdir(dir, 0755) != 0) {
		snprintf(why, wlen, "cannot create a cgroup in %.300s: %s", base, strerror(errno));
		return false;
	}
	const char *settings[][2] = { { "memory.max", "33554432" }, { "memory.swap.max", "0" } };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, settings[i][0]);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		bool ok = fd >= 0 && write(fd, settings[i][1], strlen(settings[i][1])) > 0;
		if (fd >= 0)
			close(fd);
		if (!ok && i == 0) {
			snprintf(why, wlen, "cannot set %.300s (the memory controller is not enabled for the tests' "
			         "cgroup's children)", path);
			rmdir(dir);
			return false;
		}
	}
	return true;
}

static long oom_kills(const char *dir)
{
	char path[1200], buf[1024];
	snprintf(path, sizeof path, "%s/memory.events", dir);
	if (!read_text(path, buf, sizeof buf))
		return -1;
	const char *p = strstr(buf, "oom_kill ");
	return p ? strtol(p + 9, NULL, 10) : -1;
}

/* The tests' own run of the victim in cgroup dir. */
static const char *truth_cgroup(const char *dir)
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
	return judge_outcome(st, oom_kills(dir) - before);
}

LAB_TEST(limits, oom_cgroup, 6,
         "In the child, join the cgroup (write 0 to its cgroup.procs) before execv; in the parent, "
         "read oom_kill from memory.events before and after.")
{
	char dir[1150], why[512];
	if (getenv("MEMLABS_WORKER_WRAP"))
		cr_skip_test("your code runs as the grader's sandbox user, who may not move into a cgroup "
		             "the tests made");
	if (!make_cgroup(dir, sizeof dir, why, sizeof why))
		cr_skip_test("%s", why);
	const char *want = truth_cgroup(dir);
	char got[32], rep[1024];
	yours("-g", dir, "touch", got, sizeof got, rep, sizeof rep);
	rmdir(dir);
	cr_assert(strstr(rep, "memlabs-lab08-"), "the victim did not run in the cgroup (its report: %s)", rep);
	cr_assert_str_eq(got, want, "victim touch in a 32 MiB cgroup: you say \"%s\", the tests saw \"%s\"",
	                 got, want);
	labtest_note("victim touch in a 32 MiB memory cgroup: %s", got);
}
