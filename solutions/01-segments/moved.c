// SPDX-License-Identifier: MIT
/*
 * moved.c - snapshot the maps of a child program and compare two snapshots.
 *                                                                  (task 4)
 *
 * ADDR_NO_RANDOMIZE is a flag of the process's personality(2), read by the
 * kernel when it builds a new address space at execve. So the child sets it
 * and then execs: setting it in the parent would change nothing already
 * mapped, and would leak into every later child.
 */
#include "moved.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

// >>> child (solution only)
/* Exit statuses the child uses to tell the parent what went wrong. */
enum { CHILD_NO_PERSONALITY = 125, CHILD_NO_EXEC = 127 };

/* In the child: set or clear ADDR_NO_RANDOMIZE, then become argv. */
static void run_child(char *const argv[], bool no_randomize, int out_fd)
{
	if (dup2(out_fd, STDOUT_FILENO) < 0)
		_exit(CHILD_NO_EXEC);
	int persona = personality(0xffffffff);         /* only reads it */
	int want = no_randomize ? (persona | ADDR_NO_RANDOMIZE)
				: (persona & ~ADDR_NO_RANDOMIZE);
	if (persona == -1 || (want != persona && personality((unsigned long)want) == -1))
		_exit(CHILD_NO_PERSONALITY);
	execvp(argv[0], argv);
	_exit(CHILD_NO_EXEC);
}
// <<< child

int snapshot(char *const argv[], bool no_randomize, struct maps *out)
{
	*out = (struct maps){ 0 };
	// >>> snapshot
	//| /*
	//|  * TODO (task 4):
	//|  * - pipe(), fflush(stdout), fork().
	//|  * - Child: dup2 the write end onto STDOUT_FILENO; read the persona with
	//|  *   personality(0xffffffff); set or clear ADDR_NO_RANDOMIZE as asked
	//|  *   (only call personality again if that changes it); execvp(argv[0],
	//|  *   argv). On any failure _exit with a status that tells the parent
	//|  *   which (never return: the child must not go on running the caller).
	//|  * - Parent: close the write end, fdopen the read end, maps_read it,
	//|  *   fclose, then waitpid the child.
	//|  * - Return 0 if the child exited with 0 and the maps parsed; else -1
	//|  *   with errno EPERM (personality refused), ENOEXEC (exec failed or a
	//|  *   non-zero exit) or maps_read's errno.
	//|  */
	//| (void)argv;
	//| (void)no_randomize;
	//| errno = ENOSYS;
	//| return -1;
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	fflush(stdout);           /* or the child's copy of our buffer prints twice */
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		close(fd[0]);
		close(fd[1]);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		run_child(argv, no_randomize, fd[1]);
	}
	close(fd[1]);

	/* Read all the output before waiting: a full pipe would block the child. */
	FILE *f = fdopen(fd[0], "r");
	int rc = -1, err = ENOMEM;
	if (f) {
		rc = maps_read(f, out);
		err = errno;
		while (rc < 0 && fgetc(f) != EOF)
			;       /* drain, so the child can finish */
		fclose(f);
	} else {
		close(fd[0]);
	}

	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_NO_PERSONALITY)
		err = EPERM, rc = -1;
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		err = ENOEXEC, rc = -1;
	errno = err;
	return rc;
	// <<< snapshot
}

// >>> helpers (solution only)
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The lowest start of the mappings of path in m, or 0 if there are none. */
static uintptr_t lowest(const struct maps *m, const char *path)
{
	uintptr_t low = 0;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].path, path) == 0 && (low == 0 || m->v[i].start < low))
			low = m->v[i].start;
	return low;
}

static bool seen_before(const struct maps *m, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(m->v[k].path, m->v[i].path) == 0)
			return true;
	return false;
}

static int by_a(const void *x, const void *y)
{
	const struct move *p = x, *q = y;
	return (p->a > q->a) - (p->a < q->a);
}
// <<< helpers

// >>> compare
size_t compare_runs(const struct maps *a, const struct maps *b,
		    struct move *out, size_t max)
{
	// >>> compare-body
	//| /*
	//|  * TODO (task 4): for each path of a (once, skipping ""), if b maps the
	//|  * same path, write a move: name (base name, truncated to fit), the
	//|  * lowest start of that path in a and in b, moved = they differ.
	//|  * Order by the address in a; stop at max; return how many written.
	//|  */
	//| (void)a;
	//| (void)b;
	//| (void)out;
	//| (void)max;
	//| return 0;
	size_t n = 0;
	for (size_t i = 0; i < a->n && n < max; i++) {
		const char *path = a->v[i].path;
		if (path[0] == '\0' || seen_before(a, i))
			continue;
		uintptr_t in_b = lowest(b, path);
		if (in_b == 0)
			continue;       /* only in run a */
		struct move *mv = &out[n++];
		strncpy(mv->name, base_name(path), sizeof mv->name - 1);
		mv->name[sizeof mv->name - 1] = '\0';   /* truncated if longer */
		mv->a = lowest(a, path);
		mv->b = in_b;
		mv->moved = mv->a != mv->b;
	}
	qsort(out, n, sizeof *out, by_a);
	return n;
	// <<< compare-body
}
// <<< compare
