// SPDX-License-Identifier: MIT
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

#include "alloc_remote.h"
#include "count.h"
#include "allocator.h"
#include "memlib.h"
#include "remote.h"
#include "tracefile.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"

/* What the parent tells the child and the child reports back, in memory
   they share (a memfd, so that it survives the exec). Both are the driver:
   the submission runs in the child's worker, which never sees this. */
struct shared {
	struct config cfg;
	char path[4096];
	struct progress pr;
	int done;               /* the child reached the end */
	int driver_failed;      /* the driver, not the allocator: msg says why */
	int ok;                 /* the student's replay passed every check */
	int ref_ok;             /* the reference's did */
	int hung;               /* a call to the worker ran past its limit */
	int hurried;            /* the parent says: the last traces hung */
	int in_batch;           /* the worker failed in a batch of the checked replay */
	int one_by_one;         /* ... which runs again one call per operation */
	double util, ref_util;
	size_t extent, ref_extent;      /* the checked replays' (run_checked) */
	struct timed timed;             /* secs 0: not timed; -1: failed */
	int counted;                    /* instructions counted (count.c) */
	long long ir, ref_ir;           /* of one replay of the same variants */
	int count_ops;                  /* the operations of that replay */
	long long base_ir;              /* a worker's start and end: the parent
					   keeps it from one trace to the next */
	char worker[4200];              /* the submission's worker program */
	char count_note[300];           /* why they were not, if they were not */
	char msg[1024];
};

static const char *signal_name(int sig)
{
	const char *s = sigabbrev_np(sig);
	return s ? s : "a signal";
}

/* A trace's time limit grows with its length: each operation of the checked
   replay is a call to the worker (measured: 16 us on a 2-core VM), and
   the timed rounds check their payloads again. Recorded real programs run
   to a million operations and more. */
#define DRIVER_SECONDS_PER_OP 60e-6

static double limit_for(const struct config *cfg, const struct trace *t)
{
	return cfg->time_limit + DRIVER_SECONDS_PER_OP * t->num_ops;
}

/* The checked replay sends the submission's worker this many operations
   per call (alloc_remote.h, "A batch"): one call per operation cost 16 us
   each, most of a long trace's grading. */
#define DRIVER_BATCH 256

/* The time limit of one call of the checked replay, in seconds. */
#define DRIVER_OP_SECONDS 2.0

/* ... and after two traces in a row hung: a submission that hangs
   everywhere costs a quarter of a second per trace, not two (lab 05's 18
   traces: 2 x 2 + 16 x 0.25 s). A batch of the checked replay takes a few
   milliseconds even for a slow allocator (a correct implicit list: 4 ms
   for 256 operations of real-python). */
#define DRIVER_HURRIED_SECONDS 0.25
#define DRIVER_HURRIED_TEXT "0.25"

/* The counted replay (count.c) runs this many variants of the trace back
   to back, or as many as keep it within DRIVER_COUNT_OPS operations (at
   least one): one variant's count moves by a few per cent with the draw on
   some of the short traces, the sum of three by about half as much. A
   real program's trace (lab 05's real-*, 33,000-93,000 operations) is
   counted once: long enough to move little with the draw, and each
   variant under valgrind costs a second of a grading. */
#define DRIVER_COUNT_VARIANTS 3
#define DRIVER_COUNT_OPS 40000

/* The timed replays may need this much more of the heap than the checked
   one, relative to the reference on the same variant, and still count. */
#define DRIVER_EXTENT_SLACK 2.0

/* How far the CPU time may disagree with the instructions counted before
   it, not they, gives the speed points. */
#define DRIVER_CPU_TRUST 8.0

/* A failed call to the worker (labs/common/remote.h) comes back here, to
   be the student's failure and not the end of the child. */
static sigjmp_buf worker_failed;
static char worker_msg[1024];
static int failed_slot;

static void on_worker_failure(const char *message)
{
	snprintf(worker_msg, sizeof worker_msg, "%s", message);
	failed_slot = remote_slot();
	siglongjmp(worker_failed, 1);
}

/* The workers' programs: beside this one, unless MEMLABS_WORKER names the
   submission's (the grader's, under its sandbox). */
static const char *find_workers(void)
{
	static char sub[4200], ref[4200];
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		die_errno("/proc/self/exe");
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	*slash = '\0';
	const char *env = getenv("MEMLABS_WORKER");
	snprintf(sub, sizeof sub, "%s/driver-worker", self);
	snprintf(ref, sizeof ref, "%s/driver-worker-ref", self);
	remote_use(SLOT_COUNT_REFERENCE, ref);
	remote_use(SLOT_REFERENCE, ref);
	remote_use(SLOT_COUNT_SUBMISSION, env && *env ? env : sub);
	remote_use(SLOT_SUBMISSION, env && *env ? env : sub);
	return env && *env ? env : sub;
}

static void stop_workers(void)
{
	for (int slot = REMOTE_SLOTS - 1; slot >= 0; slot--) {
		remote_use(slot, NULL);
		remote_stop();
	}
}

static bool reference_slot(int slot)
{
	return slot == SLOT_REFERENCE || slot == SLOT_COUNT_REFERENCE;
}

/* Where the child is, for a message: the phase and the trace's line. */
static void where(const struct trace *t, const struct shared *sh, char *buf, size_t len);

/* A counting worker's standard error is the driver's (count.c): its last
   line, after a failure, says what valgrind said. */
static void last_words(int slot, char *buf, size_t len)
{
	if (slot != SLOT_COUNT_SUBMISSION && slot != SLOT_COUNT_REFERENCE)
		return;
	remote_use(slot, NULL);
	char *err = remote_take_stderr(1 << 16);
	char *end = err ? err + strlen(err) : NULL;
	while (end && end > err && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	char *line = end ? strrchr(err, '\n') : NULL;
	if (err && *err)
		snprintf(buf, len, "; under valgrind it said: %.150s", line ? line + 1 : err);
	free(err);
}

/* Run f on the submission, in its worker; a crash or a hang there is a
   failure of the submission with the worker's message. */
static int guarded(const struct trace *t, struct shared *sh,
		   int (*f)(const struct trace *, struct shared *))
{
	if (sigsetjmp(worker_failed, 1)) {
		char at[256], said[200] = "";
		where(t, sh, at, sizeof at);
		last_words(failed_slot, said, sizeof said);
		bool hung = remote_timed_out;
		remote_timed_out = false;
		sh->in_batch = failed_slot == SLOT_SUBMISSION && sh->pr.last > sh->pr.op;
		sh->pr.last = -1;
		stop_workers();
		if (failed_slot == SLOT_COUNT_REFERENCE) {
			/* No count, then: the CPU time gives the speed points. */
			snprintf(sh->count_note, sizeof sh->count_note, "the reference could not "
				 "be counted (%.120s%.100s): speed points from CPU time", worker_msg,
				 said);
			return 0;
		}
		snprintf(sh->msg, sizeof sh->msg, "%s%.550s (%.200s)%s",
			 reference_slot(failed_slot) ? "the reference's worker: " : "",
			 worker_msg, at, said);
		sh->hung = hung;
		sh->driver_failed = reference_slot(failed_slot);
		return -1;
	}
	return f(t, sh);
}

static int check_student(const struct trace *t, struct shared *sh)
{
	remote_use(SLOT_SUBMISSION, NULL);
	struct run_opts o = sh->cfg.opts;
	o.batch = o.heapcheck || sh->one_by_one ? 1 : DRIVER_BATCH;
	return run_checked(remote_allocator(), t, &o, &sh->pr, &sh->util,
			   &sh->extent, sh->msg, sizeof sh->msg);
}

/* The checked replay of the submission. Where its worker crashed or hung
   in a batch, the replay runs again one call per operation, to name the
   operation (the same one, unless the allocator does not do the same
   thing twice: then the batch's failure stands). */
static bool check_submission(const struct trace *t, struct shared *sh)
{
	if (guarded(t, sh, check_student) == 0)
		return true;
	if (!sh->in_batch)
		return false;
	char first[sizeof sh->msg];
	bool hung = sh->hung;
	snprintf(first, sizeof first, "%s", sh->msg);
	sh->in_batch = 0;
	sh->one_by_one = 1;
	if (guarded(t, sh, check_student) == 0) {
		snprintf(sh->msg, sizeof sh->msg, "%s", first);
		sh->hung = hung;
	}
	return false;
}

/* The timed replays of the submission, if it passed its checks, with the
   reference and the C library. Beside a submission that failed (--bench),
   the reference takes turns with the C library alone, which can make it
   look a little faster than beside one that passed (replay_timed.c). */
static int time_all(const struct trace *t, struct shared *sh)
{
	/* A whole replay in one call: the trace's own limit, not a call's. */
	double op_limit = remote_set_call_seconds(limit_for(&sh->cfg, t));
	int rc = run_timed(sh->ok, t, &sh->cfg.opts, sh->cfg.runs, &sh->pr, &sh->timed,
			   sh->msg, sizeof sh->msg);
	remote_set_call_seconds(op_limit);
	return rc;
}

/* The instructions of one replay of a new variant, the submission's and
   the reference's (count.c): the measure its speed points come from. Where
   they cannot be counted, CPU time is, and count_note says why. */
static int count_all(const struct trace *t, struct shared *sh)
{
	if (!count_tool()) {
		snprintf(sh->count_note, sizeof sh->count_note, "valgrind is not installed: "
			 "speed points from CPU time, which moves with the machine's load");
		return 0;
	}
	if (count_evaded(sh->worker)) {
		snprintf(sh->count_note, sizeof sh->count_note, "the allocator's code holds "
			 "valgrind client requests (code valgrind would not count): speed "
			 "points from CPU time");
		return 0;
	}
	uint64_t seed;
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		seed = (uint64_t)time(NULL);
	/* DRIVER_COUNT_VARIANTS variants back to back, fewer on a long trace:
	   their sum moves less with the draw than one variant's count. */
	int k = DRIVER_COUNT_VARIANTS;
	while (k > 1 && (long)k * t->num_ops > DRIVER_COUNT_OPS)
		k--;
	struct trace v;
	if (trace_variants(t, seed, k, &v) < 0)
		return 0;
	double op_limit = remote_set_call_seconds(limit_for(&sh->cfg, &v));
	bool failed;
	char msg[900];
	struct counted c = { .base = sh->base_ir };
	int rc = count_replays(&v, &sh->cfg.opts, &sh->pr, &c, &failed, msg, sizeof msg);
	sh->base_ir = c.base;
	sh->ir = c.sub;
	sh->ref_ir = c.ref;
	sh->count_ops = v.num_ops;
	if (c.extent_ratio > sh->timed.extent_ratio)
		sh->timed.extent_ratio = c.extent_ratio;
	remote_set_call_seconds(op_limit);
	trace_free(&v);
	if (rc == 0) {
		sh->counted = 1;
	} else if (failed) {
		snprintf(sh->msg, sizeof sh->msg, "%s (in the counted replay, on a variant of "
			 "the trace whose sizes are each up to %d bytes larger)", msg,
			 TRACE_VARIANT_MAX_EXTRA - 1);
		return -1;
	} else {
		snprintf(sh->count_note, sizeof sh->count_note, "%.200s: speed points from CPU "
			 "time, which moves with the machine's load", msg);
	}
	return 0;
}

/* The child: replays, fills sh, exits. Never returns. The reference is
   checked first, so that its numbers are there even when the submission
   then crashes (--bench shows them). */
__attribute__((noreturn))
static void child(const struct config *cfg, const struct trace *t, struct shared *sh)
{
	mem_init();
	sh->pr.op = -1;
	sh->pr.last = -1;
	char refmsg[900];
	if (run_checked(&reference_allocator, t, &cfg->opts, &sh->pr, &sh->ref_util,
			&sh->ref_extent, refmsg, sizeof refmsg) < 0) {
		snprintf(sh->msg, sizeof sh->msg, "the reference solution failed: %s", refmsg);
		sh->done = 1;
		_exit(0);
	}
	sh->ref_ok = 1;
	snprintf(sh->worker, sizeof sh->worker, "%s", find_workers());
	remote_fail_hook = on_worker_failure;
	/* One operation is quick: a call that takes seconds is a hang, and a
	   submission that hangs everywhere costs seconds per trace. */
	double limit = remote_set_call_seconds(0);
	double op = sh->hurried ? DRIVER_HURRIED_SECONDS : DRIVER_OP_SECONDS;
	remote_set_call_seconds(limit < op ? limit : op);
	if (cfg->reference_only) {
		sh->ok = 1;
		sh->util = sh->ref_util;
		sh->extent = sh->ref_extent;
	} else {
		sh->ok = check_submission(t, sh);
	}
	if (!cfg->skip_timing && !cfg->reference_only && (sh->ok || cfg->keep_reference) &&
	    guarded(t, sh, time_all) < 0)
		sh->ok = 0;
	if (!cfg->skip_timing && !cfg->reference_only && sh->ok && cfg->count &&
	    guarded(t, sh, count_all) < 0)
		sh->ok = 0;
	stop_workers();
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

/* 0 at x <= lo, 1 at x >= hi, a straight line between. */
static double ramp(double x, double lo, double hi)
{
	return clamp01((x - lo) / (hi - lo));
}

static double kops_of(const struct trace *t, double secs)
{
	return secs > 0 ? t->num_ops / secs / 1000.0 : 0.0;
}

/* A trace the submission passed: its points, and the message that says
   what they came from. */
static void score(const struct config *cfg, const struct trace *t, const struct shared *sh,
		  struct outcome *out)
{
	out->status = "pass";
	out->util = sh->util;
	out->kops = kops_of(t, sh->timed.secs);
	double u = sh->ref_util > 0 ? ramp(sh->util / sh->ref_util, cfg->util_lo, cfg->util_hi) : 1;
	/* Speed: instructions when they were counted (steady), else CPU time.
	   CPU time keeps the count honest: work valgrind does not see (code
	   run natively through a client request) shows in the clock. */
	double cpu = out->ref_kops > 0 ? out->kops / out->ref_kops : 1;
	double speed = sh->counted ? (double)sh->ref_ir / (double)sh->ir : cpu;
	bool capped = sh->counted && speed > DRIVER_CPU_TRUST * cpu;
	if (capped)
		speed = DRIVER_CPU_TRUST * cpu;
	double s = cfg->skip_timing ? 1 : ramp(speed, cfg->speed_lo, cfg->speed_hi);
	if (sh->counted) {
		out->counted = true;
		out->ipo = (double)sh->ir / sh->count_ops;
		out->ref_ipo = (double)sh->ref_ir / sh->count_ops;
	}
	/* The heap the timed replays needed, against the checked replay's,
	   both as a multiple of the reference's on the same trace. */
	double checked = sh->ref_extent ? (double)sh->extent / (double)sh->ref_extent : 1;
	bool bloated = !cfg->skip_timing && sh->timed.extent_ratio > DRIVER_EXTENT_SLACK * checked;
	if (bloated)
		s = 0;
	out->score = clamp01(cfg->w_correct + cfg->w_util * u + cfg->w_speed * s +
			     cfg->w_both * u * s);
	char why[400] = "";
	if (bloated)
		snprintf(why, sizeof why, "; no speed points: the timed replays needed "
			 "%.2f times the reference's heap, the checked one %.2f times: "
			 "the timed replays must do the same work as the checked one",
			 sh->timed.extent_ratio, checked);
	char ins[200] = "";
	if (capped)
		snprintf(why + strlen(why), sizeof why - strlen(why), "; speed from CPU time: "
			 "it disagrees with the instructions counted by more than %.0f times",
			 DRIVER_CPU_TRUST);
	if (sh->counted)
		snprintf(ins, sizeof ins, "%.0f instructions per operation (reference %.0f), ",
			 out->ipo, out->ref_ipo);
	else if (sh->count_note[0])
		snprintf(why + strlen(why), sizeof why - strlen(why), "; %s", sh->count_note);
	snprintf(out->msg, sizeof out->msg, "util %.1f%% (reference %.1f%%), %s"
		 "%.0f Kops (reference %.0f, C library %.0f)%s", 100 * out->util,
		 100 * out->ref_util, ins, out->kops, out->ref_kops, out->libc_kops, why);
}

/* Where the child was when it stopped, for crash and timeout messages. */
static void where(const struct trace *t, const struct shared *sh, char *buf, size_t len)
{
	int i = sh->pr.op, last = sh->pr.last;
	if (i >= 0 && last > i && last < t->num_ops) {
		snprintf(buf, len, "%s, in a batch of the operations at %s.rep:%d-%d",
			 sh->pr.phase, t->name, t->ops[i].line, t->ops[last].line);
	} else if (i >= 0 && i < t->num_ops) {
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
	static long long base_ir;       /* count.c: the same for every trace */
	static int hangs;               /* traces in a row that hung */
	sh->base_ir = base_ir;
	sh->hurried = hangs >= 2;
	sh->cfg = *cfg;
	snprintf(sh->path, sizeof sh->path, "%s", path);
	sh->pr.op = -1;
	sh->pr.last = -1;
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
	double limit = limit_for(cfg, &t);
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
		if (el > limit && !timed_out) {
			timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
	kill(-pid, SIGKILL);    /* anything the allocator forked */
	if (sh->base_ir > 0)
		base_ir = sh->base_ir;
	hangs = sh->hung || timed_out ? hangs + 1 : 0;

	out->ops = t.num_ops;
	out->weight = t.weight;
	if (sh->ref_ok) {       /* also beside a failure (--bench shows them) */
		out->ref_ok = true;
		out->ref_util = sh->ref_util;
		out->ref_kops = kops_of(&t, sh->timed.ref_secs);
		out->libc_kops = kops_of(&t, sh->timed.libc_secs);
	}
	char at[256];
	where(&t, sh, at, sizeof at);
	if (timed_out) {
		out->status = "timeout";
		snprintf(out->msg, sizeof out->msg, "no result within %.0f s (%s)",
			 limit, at);
	} else if (sh->driver_failed || (!sh->done && !WIFSIGNALED(status))) {
		out->status = "error";
		snprintf(out->msg, sizeof out->msg, "%s", sh->msg[0] ? sh->msg :
			 "the driver's child ended without a result");
	} else if (!sh->done) {
		/* The driver's own process: it links no student code, yet reads
		   a heap the worker can write to at any time. */
		out->status = "fail";
		snprintf(out->msg, sizeof out->msg, "the driver died of %s while checking "
			 "the allocator's heap (%s): did the allocator's process write to "
			 "its heap outside its calls?", signal_name(WTERMSIG(status)), at);
	} else if (!sh->ref_ok) {
		out->status = "error";
		snprintf(out->msg, sizeof out->msg, "%s", sh->msg);
	} else if (!sh->ok) {
		out->status = sh->hung ? "timeout" : "fail";
		snprintf(out->msg, sizeof out->msg, "%.900s%s", sh->msg, sh->hung && sh->hurried ?
			 " (the traces before it hung too: each call now gets "
			 DRIVER_HURRIED_TEXT " s)" : "");
	} else {
		score(cfg, &t, sh, out);
	}
	munmap(sh, sizeof *sh);
	trace_free(&t);
}
