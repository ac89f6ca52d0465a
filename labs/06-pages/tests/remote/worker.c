// SPDX-License-Identifier: MIT
/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned and errno. The
 * handlers after them are fixed code the tests use to set the scene in
 * this process (fns.h).
 */
#include "fns.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"
#include "pages.h"
#include "remote.h"
#include "remote_worker.h"
#include "run_confined.h"
#include "scenario.h"

static void w_pm_decode(struct rmsg *in, struct rmsg *out)
{
	uint64_t raw = wget_u64(in);
	struct pm_page pg;
	memset(&pg, 0, sizeof pg);
	errno = 0;
	int rc = pm_decode(raw, &pg);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_bytes(out, &pg, sizeof pg);
}

static void w_pm_read(struct rmsg *in, struct rmsg *out)
{
	pid_t pid = (pid_t)wget_i64(in);
	uintptr_t addr = (uintptr_t)wget_u64(in);
	size_t n = (size_t)wget_u64(in);
	if (n > 4096)
		n = 4096;
	struct pm_page *pg = calloc(n ? n : 1, sizeof *pg);
	errno = 0;
	ssize_t rc = pg ? pm_read(pid, addr, n, pg) : -1;
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_bytes(out, pg, n * sizeof *pg);
	free(pg);
}

static void w_faults_now(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	struct faults f = { 0 };
	errno = 0;
	int rc = faults_now(&f);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_bytes(out, &f, sizeof f);
}

/* What faults_measure calls: touch each page of a region once. */
struct touch {
	volatile char *p;
	size_t npages;
	int write;
};

static void touch_pages(void *arg)
{
	struct touch *t = arg;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	for (size_t i = 0; i < t->npages; i++) {
		if (t->write)
			t->p[i * ps] = 1;
		else
			(void)t->p[i * ps];
	}
}

static void w_measure_touch(struct rmsg *in, struct rmsg *out)
{
	size_t npages = (size_t)wget_u64(in);
	int write = (int)wget_i64(in);
	size_t len = npages * (size_t)sysconf(_SC_PAGESIZE);
	struct faults d = { 0 };
	int rc = -1;
	errno = 0;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		struct touch t = { p, npages, write };
		rc = faults_measure(touch_pages, &t, &d);
	}
	int err = errno;
	if (p != MAP_FAILED)
		munmap(p, len);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, err);
	rmsg_put_bytes(out, &d, sizeof d);
}

/* predict runs where it can only compute (run_confined.h): no open, so no
   /proc/self/pagemap or smaps; no mincore, getrusage, fork or exec. */
static int call_predict(const void *arg, void *out)
{
	return predict(*(const enum scenario *)arg, out);
}

static void w_predict(struct rmsg *in, struct rmsg *out)
{
	enum scenario s = (enum scenario)wget_i64(in);
	struct prediction p;
	memset(&p, 0, sizeof p);
	struct confined_call r = { .rc = -1 };
	char err[400] = "";
	run_confined(call_predict, &s, &p, sizeof p, 0, 0, "predict", &r, err, sizeof err);
	rmsg_put_str(out, err);
	rmsg_put_i64(out, r.confined);
	rmsg_put_i64(out, r.rc);
	rmsg_put_i64(out, r.err);
	rmsg_put_bytes(out, &p, sizeof p);
}

static void w_pm_char(struct rmsg *in, struct rmsg *out)
{
	struct pm_page pg;
	wget_bytes(in, &pg, sizeof pg);
	uint64_t zero_pfn = wget_u64(in);
	rmsg_put_i64(out, pm_char(&pg, zero_pfn));
}

/* The fixed code's own scene setting. */

/* Page i of a region: untouched, read, written, in turn. */
static void set_mixed(volatile char *p, size_t npages)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	for (size_t i = 0; i < npages; i++) {
		if (i % 3 == 1)
			(void)p[i * ps];
		else if (i % 3 == 2)
			p[i * ps] = 1;
	}
}

static void w_region(struct rmsg *in, struct rmsg *out)
{
	size_t npages = (size_t)wget_u64(in);
	int how = (int)wget_i64(in);
	size_t len = npages * (size_t)sysconf(_SC_PAGESIZE);
	char *p = MAP_FAILED;
	if (how == REGION_FILE) {
		int fd = memfd_create("lab06", MFD_CLOEXEC);
		if (fd >= 0 && ftruncate(fd, (off_t)len) == 0)
			p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (fd >= 0)
			close(fd);
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (p != MAP_FAILED)
		set_mixed(p, npages);
	rmsg_put_u64(out, p == MAP_FAILED ? 0 : (uintptr_t)p);
}

static pid_t child;

/* A child holding 6 pages: untouched, read, written, then shared with the
   worker (written before the fork). It lives until RF_END_CHILD. */
static void w_child(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 6 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ready[2];
	pid_t pid = -1;
	if (p != MAP_FAILED && pipe(ready) == 0) {
		memset(p + 3 * ps, 1, 3 * ps);
		pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(REMOTE_FD);
			set_mixed(p, 3);
			close(ready[1]);
			for (;;)
				pause();
		}
		char c;
		close(ready[1]);
		while (pid > 0 && read(ready[0], &c, 1) < 0 && errno == EINTR)
			;
		close(ready[0]);
	}
	child = pid;
	rmsg_put_i64(out, pid);
	rmsg_put_u64(out, p == MAP_FAILED ? 0 : (uintptr_t)p);
}

static void w_end_child(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		child = 0;
	}
	rmsg_put_i64(out, 0);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_PM_DECODE] = { "pm_decode", w_pm_decode },
	[RF_PM_READ] = { "pm_read", w_pm_read },
	[RF_FAULTS_NOW] = { "faults_now", w_faults_now },
	[RF_MEASURE_TOUCH] = { "faults_measure", w_measure_touch },
	[RF_PREDICT] = { "predict", w_predict },
	[RF_PM_CHAR] = { "pm_char", w_pm_char },
	[RF_REGION] = { "setting up a region in the worker", w_region },
	[RF_CHILD] = { "starting a child of the worker", w_child },
	[RF_END_CHILD] = { "ending the worker's child", w_end_child },
};

int main(void)
{
	return remote_worker_main(fns, RF_COUNT);
}
