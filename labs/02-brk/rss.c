// SPDX-License-Identifier: MIT
/*
 * rss.c - read the resident set size from /proc/self/statm.
 *
 * statm holds page counts: "size resident shared text lib data dt". We read
 * it with open/read into a buffer on the stack, so that measuring does not
 * itself allocate.
 */
#include "rss.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

long rss_bytes(void)
{
	char buf[256];
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	int err = errno;
	close(fd);
	if (n <= 0) {
		errno = n < 0 ? err : EIO;
		return -1;
	}
	buf[n] = '\0';

	char *p;
	strtol(buf, &p, 10);            /* size: skip it */
	char *q;
	long pages = strtol(p, &q, 10); /* resident */
	if (q == p) {
		errno = EIO;
		return -1;
	}
	return pages * sysconf(_SC_PAGESIZE);
}
