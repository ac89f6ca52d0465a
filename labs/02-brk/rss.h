// SPDX-License-Identifier: MIT
/*
 * rss.h - how much of the process is in physical memory right now.
 */
#ifndef RSS_H
#define RSS_H

/* The resident set size in bytes (the second field of /proc/self/statm
   times the page size), or -1 with errno set. Calls neither malloc nor
   stdio, so it does not move the break it may be measuring. */
long rss_bytes(void);

#endif
