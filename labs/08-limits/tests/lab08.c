/*
 * lab08.c - helpers for the lab 08 tests (lab08.h).
 */
#include "lab08.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memlimits.h"

static int run(char *const argv[], int pers, int res, unsigned long long bytes, char *out, size_t len)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		if (pers != -1 && personality((unsigned long)pers) == -1)
			_exit(125);
		if (res >= 0) {
			struct rlimit rl = { bytes, bytes };
			if (setrlimit(res, &rl))
				_exit(126);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t got = 0;
	for (;;) {
		ssize_t n = read(fds[0], out + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == len - 1) {
			char sink[256];
			while (read(fds[0], sink, sizeof sink) > 0)
				;
			break;
		}
	}
	out[got] = '\0';
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

int run_capture(char *const argv[], int res, unsigned long long bytes, char *out, size_t len)
{
	return run(argv, -1, res, bytes, out, len);
}

int run_capture_arch(char *const argv[], bool three_gb, int res, unsigned long long bytes, char *out,
                     size_t len)
{
	int pers = PER_LINUX32 | ADDR_NO_RANDOMIZE | (three_gb ? ADDR_LIMIT_3GB : 0);
	return run(argv, pers, res, bytes, out, len);
}

long long field(const char *text, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, k) == 0 && p[k] == ' ') {
			char *end;
			long long n = strtoll(p + k + 1, &end, 0);
			return end == p + k + 1 ? -1 : n;
		}
	}
	return -1;
}

bool m32_ready(char *why, size_t len)
{
	if (access("build/tprobe32", X_OK) != 0) {
		snprintf(why, len, "gcc -m32 cannot build here (no gcc-multilib?): see build/tprobe32.log");
		return false;
	}
	char out[256];
	char *argv[] = { "build/tprobe32", "total", "1024", NULL };
	int st = run_capture(argv, -1, 0, out, sizeof out);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || field(out, "total") < 0) {
		snprintf(why, len, "a 32-bit program does not run here (IA32 emulation off?): "
		         "build/tprobe32 ended with status %#x", (unsigned)st);
		return false;
	}
	return true;
}

bool setarch_ready(char *why, size_t len)
{
	char out[256];
	char *argv[] = { "build/tprobe32", "total", "1024", NULL };
	int st = run_capture_arch(argv, true, -1, 0, out, sizeof out);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || field(out, "total") < 0) {
		snprintf(why, len, "setarch i386 -R --3gb is refused here (personality(2) blocked?): "
		         "status %#x", (unsigned)st);
		return false;
	}
	return true;
}

unsigned long long as_for_32bit(void)
{
	unsigned long long want = 6ULL << 30;
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
		return rl.rlim_max;
	return want;
}

const char *judge_outcome(int wstatus, long oom_kills)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus) == VICTIM_ENOMEM ? "enomem" : "exited";
	if (WTERMSIG(wstatus) == SIGSEGV)
		return "segv";
	if (WTERMSIG(wstatus) == SIGKILL && oom_kills > 0)
		return "oom";
	return "signaled";
}

void report_path(char *path, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(path, len, "%s/lab08-report-%d-XXXXXX", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
}

bool read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}
