/*
 * replay.c - what the checked and the timed replays share: realloc and calloc
 * for allocators without them, and the digest of the payloads returned.
 */
#include "replay.h"

#include "memlib.h"

#include <string.h>

/* One more returned payload in a digest of them all, as offsets from the
   heap's start (FNV-1a style: order matters). */
uint64_t payload_digest(uint64_t sig, const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)mem_heap_lo();
	return (sig ^ off) * 0x100000001b3ULL;
}

/* realloc, or malloc-copy-free for an allocator without one. */
void *replay_realloc(const struct allocator *a, void *p, size_t old, size_t n)
{
	if (a->realloc)
		return a->realloc(p, n);
	void *q = a->malloc(n);
	if (q) {
		memcpy(q, p, old < n ? old : n);
		a->free(p);
	}
	return q;
}

void *replay_calloc(const struct allocator *a, size_t nmemb, size_t n)
{
	if (a->calloc)
		return a->calloc(nmemb, n / nmemb);
	void *q = a->malloc(n);
	if (q)
		memset(q, 0, n);
	return q;
}
