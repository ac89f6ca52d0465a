// SPDX-License-Identifier: MIT
/*
 * run_confined.c - see run_confined.h: a child that can only compute.
 *
 * The child closes its descriptors (all but stdout, stderr and the result
 * pipe), installs a seccomp filter that lets through only the calls
 * computing needs, runs the function and writes what it returned, errno
 * and its result into the pipe. Any call not listed fails with EPERM.
 */
#include "run_confined.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#if defined(__x86_64__)
#define CHECK_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CHECK_ARCH AUDIT_ARCH_AARCH64
#endif

/* The calls a computation may make (brk first: CONFINE_NO_BRK drops it).
   getpid, gettid, tgkill, prlimit64 and the stats are what the C library
   and the sanitizers use on their own (abort, a report). */
static const int allowed_calls[] = {
	__NR_brk, __NR_read, __NR_write, __NR_close, __NR_lseek, __NR_mmap, __NR_munmap,
	__NR_mremap, __NR_mprotect, __NR_madvise, __NR_exit, __NR_exit_group,
	__NR_rt_sigreturn, __NR_rt_sigaction, __NR_rt_sigprocmask, __NR_sigaltstack,
	__NR_getpid, __NR_gettid, __NR_tgkill, __NR_clock_gettime, __NR_futex,
	__NR_sched_yield, __NR_getrandom, __NR_prlimit64, __NR_newfstatat, __NR_fstat,
#ifdef __NR_nanosleep
	__NR_nanosleep,
#endif
	__NR_clock_nanosleep,
};

enum { N_ALLOWED = sizeof allowed_calls / sizeof allowed_calls[0] };

/* Returns false when the kernel refused the filter: then fn still runs,
   and the result says it was not confined. */
static bool only_compute(int keep_fd, unsigned flags)
{
	for (int fd = 0; fd < 1024; fd++)
		if (fd != 1 && fd != 2 && fd != keep_fd)
			close(fd);
#ifdef CHECK_ARCH
	size_t first = (flags & CONFINE_NO_BRK) ? 1 : 0;
	size_t n = N_ALLOWED - first;
	/* arch check, load nr, [brk: return 0], one jump per allowed call,
	   deny, allow */
	struct sock_filter filter[4 + 2 + N_ALLOWED + 2];
	size_t k = 0;
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                           offsetof(struct seccomp_data, arch));
	filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CHECK_ARCH, 1, 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                           offsetof(struct seccomp_data, nr));
	if (flags & CONFINE_NO_BRK) {
		/* brk is not run and returns 0: a break below the one asked
		   for, which the C library's brk() takes as ENOMEM (an errno
		   would read as a break far above it, and as success). */
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		                                           (unsigned)__NR_brk, 0, 1);
		filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0);
	}
	for (size_t i = 0; i < n; i++)      /* equal: jump to the final ALLOW */
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		                                           (unsigned)allowed_calls[first + i],
		                                           (unsigned char)(n - i), 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)k, filter };
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	       prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
#else
	(void)flags;
	return false;
#endif
}

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *b = buf;
	for (size_t done = 0; done < len;) {
		ssize_t k = write(fd, b + done, len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		done += (size_t)k;
	}
	return true;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reads len bytes into buf until the deadline (0: none); returns how many
   came, or -1 at the deadline. */
static ssize_t read_until(int fd, void *buf, size_t len, long long deadline)
{
	char *b = buf;
	size_t got = 0;
	while (got < len) {
		if (deadline) {
			long long left = deadline - now_ms();
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int ready = left > 0 ? poll(&p, 1, (int)left) : 0;
			if (ready < 0 && errno == EINTR)
				continue;
			if (ready == 0)
				return -1;
		}
		ssize_t k = read(fd, b + got, len - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

int run_confined(int (*fn)(const void *arg, void *out), const void *arg, void *out,
                 size_t outlen, unsigned flags, int timeout_ms, const char *name,
                 struct confined_call *r, char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);          /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		struct confined_call c = { 0 };
		c.confined = only_compute(fds[1], flags);
		errno = 0;
		c.rc = fn(arg, out);
		c.err = errno;
		fflush(NULL);
		_exit(write_all(fds[1], &c, sizeof c) && write_all(fds[1], out, outlen) ? 0 : 4);
	}
	close(fds[1]);
	long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	struct confined_call c;
	ssize_t got = read_until(fds[0], &c, sizeof c, deadline);
	bool late = got < 0;
	if (got == (ssize_t)sizeof c && outlen) {
		ssize_t more = read_until(fds[0], out, outlen, deadline);
		late = more < 0;
		if (more != (ssize_t)outlen)
			got = 0;
	}
	close(fds[0]);
	kill(pid, SIGKILL);    /* a child that has not exited: a zombie shrugs it off */
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (late) {
		snprintf(err, errlen, "%s() did not return within %d ms", name, timeout_ms);
		return -1;
	}
	if (got != (ssize_t)sizeof c) {
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			snprintf(err, errlen, "%s() crashed: %s", name, strsignal(WTERMSIG(status)));
		else if (WIFSIGNALED(status))
			snprintf(err, errlen, "%s() was killed: %s", name, strsignal(WTERMSIG(status)));
		else
			snprintf(err, errlen, "%s() did not return (exit status %d)", name,
			         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	*r = c;
	return 0;
}
