// SPDX-License-Identifier: MIT
/*
 * run_scenario.c - the scenarios of task 3, run by the tests in fresh
 * processes of their own (lab06.h). No code of yours runs here: the child
 * does the scenario, counts the faults of its action with getrusage and
 * reports them over a pipe; the tests read the observed process's pagemap
 * and AnonHugePages themselves, and the file with read().
 */
#include "lab06.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUGE_SIZE ((size_t)2 << 20)
#define MAX_PAGE ((size_t)64 << 10)

/* What the acting process sends the tests. */
struct report {
	pid_t observed;
	uintptr_t addr;
	long faults;
	char error[120];
};

/* Never touched by the tests' process: a fresh child finds it untouched. */
static char bss_pages[SC_PAGES * MAX_PAGE] __attribute__((aligned(MAX_PAGE)));

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Not instrumented under SAN=1: AddressSanitizer's checks of each access
   would fault in its shadow memory, and count. */
__attribute__((no_sanitize("address", "undefined")))
static void touch(char *p, size_t npages, bool write)
{
	size_t ps = page_size();
	for (size_t i = 0; i < npages; i++) {
		if (write)
			((volatile char *)p)[i * ps] = 'b';
		else
			(void)((volatile char *)p)[i * ps];
	}
}

/* Faults this process takes before the measure, so that the measure
   counts the action alone: the stack pages it writes (copy-on-write since
   the fork), the code and the library functions it runs. */
static void warm_up(void)
{
	volatile char stack[32 << 10];
	for (size_t i = 0; i < sizeof stack; i += 1024)
		stack[i] = 0;
	char *p = mmap(NULL, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		touch(p, 1, false);
		touch(p, 1, true);
		madvise(p, page_size(), MADV_DONTNEED);
		munmap(p, page_size());
	}
	(void)minflt();
}

static void send_report(int fd, struct report *r)
{
	if (write(fd, r, sizeof *r) != (ssize_t)sizeof *r)
		_exit(3);
}

static void fail(int fd, const char *what)
{
	struct report r = { 0 };
	snprintf(r.error, sizeof r.error, "%s: %s", what, strerror(errno));
	send_report(fd, &r);
	_exit(2);
}

/* Waits until the tests close the hold pipe. */
static void hold(int fd)
{
	char c;
	while (read(fd, &c, 1) > 0)
		;
}

static char *anon(size_t len, int extra)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* The fork scenarios: the child is observed and counts its own faults. */
static void run_fork(enum scenario s, char *p, int out, int held)
{
	int go[2], done[2];
	if (pipe(go) || pipe(done))
		fail(out, "pipe");
	pid_t pid = fork();
	if (pid < 0)
		fail(out, "fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		warm_up();
		struct report r = { .observed = getpid(), .addr = (uintptr_t)p };
		char c = 0;
		long before = minflt();
		if (s == SC_FORK_CHILD_WRITES)
			touch(p, 2, true);
		if (s == SC_FORK_PARENT_WRITES) {
			if (write(go[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
				_exit(3);
		}
		r.faults = minflt() - before;
		send_report(out, &r);
		hold(held);
		_exit(0);
	}
	if (s == SC_FORK_PARENT_WRITES) {
		char c = 0;
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		touch(p, 2, true);
		if (write(done[1], &c, 1) != 1)
			_exit(3);
	}
	hold(held);
	waitpid(pid, NULL, 0);
}

static void run_child(enum scenario s, int file, int out, int held)
{
	size_t ps = page_size(), len = SC_PAGES * ps;
	struct report r = { .observed = getpid() };
	char *p = NULL;
	switch (s) {
	case SC_BSS:
		p = bss_pages;
		break;
	case SC_FILE_SHARED:
	case SC_FILE_PRIVATE:
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, s == SC_FILE_SHARED ? MAP_SHARED : MAP_PRIVATE,
		         file, 0);
		if (p == MAP_FAILED)
			fail(out, "mmap of the file");
		break;
	case SC_POPULATE:
		p = anon(len, MAP_POPULATE);
		break;
	case SC_HUGE: {
		char *big = anon(2 * HUGE_SIZE, 0);
		if (!big)
			fail(out, "mmap");
		p = (char *)(((uintptr_t)big + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
		if (madvise(p, HUGE_SIZE, MADV_HUGEPAGE))
			fail(out, "madvise(MADV_HUGEPAGE)");
		break;
	}
	default:
		p = anon(len, 0);
	}
	if (!p)
		fail(out, "mmap");
	/* The system call itself: AddressSanitizer's mlock does nothing. */
	if (s == SC_MLOCK && syscall(SYS_mlock, p, len))
		fail(out, "mlock");
	if (s == SC_FORK || s == SC_FORK_CHILD_WRITES || s == SC_FORK_PARENT_WRITES ||
	    s == SC_DONTNEED || s == SC_FREE)
		touch(p, SC_PAGES, true);
	if (s == SC_FORK || s == SC_FORK_CHILD_WRITES || s == SC_FORK_PARENT_WRITES) {
		run_fork(s, p, out, held);
		_exit(0);
	}
	warm_up();
	r.addr = (uintptr_t)p;
	long before = minflt();
	switch (s) {
	case SC_UNTOUCHED:
		break;
	case SC_READ:
		touch(p, SC_PAGES, false);
		break;
	case SC_MIXED:
		touch(p, 1, true);
		touch(p + ps, 1, false);
		touch(p + 3 * ps, 1, true);
		break;
	case SC_BSS:
		touch(p, SC_PAGES, false);
		touch(p, SC_PAGES, true);
		break;
	case SC_DONTNEED:
		madvise(p, 2 * ps, MADV_DONTNEED);
		break;
	case SC_FREE:
		madvise(p, len, MADV_FREE);
		break;
	case SC_HUGE:
		touch(p, HUGE_SIZE / ps, true);
		break;
	default:
		touch(p, SC_PAGES, true);
	}
	r.faults = minflt() - before;
	send_report(out, &r);
	hold(held);
	_exit(0);
}

/* A 4-page file of 'a's, written by this process. A memfd (tmpfs): the
   faults on a disk file's pages depend on the file system (ext4 maps
   several pages of a large folio at one fault). */
static int make_file(void)
{
	int fd = memfd_create("lab06-file", 0);
	if (fd < 0)
		return -1;
	size_t len = SC_PAGES * page_size();
	char *buf = malloc(len);
	if (!buf || (memset(buf, 'a', len), write(fd, buf, len)) != (ssize_t)len) {
		free(buf);
		close(fd);
		return -1;
	}
	free(buf);
	return fd;
}

static long anon_huge_kb(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	const char *line = strstr(buf, "AnonHugePages:");
	return line ? strtol(line + strlen("AnonHugePages:"), NULL, 10) : -1;
}

/* Reads the report within 5 seconds. */
static bool get_report(int fd, struct report *r)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	return poll(&pfd, 1, 5000) == 1 && read(fd, r, sizeof *r) == (ssize_t)sizeof *r;
}

/* Returns 0, 1 when the system cannot show the scenario (pagemap not
   readable here, mlock refused), -1 when it could not be run. */
int run_scenario(enum scenario s, struct observed *o, char *why, size_t whylen)
{
	memset(o, 0, sizeof *o);
	o->file_sees_write = -1;
	o->zero_pfn = judge_zero_pfn();
	bool with_file = s == SC_FILE_SHARED || s == SC_FILE_PRIVATE;
	int file = with_file ? make_file() : -1;
	int out[2], held[2];
	if ((with_file && file < 0) || pipe(out) || pipe(held)) {
		snprintf(why, whylen, "cannot set up scenario %s: %s", sc_info[s].name, strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(out[0]);
		close(held[1]);
		run_child(s, file, out[1], held[0]);
	}
	close(out[1]);
	close(held[0]);
	struct report r = { 0 };
	int rc = 0;
	if (pid < 0 || !get_report(out[0], &r)) {
		snprintf(why, whylen, "scenario %s: the process running it did not report", sc_info[s].name);
		rc = -1;
	} else if (r.error[0]) {
		snprintf(why, whylen, "scenario %s: %s", sc_info[s].name, r.error);
		rc = -1;
	} else if (!judge_entries(r.observed, r.addr, SC_PAGES, o->raw)) {
		snprintf(why, whylen, "scenario %s: the tests cannot read /proc/%d/pagemap here: %s",
		         sc_info[s].name, (int)r.observed, strerror(errno));
		rc = 1;
	} else {
		for (int i = 0; i < SC_PAGES; i++)
			o->pages[i] = judge_char(o->raw[i], o->zero_pfn);
		o->faults = r.faults;
		o->anon_huge_kb = anon_huge_kb(r.observed);
		if (with_file) {
			char c = 0;
			o->file_sees_write = pread(file, &c, 1, 0) == 1 && c == 'b';
		}
	}
	close(held[1]);
	close(out[0]);
	if (file >= 0)
		close(file);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return rc;
}
