// SPDX-License-Identifier: MIT
/*
 * count.c - see count.h.
 *
 * CPU time moves with the machine: another process on the other core, a
 * busier memory bus, a slower processor. An instruction count does not: the
 * same allocator on the same variant runs the same instructions on an idle
 * machine and a loaded one. So the driver starts a worker under
 * `valgrind --tool=cachegrind --cache-sim=no`, makes one call (the variant's
 * replay), ends it, and reads valgrind's count (its "I refs" line) from the
 * worker's standard error, which it captured. valgrind writes the count
 * after the program has ended: the last count in the stream is valgrind's,
 * whatever the program printed before it, and the worker has no room for a
 * process that could print after (the grader's sandbox). A worker's start,
 * its one call's message and its end cost the same whatever the allocator;
 * the reference's worker doing only that (the baseline) is counted too, and
 * taken away from both counts.
 */
#include "count.h"

#include "alloc_remote.h"
#include "memlib.h"
#include "playback.h"
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *count_tool(void)
{
	static char found[4096];
	static int looked;
	if (looked)
		return found[0] ? found : NULL;
	looked = 1;
	const char *path = getenv("PATH");
	for (const char *p = path ? path : "/usr/bin:/bin"; p && *p; ) {
		const char *colon = strchr(p, ':');
		int n = colon ? (int)(colon - p) : (int)strlen(p);
		snprintf(found, sizeof found, "%.*s/valgrind", n, p);
		if (n > 0 && access(found, X_OK) == 0)
			return found;
		p = colon ? colon + 1 : NULL;
	}
	found[0] = '\0';
	return NULL;
}

/* The last "I   refs:" count in what valgrind wrote, or -1. */
static long long last_count(const char *text)
{
	long long n = -1;
	for (const char *p = text; p && (p = strstr(p, "I   refs:")); p++) {
		const char *q = p + strlen("I   refs:");
		long long v = 0;
		bool digits = false;
		for (; *q == ' ' || *q == ',' || (*q >= '0' && *q <= '9'); q++)
			if (*q >= '0' && *q <= '9') {
				v = v * 10 + (*q - '0');
				digits = true;
			}
		n = digits ? v : -1;
	}
	return n;
}

/* Start the slot's worker under the tool, make one call (a replay of v,
   or, with v NULL, one that does nothing), end it: its count, or -1. */
static long long counted(int slot, const struct trace *v, void **record, int *rc)
{
	static const char *words[] = { NULL, "--tool=cachegrind", "--cache-sim=no",
				       "--cachegrind-out-file=/dev/null", NULL };
	words[0] = count_tool();
	remote_use(slot, NULL);
	remote_run_under(words, true);
	if (v) {
		/* The heap is cleared here, not in the worker: clearing it
		   costs instructions in proportion to what the last replay
		   left, which is not this allocator's work. */
		mem_rewind_brk();
		double secs;
		*rc = remote_replay(v, RA_OWN_AS_IS, record, &secs);
	} else {
		remote_hello();
	}
	remote_stop();
	char *err = remote_take_stderr(1 << 20);
	long long n = err ? last_count(err) : -1;
	free(err);
	return n;
}

int count_replays(const struct trace *v, const struct run_opts *o, struct progress *pr,
		  struct counted *c, bool *failed, char *msg, size_t len)
{
	*failed = false;
	void **record = calloc((size_t)v->num_ops, sizeof *record);
	if (!record) {
		snprintf(msg, len, "driver: out of memory");
		return -1;
	}
	int rc = -1, result = 0;
	snprintf(pr->phase, sizeof pr->phase, "counting the reference");
	long long *base = &c->base;
	if (*base <= 0)
		*base = counted(SLOT_COUNT_REFERENCE, NULL, NULL, &rc);
	long long r = counted(SLOT_COUNT_REFERENCE, v, record, &rc), s = -1;
	size_t ref_extent = replay_extent(v, record);
	double util;
	size_t extent;
	if (rc >= 0) {
		snprintf(msg, len, "%s.rep: the reference returned NULL in the counted replay",
			 v->name);
		result = -1;
	} else {
		snprintf(pr->phase, sizeof pr->phase, "counting the submission");
		s = counted(SLOT_COUNT_SUBMISSION, v, record, &rc);
		*failed = rc >= 0 || playback_check(v, record, o, pr, &util, &extent, msg, len) < 0;
		c->extent_ratio = ref_extent ? (double)extent / (double)ref_extent : 1;
		if (rc >= 0)
			snprintf(msg, len, "%s.rep: NULL in the counted replay", v->name);
		result = *failed ? -1 : 0;
	}
	if (result == 0 && (*base <= 0 || r <= *base || s <= *base)) {
		snprintf(msg, len, "no instruction count from %s", count_tool());
		result = -1;
	}
	c->sub = s - *base;
	c->ref = r - *base;
	free(record);
	return result;
}

bool count_evaded(const char *program)
{
	/* rolq $3, $13, $61, $51 of %rdi: what valgrind.h puts before every
	   client request on x86-64; nothing else emits it. */
	static const unsigned char magic[] = {
		0x48, 0xc1, 0xc7, 0x03, 0x48, 0xc1, 0xc7, 0x0d,
		0x48, 0xc1, 0xc7, 0x3d, 0x48, 0xc1, 0xc7, 0x33,
	};
	FILE *f = fopen(program, "rb");
	if (!f)
		return false;
	static unsigned char buf[1 << 16];
	size_t keep = 0, n;
	bool found = false;
	while (!found && (n = fread(buf + keep, 1, sizeof buf - keep, f)) > 0) {
		n += keep;
		found = memmem(buf, n, magic, sizeof magic) != NULL;
		keep = n < sizeof magic ? n : sizeof magic - 1;
		memmove(buf, buf + n - keep, keep);
	}
	fclose(f);
	return found;
}
