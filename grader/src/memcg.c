// SPDX-License-Identifier: MIT
/* memcg.c - a fresh memory cgroup lent to a run of a lab's tests (see memcg.h). */
#include "memcg.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "memlabs-"

/* Is `word` one of the comma-separated words of `list`? */
static bool has_word(const char *list, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p < list + len; ) {
		const char *comma = memchr(p, ',', (size_t)(list + len - p));
		size_t w = comma ? (size_t)(comma - p) : (size_t)(list + len - p);
		if (w == n && !strncmp(p, word, n))
			return true;
		p += w + 1;
	}
	return false;
}

/* The folder of this process's group in cgroup v1's memory hierarchy
   (where that hierarchy is mounted, and this process's path in it), or
   NULL. */
static char *own_group(void)
{
	char *mountpoint = NULL, *root = NULL, *path = NULL;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	while (f && !mountpoint && fgets(line, sizeof line, f)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS... - FSTYPE SOURCE SUPEROPTS */
		char *dash = strstr(line, " - cgroup ");
		if (!dash)
			continue;
		char *super = strrchr(dash, ' ');
		if (!super || !has_word(super + 1, strcspn(super + 1, "\n"), "memory"))
			continue;
		char r[1024], m[1024];
		if (sscanf(line, "%*s %*s %*s %1023s %1023s", r, m) == 2) {
			root = xstrdup(r);
			mountpoint = xstrdup(m);
		}
	}
	if (f)
		fclose(f);
	f = fopen("/proc/self/cgroup", "re");
	while (f && !path && fgets(line, sizeof line, f)) {
		/* N:CONTROLLERS:PATH */
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c2 && has_word(c1 + 1, (size_t)(c2 - c1 - 1), "memory"))
			path = xstrndup(c2 + 1, strcspn(c2 + 1, "\n"));
	}
	if (f)
		fclose(f);
	char *dir = NULL;
	if (mountpoint && path) {
		const char *rel = path;
		size_t rn = strlen(root);
		if (strcmp(root, "/") && !strncmp(path, root, rn))
			rel = path + rn;
		dir = xasprintf("%s%s", mountpoint, strcmp(rel, "/") ? rel : "");
	}
	free(mountpoint);
	free(root);
	free(path);
	return dir;
}

static bool write_text(const char *dir, const char *file, const char *text)
{
	char *path = xasprintf("%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return false;
	bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

bool memcg_remove(const char *dir)
{
	/* A process killed a moment ago may still be leaving the group. */
	for (int i = 0; i < 200; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return true;
		if (errno != EBUSY)
			return false;
		usleep(10000);
	}
	return false;
}

/* The processes still in a group, killed (a run whose grader was killed
   may leave them). */
static void kill_members(const char *dir)
{
	char *path = xasprintf("%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	free(path);
	long pid;
	while (f && fscanf(f, "%ld", &pid) == 1)
		if (pid > 0)
			kill((pid_t)pid, SIGKILL);
	if (f)
		fclose(f);
}

/* The groups of graders that are gone: memlabs-PID-N with no process PID,
   and what their runs left in them. */
static void sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)))
			continue;
		long pid = strtol(e->d_name + strlen(PREFIX), NULL, 10);
		if (pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *dir = xasprintf("%s/%s", base, e->d_name);
		kill_members(dir);
		memcg_remove(dir);
		free(dir);
	}
	if (d)
		closedir(d);
}

char *memcg_create(unsigned long long bytes, unsigned uid, unsigned gid, char **why)
{
	static unsigned serial;
	if (geteuid() != 0) {
		*why = xstrdup("the grader is not root: it cannot lend a memory cgroup");
		return NULL;
	}
	char *base = own_group();
	char *probe = base ? xasprintf("%s/memory.limit_in_bytes", base) : NULL;
	bool v1 = probe && is_file(probe);
	free(probe);
	if (!v1) {
		*why = xstrdup("no cgroup v1 memory controller here (the grader lends a memory cgroup only on "
		               "cgroup v1's memory hierarchy)");
		free(base);
		return NULL;
	}
	sweep(base);
	char *dir = xasprintf("%s/" PREFIX "%d-%u", base, (int)getpid(), serial++);
	free(base);
	char limit[32];
	snprintf(limit, sizeof limit, "%llu", bytes);
	if (mkdir(dir, 0755) != 0) {
		*why = xasprintf("cannot make the memory cgroup %s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	/* No swap either: memory+swap (where the kernel accounts it) no more
	   than memory, set after it (it may never be below it). */
	bool ok = write_text(dir, "memory.limit_in_bytes", limit);
	char *memsw = xasprintf("%s/memory.memsw.limit_in_bytes", dir);
	if (ok && is_file(memsw))
		ok = write_text(dir, "memory.memsw.limit_in_bytes", limit);
	free(memsw);
	/* Only the files that move a process in: the folder stays root's, so
	   student code can make no group inside it (which would outlive the
	   run) nor change the limits. */
	static const char *const given[] = { "/cgroup.procs", "/tasks" };
	for (size_t i = 0; ok && i < sizeof given / sizeof given[0]; i++) {
		char *p = xasprintf("%s%s", dir, given[i]);
		ok = chown(p, uid, gid) == 0;
		free(p);
	}
	if (!ok) {
		*why = xasprintf("cannot set up the memory cgroup %s: %s", dir, strerror(errno));
		memcg_remove(dir);
		free(dir);
		return NULL;
	}
	return dir;
}
