// SPDX-License-Identifier: MIT
/*
 * lab02.c - helpers for the lab 02 tests (see lab02.h).
 */
#include "lab02.h"

#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

uintptr_t page_round_up(uintptr_t addr)
{
	uintptr_t page = page_size();
	return (addr + page - 1) / page * page;
}

/* The worker's /proc/PID/name. */
static ssize_t read_worker(const char *name, char *buf, size_t len)
{
	return labtest_read_proc(remote_worker_pid(), name, buf, len);
}

uintptr_t proc_stat_field(int n)
{
	char buf[2048];
	if (read_worker("stat", buf, sizeof buf) <= 0)
		return 0;
	/* Field 2 is "(comm)" and may hold spaces: count from the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	for (int field = 3; field <= n; field++) {
		while (*p == ' ')
			p++;
		if (field == n)
			return (uintptr_t)strtoull(p, NULL, 10);
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}

long proc_status_kib(const char *key)
{
	char buf[8192];
	if (read_worker("status", buf, sizeof buf) <= 0)
		return -1;
	size_t len = strlen(key);
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, key, len) == 0)
			return strtol(line + len, NULL, 10);
	return -1;
}

/* "unlimited" or a number. */
static rlim_t limit_value(const char *s)
{
	while (*s == ' ')
		s++;
	return strncmp(s, "unlimited", 9) == 0 ? RLIM_INFINITY : (rlim_t)strtoull(s, NULL, 10);
}

bool worker_data_limit(struct rlimit *r)
{
	char buf[4096];
	if (read_worker("limits", buf, sizeof buf) <= 0)
		return false;
	const char *line = strstr(buf, "Max data size");
	if (!line)
		return false;
	/* "Max data size   SOFT   HARD   bytes", columns padded with spaces. */
	const char *soft = line + strlen("Max data size"), *hard;
	while (*soft == ' ')
		soft++;
	hard = soft;
	while (*hard && *hard != ' ')
		hard++;
	r->rlim_cur = limit_value(soft);
	r->rlim_max = limit_value(hard);
	return true;
}

long worker_rss(void)
{
	char buf[256];
	if (read_worker("statm", buf, sizeof buf) <= 0)
		return -1;
	long size, resident;
	if (sscanf(buf, "%ld %ld", &size, &resident) != 2)
		return -1;
	return resident * (long)page_size();
}

bool worker_heap(uintptr_t *start, uintptr_t *end)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)remote_worker_pid());
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s: %s", path, strerror(errno));
	char line[4096 + 256];
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len >= 6 && strcmp(line + len - 6, "[heap]") == 0 &&
		    sscanf(line, "%lx-%lx", &s, &e) == 2) {
			*start = s;
			*end = e;
			found = true;
		}
	}
	fclose(f);
	return found;
}

int64_t worker_call(uint32_t id, const char *what, uint64_t arg)
{
	struct rcall c;
	rcall_begin(&c, id, what);
	rmsg_put_u64(&c.msg, arg);
	rcall_send(&c);
	int64_t r = rcall_i64(&c);
	rcall_end(&c);
	return r;
}

static uintptr_t brk_call(uintptr_t addr)
{
	struct rcall c;
	rcall_begin(&c, RF_BRK, "brk in the worker");
	rmsg_put_u64(&c.msg, addr);
	rcall_send(&c);
	uintptr_t r = (uintptr_t)rcall_u64(&c);
	rcall_end(&c);
	return r;
}

char *worker_brk(void)
{
	uintptr_t brk = brk_call(0), start, end;
	uintptr_t start_brk = proc_stat_field(47);
	if (worker_heap(&start, &end))
		cr_assert_eq(end, page_round_up(brk), "the worker says its break is %#jx, but its [heap] "
		             "in /proc/PID/maps ends at %#jx", (uintmax_t)brk, (uintmax_t)end);
	else if (start_brk)
		cr_assert_eq(page_round_up(brk), page_round_up(start_brk), "the worker says its break is "
		             "%#jx, but it has no [heap] and its heap starts at %#jx", (uintmax_t)brk,
		             (uintmax_t)start_brk);
	return (char *)brk;
}

char *worker_sbrk(intptr_t n)
{
	char *old = worker_brk();
	uintptr_t want = (uintptr_t)old + (uintptr_t)n;
	cr_assert_eq(brk_call(want), want, "set-up: could not move the worker's break from %p by %jd",
	             (void *)old, (intmax_t)n);
	return old;
}

void restore_break(void *brk_before)
{
	if (brk_call(0) != (uintptr_t)brk_before)
		brk_call((uintptr_t)brk_before);
}

bool worker_can_read(const void *addr)
{
	char b;
	return remote_peek((uintptr_t)addr, &b, 1) == 0;
}

bool worker_can_write(void *addr)
{
	char b;
	return remote_peek((uintptr_t)addr, &b, 1) == 0 && remote_poke((uintptr_t)addr, &b, 1) == 0;
}

void worker_objects(uintptr_t at[OBJ_COUNT])
{
	struct rcall c;
	rcall_begin(&c, RF_OBJECTS, "the worker's objects");
	rcall_send(&c);
	for (size_t i = 0; i < OBJ_COUNT; i++)
		at[i] = (uintptr_t)rcall_u64(&c);
	rcall_end(&c);
}

char *worker_mmap(size_t len, int prot)
{
	struct rcall c;
	rcall_begin(&c, RF_MMAP, "mmap in the worker");
	rmsg_put_u64(&c.msg, len);
	rmsg_put_i64(&c.msg, prot);
	rcall_send(&c);
	char *p = (char *)(uintptr_t)rcall_u64(&c);
	rcall_end(&c);
	return p;
}

int worker_munmap(void *addr, size_t len)
{
	struct rcall c;
	rcall_begin(&c, RF_MUNMAP, "munmap in the worker");
	rmsg_put_u64(&c.msg, (uintptr_t)addr);
	rmsg_put_u64(&c.msg, len);
	rcall_send(&c);
	int r = (int)rcall_i64(&c);
	rcall_end(&c);
	return r;
}

int randomize_va_space(void)
{
	char buf[32];
	if (labtest_read_file("/proc/sys/kernel/randomize_va_space", buf, sizeof buf) <= 0)
		return -1;
	return atoi(buf);
}

static void parse_line(struct firstbrk *fb, const char *line)
{
	char key[32];
	char a[64] = "", b[64] = "", c[64] = "";
	if (sscanf(line, "%31s %63s %63s %63s", key, a, b, c) < 2)
		return;
	uintptr_t va = (uintptr_t)strtoull(a, NULL, 16);
	if (strcmp(key, "end") == 0)
		fb->end = va;
	else if (strcmp(key, "break") == 0)
		fb->brk = va;
	else if (strcmp(key, "gap") == 0)
		fb->gap = strtol(a, NULL, 10);
	else if (strcmp(key, "grown") == 0)
		fb->grown = va;
	else if (strcmp(key, "break_after") == 0)
		fb->brk_after = va;
	else if (strcmp(key, "heap_before") == 0)
		fb->heap_before = atoi(a);
	else if (strcmp(key, "heap_after") == 0) {
		fb->heap_after = atoi(a);
		fb->heap_start = (uintptr_t)strtoull(b, NULL, 16);
		fb->heap_end = (uintptr_t)strtoull(c, NULL, 16);
	}
}

enum firstbrk_status run_firstbrk(struct firstbrk *fb, bool no_aslr,
                                  char *why, size_t whylen)
{
	static const char prog[] = FIRSTBRK;
	memset(fb, 0, sizeof *fb);
	fb->heap_before = fb->heap_after = -2;       /* "not printed" */
	snprintf(why, whylen, "?");

	struct rcall c;
	rcall_begin(&c, RF_RUN_FIRSTBRK, "running build/firstbrk");
	rmsg_put_i64(&c.msg, no_aslr);
	rcall_send(&c);
	int status = (int)rcall_i64(&c);
	char *text = rcall_str(&c, 4096);
	rcall_end(&c);
	char out[4096];
	snprintf(out, sizeof out, "%s", text ? text : "");
	free(text);
	if (status == -1) {
		snprintf(why, whylen, "the worker could not start %s (pipe or fork failed)", prog);
		return FIRSTBRK_FAILED;
	}

	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NO_PERSONALITY)
		return FIRSTBRK_NO_PERSONALITY;
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NO_EXEC) {
		snprintf(why, whylen, "could not run %s (run make in the lab first)", prog);
		return FIRSTBRK_FAILED;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			snprintf(why, whylen, "%s died of signal %d (%s)", prog,
			         WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			snprintf(why, whylen, "%s exited with status %d", prog,
			         WEXITSTATUS(status));
		return FIRSTBRK_FAILED;
	}
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		parse_line(fb, line);
	if (fb->heap_after == -2) {
		snprintf(why, whylen, "%s printed no heap_after line", prog);
		return FIRSTBRK_FAILED;
	}
	return FIRSTBRK_OK;
}
