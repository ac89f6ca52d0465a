/*
 * trace_child.c - see trace_child.h.
 *
 * The child is a fresh program, not only a fork: it execs the driver again
 * (trace_child_main), which reads the trace once more and replays it. A
 * forked child would inherit the parent's malloc heap, which is different
 * after every trace the parent has read and every directory it has listed,
 * and the C library's speed on a trace depends on the heap it starts from
 * (measured: CS:APP's coalescing-bal ran at 77,000 Kops when the parent had
 * listed a directory first, 140,000 when it had not). A fresh program gives
 * every trace the same start, in every mode of the driver.
 */
#include "trace_child.h"

#include "allocator.h"
#include "memlib.h"
#include "tracefile.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"

/* What the parent tells the child and the child reports back, in memory
   they share (a memfd, so that it survives the exec). */
struct shared {
	struct config cfg;
	char path[4096];
	struct progress pr;
	int done;               /* the child reached the end */
	int driver_failed;      /* the driver, not the allocator: msg says why */
	int ok;                 /* the student's replay passed every check */
	int ref_ok;             /* the reference's did */
	int speed_void;         /* timed replays differed from the checked one */
	uint64_t sig, ref_sig;
	double util, ref_util;
	double secs, ref_secs, libc_secs;      /* 0: not timed; -1: failed */
	char msg[1024];
};

static const char *signal_name(int sig)
{
	const char *s = sigabbrev_np(sig);
	return s ? s : "a signal";
}

/* The timed replays of the allocators that passed their checks, and of the
   C library, taking turns. Beside a submission that failed (--bench), the
   reference takes turns with the C library alone, which can make it look
   a little faster than beside one that passed (replay_timed.c). */
static void time_all(const struct config *cfg, const struct trace *t, struct shared *sh)
{
	const struct allocator *a[3];
	uint64_t sig[3];
	double secs[3];
	bool same[3];
	int n = 0, mine = -1;
	if (sh->ok) {
		mine = n;
		a[n] = &student_allocator;
		sig[n++] = sh->sig;
	}
	int ref = n;
	a[n] = &reference_allocator;
	sig[n++] = sh->ref_sig;
	int libc = n;
	a[n] = &libc_allocator;
	sig[n++] = 0;
	libc_keep_memory();
	char msg[900];
	run_timed(a, sig, secs, same, n, t, cfg->runs, &sh->pr, msg, sizeof msg);
	sh->ref_secs = secs[ref];
	sh->libc_secs = secs[libc];
	sh->speed_void = !same[ref];
	if (mine >= 0) {
		sh->secs = secs[mine];
		sh->speed_void |= !same[mine];
		if (secs[mine] < 0) {   /* NULL in a timed replay: a failure too */
			snprintf(sh->msg, sizeof sh->msg, "%s", msg);
			sh->ok = 0;
		}
	}
}

/* The child: replays, fills sh, exits. Never returns. The reference is
   checked first, so that its numbers are there even when the submission
   then crashes (--bench shows them). */
__attribute__((noreturn))
static void child(const struct config *cfg, const struct trace *t, struct shared *sh)
{
	mem_init();
	sh->pr.op = -1;
	char refmsg[900];
	if (run_checked(&reference_allocator, t, &cfg->opts, &sh->pr, &sh->ref_util,
			&sh->ref_sig, refmsg, sizeof refmsg) < 0) {
		snprintf(sh->msg, sizeof sh->msg, "the reference solution failed: %s", refmsg);
		sh->done = 1;
		_exit(0);
	}
	sh->ref_ok = 1;
	if (cfg->reference_only) {
		sh->ok = 1;
		sh->util = sh->ref_util;
		sh->sig = sh->ref_sig;
	} else {
		sh->ok = run_checked(&student_allocator, t, &cfg->opts, &sh->pr, &sh->util,
				     &sh->sig, sh->msg, sizeof sh->msg) == 0;
	}
	if (!cfg->skip_timing && !cfg->reference_only && (sh->ok || cfg->keep_reference))
		time_all(cfg, t, sh);
	sh->done = 1;
	_exit(0);
}

int trace_child_main(const char *fd_arg)
{
	char *end;
	long fd = strtol(fd_arg, &end, 10);
	if (*end || fd < 0 || fd > INT_MAX)
		die("--trace-child takes the descriptor the driver passes it");
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	if (sh == MAP_FAILED)
		die_errno("--trace-child: mmap");
	close((int)fd);
	/* The parent has read the trace already: it cannot fail now, but if
	   the file changed in between, say so. */
	struct trace t;
	char err[1024];
	if (trace_read(sh->path, &t, err, sizeof err) < 0) {
		snprintf(sh->msg, sizeof sh->msg, "the trace changed while the driver ran: %.900s", err);
		sh->driver_failed = 1;
		_exit(1);
	}
	child(&sh->cfg, &t, sh);
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double kops_of(const struct trace *t, double secs)
{
	return secs > 0 ? t->num_ops / secs / 1000.0 : 0.0;
}

/* Where the child was when it stopped, for crash and timeout messages. */
static void where(const struct trace *t, const struct shared *sh, char *buf, size_t len)
{
	int i = sh->pr.op;
	if (i >= 0 && i < t->num_ops) {
		char opbuf[64];
		op_format(&t->ops[i], opbuf, sizeof opbuf);
		snprintf(buf, len, "%s, at %s.rep:%d: %s", sh->pr.phase, t->name,
			 t->ops[i].line, opbuf);
	} else {
		snprintf(buf, len, "%s, outside any operation (init)", sh->pr.phase);
	}
}

void run_entry(const struct config *cfg, const char *path, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct trace t;
	char err[1024];
	int rc = trace_read(path, &t, err, sizeof err);
	if (rc < 0) {
		out->status = "error";
		snprintf(out->msg, sizeof out->msg, "%s trace: %s",
			 rc == TRACE_UNREADABLE ? "unreadable" : "malformed", err);
		return;
	}
	int fd = memfd_create("mdriver-trace", 0);
	if (fd < 0 || ftruncate(fd, sizeof(struct shared)) < 0)
		die_errno("memfd_create");
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (sh == MAP_FAILED)
		die_errno("mmap");
	memset(sh, 0, sizeof *sh);
	sh->cfg = *cfg;
	snprintf(sh->path, sizeof sh->path, "%s", path);
	sh->pr.op = -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		setpgid(0, 0);
		char fdbuf[16];
		snprintf(fdbuf, sizeof fdbuf, "%d", fd);
		execl("/proc/self/exe", program_invocation_name, "--trace-child", fdbuf, (char *)NULL);
		snprintf(sh->msg, sizeof sh->msg, "driver: cannot run itself again "
			 "(/proc/self/exe): %s", strerror(errno));
		sh->driver_failed = 1;
		_exit(127);
	}
	close(fd);
	setpgid(pid, pid);

	int status = 0;
	bool timed_out = false;
	struct timespec start, nap = { 0, 2000000 };
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			die_errno("waitpid");
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - start.tv_sec) +
			    (double)(now.tv_nsec - start.tv_nsec) * 1e-9;
		if (el > cfg->time_limit && !timed_out) {
			timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
	kill(-pid, SIGKILL);    /* anything the allocator forked */

	out->ops = t.num_ops;
	out->weight = t.weight;
	if (sh->ref_ok) {       /* also beside a failure (--bench shows them) */
		out->ref_ok = true;
		out->ref_util = sh->ref_util;
		out->ref_kops = kops_of(&t, sh->ref_secs);
		out->libc_kops = kops_of(&t, sh->libc_secs);
	}
	char at[256];
	where(&t, sh, at, sizeof at);
	if (timed_out) {
		out->status = "timeout";
		snprintf(out->msg, sizeof out->msg, "no result within %.0f s (%s)",
			 cfg->time_limit, at);
	} else if (sh->driver_failed) {
		out->status = "error";
		snprintf(out->msg, sizeof out->msg, "%s", sh->msg);
	} else if (!sh->done) {
		out->status = "fail";
		if (WIFSIGNALED(status))
			snprintf(out->msg, sizeof out->msg, "the driver's child died of %s (%s)",
				 signal_name(WTERMSIG(status)), at);
		else
			snprintf(out->msg, sizeof out->msg, "the allocator ended the process "
				 "with exit status %d (%s)", WEXITSTATUS(status), at);
	} else if (!sh->ref_ok) {
		out->status = "error";
		snprintf(out->msg, sizeof out->msg, "%s", sh->msg);
	} else if (!sh->ok) {
		out->status = "fail";
		snprintf(out->msg, sizeof out->msg, "%s", sh->msg);
	} else {
		out->status = "pass";
		out->util = sh->util;
		out->kops = kops_of(&t, sh->secs);
		double u = sh->ref_util > 0 ? clamp01(sh->util / sh->ref_util) : 1;
		double s = cfg->skip_timing || out->ref_kops <= 0 ? 1
			 : clamp01(out->kops / (cfg->speed_slack * out->ref_kops));
		if (sh->speed_void)
			s = 0;
		out->score = clamp01(cfg->w_correct + cfg->w_util * u + cfg->w_speed * s);
		snprintf(out->msg, sizeof out->msg, "util %.1f%% (reference %.1f%%), "
			 "%.0f Kops (reference %.0f, C library %.0f)%s", 100 * out->util,
			 100 * out->ref_util, out->kops, out->ref_kops, out->libc_kops,
			 sh->speed_void ? "; no speed points: the timed replays returned "
			 "other addresses than the checked one, so they did not measure "
			 "the same work (does init reset all of the allocator's state?)" : "");
	}
	munmap(sh, sizeof *sh);
	trace_free(&t);
}
