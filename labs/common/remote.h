// SPDX-License-Identifier: MIT
/*
 * remote.h - the judge's side: call the student's code in a worker process.
 *
 * Why. A test that links the student's code shares a process with it, and
 * code in that process can write anything the test would have written: a
 * pass, a score, a measurement. So a lab's tests (the judge) are built
 * without the student's code, and build/worker is built with it. For each
 * student function the lab has a stub with the same signature, which packs
 * the arguments into a message; rcall_send hands it to the worker, which
 * calls the real function and sends back what it returned and what it wrote
 * through its pointers; the stub unpacks that into the judge's own memory,
 * and the test's assertions run there. What the judge concludes comes from
 * answers it checked and from what it reads of the worker from outside
 * (/proc/PID/maps, its memory, its CPU time), never from the worker's word
 * about a verdict.
 *
 * A stub:
 *
 *     int maps_parse_line(const char *line, struct map_entry *e)
 *     {
 *         struct rcall c;
 *         rcall_begin(&c, RF_MAPS_PARSE_LINE, "maps_parse_line");
 *         rmsg_put_str(&c.msg, line);
 *         rmsg_put_bytes(&c.msg, e, sizeof *e);      in and out: the test may preset it
 *         rcall_send(&c);                            waits for the answer
 *         int rc = (int)rcall_i64(&c);
 *         errno = (int)rcall_i64(&c);
 *         rcall_bytes(&c, e, sizeof *e);
 *         rcall_end(&c);
 *         return rc;
 *     }
 *
 * Failures end the test, through remote_fail, with a message naming the
 * function: the worker crashed ("maps_parse_line crashed the worker: killed
 * by signal 11 (Segmentation fault)"), ended ("... exited with status 0: did
 * the code call exit()?"), did not answer within the time limit, or answered
 * with something that is not what the stub expects.
 *
 * The worker starts at the first call and lives until remote_stop (each test
 * runs in a process of its own, so each test gets a new worker). Where it
 * comes from, and the time limit of one call, can be set in the environment:
 *   MEMLABS_WORKER         the worker program (default build/worker)
 *   MEMLABS_WORKER_WRAP    a command to run it under (a sandbox), its words
 *                          separated by the byte 0x1f
 *   MEMLABS_CALL_SECONDS   the time limit of one call (default 8: within the
 *                          10 s Criterion gives a test, labproto.h)
 */
#ifndef REMOTE_H
#define REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "remote_msg.h"

/* The file descriptor the worker finds its socket on. */
#define REMOTE_FD 3

/* One call in progress: the message, then the answer in the same place. */
struct rcall {
	const char *fn;         /* the function's name, for messages */
	struct rmsg msg;
};

void rcall_begin(struct rcall *c, uint32_t id, const char *fn);
/* Send the call and wait for its answer (serving callbacks meanwhile). */
void rcall_send(struct rcall *c);
/* The answer's items, in order; a missing or mistyped item ends the test. */
int64_t rcall_i64(struct rcall *c);
uint64_t rcall_u64(struct rcall *c);
double rcall_f64(struct rcall *c);
void rcall_bytes(struct rcall *c, void *dst, size_t n);
char *rcall_str(struct rcall *c, size_t max);       /* to free; may be NULL */
/* Every item read; frees the message. */
void rcall_end(struct rcall *c);

/* How a failure ends the test. The test harness sets it (to a Criterion
   assertion); by default the message goes to standard error and the
   process exits with status 1. It must not return. */
extern void (*remote_fail_hook)(const char *message);
__attribute__((noreturn, format(printf, 1, 2)))
void remote_fail(const char *fmt, ...);

/* Functions of the judge the worker may call back during a call (a test
   passing a function pointer to the student's code). */
typedef void remote_callback(struct rmsg *args, struct rmsg *ret);
void remote_set_callback(uint32_t id, remote_callback *fn);

/* Several workers at once: calls (and everything below) go to the worker
   of the slot last chosen (0 to begin with). path: its program, once and
   for all (NULL: as it was; slot 0's default is MEMLABS_WORKER). */
#define REMOTE_SLOTS 4
void remote_use(int slot, const char *path);
int remote_slot(void);          /* the slot chosen */

/* The chosen slot's worker, from its next start, runs under a command
   (words: NULL-terminated, kept by the caller; NULL: none), after
   MEMLABS_WORKER_WRAP's words. capture_stderr: its standard error goes to
   a pipe that remote_take_stderr reads. */
void remote_run_under(const char *const *words, bool capture_stderr);

/* What the chosen slot's last worker wrote to its standard error, up to max
   bytes (to free); call it after remote_stop. */
char *remote_take_stderr(size_t max);

/* Stop the worker's process group until the next call: between calls,
   nothing it started runs beside the judge. */
void remote_pause(void);

/* A descriptor the worker inherits as REMOTE_FD + 1 (the shared heap's
   memfd, memlib.h), from the next worker started on; -1: none. */
void remote_pass_fd(int fd);

/* The worker's pid, as this process sees it (starting the worker if needed). */
pid_t remote_worker_pid(void);

/* The time limit of the calls from now on (seconds; 0: the default, from
   MEMLABS_CALL_SECONDS). Returns the limit that was in force. */
double remote_set_call_seconds(double seconds);

/* Set when a call ran past its limit, before remote_fail. */
extern bool remote_timed_out;

/* End the worker, if one runs, and wait for it. */
void remote_stop(void);

/* Observing the worker from outside. Each returns -1 with errno when the
   worker's memory or /proc files cannot be read. */
int remote_peek(uintptr_t addr, void *buf, size_t n);         /* its memory */
int remote_poke(uintptr_t addr, const void *buf, size_t n);
long long remote_cpu_ns(void);        /* CPU time its threads have used, in ns */

#endif
