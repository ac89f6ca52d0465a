// SPDX-License-Identifier: MIT
/*
 * worker.c - the worker: the process that runs your code for the tests.
 * Each handler takes a call's arguments from the tests' stub (stubs.c),
 * calls your function and sends back what it returned and errno. The
 * handlers after them are fixed code the tests use to set the scene in this
 * process (fns.h).
 */
#include "fns.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bump.h"
#include "heap.h"
#include "maps.h"
#include "probe.h"
#include "remote.h"
#include "remote_worker.h"

static void put_ptr_errno(struct rmsg *out, void *p, int err)
{
	rmsg_put_u64(out, (uintptr_t)p);
	rmsg_put_i64(out, err);
}

static void w_heap_break(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	errno = 0;
	void *p = heap_break();
	put_ptr_errno(out, p, errno);
}

static void w_heap_grow(struct rmsg *in, struct rmsg *out)
{
	size_t n = (size_t)wget_u64(in);
	errno = 0;
	void *p = heap_grow(n);
	put_ptr_errno(out, p, errno);
}

static void w_heap_shrink(struct rmsg *in, struct rmsg *out)
{
	size_t n = (size_t)wget_u64(in);
	errno = 0;
	void *p = heap_shrink(n);
	put_ptr_errno(out, p, errno);
}

static void w_probe_readable(struct rmsg *in, struct rmsg *out)
{
	const void *addr = (const void *)(uintptr_t)wget_u64(in);
	errno = 0;
	int rc = probe_readable(addr);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
}

static void w_probe_writable(struct rmsg *in, struct rmsg *out)
{
	void *addr = (void *)(uintptr_t)wget_u64(in);
	errno = 0;
	int rc = probe_writable(addr);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
}

static void w_bump_alloc(struct rmsg *in, struct rmsg *out)
{
	size_t n = (size_t)wget_u64(in);
	errno = 0;
	void *p = bump_alloc(n);
	put_ptr_errno(out, p, errno);
}

static void w_bump_reset(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	errno = 0;
	int rc = bump_reset();
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
}

static void w_maps_find_heap(struct rmsg *in, struct rmsg *out)
{
	uintptr_t start = (uintptr_t)wget_u64(in), end = (uintptr_t)wget_u64(in);
	errno = 0;
	int rc = maps_find_heap(&start, &end);
	rmsg_put_i64(out, rc);
	rmsg_put_i64(out, errno);
	rmsg_put_u64(out, start);
	rmsg_put_u64(out, end);
}

/* The fixed code's own scene setting. */

static void w_brk(struct rmsg *in, struct rmsg *out)
{
	uintptr_t addr = (uintptr_t)wget_u64(in);
	/* Moved with the C library's brk, which keeps sbrk's idea of the break
	   (your code's) in step; read with the system call, which says where
	   the kernel has it: the current break when addr is 0 or refused. */
	if (addr)
		brk((void *)addr);
	rmsg_put_u64(out, (uintptr_t)syscall(SYS_brk, 0));
}

/* The soft RLIMIT_DATA (the tests read both limits in /proc/PID/limits). */
static void w_set_data_limit(struct rmsg *in, struct rmsg *out)
{
	uint64_t cur = wget_u64(in);
	struct rlimit r;
	int rc = getrlimit(RLIMIT_DATA, &r);
	if (rc == 0) {
		r.rlim_cur = (rlim_t)cur;
		rc = setrlimit(RLIMIT_DATA, &r);
	}
	rmsg_put_i64(out, rc ? -errno : 0);
}

static void w_mmap(struct rmsg *in, struct rmsg *out)
{
	size_t len = (size_t)wget_u64(in);
	int prot = (int)wget_i64(in);
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rmsg_put_u64(out, p == MAP_FAILED ? 0 : (uintptr_t)p);
}

static void w_munmap(struct rmsg *in, struct rmsg *out)
{
	uintptr_t p = (uintptr_t)wget_u64(in);
	size_t len = (size_t)wget_u64(in);
	rmsg_put_i64(out, munmap((void *)p, len));
}

/* A page of a file with no bytes: touching it raises SIGBUS. */
static void w_map_empty_file(struct rmsg *in, struct rmsg *out)
{
	(void)wget_u64(in);   /* worker_call's argument, unused */
	void *p = MAP_FAILED;
	int fd = memfd_create("empty", MFD_CLOEXEC);
	if (fd >= 0) {
		p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	}
	rmsg_put_i64(out, p == MAP_FAILED ? 0 : (int64_t)(uintptr_t)p);
}

int global_counter = OBJ_GLOBAL_VALUE;
static volatile char *main_stack_bytes;   /* 64 bytes in main's frame */

static void w_objects(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	uintptr_t at[OBJ_COUNT] = {
		[OBJ_LOCAL] = (uintptr_t)main_stack_bytes,
		[OBJ_GLOBAL] = (uintptr_t)&global_counter,
		[OBJ_LITERAL] = (uintptr_t)OBJ_LITERAL_TEXT,
		[OBJ_FUNCTION] = (uintptr_t)w_objects,
	};
	for (size_t i = 0; i < OBJ_COUNT; i++)
		rmsg_put_u64(out, at[i]);
}

static void other_segv(int sig, siginfo_t *si, void *ctx) { (void)sig; (void)si; (void)ctx; }
static void other_bus(int sig) { (void)sig; }

static void w_set_handlers(struct rmsg *in, struct rmsg *out)
{
	(void)wget_u64(in);
	struct sigaction segv = { 0 }, bus = { 0 };
	segv.sa_sigaction = other_segv;
	segv.sa_flags = SA_SIGINFO | SA_RESTART;
	bus.sa_handler = other_bus;
	bus.sa_flags = SA_RESTART;
	sigemptyset(&segv.sa_mask);
	sigemptyset(&bus.sa_mask);
	int rc = sigaction(SIGSEGV, &segv, NULL) | sigaction(SIGBUS, &bus, NULL);
	rmsg_put_i64(out, rc);
}

/* Whether the handlers w_set_handlers installed are still there; then the
   defaults, so that a fault afterwards kills the worker. */
static void w_check_handlers(struct rmsg *in, struct rmsg *out)
{
	(void)in;
	struct sigaction now_segv, now_bus;
	sigaction(SIGSEGV, NULL, &now_segv);
	sigaction(SIGBUS, NULL, &now_bus);
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	rmsg_put_i64(out, now_segv.sa_sigaction == other_segv && (now_segv.sa_flags & SA_SIGINFO));
	rmsg_put_i64(out, now_bus.sa_handler == other_bus && !(now_bus.sa_flags & SA_SIGINFO));
}

static void w_write_byte(struct rmsg *in, struct rmsg *out)
{
	volatile char *p = (volatile char *)(uintptr_t)wget_u64(in);
	signal(SIGSEGV, SIG_DFL);               /* no handler: let a fault kill */
	*p = 'x';
	rmsg_put_i64(out, 0);
}

static void w_malloc(struct rmsg *in, struct rmsg *out)
{
	rmsg_put_i64(out, (int64_t)(uintptr_t)malloc((size_t)wget_u64(in)));
}

static void w_free(struct rmsg *in, struct rmsg *out)
{
	free((void *)(uintptr_t)wget_u64(in));
	rmsg_put_i64(out, 0);
}

static void w_trim_threshold(struct rmsg *in, struct rmsg *out)
{
	rmsg_put_i64(out, mallopt(M_TRIM_THRESHOLD, (int)wget_u64(in)));
}

/* build/firstbrk in a fresh process, a child of the worker: it holds your
   code, so it runs where your code runs, never in the tests' process. */
static void w_run_firstbrk(struct rmsg *in, struct rmsg *out)
{
	static const char prog[] = FIRSTBRK;
	bool no_aslr = wget_i64(in) != 0;
	char text[4096] = "";
	int status = -1;
	int fds[2];
	if (pipe(fds) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
			close(REMOTE_FD);
			if (no_aslr) {
				int now = personality(0xffffffff);
				if (now < 0 || personality((unsigned long)now | ADDR_NO_RANDOMIZE) < 0 ||
				    !(personality(0xffffffff) & ADDR_NO_RANDOMIZE))
					_exit(EXIT_NO_PERSONALITY);
			}
			execl(prog, "firstbrk", (char *)NULL);
			_exit(EXIT_NO_EXEC);
		}
		close(fds[1]);
		size_t have = 0;
		ssize_t n;
		while (pid > 0 && have < sizeof text - 1 &&
		       (n = read(fds[0], text + have, sizeof text - 1 - have)) > 0)
			have += (size_t)n;
		text[have] = '\0';
		close(fds[0]);
		while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	rmsg_put_i64(out, status);
	rmsg_put_str(out, text);
}

static const struct remote_fn fns[RF_COUNT] = {
	[RF_HEAP_BREAK] = { "heap_break", w_heap_break },
	[RF_HEAP_GROW] = { "heap_grow", w_heap_grow },
	[RF_HEAP_SHRINK] = { "heap_shrink", w_heap_shrink },
	[RF_PROBE_READABLE] = { "probe_readable", w_probe_readable },
	[RF_PROBE_WRITABLE] = { "probe_writable", w_probe_writable },
	[RF_BUMP_ALLOC] = { "bump_alloc", w_bump_alloc },
	[RF_BUMP_RESET] = { "bump_reset", w_bump_reset },
	[RF_MAPS_FIND_HEAP] = { "maps_find_heap", w_maps_find_heap },
	[RF_BRK] = { "brk in the worker", w_brk },
	[RF_MMAP] = { "mmap in the worker", w_mmap },
	[RF_MUNMAP] = { "munmap in the worker", w_munmap },
	[RF_MAP_EMPTY_FILE] = { "mapping an empty file in the worker", w_map_empty_file },
	[RF_OBJECTS] = { "the worker's objects", w_objects },
	[RF_SET_HANDLERS] = { "installing handlers in the worker", w_set_handlers },
	[RF_CHECK_HANDLERS] = { "checking the worker's handlers", w_check_handlers },
	[RF_SET_DATA_LIMIT] = { "setrlimit in the worker", w_set_data_limit },
	[RF_WRITE_BYTE] = { "a write in the worker", w_write_byte },
	[RF_MALLOC] = { "malloc in the worker", w_malloc },
	[RF_FREE] = { "free in the worker", w_free },
	[RF_TRIM_THRESHOLD] = { "mallopt in the worker", w_trim_threshold },
	[RF_RUN_FIRSTBRK] = { "running build/firstbrk", w_run_firstbrk },
};

int main(void)
{
	/* Bytes of the main thread's stack that stay alive while the worker
	   answers: the probes may read and write them back. */
	volatile char stack_bytes[64] = { 0 };
	main_stack_bytes = stack_bytes;
	int rc = remote_worker_main(fns, RF_COUNT);
	main_stack_bytes = NULL;
	return rc;
}
