// SPDX-License-Identifier: MIT
/*
 * rssplot - the workload (workload.h) run twice, each in a child: with
 * glibc's defaults and with your release policy (release.c). After each
 * phase this process reads the child's Rss (smaps_rollup) and minor
 * faults (stat) and prints one row. It also traces each child (ptrace) and
 * counts the system calls that give memory back or take it, per phase: a
 * second table (none where ptrace is refused).
 *
 * Usage: rssplot
 * Try:   ./build/rssplot      the policy's Rss drops after "free all but
 *                             the top"; the defaults' only at the end
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "release.h"
#include "workload.h"

static long proc_field(pid_t pid, const char *file, const char *key, int field)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("open %s", path);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (key) {
		const char *at = strstr(buf, key);
		return at ? strtol(at + strlen(key), NULL, 10) : -1;
	}
	/* Field 2 is "(comm)": count from the last ')'; field 3 is a letter. */
	char *p = strrchr(buf, ')');
	long v = -1;
	if (p)
		p += 3;
	for (int f = 4; p && f <= field; f++)
		v = strtol(p, &p, 10);
	return v;
}

/* The system calls counted, per phase. */
enum { C_BRK, C_MADVISE, C_MUNMAP, C_MPROTECT, NCALLS };
static const char *const call_names[NCALLS] = { "brk", "madvise", "munmap", "mprotect" };

static int call_index(unsigned long nr)
{
	switch (nr) {
	case SYS_brk: return C_BRK;
	case SYS_madvise: return C_MADVISE;
	case SYS_munmap: return C_MUNMAP;
	case SYS_mprotect: return C_MPROTECT;
	default: return -1;
	}
}

/* Lets the stopped, traced child run until it has written its byte to
   done, counting the system calls it enters; it stays stopped after. */
static void trace_phase(pid_t pid, int done, long calls[NCALLS])
{
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0))
			die_errno("ptrace");
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
			die("the traced workload ended");
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info si;
			if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof si, &si) > 0 &&
			    si.op == PTRACE_SYSCALL_INFO_ENTRY && call_index(si.entry.nr) >= 0)
				calls[call_index(si.entry.nr)]++;
		}
		struct pollfd p = { .fd = done, .events = POLLIN };
		if (poll(&p, 1, 0) == 1)
			return;
	}
}

/* Runs the workload in a child, with or without the policy. */
static void series(int policy, long rss[], long flt[], long calls[][NCALLS], int *traced)
{
	int go[2], done[2];
	if (pipe(go) || pipe(done))
		die_errno("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		unsigned char k;
		if (policy)
			policy_init();
		char ok = ptrace(PTRACE_TRACEME, 0, 0, 0) == 0;
		if (write(done[1], &ok, 1) != 1)
			_exit(1);
		if (ok)
			raise(SIGSTOP);
		while (read(go[0], &k, 1) == 1) {
			char rc = (char)workload_phase(k, policy ? policy_after_free : NULL);
			if (write(done[1], &rc, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	char ok = 0;
	int st;
	if (read(done[0], &ok, 1) != 1)
		die("the workload's child ended");
	*traced = ok && waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	          ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) == 0;
	for (int k = 0; k < WL_PHASES; k++) {
		unsigned char kk = (unsigned char)k;
		char rc = 1;
		if (write(go[1], &kk, 1) != 1)
			die("the workload's child ended");
		if (*traced)
			trace_phase(pid, done[0], calls[k]);
		if (read(done[0], &rc, 1) != 1 || rc)
			die("the workload failed in phase %d", k);
		rss[k] = proc_field(pid, "smaps_rollup", "\nRss:", 0);
		flt[k] = proc_field(pid, "stat", NULL, 10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(go[0]), close(go[1]), close(done[0]), close(done[1]);
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		usage("rssplot");
	long rd[WL_PHASES], fd[WL_PHASES], rp[WL_PHASES], fp[WL_PHASES];
	long cd[WL_PHASES][NCALLS] = { { 0 } }, cp[WL_PHASES][NCALLS] = { { 0 } };
	int td, tp;
	series(0, rd, fd, cd, &td);
	series(1, rp, fp, cp, &tp);
	printf("%-22s %12s %12s %10s %10s\n", "phase", "default kB", "policy kB", "def flt", "pol flt");
	for (int k = 0; k < WL_PHASES; k++)
		printf("%-22s %12ld %12ld %10ld %10ld\n", workload_phase_names[k], rd[k], rp[k],
		       fd[k] - fd[0], fp[k] - fp[0]);
	if (!td || !tp) {
		printf("\n(ptrace refused here: no count of system calls)\n");
		return 0;
	}
	printf("\nsystem calls in each phase (default / policy):\n%-22s", "phase");
	for (int c = 0; c < NCALLS; c++)
		printf(" %11s", call_names[c]);
	printf("\n");
	for (int k = 0; k < WL_PHASES; k++) {
		printf("%-22s", workload_phase_names[k]);
		for (int c = 0; c < NCALLS; c++) {
			char cell[24];
			snprintf(cell, sizeof cell, "%ld/%ld", cd[k][c], cp[k][c]);
			printf(" %11s", cell);
		}
		printf("\n");
	}
	return 0;
}
