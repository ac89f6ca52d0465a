// SPDX-License-Identifier: MIT
/*
 * release.h - a release policy for a long-running program (task 2): when
 * to hand the free memory of the heap back to the kernel.
 */
#ifndef RELEASE_H
#define RELEASE_H

/* Called once, before the program's first malloc that counts: may set
   malloc's parameters (mallopt). */
void policy_init(void);

/* Called after each burst of frees. Gives memory back when that is worth
   what it costs: the pages given back fault in again when reused. */
void policy_after_free(void);

#endif
