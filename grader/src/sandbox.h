// SPDX-License-Identifier: MIT
/*
 * sandbox.h - run a command that may misbehave: in its own process group,
 * with resource limits and a wall-clock limit, its output captured up to a cap.
 * Whatever the command does, run_command returns with what was observed.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct run_limits {
	double wall_seconds;              /* then the whole group is killed */
	unsigned long cpu_seconds;        /* RLIMIT_CPU, 0 = unlimited */
	unsigned long long as_bytes;      /* RLIMIT_AS, 0 = unlimited */
	unsigned long long fsize_bytes;   /* RLIMIT_FSIZE, 0 = unlimited */
	unsigned long nproc;              /* RLIMIT_NPROC, 0 = unlimited */
	unsigned long nofile;             /* RLIMIT_NOFILE, 0 = unchanged */
	size_t output_max;                /* bytes of output kept */
	/* Isolation for untrusted code, where the system allows it (root):
	   run as this user and group (0 = stay as we are), in a private
	   network namespace with no interfaces up, with `hide` (NULL or a
	   NULL-terminated list of folders) covered by an empty read-only
	   filesystem, and with /tmp and /dev/shm of its own. */
	unsigned uid, gid;
	bool private_net;
	const char *const *hide;
	/* Non-NULL: /tmp and /dev/shm are private, but for these folders
	   (NULL-terminated), still reachable at their paths. */
	const char *const *reachable;
	/* Files (NULL-terminated) covered by /dev/null in the run's mount
	   namespace: the reference's programs, for a worker of the student's
	   (workerexec.c). */
	const char *const *mask;
	/* After the run, kill this user's processes too (0: only `uid`'s):
	   a command that runs as root but starts student code as `uid`. */
	unsigned leftover_uid;
};

struct run_result {
	bool started;        /* false: fork or exec failed (see output) */
	bool timed_out;      /* killed for running past wall_seconds */
	int exit_code;       /* when it exited, else -1 */
	int signal;          /* the signal that killed it, else 0 */
	char *output;        /* standard output and error, interleaved */
	size_t output_len;   /* bytes kept */
	size_t output_total; /* bytes written in all */
	double seconds;
};

/* The limits the grader uses for student code, before a caller's changes. */
struct run_limits default_limits(void);

/* Run argv[0] (searched in PATH) in `cwd` with a minimal environment (PATH,
   HOME=/tmp, LANG=LC_ALL=C, TMPDIR and TRACES if set; nothing else of the
   grader's) plus the NAME=value strings of `env` (NULL-terminated, may be
   NULL). */
void run_command(char *const argv[], const char *cwd, char *const env[],
                 const struct run_limits *lim, struct run_result *res);

void run_result_free(struct run_result *res);

/* In the calling process, without forking: the isolation and the limits of
   `lim` (its namespaces, its user, its rlimits), as run_command gives the
   command it starts. For a process that then execs student code. Exits
   with status 127 when it cannot give up root. */
void sandbox_enter(const struct run_limits *lim);

/* One line describing how the command ended: "exited with status 1",
   "killed by signal 11 (Segmentation fault)", "timed out after 10 s". */
char *describe_end(const struct run_result *res, const struct run_limits *lim);

/* SIGKILL every child of the calling process but the `spare` ones, each
   with the process group it leads; the caller reaps them. For a batch whose
   student grader was killed: its commands are then orphans of the batch.
   Returns how many there were. */
int kill_strays(const pid_t *spare, size_t nspare);

/* In the calling process and what it starts from then on: a mount
   namespace of its own, and an empty tmpfs of at most `bytes` mounted
   nodev,nosuid over `dir`. Returns 0, or -1 (not root, no namespaces) with
   nothing changed but perhaps the namespace. */
int sandbox_private_fs(const char *dir, unsigned long long bytes);

/* Call once at start (and in each forked grader process): orphans of commands become the grader's children,
   so that nothing a command leaves behind outlives its run. */
void sandbox_init(void);

#endif
