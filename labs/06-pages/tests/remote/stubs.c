// SPDX-License-Identifier: MIT
/*
 * stubs.c - what the tests call in place of your functions: each sends its
 * arguments to the worker (build/worker, which runs your code), waits for
 * the answer and hands it back (labs/common/remote.h). Your pm_read reads
 * the worker's pagemap, your faults_now counts the worker's faults: the
 * tests check both against what they read of the worker from outside.
 */
#include "fns.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "faults.h"
#include "labtest.h"
#include "pages.h"
#include "remote.h"
#include "scenario.h"

int pm_decode(uint64_t raw, struct pm_page *pg)
{
	struct rcall c;
	rcall_begin(&c, RF_PM_DECODE, "pm_decode");
	rmsg_put_u64(&c.msg, raw);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, pg, sizeof *pg);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* n is at most 4096 here: the tests ask for a few pages. */
ssize_t pm_read(pid_t pid, uintptr_t addr, size_t n, struct pm_page *out)
{
	struct rcall c;
	rcall_begin(&c, RF_PM_READ, "pm_read");
	rmsg_put_i64(&c.msg, pid);
	rmsg_put_u64(&c.msg, addr);
	rmsg_put_u64(&c.msg, n);
	rcall_send(&c);
	ssize_t rc = (ssize_t)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, out, n * sizeof *out);
	rcall_end(&c);
	errno = err;
	return rc;
}

int faults_now(struct faults *f)
{
	struct rcall c;
	rcall_begin(&c, RF_FAULTS_NOW, "faults_now");
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, f, sizeof *f);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* The tests measure one thing only: the worker touching npages pages of a
   fresh mapping (arg points to them: a size_t npages, an int write). */
int faults_measure(void (*fn)(void *), void *arg, struct faults *delta)
{
	(void)fn;
	const size_t *npages = arg;
	const int *write = (const int *)(npages + 1);
	struct rcall c;
	rcall_begin(&c, RF_MEASURE_TOUCH, "faults_measure");
	rmsg_put_u64(&c.msg, *npages);
	rmsg_put_i64(&c.msg, *write);
	rcall_send(&c);
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, delta, sizeof *delta);
	rcall_end(&c);
	errno = err;
	return rc;
}

/* predict ran in a confined child of the worker (run_confined.h): a crash
   there ends the test with its message. */
int predict(enum scenario s, struct prediction *p)
{
	struct rcall c;
	rcall_begin(&c, RF_PREDICT, "predict");
	rmsg_put_i64(&c.msg, s);
	rcall_send(&c);
	char *why = rcall_str(&c, 400);
	if (why && *why)
		remote_fail("%s", why);
	free(why);
	static bool noted;
	if (rcall_i64(&c) == 0 && !noted) {
		labtest_note("NOTE: the kernel refused the seccomp filter: predict() ran unconfined");
		noted = true;
	}
	int rc = (int)rcall_i64(&c);
	int err = (int)rcall_i64(&c);
	rcall_bytes(&c, p, sizeof *p);
	rcall_end(&c);
	p->pages[SC_PAGES] = '\0';
	errno = err;
	return rc;
}

char pm_char(const struct pm_page *pg, uint64_t zero_pfn)
{
	struct rcall c;
	rcall_begin(&c, RF_PM_CHAR, "pm_char");
	rmsg_put_bytes(&c.msg, pg, sizeof *pg);
	rmsg_put_u64(&c.msg, zero_pfn);
	rcall_send(&c);
	char ch = (char)rcall_i64(&c);
	rcall_end(&c);
	return ch;
}
