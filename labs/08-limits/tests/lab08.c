// SPDX-License-Identifier: MIT
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
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memlimits.h"

/* The words of the grader's wrapper (MEMLABS_WORKER_WRAP: it runs your
   code as the sandbox user, under the grader's limits), then
   build/withlimit with the limit and the personality, then argv. */
static int run(char *const argv[], const char *pers, int res, unsigned long long bytes, char *out,
               size_t len)
{
	enum { MAX = 64 };
	char *words[MAX + 8];
	size_t n = 0;
	const char *wrap = getenv("MEMLABS_WORKER_WRAP");
	char *copy = wrap && *wrap ? strdup(wrap) : NULL;
	for (char *w = copy; w && n < MAX - 16; ) {
		char *sep = strchr(w, '\x1f');
		if (sep)
			*sep = '\0';
		if (*w)
			words[n++] = w;
		w = sep ? sep + 1 : NULL;
	}
	char num[32];
	snprintf(num, sizeof num, "%llu", bytes);
	words[n++] = "build/withlimit";
	words[n++] = res == RLIMIT_AS ? "as" : res == RLIMIT_DATA ? "data" : res == RLIMIT_STACK ? "stack" : "none";
	words[n++] = num;
	words[n++] = (char *)pers;
	for (size_t i = 0; argv[i] && n < MAX + 7; i++)
		words[n++] = argv[i];
	words[n] = NULL;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC)) {
		free(copy);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		free(copy);
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fds[1], 1);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		execvp(words[0], words);
		_exit(127);
	}
	free(copy);
	close(fds[1]);
	size_t got = 0;
	for (;;) {
		ssize_t r = read(fds[0], out + got, len - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
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
	return run(argv, "-", res, bytes, out, len);
}

int run_capture_arch(char *const argv[], bool three_gb, int res, unsigned long long bytes, char *out,
                     size_t len)
{
	return run(argv, three_gb ? "32-3gb" : "32", res, bytes, out, len);
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
	if (access("build/tverify32", X_OK) != 0) {
		snprintf(why, len, "gcc -m32 cannot build here (no gcc-multilib?): see build/tverify32.log");
		return false;
	}
	char out[256];
	char *argv[] = { "build/tverify32", "pieces", "1048576", "1", NULL };
	int st = run_capture(argv, -1, 0, out, sizeof out);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || field(out, "pieces") != 1) {
		snprintf(why, len, "a 32-bit program does not run here (IA32 emulation off?): "
		         "build/tverify32 ended with status %#x", (unsigned)st);
		return false;
	}
	return true;
}

bool setarch_ready(char *why, size_t len)
{
	char out[256];
	char *argv[] = { "build/tverify32", "pieces", "1048576", "1", NULL };
	int st = run_capture_arch(argv, true, -1, 0, out, sizeof out);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || field(out, "pieces") != 1) {
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

