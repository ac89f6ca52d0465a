/* remote.c - see remote.h. The judge's side; links no student code. */
#include "remote.h"
#include "labproto.h"

#include <errno.h>
#include <fcntl.h>
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

enum { MAX_CALLBACKS = 16, MAX_WRAP = 32 };

static pid_t worker = -1;     /* the worker (or its wrapper), -1: none */
static int sock = -1;         /* the judge's end of the socket */
static remote_callback *callbacks[MAX_CALLBACKS];
static struct rcall *active;   /* the call in progress: freed if it fails */
static int passed_fd = -1;     /* given to the worker as REMOTE_FD + 1 */

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

static double call_limit(void)
{
	const char *s = getenv("MEMLABS_CALL_SECONDS");
	double v = s ? strtod(s, NULL) : 0;
	/* By default within the time Criterion gives a test, so that `make
	   test` names the function that hung too. */
	return v > 0 ? v : LABPROTO_TEST_SECONDS * 0.8;
}

/* The worker's command: MEMLABS_WORKER_WRAP's words, then the worker. */
static void worker_argv(char *argv[MAX_WRAP + 2], char *wrap_copy)
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
	const char *path = getenv("MEMLABS_WORKER");
	argv[n++] = (char *)(path && *path ? path : "build/worker");
	argv[n] = NULL;
}

void remote_pass_fd(int fd)
{
	passed_fd = fd;
}

static void start_worker(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		remote_fail("remote: socketpair: %s", strerror(errno));
	const char *wrap = getenv("MEMLABS_WORKER_WRAP");
	char *wrap_copy = wrap ? strdup(wrap) : NULL;
	char *argv[MAX_WRAP + 2];
	worker_argv(argv, wrap_copy);
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
		int extra = passed_fd >= 0 ? fcntl(passed_fd, F_DUPFD_CLOEXEC, 10) : -1;
		if (dup2(sv[1], REMOTE_FD) < 0)
			_exit(127);
		if (extra >= 0 && dup2(extra, REMOTE_FD + 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "remote: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free(wrap_copy);
	close(sv[1]);
	sock = sv[0];
	worker = pid;
	/* Writing to a worker that has died must be an error, not a SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
}

pid_t remote_worker_pid(void)
{
	if (worker < 0)
		start_worker();
	return worker;
}

static void kill_worker(void)
{
	kill(-worker, SIGKILL);
	kill(worker, SIGKILL);
}

void remote_stop(void)
{
	if (worker < 0)
		return;
	close(sock);
	/* A worker that is not in a call ends when its socket closes; one
	   still busy in student code gets a second to notice, then is killed. */
	double until = seconds_now() + 1.0;
	int status;
	while (waitpid(worker, &status, WNOHANG) == 0) {
		if (seconds_now() > until) {
			kill_worker();
			waitpid(worker, &status, 0);
			break;
		}
		usleep(1000);
	}
	worker = -1;
	sock = -1;
}

/* How the worker ended, after its socket closed. */
__attribute__((noreturn))
static void worker_ended(const char *fn)
{
	int status = 0;
	pid_t r;
	double until = seconds_now() + 2.0;
	while ((r = waitpid(worker, &status, WNOHANG)) == 0 && seconds_now() < until)
		usleep(1000);
	if (r == 0) {
		kill_worker();
		waitpid(worker, &status, 0);
	}
	worker = -1;
	close(sock);
	sock = -1;
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
	int rc = rmsg_send(sock, &ret);
	rmsg_free(&ret);
	if (rc < 0)
		worker_ended(c->fn);
}

void rcall_send(struct rcall *c)
{
	active = c;
	if (worker < 0)
		start_worker();
	if (rmsg_send(sock, &c->msg) < 0)
		worker_ended(c->fn);
	double limit = call_limit();
	double deadline = seconds_now() + limit;
	for (;;) {
		double left = deadline - seconds_now();
		int r = left > 0 ? rmsg_recv(sock, &c->msg, left) : -2;
		if (r == -2) {
			kill_worker();
			remote_stop();
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

long long remote_cpu_ns(void)
{
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
