// SPDX-License-Identifier: MIT
/*
 * faults.h - page faults and resident size of this process (task 2).
 */
#ifndef FAULTS_H
#define FAULTS_H

/* Counters of this process at one moment, or the change between two. */
struct faults {
	long minor;         /* faults served without I/O (getrusage ru_minflt) */
	long major;         /* faults that waited for I/O (ru_majflt) */
	long rss_pages;     /* resident pages: the Rss line of /proc/self/smaps_rollup
	                       (in kB) divided by the page size in kB */
};

/* The counters of this process now. Returns 0, or -1 with errno. */
int faults_now(struct faults *f);

/* Calls fn(arg) between two readings of this process's counters and
   stores after - before in *delta. Returns 0, or -1 with errno. */
int faults_measure(void (*fn)(void *), void *arg, struct faults *delta);

#endif
