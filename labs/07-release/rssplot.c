/*
 * rssplot - the workload (workload.h) run twice, each in a child: with
 * glibc's defaults and with your release policy (release.c). After each
 * phase this process reads the child's Rss (smaps_rollup) and minor
 * faults (stat) and prints one row.
 *
 * Usage: rssplot
 * Try:   ./build/rssplot      the policy's Rss drops after "free all but
 *                             the top"; the defaults' only at the end
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "release.h"
#include "workload.h"

static long proc_field(pid_t pid, const char *file, const char *key, int field)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("open %s", path);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (key) {
		const char *at = strstr(buf, key);
		return at ? strtol(at + strlen(key), NULL, 10) : -1;
	}
	/* Field 2 is "(comm)": count from the last ')'; field 3 is a letter. */
	char *p = strrchr(buf, ')');
	long v = -1;
	if (p)
		p += 3;
	for (int f = 4; p && f <= field; f++)
		v = strtol(p, &p, 10);
	return v;
}

/* Runs the workload in a child, with or without the policy. */
static void series(int policy, long rss[], long flt[])
{
	int go[2], done[2];
	if (pipe(go) || pipe(done))
		die_errno("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		unsigned char k;
		if (policy)
			policy_init();
		while (read(go[0], &k, 1) == 1) {
			char rc = (char)workload_phase(k, policy ? policy_after_free : NULL);
			if (write(done[1], &rc, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	for (int k = 0; k < WL_PHASES; k++) {
		unsigned char kk = (unsigned char)k;
		char rc = 1;
		if (write(go[1], &kk, 1) != 1 || read(done[0], &rc, 1) != 1 || rc)
			die("the workload failed in phase %d", k);
		rss[k] = proc_field(pid, "smaps_rollup", "\nRss:", 0);
		flt[k] = proc_field(pid, "stat", NULL, 10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(go[0]), close(go[1]), close(done[0]), close(done[1]);
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		usage("rssplot");
	long rd[WL_PHASES], fd[WL_PHASES], rp[WL_PHASES], fp[WL_PHASES];
	series(0, rd, fd);
	series(1, rp, fp);
	printf("%-22s %12s %12s %10s %10s\n", "phase", "default kB", "policy kB", "def flt", "pol flt");
	for (int k = 0; k < WL_PHASES; k++)
		printf("%-22s %12ld %12ld %10ld %10ld\n", workload_phase_names[k], rd[k], rp[k],
		       fd[k] - fd[0], fp[k] - fp[0]);
	return 0;
}
