// SPDX-License-Identifier: MIT
/*
 * lab01.h - helpers the tests of lab 01 share.
 */
#ifndef LAB01_H
#define LAB01_H

#include "labtest.h"
#include "maps.h"
#include "remote.h"
#include "remote/fns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * maps_load("/proc/self/maps") in the worker after mapping `pads` pages below
 * the program, so that [heap]'s line ends a read of the file (*placed says
 * whether that worked), and using up the heap's free top, so that your
 * parser's allocations move the break (tests/remote/race_pads.h, worker.c).
 */
int maps_load_heap_grows(uint64_t pads, bool *placed, struct maps *m);

/* Load a maps file with the code under test, failing the test if it fails. */
static inline void load_or_fail(const char *file, struct maps *m)
{
	errno = 0;
	int rc = maps_load(file, m);
	int err = errno;
	size_t bad_line = m->bad_line;
	if (rc != 0)
		maps_free(m);   /* the tests' copy (stubs.c): the test ends here */
	errno = err;
	m->bad_line = bad_line;
	cr_assert_eq(rc, 0, "maps_load(\"%s\") returned %d (errno %d: %s, bad_line %zu), expected 0 "
		     "(tasks 2-4 read maps with your maps.c: task 1 comes first)",
		     file, rc, err, strerror(err), bad_line);
}

/* The entry of m that starts at start, or fail the test. */
static inline const struct map_entry *entry_at(const struct maps *m, uintptr_t start)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].start == start)
			return &m->v[i];
	cr_assert_fail("no entry starts at %#lx among the %zu entries read",
		       (unsigned long)start, m->n);
	return NULL;
}

static inline const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/*
 * Your code runs in the worker (build/worker), so "/proc/self/maps" read by
 * your maps_load is the worker's. The helpers below are the tests' own
 * view: of the worker from outside, or of the tests' process.
 */

/* The worker's objects (fns.h), addresses in the worker. */
static inline void worker_objects(uintptr_t at[OBJ_COUNT])
{
	struct rcall c;
	rcall_begin(&c, RF_OBJECTS, "the worker's objects");
	rcall_send(&c);
	for (size_t i = 0; i < OBJ_COUNT; i++)
		at[i] = (uintptr_t)rcall_u64(&c);
	rcall_end(&c);
}

static inline uintptr_t worker_call_u64(uint32_t id, const char *fn, uint64_t a, int64_t b)
{
	struct rcall c;
	rcall_begin(&c, id, fn);
	rmsg_put_u64(&c.msg, a);
	if (id == RF_MMAP)
		rmsg_put_i64(&c.msg, b);
	if (id == RF_MUNMAP)
		rmsg_put_u64(&c.msg, (uint64_t)b);
	rcall_send(&c);
	uintptr_t r = 0;
	if (id == RF_MALLOC || id == RF_MMAP)
		r = (uintptr_t)rcall_u64(&c);
	if (id == RF_MUNMAP)
		r = (uintptr_t)rcall_i64(&c);
	rcall_end(&c);
	return r;
}

/*
 * The mapping holding addr in the worker, as the tests read it from
 * /proc/PID/maps with a parser of their own (not yours): the truth the
 * tests hold your answers to. Returns false when no mapping holds addr.
 */
struct judge_map {
	uintptr_t start, end;
	char perms[5];
	char path[MAP_PATH_MAX];
};

static inline bool worker_mapping(uintptr_t addr, struct judge_map *jm)
{
	char file[64];
	snprintf(file, sizeof file, "/proc/%d/maps", (int)remote_worker_pid());
	FILE *f = fopen(file, "r");
	cr_assert_not_null(f, "cannot open %s: %s", file, strerror(errno));
	static char line[MAP_PATH_MAX + 256];
	bool found = false;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		int path_at = 0;
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &s, &e, jm->perms, &path_at) < 3)
			continue;
		if (addr < s || addr >= e)
			continue;
		found = true;
		jm->start = s;
		jm->end = e;
		snprintf(jm->path, sizeof jm->path, "%s", path_at ? line + path_at : "");
		jm->path[strcspn(jm->path, "\n")] = '\0';
	}
	fclose(f);
	return found;
}

/* The worker's program, as the kernel shows its path in the maps. */
static inline void worker_exe(char exe[MAP_PATH_MAX])
{
	char link[64];
	snprintf(link, sizeof link, "/proc/%d/exe", (int)remote_worker_pid());
	ssize_t len = readlink(link, exe, MAP_PATH_MAX - 1);
	cr_assert(len > 0, "readlink %s failed: %s", link, strerror(errno));
	exe[len] = '\0';
}

/*
 * Copy the tests' own /proc/self/maps into a file under build/ that the
 * worker can read (its working directory is the lab's, as the tests'), with
 * one read into a buffer that does not grow: the copy lists each mapping
 * once, as the process had them at that moment. Returns the lines copied.
 */
static inline size_t snapshot_own_maps(char name[64])
{
	static char buf[1 << 20];
	int in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	cr_assert(in >= 0, "cannot open /proc/self/maps: %s", strerror(errno));
	size_t len = 0;
	ssize_t got;
	while (len < sizeof buf && (got = read(in, buf + len, sizeof buf - len)) > 0)
		len += (size_t)got;
	close(in);
	snprintf(name, 64, "build/tests-maps-XXXXXX");
	int fd = mkstemp(name);
	cr_assert(fd >= 0, "mkstemp(%s) failed: %s", name, strerror(errno));
	/* The worker may run as another user (the grader's sandbox). */
	fchmod(fd, 0644);
	cr_assert_eq(write(fd, buf, len), (ssize_t)len, "write to %s failed", name);
	close(fd);
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	return lines;
}

/* The worker's children, alive or zombies, from /proc/PID/stat. */
static inline int worker_children(void)
{
	pid_t w = remote_worker_pid();
	DIR *d = opendir("/proc");
	cr_assert_not_null(d, "cannot open /proc");
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char file[300], text[512];
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(file, sizeof file, "/proc/%s/stat", de->d_name);
		FILE *f = fopen(file, "r");
		if (!f)
			continue;
		size_t len = fread(text, 1, sizeof text - 1, f);
		fclose(f);
		text[len] = '\0';
		const char *p = strrchr(text, ')');   /* the name may hold anything */
		int ppid;
		if (p && sscanf(p + 1, " %*c %d", &ppid) == 1 && ppid == w)
			n++;
	}
	closedir(d);
	return n;
}

#endif
