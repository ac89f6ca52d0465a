/*
 * lab02.c - helpers for the lab 02 tests (see lab02.h).
 */
#include "lab02.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

uintptr_t page_round_up(uintptr_t addr)
{
	uintptr_t page = page_size();
	return (addr + page - 1) / page * page;
}

/* Reads a small /proc file into buf without malloc. */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

uintptr_t proc_stat_field(int n)
{
	char buf[2048];
	if (read_small("/proc/self/stat", buf, sizeof buf) <= 0)
		return 0;
	/* Field 2 is "(comm)" and may hold spaces: count from the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	for (int field = 3; field <= n; field++) {
		while (*p == ' ')
			p++;
		if (field == n)
			return (uintptr_t)strtoull(p, NULL, 10);
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}

long proc_status_kib(const char *key)
{
	char buf[8192];
	if (read_small("/proc/self/status", buf, sizeof buf) <= 0)
		return -1;
	size_t len = strlen(key);
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, key, len) == 0)
			return strtol(line + len, NULL, 10);
	return -1;
}

void restore_break(void *brk_before)
{
	if (sbrk(0) != brk_before)
		brk(brk_before);
}

int randomize_va_space(void)
{
	char buf[32];
	if (read_small("/proc/sys/kernel/randomize_va_space", buf, sizeof buf) <= 0)
		return -1;
	return atoi(buf);
}

static void parse_line(struct firstbrk *fb, const char *line)
{
	char key[32];
	char a[64] = "", b[64] = "", c[64] = "";
	if (sscanf(line, "%31s %63s %63s %63s", key, a, b, c) < 2)
		return;
	uintptr_t va = (uintptr_t)strtoull(a, NULL, 16);
	if (strcmp(key, "end") == 0)
		fb->end = va;
	else if (strcmp(key, "break") == 0)
		fb->brk = va;
	else if (strcmp(key, "gap") == 0)
		fb->gap = strtol(a, NULL, 10);
	else if (strcmp(key, "grown") == 0)
		fb->grown = va;
	else if (strcmp(key, "break_after") == 0)
		fb->brk_after = va;
	else if (strcmp(key, "heap_before") == 0)
		fb->heap_before = atoi(a);
	else if (strcmp(key, "heap_after") == 0) {
		fb->heap_after = atoi(a);
		fb->heap_start = (uintptr_t)strtoull(b, NULL, 16);
		fb->heap_end = (uintptr_t)strtoull(c, NULL, 16);
	}
}

enum { EXIT_NO_PERSONALITY = 77, EXIT_NO_EXEC = 127 };

enum firstbrk_status run_firstbrk(struct firstbrk *fb, bool no_aslr,
                                  char *why, size_t whylen)
{
	static const char prog[] = FIRSTBRK;
	memset(fb, 0, sizeof *fb);
	fb->heap_before = fb->heap_after = -2;       /* "not printed" */
	snprintf(why, whylen, "?");

	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return FIRSTBRK_FAILED;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return FIRSTBRK_FAILED;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		if (no_aslr) {
			int now = personality(0xffffffff);
			if (now < 0 || personality((unsigned long)now | ADDR_NO_RANDOMIZE) < 0 ||
			    !(personality(0xffffffff) & ADDR_NO_RANDOMIZE))
				_exit(EXIT_NO_PERSONALITY);
		}
		execl(prog, "firstbrk", (char *)NULL);
		_exit(EXIT_NO_EXEC);
	}
	close(fds[1]);
	char out[4096];
	size_t have = 0;
	ssize_t n;
	while (have < sizeof out - 1 &&
	       (n = read(fds[0], out + have, sizeof out - 1 - have)) > 0)
		have += (size_t)n;
	out[have] = '\0';
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;

	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NO_PERSONALITY)
		return FIRSTBRK_NO_PERSONALITY;
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NO_EXEC) {
		snprintf(why, whylen, "could not run %s (run make in the lab first)", prog);
		return FIRSTBRK_FAILED;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			snprintf(why, whylen, "%s died of signal %d (%s)", prog,
			         WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			snprintf(why, whylen, "%s exited with status %d", prog,
			         WEXITSTATUS(status));
		return FIRSTBRK_FAILED;
	}
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		parse_line(fb, line);
	if (fb->heap_after == -2) {
		snprintf(why, whylen, "%s printed no heap_after line", prog);
		return FIRSTBRK_FAILED;
	}
	return FIRSTBRK_OK;
}
