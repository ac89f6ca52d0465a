// SPDX-License-Identifier: MIT
/*
 * confine.c - see confine.h.
 *
 * predict() runs in a child process that can only compute: its descriptors
 * other than stdout, stderr and the result pipe are closed, and a seccomp
 * filter lets through only the calls computing needs (memory, read/write on
 * what is open, signals, exit); anything else fails with EPERM. A prediction
 * therefore comes from the model, not from running the sequence or from
 * touching the grader's files.
 */
#include "confine.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "predict.h"

#if defined(__x86_64__)
#define CHECK_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define CHECK_ARCH AUDIT_ARCH_AARCH64
#endif

/* The calls a computation may make; a call not listed fails with EPERM. */
static const int allowed_calls[] = {
	__NR_read, __NR_write, __NR_close, __NR_lseek, __NR_brk, __NR_mmap, __NR_munmap,
	__NR_mremap, __NR_mprotect, __NR_madvise, __NR_exit, __NR_exit_group,
	__NR_rt_sigreturn, __NR_rt_sigaction, __NR_rt_sigprocmask, __NR_sigaltstack,
	__NR_getpid, __NR_gettid, __NR_tgkill, __NR_clock_gettime, __NR_futex,
	__NR_sched_yield, __NR_getrandom, __NR_prlimit64, __NR_newfstatat, __NR_fstat,
#ifdef __NR_nanosleep
	__NR_nanosleep,
#endif
};

enum { N_ALLOWED = sizeof allowed_calls / sizeof allowed_calls[0] };

/* Returns false when the kernel refused the filter: then predict() still
   runs, and the result says it was not confined. */
static bool only_compute(int keep_fd)
{
	for (int fd = 0; fd < 1024; fd++)
		if (fd != 1 && fd != 2 && fd != keep_fd)
			close(fd);
#ifdef CHECK_ARCH
	/* arch check, load nr, one jump per allowed call, deny, allow */
	struct sock_filter filter[4 + N_ALLOWED + 2];
	size_t k = 0;
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                           offsetof(struct seccomp_data, arch));
	filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CHECK_ARCH, 1, 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                           offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < N_ALLOWED; i++)      /* equal: jump to the final ALLOW */
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		                                           (unsigned)allowed_calls[i],
		                                           (unsigned char)(N_ALLOWED - i), 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)k, filter };
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	       prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
#else
	return false;
#endif
}

/* What the child sends back. */
struct prediction {
	int rc, err;
	bool confined;
	struct op_events ev[SEQ_MAX_OPS];
};

int predict_confined(const struct seq *s, struct op_events out[], bool *confined,
                     char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	static struct prediction p;
	if (pid == 0) {
		close(fds[0]);
		memset(&p, 0, sizeof p);
		p.confined = only_compute(fds[1]);
		errno = 0;
		p.rc = predict(s, p.ev);
		p.err = errno;
		const char *b = (const char *)&p;
		for (size_t done = 0; done < sizeof p;) {
			ssize_t k = write(fds[1], b + done, sizeof p - done);
			if (k <= 0)
				_exit(4);
			done += (size_t)k;
		}
		_exit(0);
	}
	close(fds[1]);
	size_t got = 0;
	char *b = (char *)&p;
	while (got < sizeof p) {
		ssize_t k = read(fds[0], b + got, sizeof p - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got != sizeof p) {
		if (WIFSIGNALED(status))
			snprintf(err, errlen, "predict() crashed: %s", strsignal(WTERMSIG(status)));
		else
			snprintf(err, errlen, "predict() did not return (exit status %d)",
			         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	if (p.rc < 0) {
		snprintf(err, errlen, "predict() returned -1 (%s)", strerror(p.err));
		return -1;
	}
	memcpy(out, p.ev, s->n * sizeof out[0]);
	*confined = p.confined;
	return 0;
}

