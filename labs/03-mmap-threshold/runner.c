// SPDX-License-Identifier: MIT
/*
 * runner.c - run a sequence in a fresh process and record its memory calls.
 *
 * Fixed code: see runner.h for the protocol. The strace reader here is
 * deliberately narrow: it reads only what strace prints for the single-
 * threaded seqchild it started (your trace.c reads everything strace can
 * print).
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

unsigned long probe_runs;
char probe_error[256];

static const char *child_path(void)
{
	const char *p = getenv("MEMLAB_SEQCHILD");
	return p && *p ? p : "build/seqchild";
}

/* Run argv with stdin/stdout/stderr from the given descriptors (-1: /dev/null). */
static int spawn_wait(char *const argv[], int out_fd)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(out_fd >= 0 ? out_fd : null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (out_fd >= 0)
		close(out_fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static enum observe_how how = (enum observe_how)-1;

enum observe_how observe_how(void)
{
	if ((int)how >= 0)
		return how;
	const char *force = getenv("MEMLAB_OBSERVE");
	if (force && strcmp(force, "mallinfo") == 0) {
		how = OBSERVE_MALLINFO;
		return how;
	}
	char *argv[] = { "strace", "-f", "-o", "/dev/null", "-e", "trace=brk", "true", NULL };
	how = spawn_wait(argv, -1) == 0 ? OBSERVE_STRACE : OBSERVE_MALLINFO;
	return how;
}

const char *observe_note(void)
{
	if (observe_how() == OBSERVE_STRACE)
		return "observed with strace";
	return "NOTE: strace/ptrace not available here (or MEMLAB_OBSERVE=mallinfo): "
	       "observed with mallinfo2() deltas, events of one operation summed by kind";
}

/* argv for seqchild: tokens in the text form of seq.h. */
struct child_args {
	char tok[SEQ_MAX_OPS][24];
	char *argv[SEQ_MAX_OPS + 12];
};

static void build_args(struct child_args *a, char **prefix, const struct seq *s)
{
	static const char letters[] = "mfMTP";
	int k = 0;
	for (; prefix[k]; k++)
		a->argv[k] = prefix[k];
	for (size_t i = 0; i < s->n && i < SEQ_MAX_OPS; i++) {
		snprintf(a->tok[i], sizeof a->tok[i], "%c%zu", letters[s->ops[i].kind], s->ops[i].arg);
		a->argv[k++] = a->tok[i];
	}
	a->argv[k] = NULL;
}

/* One line of `strace -f -o` output: "PID  name(args) = result ...". */
struct raw_call {
	char name[16];
	char args[256];
	long result;
};

static int read_raw(const char *line, struct raw_call *c)
{
	while (*line >= '0' && *line <= '9')
		line++;
	while (*line == ' ')
		line++;
	size_t n = strcspn(line, "(");
	if (line[n] != '(' || n == 0 || n >= sizeof c->name)
		return 0;                       /* "+++ exited", "--- SIG" lines */
	memcpy(c->name, line, n);
	c->name[n] = '\0';
	const char *args = line + n + 1;
	const char *close = args;
	for (int depth = 1; *close && (depth -= (*close == ')') - (*close == '(')) > 0;)
		close++;
	if (*close != ')')
		return -1;
	const char *eq = close ? close + 1 : NULL;
	while (eq && *eq == ' ')
		eq++;
	if (!eq || *eq != '=')
		return -1;
	size_t alen = (size_t)(close - args);
	if (alen >= sizeof c->args)
		alen = sizeof c->args - 1;
	memcpy(c->args, args, alen);
	c->args[alen] = '\0';
	c->result = strtol(eq + 1, NULL, 0);
	return 1;
}

/* The second argument of mmap/munmap/lseek. */
static unsigned long second_arg(const char *args)
{
	const char *comma = strchr(args, ',');
	return comma ? strtoul(comma + 1, NULL, 0) : 0;
}

static int read_strace(FILE *f, size_t nops, struct op_events out[], char *err, size_t errlen)
{
	char line[1024];
	long brk_now = -1;
	long op = -1;                           /* before marker 0 */
	while (fgets(line, sizeof line, f)) {
		struct raw_call c;
		int r = read_raw(line, &c);
		if (r == 0)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "runner: unexpected strace line: %.200s", line);
			return -1;
		}
		if (strcmp(c.name, "lseek") == 0 && strncmp(c.args, "-1,", 3) == 0) {
			long k = (long)second_arg(c.args);
			if (k != op + 1) {
				snprintf(err, errlen, "runner: marker %ld after marker %ld", k, op);
				return -1;
			}
			op = k;
			continue;
		}
		bool counted = op >= 0 && (size_t)op < nops;
		if (strcmp(c.name, "brk") == 0) {
			if (strncmp(c.args, "NULL", 4) != 0 && brk_now >= 0 && c.result != brk_now && counted) {
				if (c.result > brk_now)
					events_add(&out[op], EV_BRK_GROW, (size_t)(c.result - brk_now));
				else
					events_add(&out[op], EV_BRK_SHRINK, (size_t)(brk_now - c.result));
			}
			brk_now = c.result;
		} else if (strcmp(c.name, "mmap") == 0 && c.result != -1 && counted) {
			events_add(&out[op], EV_MMAP, second_arg(c.args));
		} else if (strcmp(c.name, "munmap") == 0 && c.result == 0 && counted) {
			events_add(&out[op], EV_MUNMAP, second_arg(c.args));
		}
	}
	if (op != (long)nops) {
		snprintf(err, errlen, "runner: seqchild stopped after marker %ld of %zu", op, nops);
		return -1;
	}
	return 0;
}

static int run_strace(const struct seq *s, struct op_events out[], char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/memlab03-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "runner: mkstemp %s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	char *prefix[] = { "strace", "-f", "-o", path, "-e", "trace=brk,mmap,munmap,lseek",
	                   (char *)child_path(), NULL };
	struct child_args a;
	build_args(&a, prefix, s);
	int status = spawn_wait(a.argv, -1);
	int rc = -1;
	FILE *f = fopen(path, "r");
	if (status != 0)
		snprintf(err, errlen, "runner: strace %s exited with status %d", child_path(), status);
	else if (!f)
		snprintf(err, errlen, "runner: cannot read %s", path);
	else
		rc = read_strace(f, s->n, out, err, errlen);
	if (f)
		fclose(f);
	unlink(path);
	return rc;
}

static int run_mallinfo(const struct seq *s, struct op_events out[], char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(err, errlen, "runner: pipe: %s", strerror(errno));
		return -1;
	}
	char *prefix[] = { (char *)child_path(), "-i", NULL };
	struct child_args a;
	build_args(&a, prefix, s);
	/* The pipe is read after the child exits: its output is small. */
	FILE *f = fdopen(fds[0], "r");
	int status = spawn_wait(a.argv, fds[1]);
	if (status != 0 || !f) {
		snprintf(err, errlen, "runner: %s -i exited with status %d", child_path(), status);
		if (f)
			fclose(f);
		return -1;
	}
	unsigned long arena[SEQ_MAX_OPS + 1], mapped[SEQ_MAX_OPS + 1];
	size_t lines = 0;
	while (lines <= s->n && fscanf(f, "%lu %lu", &arena[lines], &mapped[lines]) == 2)
		lines++;
	fclose(f);
	if (lines != s->n + 1) {
		snprintf(err, errlen, "runner: %s -i printed %zu lines, not %zu", child_path(), lines, s->n + 1);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (arena[i + 1] > arena[i])
			events_add(&out[i], EV_BRK_GROW, arena[i + 1] - arena[i]);
		else if (arena[i + 1] < arena[i])
			events_add(&out[i], EV_BRK_SHRINK, arena[i] - arena[i + 1]);
		if (mapped[i + 1] > mapped[i])
			events_add(&out[i], EV_MMAP, mapped[i + 1] - mapped[i]);
		else if (mapped[i + 1] < mapped[i])
			events_add(&out[i], EV_MUNMAP, mapped[i] - mapped[i + 1]);
	}
	return 0;
}

int run_sequence(const struct seq *s, struct op_events out[], char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n; i++)
		out[i].n = 0;
	if (access(child_path(), X_OK) != 0) {
		snprintf(err, errlen, "runner: %s not found (run make first, from the lab's directory)",
		         child_path());
		return -1;
	}
	if (observe_how() == OBSERVE_STRACE)
		return run_strace(s, out, err, errlen);
	return run_mallinfo(s, out, err, errlen);
}

bool probe_fresh_mmap(size_t n, void *arg)
{
	struct seq s = { 0 };
	if (arg && *(const long *)arg >= 0) {
		s.ops[s.n].kind = OP_MMAP_THRESHOLD;
		s.ops[s.n].arg = (size_t)*(const long *)arg;
		s.n++;
	}
	s.ops[s.n].kind = OP_MALLOC;
	s.ops[s.n].arg = n;
	s.n++;
	struct op_events out[2];
	probe_runs++;
	if (run_sequence(&s, out, probe_error, sizeof probe_error) < 0)
		return false;
	const struct op_events *e = &out[s.n - 1];
	for (int i = 0; i < e->n; i++)
		if (e->ev[i].kind == EV_MMAP)
			return true;
	return false;
}
