// SPDX-License-Identifier: MIT
/*
 * runrss.c - run a program once; print its wall time and peak RSS.
 *
 * Usage: [RUNRSS_PRELOAD=lib.so] runrss OUT PROGRAM [ARG...]
 *
 * Runs PROGRAM with its standard output on OUT (a file, created or
 * truncated; /dev/null to drop it), and LD_PRELOAD=lib.so if
 * RUNRSS_PRELOAD is set (runrss itself keeps the C library's malloc), and
 * prints "SECONDS KIB STATUS" on its standard output: the wall time from fork to wait, the peak resident set
 * the kernel kept for it and its children (wait4's ru_maxrss, KiB), and
 * its exit status (128 + the signal if one killed it). realprogs_time.py
 * uses it: a Python parent would count its own resident set in the
 * child's peak (the kernel charges a program the memory it had at exec,
 * and a child forked from Python has Python's); this one is small.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: runrss OUT PROGRAM [ARG...]\n");
		return 2;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t pid = fork();
	if (pid < 0) {
		perror("runrss: fork");
		return 2;
	}
	if (pid == 0) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0) {
			perror(argv[1]);
			_exit(127);
		}
		const char *pre = getenv("RUNRSS_PRELOAD");
		if (pre && *pre)
			setenv("LD_PRELOAD", pre, 1);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("runrss: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.6f %ld %d\n", (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9,
		ru.ru_maxrss, rc);
	return 0;
}
