// SPDX-License-Identifier: MIT
/* remote.c - see remote.h. The judge's side; links no student code. */
#include "remote.h"
#include "labproto.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_CALLBACKS = 16, MAX_WRAP = 32, MAX_PREFIX = 8 };

/* A worker and how to reach it: one per slot (remote_use). */
struct conn {
	pid_t pid;              /* the worker (or its wrapper), -1: none */
	int sock;               /* the judge's end of the socket */
	int passed_fd;          /* given to the worker as REMOTE_FD + 1 */
	bool paused;            /* stopped by remote_pause */
	const char *const *prefix;     /* remote_run_under: words before the worker */
	bool capture;           /* its standard error into err_fd */
	int err_fd;             /* the read end, -1: none */
	const char *path;       /* the worker program; NULL: MEMLABS_WORKER */
};
static struct conn conns[REMOTE_SLOTS] = {
	[0 ... REMOTE_SLOTS - 1] = { .pid = -1, .sock = -1, .passed_fd = -1, .err_fd = -1 },
};
static struct conn *cn = &conns[0];    /* the slot calls go to */
static remote_callback *callbacks[MAX_CALLBACKS];
static struct rcall *active;   /* the call in progress: freed if it fails */

static void default_fail(const char *message)
{
	fprintf(stderr, "%s\n", message);
	exit(1);
}

void (*remote_fail_hook)(const char *message) = default_fail;

void remote_fail(const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (active)
		rmsg_free(&active->msg);
	active = NULL;
	remote_stop();
	remote_fail_hook(message);
	abort();   /* a hook that returns breaks its contract */
}

void remote_set_callback(uint32_t id, remote_callback *fn)
{
	if (id >= MAX_CALLBACKS)
		remote_fail("remote: callback id %u is past the %d allowed", id, MAX_CALLBACKS);
	callbacks[id] = fn;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double call_seconds;     /* remote_set_call_seconds; 0: the default */

static double call_limit(void)
{
	if (call_seconds > 0)
		return call_seconds;
	const char *s = getenv("MEMLABS_CALL_SECONDS");
	double v = s ? strtod(s, NULL) : 0;
	/* By default within the time Criterion gives a test, so that `make
	   test` names the function that hung too. */
	return v > 0 ? v : LABPROTO_TEST_SECONDS * 0.8;
}

double remote_set_call_seconds(double seconds)
{
	double old = call_limit();
	call_seconds = seconds;
	return old;
}

bool remote_timed_out;

/* The worker's command: MEMLABS_WORKER_WRAP's words, the slot's prefix,
   then the worker. */
static void worker_argv(char *argv[MAX_WRAP + MAX_PREFIX + 2], char *wrap_copy)
{
	size_t n = 0;
	if (wrap_copy && *wrap_copy) {
		for (char *w = wrap_copy; w && n < MAX_WRAP; ) {
			char *sep = strchr(w, '\x1f');
			if (sep)
				*sep = '\0';
			if (*w)
				argv[n++] = w;
			w = sep ? sep + 1 : NULL;
		}
	}
	for (size_t k = 0; cn->prefix && cn->prefix[k] && k < MAX_PREFIX; k++)
		argv[n++] = (char *)cn->prefix[k];
	const char *path = cn->path ? cn->path : getenv("MEMLABS_WORKER");
	argv[n++] = (char *)(path && *path ? path : "build/worker");
	argv[n] = NULL;
}

void remote_run_under(const char *const *words, bool capture_stderr)
{
	cn->prefix = words;
	cn->capture = capture_stderr;
}

char *remote_take_stderr(size_t max)
{
	char *text = calloc(1, max + 1);
	size_t got = 0;
	if (!text)
		return NULL;
	while (cn->err_fd >= 0 && got < max) {
		ssize_t r = read(cn->err_fd, text + got, max - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (cn->err_fd >= 0)
		close(cn->err_fd);
	cn->err_fd = -1;
	return text;
}

/* A pipe for the worker's standard error, when the slot captures it: big,
   so that what a worker prints does not block it; the judge's end does not
   block either (a process the worker left holding the other end cannot
   make the judge wait). */
static int capture_pipe(int fds[2])
{
	fds[0] = fds[1] = -1;
	if (!cn->capture)
		return 0;
	if (cn->err_fd >= 0)
		close(cn->err_fd);
	cn->err_fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fcntl(fds[0], F_SETPIPE_SZ, 1 << 20);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	return 0;
}

void remote_use(int slot, const char *path)
{
	if (slot < 0 || slot >= REMOTE_SLOTS)
		remote_fail("remote: slot %d: there are %d", slot, REMOTE_SLOTS);
	cn = &conns[slot];
	if (path)
		cn->path = path;
}

int remote_slot(void)
{
	return (int)(cn - conns);
}

void remote_pause(void)
{
	if (cn->pid > 0 && kill(-cn->pid, SIGSTOP) == 0)
		cn->paused = true;
}

void remote_pass_fd(int fd)
{
	cn->passed_fd = fd;
}

static void start_worker(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		remote_fail("remote: socketpair: %s", strerror(errno));
	const char *wrap = getenv("MEMLABS_WORKER_WRAP");
	char *wrap_copy = wrap ? strdup(wrap) : NULL;
	char *argv[MAX_WRAP + MAX_PREFIX + 2];
	worker_argv(argv, wrap_copy);
	int err[2];
	if (capture_pipe(err) < 0)
		remote_fail("remote: pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		remote_fail("remote: fork: %s", strerror(errno));
	if (pid == 0) {
		/* The worker dies with the judge, in a process group of its own
		   so that a time-out kills whatever it started too. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setpgid(0, 0);
		/* The passed descriptor first goes out of the way of REMOTE_FD
		   (it may be 3 itself); dup2 leaves the copy open across exec. */
		int extra = cn->passed_fd >= 0 ? fcntl(cn->passed_fd, F_DUPFD_CLOEXEC, 10) : -1;
		if (dup2(sv[1], REMOTE_FD) < 0)
			_exit(127);
		if (extra >= 0 && dup2(extra, REMOTE_FD + 1) < 0)
			_exit(127);
		if (err[1] >= 0 && dup2(err[1], 2) < 0)
			_exit(127);
		/* Nothing else of the test's goes with it (its marks file,
		   Criterion's pipes): the worker gets 0-2, REMOTE_FD and the
		   passed descriptor. */
		close_range(REMOTE_FD + (extra >= 0 ? 2 : 1), ~0U, 0);
		execvp(argv[0], argv);
		fprintf(stderr, "remote: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free(wrap_copy);
	close(sv[1]);
	if (err[1] >= 0)
		close(err[1]);
	cn->err_fd = err[0];
	cn->sock = sv[0];
	cn->pid = pid;
	/* Writing to a worker that has died must be an error, not a SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
}

pid_t remote_worker_pid(void)
{
	if (cn->pid < 0)
		start_worker();
	return cn->pid;
}

static void kill_worker(void)
{
	kill(-cn->pid, SIGKILL);
	kill(cn->pid, SIGKILL);
}

void remote_stop(void)
{
	if (cn->pid < 0)
		return;
	kill(-cn->pid, SIGCONT);        /* after remote_pause */
	close(cn->sock);
	/* A worker that is not in a call ends when its socket closes; one
	   still busy in student code gets a second to notice, then is killed. */
	double until = seconds_now() + 1.0;
	int status;
	while (waitpid(cn->pid, &status, WNOHANG) == 0) {
		if (seconds_now() > until) {
			kill_worker();
			waitpid(cn->pid, &status, 0);
			break;
		}
		usleep(1000);
	}
	cn->pid = -1;
	cn->sock = -1;
}

/* How the worker ended, after its socket closed. */
__attribute__((noreturn))
static void worker_ended(const char *fn)
{
	int status = 0;
	pid_t r;
	double until = seconds_now() + 2.0;
	while ((r = waitpid(cn->pid, &status, WNOHANG)) == 0 && seconds_now() < until)
		usleep(1000);
	if (r == 0) {
		kill_worker();
		waitpid(cn->pid, &status, 0);
	}
	cn->pid = -1;
	close(cn->sock);
	cn->sock = -1;
	if (r > 0 && WIFSIGNALED(status))
		remote_fail("%s crashed the student's process: killed by signal %d (%s)", fn,
		            WTERMSIG(status), strsignal(WTERMSIG(status)));
	if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		remote_fail("%s: the worker could not start (is build/worker built?)", fn);
	if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		remote_fail("the student's process ended during %s, with exit status 0: "
		            "did the code call exit() or _exit()?", fn);
	if (r > 0 && WIFEXITED(status))
		remote_fail("the student's process ended during %s, with exit status %d: a "
		            "sanitizer's report (see the output above), or the code called exit()",
		            fn, WEXITSTATUS(status));
	remote_fail("the student's process closed its end of the channel during %s", fn);
}

void rcall_begin(struct rcall *c, uint32_t id, const char *fn)
{
	memset(c, 0, sizeof *c);
	c->fn = fn;
	rmsg_reset(&c->msg, RMSG_CALL, id);
}

/* Run the judge's callback the worker asked for, and answer it. */
static void serve_callback(struct rcall *c)
{
	uint32_t id = c->msg.id;
	if (id >= MAX_CALLBACKS || !callbacks[id])
		remote_fail("%s asked the judge for callback %u, which the test did not set", c->fn, id);
	struct rmsg ret = {0};
	rmsg_reset(&ret, RMSG_CBRETURN, id);
	callbacks[id](&c->msg, &ret);
	int rc = rmsg_send(cn->sock, &ret);
	rmsg_free(&ret);
	if (rc < 0)
		worker_ended(c->fn);
}

void rcall_send(struct rcall *c)
{
	active = c;
	if (cn->pid < 0)
		start_worker();
	else if (cn->paused)
		kill(-cn->pid, SIGCONT);        /* after remote_pause */
	cn->paused = false;
	if (rmsg_send(cn->sock, &c->msg) < 0)
		worker_ended(c->fn);
	double limit = call_limit();
	double deadline = seconds_now() + limit;
	for (;;) {
		double left = deadline - seconds_now();
		int r = left > 0 ? rmsg_recv(cn->sock, &c->msg, left) : -2;
		if (r == -2) {
			kill_worker();
			remote_stop();
			remote_timed_out = true;
			remote_fail("%s " LABPROTO_HUNG " %g s: an endless loop, or waiting for "
			            "something that never comes?", c->fn, limit);
		}
		if (r == 0)
			worker_ended(c->fn);
		if (r < 0)
			remote_fail("%s: a malformed answer from the student's process: %s", c->fn,
			            c->msg.error);
		if (c->msg.kind == RMSG_RETURN)
			return;
		if (c->msg.kind == RMSG_CALLBACK) {
			double start = seconds_now();
			serve_callback(c);
			deadline += seconds_now() - start;   /* the judge's time is not the call's */
			continue;
		}
		if (c->msg.kind == RMSG_REFUSED) {
			char *why = NULL, line[400];
			rmsg_get_str(&c->msg, &why, 300);
			snprintf(line, sizeof line, "%s", why ? why : "(no reason)");
			free(why);
			remote_fail("%s: the worker refused the call: %s", c->fn, line);
		}
		remote_fail("%s: an answer of unknown kind %d from the student's process", c->fn,
		            c->msg.kind);
	}
}

__attribute__((noreturn))
static void bad_answer(struct rcall *c)
{
	remote_fail("%s: a malformed answer from the student's process: %s", c->fn, c->msg.error);
}

int64_t rcall_i64(struct rcall *c)
{
	int64_t v;
	if (!rmsg_get_i64(&c->msg, &v))
		bad_answer(c);
	return v;
}

uint64_t rcall_u64(struct rcall *c)
{
	uint64_t v;
	if (!rmsg_get_u64(&c->msg, &v))
		bad_answer(c);
	return v;
}

double rcall_f64(struct rcall *c)
{
	double v;
	if (!rmsg_get_f64(&c->msg, &v))
		bad_answer(c);
	return v;
}

void rcall_bytes(struct rcall *c, void *dst, size_t n)
{
	if (!rmsg_get_bytes(&c->msg, dst, n))
		bad_answer(c);
}

char *rcall_str(struct rcall *c, size_t max)
{
	char *s;
	if (!rmsg_get_str(&c->msg, &s, max))
		bad_answer(c);
	return s;
}

void rcall_end(struct rcall *c)
{
	if (!rmsg_done(&c->msg))
		bad_answer(c);
	rmsg_free(&c->msg);
	active = NULL;
}

int remote_peek(uintptr_t addr, void *buf, size_t n)
{
	struct iovec local = { buf, n }, remote = { (void *)addr, n };
	ssize_t r = process_vm_readv(remote_worker_pid(), &local, 1, &remote, 1, 0);
	if (r >= 0 && (size_t)r != n)
		errno = EFAULT;
	return r >= 0 && (size_t)r == n ? 0 : -1;
}

int remote_poke(uintptr_t addr, const void *buf, size_t n)
{
	struct iovec local = { (void *)buf, n }, remote = { (void *)addr, n };
	ssize_t r = process_vm_writev(remote_worker_pid(), &local, 1, &remote, 1, 0);
	if (r >= 0 && (size_t)r != n)
		errno = EFAULT;
	return r >= 0 && (size_t)r == n ? 0 : -1;
}

/* The worker's state letter in /proc/PID/stat ('R' running, 'S' asleep, ...),
   or 0. */
static char worker_state(void)
{
	char path[64], text[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)cn->pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	const char *paren = strrchr(text, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

long long remote_cpu_ns(void)
{
	/* A process's clock, read from another, adds up what its threads
	   had run when each last left a processor: a worker still running
	   (it has just answered) would be short by up to a scheduler tick.
	   So the clock is read once it sleeps. */
	for (int tries = 0; cn->pid > 0 && worker_state() == 'R' && tries < 2000; tries++)
		sched_yield();
	/* The process's clock: every thread it has. */
	clockid_t clock;
	struct timespec ts;
	if (clock_getcpuclockid(remote_worker_pid(), &clock) == 0 &&
	    clock_gettime(clock, &ts) == 0)
		return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	char path[64], text[128];
	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)remote_worker_pid());
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	return strtoll(text, NULL, 10);
}
