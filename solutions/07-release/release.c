// SPDX-License-Identifier: MIT
/*
 * release.c - a release policy for a long-running program (task 2 of
 * lab 07: see README.md).
 *
// >>> design
//|  * TODO: give the heap's free pages back when much more is free than at the
//|  * last trim, and not after every free.
 * glibc gives memory back by itself only from the top of the heap, and
 * only past M_TRIM_THRESHOLD: a heap whose top block is in use keeps all
 * its free pages resident. malloc_trim(0) gives back the free pages in the
 * middle too (MADV_DONTNEED), but each one faults in again when it is
 * reused, so trimming after every free turns a steady churn into page
 * faults. The policy trims when the free bytes of the heap have grown by
 * more than SLACK since its last trim (mallinfo2's fordblks): a big drop
 * comes back; churn, which frees what it took from the free bytes, does not.
// <<< design
 */
#include "release.h"

#include <malloc.h>
#include <stddef.h>

// >>> policy-state (solution only)
enum { SLACK = 16 << 20 };      /* bytes of free memory worth keeping resident */
static size_t base;             /* the fewest free bytes since the last trim */
// <<< policy-state

void policy_init(void)
{
	// >>> policy_init
	//| /* TODO (optional): mallopt(M_TRIM_THRESHOLD, ...), mallopt(M_TOP_PAD, ...). */
	/* The top of the heap goes back past SLACK, as the middle does. */
	mallopt(M_TRIM_THRESHOLD, SLACK);
	base = 0;
	// <<< policy_init
}

// >>> after-free
void policy_after_free(void)
{
	// >>> policy_after_free
	//| /* TODO: malloc_trim(0) when it is worth it (mallinfo2 says what is free). */
	struct mallinfo2 mi = mallinfo2();
	size_t free_bytes = mi.fordblks;
	if (free_bytes < base)
		base = free_bytes;
	if (free_bytes - base > SLACK) {
		malloc_trim(0);
		base = free_bytes;
	}
	// <<< policy_after_free
}
// <<< after-free
