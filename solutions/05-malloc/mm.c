// SPDX-License-Identifier: MIT
// >>> design
//| /*
//|  * mm.c - your allocator for lab 05: segregated explicit free lists.
//|  *
//|  * Replace this comment with a description of your design: the block
//|  * layout, how free blocks are organised, how a fit is found, and how
//|  * realloc avoids copying. The handout (README.md) walks through it task by
//|  * task; the tests in tests/ and the trace driver say what must hold.
//|  *
//|  * A suggested layout (the one of the reference; yours may differ):
//|  *
//|  *   allocated:  | header | payload ...................................... |
//|  *   free:       | header | next | prev | (unused) ............. | footer  |
//|  *
//|  *   header = block size | PREV_ALLOC | ALLOC   (sizes are multiples of 16)
//|  *
//|  * Payloads are 16-byte aligned, so a header sits 8 bytes before a 16-byte
//|  * boundary. Only free blocks need a footer if each header also records
//|  * whether the block before it is allocated (PREV_ALLOC).
//|  *
//|  * Rules: get memory only from mem_sbrk (memlib.h), never from malloc or
//|  * mmap; no trace-specific code. Write mm_checkheap early and use it.
//|  */
/*
 * mm.c - the reference allocator of lab 05: segregated explicit free lists.
 *
 * A block is a header word followed by the payload. Payloads are 16-byte
 * aligned, so headers sit at addresses that are 8 mod 16 and every block
 * size is a multiple of 16 (at least 16).
 *
 *   allocated:  | header | payload ...................................... |
 *   free:       | header | next | prev | (unused) ............. | footer  |
 *   free, 16:   | header | next | prev |        (a "mini" block: no footer)
 *
 *   header = size | PREV_MINI | PREV_ALLOC | ALLOC
 *
 * Only free blocks carry a footer (a copy of the size). An allocated block
 * needs none: its neighbour's header says "the block before me is allocated"
 * (PREV_ALLOC), and coalescing only ever looks back at free blocks. A free
 * 16-byte block has no room for a footer, so its neighbour's PREV_MINI bit
 * gives its size instead.
 *
 * Free-list links are 32-bit offsets from the start of the heap, counted
 * in 16-byte units (0 means none), so a free 16-byte block can hold two
 * links: 64 GiB of heap is reachable.
 *
 * Free blocks live in NCLASSES lists by size: one list per size for 16..128
 * bytes, then one per power of two. The list heads, and a bitmap of the
 * lists that are not empty, are the first words of the heap itself, so
 * they count in the heap size like everything else. Freeing coalesces at
 * once with both neighbours; allocating takes the smallest of the first
 * few blocks that fit, in the request's class or the next non-empty one,
 * and splits off the rest.
 *
 * Placement keeps small blocks at the low end of a free block and large
 * ones at the high end, so small and large blocks do not interleave: when
 * the large ones are freed they coalesce into one big free block instead of
 * leaving holes between small survivors. A block that realloc moves goes
 * to the low end, so that the rest of the free block follows it and the
 * next realloc can grow into it; so does a block cut from new heap, so that
 * the rest stays at the end of the heap, to be grown into.
 *
 * Small requests that a header would push into the next multiple of 16
 * (9..16 bytes, 25..32, ...) take a headerless slot in a slab instead (see
 * "slabs" below; lab 05's task 7). Built with -DMM_SLABS=0 the allocator
 * uses no slabs: that is the design tasks 1-5 describe.
 */
// <<< design
#include "mm.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "heapviz.h"
#include "memlib.h"

// >>> constants (solution only)
#ifndef MM_SLABS
#define MM_SLABS 1
#endif
#ifndef MM_CACHE
#define MM_CACHE 1
#endif

enum {
	WORD = 8,                /* header and footer size */
	MIN_BLOCK = 16,          /* header + two 32-bit links */
	NCLASSES = 24,           /* 8 exact classes + 16 powers of two */
	CHUNK = 256,             /* the least the heap grows by for small requests */
	BIG_BLOCK = 64,          /* blocks this big are placed at the high end */
	FIT_TRIES = 8,           /* fitting blocks looked at for a better fit */
	FIT_VISITS = 32,         /* blocks looked at in the request's own class */
	SLAB = 1024,             /* a slab's block size; its payload starts a window */
	SLAB_HEAD = 16,          /* the slab header, rounded up to a slot boundary */
	SLAB_MAX = 32,           /* the biggest slot */
	SLAB_AFTER = 16,         /* a class's slabs start at its 16th request */
	NSLABS = SLAB_MAX / 16,  /* slab classes: slots of 16, 32, ... SLAB_MAX bytes */
	CACHE_MAX = 128,         /* the biggest block the front cache keeps */
	NCACHE = CACHE_MAX / 16, /* cache bins: blocks of 16, 32, ... CACHE_MAX bytes */
	CACHE_COUNT = 7,         /* the most blocks a bin keeps */
};

static const size_t ALLOC = 1, PREV_ALLOC = 2, PREV_MINI = 4, FLAGS = 15;

/* The biggest request: larger ones would overflow the size arithmetic. */
static const size_t MAX_REQUEST = (size_t)1 << 40;

// <<< constants

// >>> block
typedef struct block {
	size_t header;
	unsigned char payload[];
} block_t;

/* What a free block keeps at the start of its payload. */
typedef struct links {
	uint32_t next, prev;
} links_t;
// <<< block

// >>> internals (solution only)
// >>> slab
/* The start of a slab's payload; its slots follow, from SLAB_HEAD bytes in.
   A free slot holds the offset of the next free one. The links come first,
   as in a free block, so the list functions serve both. */
typedef struct slab {
	uint32_t next, prev;   /* the class's list of slabs with a free slot */
	uint16_t free;         /* first free slot, in 16-byte units from here; 0: none */
	uint8_t slot;          /* slot size / 16 */
	uint8_t used;          /* slots handed out */
} slab_t;
// <<< slab

static unsigned char *heap_base;  /* offsets count from here (16-aligned) */
static uint32_t *heads;           /* NCLASSES list heads, at heap_base */
static uint32_t *nonempty;        /* bit c set: list c has a block */
static uint32_t *slab_heads;      /* NSLABS lists of slabs with a free slot */
static uint32_t *slab_asked;      /* NSLABS counts of requests, up to SLAB_AFTER */
static uint32_t *slab_map;        /* bit w set: window w holds a slab */
static uint32_t *cache_heads;     /* NCACHE bins of freed blocks kept allocated */
static uint8_t *cache_count;      /* NCACHE counts of the blocks in each bin */
static size_t cached;             /* blocks in the cache, all bins */
static size_t map_windows;        /* windows the map covers */
static size_t nslabs;             /* slabs in the heap */
static block_t *first;            /* the first block (or the epilogue) */
static block_t *epilogue;         /* size 0, allocated: the end of the heap */

/* ---- one block ---- */

static size_t block_size(const block_t *b) { return b->header & ~FLAGS; }
static bool is_alloc(const block_t *b) { return b->header & ALLOC; }
static bool is_prev_alloc(const block_t *b) { return b->header & PREV_ALLOC; }
static size_t prev_bits(const block_t *b) { return b->header & (PREV_ALLOC | PREV_MINI); }
static links_t *links(block_t *b) { return (links_t *)b->payload; }

static block_t *payload_to_block(void *p)
{
	return (block_t *)((unsigned char *)p - WORD);
}

static block_t *next_block(block_t *b)
{
	return (block_t *)((unsigned char *)b + block_size(b));
}

/* The block before b; only meaningful when it is free (!is_prev_alloc(b)). */
static block_t *prev_block(block_t *b)
{
	if (b->header & PREV_MINI)
		return (block_t *)((unsigned char *)b - MIN_BLOCK);
	size_t footer = *(size_t *)((unsigned char *)b - WORD);
	return (block_t *)((unsigned char *)b - (footer & ~FLAGS));
}

/* Tell the block after a block of `size` bytes what lies before it. */
static void set_prev(block_t *next, bool alloc, size_t size)
{
	next->header &= ~(PREV_ALLOC | PREV_MINI);
	next->header |= (alloc ? PREV_ALLOC : 0) | (size == MIN_BLOCK ? PREV_MINI : 0);
}

static void write_alloc(block_t *b, size_t size, size_t prev)
{
	b->header = size | prev | ALLOC;
}

static void write_free(block_t *b, size_t size, size_t prev)
{
	b->header = size | prev;
	if (size > MIN_BLOCK)
		*(size_t *)((unsigned char *)b + size - WORD) = size;
}

/* The block size for a request: payload plus header, rounded to 16. */
static size_t adjust(size_t size)
{
	size_t asize = (size + WORD + MM_ALIGNMENT - 1) & ~(size_t)(MM_ALIGNMENT - 1);
	return asize < MIN_BLOCK ? MIN_BLOCK : asize;
}

/* ---- free lists ---- */

static uint32_t to_off(block_t *b)
{
	return b ? (uint32_t)((size_t)(b->payload - heap_base) / MM_ALIGNMENT) : 0;
}

static block_t *from_off(uint32_t off)
{
	return off ? (block_t *)(heap_base + (size_t)off * MM_ALIGNMENT - WORD) : NULL;
}

// >>> size-class
static int size_class(size_t size)
{
	if (size <= 128)
		return (int)(size / 16) - 1;          /* 16, 32, ... 128: 0..7 */
	/* (128, 256] is 8, (256, 512] is 9, ...: 8 + log2((size - 1) / 128) */
	int c = 8 + (63 - __builtin_clzl((unsigned long)(size - 1) >> 7));
	return c < NCLASSES ? c : NCLASSES - 1;
}
// <<< size-class

/* Put b first in the list *head; take b out of it. */
static void push(uint32_t *head, block_t *b)
{
	links(b)->next = *head;
	links(b)->prev = 0;
	if (*head)
		links(from_off(*head))->prev = to_off(b);
	*head = to_off(b);
}

static void unlink_from(uint32_t *head, block_t *b)
{
	links_t *l = links(b);
	if (l->prev)
		links(from_off(l->prev))->next = l->next;
	else
		*head = l->next;
	if (l->next)
		links(from_off(l->next))->prev = l->prev;
}

static void list_insert(block_t *b)
{
	int c = size_class(block_size(b));
	push(&heads[c], b);
	*nonempty |= 1u << c;
}

static void list_remove(block_t *b)
{
	int c = size_class(block_size(b));
	unlink_from(&heads[c], b);
	if (!heads[c])
		*nonempty &= ~(1u << c);
}

// >>> find-fit
/* A free block of at least asize bytes, or NULL. In the request's own class
   look at up to FIT_TRIES fitting blocks and keep the smallest; every block
   of a larger class fits, so take the smallest of its first few. The bitmap
   of non-empty lists skips the empty ones in one step. */
static block_t *find_fit(size_t asize)
{
	uint32_t lists = *nonempty & (~0u << size_class(asize));
	for (; lists; lists &= lists - 1) {
		int c = __builtin_ctz(lists);
		block_t *best = NULL;
		int tries = 0, visits = 0;
		for (block_t *b = from_off(heads[c]); b; b = from_off(links(b)->next)) {
			size_t size = block_size(b);
			if (size < asize) {
				if (++visits == FIT_VISITS)
					break;
				continue;
			}
			if (!best || size < block_size(best))
				best = b;
			if (size == asize || ++tries == FIT_TRIES)
				break;
		}
		if (best)
			return best;
	}
	return NULL;
}
// <<< find-fit

/* Merge the free block b (in no list) with its free neighbours, which
   leave their lists. Writes the merged block and returns it, in no list. */
static block_t *coalesce(block_t *b, size_t size)
{
	size_t prev = prev_bits(b);
	block_t *next = (block_t *)((unsigned char *)b + size);
	if (!is_alloc(next)) {
		list_remove(next);
		size += block_size(next);
	}
	if (!(prev & PREV_ALLOC)) {
		block_t *p = prev_block(b);
		list_remove(p);
		size += block_size(p);
		prev = prev_bits(p);
		b = p;
	}
	write_free(b, size, prev);
	set_prev(next_block(b), false, size);
	return b;
}

/* The allocated block b keeps its first `keep` bytes; the rest, if it is a
   block's worth, becomes free. */
static void trim(block_t *b, size_t keep)
{
	size_t size = block_size(b);
	if (size - keep < MIN_BLOCK)
		return;
	write_alloc(b, keep, prev_bits(b));
	block_t *rest = (block_t *)((unsigned char *)b + keep);
	rest->header = (size - keep) | PREV_ALLOC | (keep == MIN_BLOCK ? PREV_MINI : 0);
	list_insert(coalesce(rest, size - keep));
}

/* Allocate asize bytes of the free block b (in no list); return the block.
   `low` forces the low end, so that the rest follows the block. */
static block_t *place(block_t *b, size_t asize, bool low)
{
	size_t size = block_size(b), rest = size - asize;
	if (rest < MIN_BLOCK) {
		write_alloc(b, size, prev_bits(b));
		set_prev(next_block(b), true, size);
		return b;
	}
	if (asize >= BIG_BLOCK && !low) {
		/* High end: the low part stays free where it was. */
		write_free(b, rest, prev_bits(b));
		list_insert(b);
		block_t *a = (block_t *)((unsigned char *)b + rest);
		write_alloc(a, asize, rest == MIN_BLOCK ? PREV_MINI : 0);
		set_prev(next_block(a), true, asize);
		return a;
	}
	write_alloc(b, asize, prev_bits(b));
	block_t *r = (block_t *)((unsigned char *)b + asize);
	write_free(r, rest, PREV_ALLOC | (asize == MIN_BLOCK ? PREV_MINI : 0));
	set_prev(next_block(r), false, rest);
	list_insert(r);
	return b;
}

/* Grow the heap so that a free block of at least asize bytes ends it, and
   return that block, in no list. A free block already at the end is used:
   only the difference is asked of mem_sbrk. Small requests grow the heap
   by at least CHUNK bytes, unless `exact`. */
static block_t *extend_heap(size_t asize, bool exact)
{
	size_t have = 0;
	if (!is_prev_alloc(epilogue))
		have = block_size(prev_block(epilogue));
	size_t grow = asize - have;
	if (!exact && asize < CHUNK && grow < CHUNK)
		grow = CHUNK;
	size_t total = mem_heapsize() + grow;
	if (total / MM_ALIGNMENT > UINT32_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = mem_sbrk((intptr_t)grow);
	if (p == (void *)-1) {
		errno = ENOMEM;
		return NULL;
	}
	block_t *b = epilogue;                 /* the old epilogue's header */
	b->header = grow | prev_bits(b);
	epilogue = next_block(b);
	epilogue->header = ALLOC;
	return coalesce(b, grow);
}

/* Give the allocated block b back: coalesce it and list it. */
static void release(block_t *b)
{
	list_insert(coalesce(b, block_size(b)));
}

/* ---- the front cache: freed small blocks kept for the next request ----
 *
 * Programs free and allocate blocks of the same few sizes over and over.
 * Coalescing a freed block, only to split it off again at the next request
 * of its size, touches its neighbours, their headers and their lists. Like
 * glibc's tcache, the reference keeps up to CACHE_COUNT freed blocks of
 * each size up to CACHE_MAX in a bin of their own, a LIFO list linked
 * through the blocks' first words, and hands them straight back to a
 * request of the same block size: free and malloc then cost a few loads
 * and stores each.
 *
 * A cached block stays marked allocated in the heap, as in glibc: its
 * neighbours do not coalesce with it, and the heap's rules (header bits,
 * footers of free blocks, the free lists) hold as they are. The bins'
 * heads and counts are at the start of the heap, beside the free lists'
 * heads.
 *
 * Cached blocks are free memory that no other request can use, so the
 * cache keeps a block only if the block after it is allocated: one freed
 * in front of free space (the free end of the heap, a hole being emptied)
 * joins it at once, so free space stays in one piece. And before the heap
 * grows, the cache is emptied (cache_flush): every cached block is freed
 * for real, coalescing with its neighbours, and if that made a block big
 * enough, the fit is looked for again. The cache so never grows the heap
 * by itself.
 */
// >>> cache
static int cache_bin(size_t size) { return (int)(size / 16) - 1; }

/* Keep the allocated block b in its bin; false if it is too big for the
   cache, the block after it is free, or its bin is full. */
static bool cache_put(block_t *b)
{
	size_t size = block_size(b);
	if (size > CACHE_MAX || !is_alloc(next_block(b)))
		return false;
	int i = cache_bin(size);
	if (cache_count[i] == CACHE_COUNT)
		return false;
	links(b)->next = cache_heads[i];
	cache_heads[i] = to_off(b);
	cache_count[i]++;
	cached++;
	return true;
}

/* A cached block of asize (<= CACHE_MAX) bytes, out of its bin, or NULL. */
static block_t *cache_take(size_t asize)
{
	int i = cache_bin(asize);
	block_t *b = from_off(cache_heads[i]);
	if (b) {
		cache_heads[i] = links(b)->next;
		cache_count[i]--;
		cached--;
	}
	return b;
}
// <<< cache

/* Free every cached block for real. Returns the size of the biggest free
   block that made (with its neighbours), 0 if the cache was empty. */
static size_t cache_flush(void)
{
	size_t biggest = 0;
	for (int i = 0; cached && i < NCACHE; i++) {
		block_t *b;
		while ((b = cache_take((size_t)(i + 1) * 16))) {
			b = coalesce(b, block_size(b));
			list_insert(b);
			if (block_size(b) > biggest)
				biggest = block_size(b);
		}
	}
	return biggest;
}

static void *allocate(size_t size, bool low);

/* ---- slabs: small blocks without a header ----
 *
 * A 16-byte request would cost a 32-byte block: 8 bytes of header and 8 of
 * padding. Requests that a header would push into the next multiple of 16
 * (9..16 bytes, 25..32, ... up to SLAB_MAX) take a slot in a slab instead:
 * an ordinary allocated block of SLAB bytes, cut into slots of one size.
 * The heap is divided into windows of SLAB bytes from heap_base, and a
 * slab's payload starts a window. A slot has no header; its slab's does, at
 * the start of the slot's window. Whether a window holds a slab is asked of
 * a bitmap, `slab_map`, never of the bytes there, which a program's data
 * could imitate.
 */

// >>> slab-of
static slab_t *slab_at(block_t *b) { return (slab_t *)b->payload; }
static size_t slot_bytes(const slab_t *s) { return (size_t)s->slot * 16; }
static size_t slab_slots(const slab_t *s) { return (SLAB - WORD - SLAB_HEAD) / slot_bytes(s); }

static bool in_map(size_t w) { return w < map_windows && (slab_map[w / 32] >> (w % 32) & 1); }

/* The slab block holding p, or NULL when p is an ordinary block's payload. */
static block_t *slab_of(void *p)
{
	size_t w = (size_t)((unsigned char *)p - heap_base) / SLAB;
	return in_map(w) ? payload_to_block(heap_base + w * SLAB) : NULL;
}
// <<< slab-of

/* The slab class of a request, or -1 for an ordinary block. */
static int slab_class(size_t size)
{
	if (size > SLAB_MAX || (size % 16 != 0 && size % 16 <= WORD))
		return -1;
	return (int)((size + 15) / 16) - 1;
}

/* Where a slab's block would start in the free block b: its payload at
   the start of the next window. */
static unsigned char *slab_start(block_t *b)
{
	size_t w = ((size_t)(b->payload - heap_base) + SLAB - 1) / SLAB;
	return heap_base + w * SLAB - WORD;
}

static bool holds_slab(block_t *b)
{
	return slab_start(b) + SLAB <= (unsigned char *)b + block_size(b);
}

/* A free block with room for an aligned slab, in no list: from the free
   lists, the free block ending the heap, or new heap. */
static block_t *slab_space(void)
{
	uint32_t lists = *nonempty & (~0u << size_class(SLAB));
	for (; lists; lists &= lists - 1) {
		int tries = 0;
		block_t *b = from_off(heads[__builtin_ctz(lists)]);
		for (; b && tries++ < FIT_TRIES; b = from_off(links(b)->next)) {
			if (holds_slab(b)) {
				list_remove(b);
				return b;
			}
		}
	}
	if (MM_CACHE && cache_flush() >= SLAB)
		return slab_space();      /* look again, the cached blocks freed */
	block_t *tail = is_prev_alloc(epilogue) ? epilogue : prev_block(epilogue);
	if (tail != epilogue && holds_slab(tail)) {
		list_remove(tail);
		return tail;
	}
	return extend_heap((size_t)(slab_start(tail) + SLAB - (unsigned char *)tail), true);
}

/* Make the map cover every window a new slab could take: the heap's and
   two past its end (slab_space grows the heap by less than that). The map
   is an ordinary block, so growing it may grow the heap: hence the loop. */
static bool slab_map_room(void)
{
	size_t need;
	while ((need = (mem_heapsize() + 2 * SLAB) / SLAB + 1) > map_windows) {
		size_t n = map_windows ? 2 * map_windows : 64;
		while (n < need)
			n *= 2;
		uint32_t *m = allocate(n / 8, false);
		if (!m)
			return false;
		memset(m, 0, n / 8);
		if (slab_map) {
			memcpy(m, slab_map, map_windows / 8);
			release(payload_to_block(slab_map));
		}
		slab_map = m;
		map_windows = n;
	}
	return true;
}

static void map_set(block_t *b, bool on)
{
	size_t w = (size_t)(b->payload - heap_base) / SLAB;
	if (on)
		slab_map[w / 32] |= 1u << (w % 32);
	else
		slab_map[w / 32] &= ~(1u << (w % 32));
}

/* A new, empty slab of class k, first in its list; NULL if the heap is full. */
static block_t *slab_new(int k)
{
	block_t *b;
	if (!slab_map_room() || !(b = slab_space()))
		return NULL;
	unsigned char *at = slab_start(b);
	size_t lead = (size_t)(at - (unsigned char *)b);
	if (lead) {                /* the bytes before the boundary stay free */
		size_t size = block_size(b);
		write_free(b, lead, prev_bits(b));
		list_insert(b);
		b = (block_t *)at;
		write_free(b, size - lead, lead == MIN_BLOCK ? PREV_MINI : 0);
	}
	b = place(b, SLAB, true);
	slab_t *s = slab_at(b);
	s->slot = (uint8_t)(k + 1);
	s->used = 0;
	map_set(b, true);
	nslabs++;
	/* Chain every slot, in address order. */
	size_t n = slab_slots(s), step = s->slot;
	uint16_t *slot = NULL;
	for (size_t i = 0, off = SLAB_HEAD / 16; i < n; i++, off += step) {
		if (slot)
			*slot = (uint16_t)off;
		else
			s->free = (uint16_t)off;
		slot = (uint16_t *)((unsigned char *)s + off * 16);
	}
	*slot = 0;
	push(&slab_heads[k], b);
	return b;
}

// >>> slab-alloc
static void *slab_alloc(int k)
{
	block_t *b = from_off(slab_heads[k]);
	if (!b && !(b = slab_new(k)))
		return NULL;
	slab_t *s = slab_at(b);
	uint16_t *slot = (uint16_t *)((unsigned char *)s + (size_t)s->free * 16);
	s->free = *slot;
	s->used++;
	if (!s->free)              /* full: out of the list */
		unlink_from(&slab_heads[k], b);
	return slot;
}

static void slab_free(block_t *b, void *p)
{
	slab_t *s = slab_at(b);
	if (!s->free)              /* was full: back in the list */
		push(&slab_heads[s->slot - 1], b);
	*(uint16_t *)p = s->free;
	s->free = (uint16_t)(((unsigned char *)p - (unsigned char *)s) / 16);
	if (--s->used > 0)
		return;
	/* Empty: the slab goes back to the heap. */
	unlink_from(&slab_heads[s->slot - 1], b);
	map_set(b, false);
	release(b);
	if (--nslabs == 0) {       /* the map must not pin the heap either */
		release(payload_to_block(slab_map));
		slab_map = NULL;
		map_windows = 0;
	}
}
// <<< slab-alloc
// <<< internals

// >>> init
//| /*
//|  * TODO (task 1): the block helpers, as small typed static functions
//|  * (block_size, is_alloc, next_block, prev_block, write_header, ...),
//|  * and mm_init: start an empty heap with mem_sbrk, with room for your list
//|  * heads if you keep them in the heap.
//|  */
//| int mm_init(void)
//| {
//| 	return -1;
//| }
/* ---- the API ---- */

int mm_init(void)
{
	/* Padding up to 16, the list heads, the bitmap, the slab lists and
	   the cache's bins, then the epilogue at 8 mod 16. */
	size_t pad = (MM_ALIGNMENT - (uintptr_t)mem_heap_lo() % MM_ALIGNMENT) % MM_ALIGNMENT;
	size_t words = (size_t)NCLASSES + 1 + 2 * NSLABS + NCACHE;
	size_t start = (words * sizeof(uint32_t) + NCACHE + WORD + MM_ALIGNMENT - 1)
		       / MM_ALIGNMENT * MM_ALIGNMENT - WORD;
	unsigned char *lo = mem_sbrk((intptr_t)(pad + start + WORD));
	if (lo == (void *)-1)
		return -1;
	heap_base = lo + pad;
	heads = (uint32_t *)heap_base;
	nonempty = heads + NCLASSES;
	slab_heads = nonempty + 1;
	slab_asked = slab_heads + NSLABS;
	cache_heads = slab_asked + NSLABS;
	cache_count = (uint8_t *)(cache_heads + NCACHE);
	memset(heads, 0, start);
	slab_map = NULL;
	map_windows = nslabs = cached = 0;
	first = epilogue = (block_t *)(heap_base + start);
	epilogue->header = ALLOC | PREV_ALLOC;
	return 0;
}
// <<< init

// >>> malloc
//| /*
//|  * TODO (tasks 2 and 3): round the request up to a block size, look for a
//|  * free block in the segregated lists, split it, and grow the heap with
//|  * mem_sbrk when nothing fits. NULL with errno ENOMEM when memory runs out
//|  * or the request is too big.
//|  */
//| void *mm_malloc(size_t size)
//| {
//| 	(void)size;
//| 	errno = ENOSYS;
//| 	return NULL;
//| }
static void *allocate(size_t size, bool low)
{
	if (size == 0)
		return NULL;
	if (size > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	size_t asize = adjust(size);
	block_t *b;
	do                         /* again if emptying the cache made a fit */
		b = find_fit(asize);
	while (!b && MM_CACHE && cache_flush() >= asize);
	if (b)
		list_remove(b);
	else if ((b = extend_heap(asize, false)))
		low = true;        /* the rest stays at the end, to grow into */
	else
		return NULL;
	return place(b, asize, low)->payload;
}

void *mm_malloc(size_t size)
{
	int k = slab_class(size);
	if (MM_SLABS && k >= 0 && (slab_asked[k] == SLAB_AFTER || ++slab_asked[k] == SLAB_AFTER)) {
		void *p = slab_alloc(k);
		if (p)
			return p;
	}
	if (MM_CACHE && cached && size && size <= CACHE_MAX - WORD) {
		block_t *b = cache_take(adjust(size));
		if (b)
			return b->payload;
	}
	return allocate(size, false);
}
// <<< malloc

// >>> free
//| /*
//|  * TODO (task 2): mark the block free, coalesce it with free neighbours on
//|  * both sides, and put the result in its free list.
//|  */
//| void mm_free(void *ptr)
//| {
//| 	(void)ptr;
//| }
void mm_free(void *ptr)
{
	if (!ptr)
		return;
	block_t *sb = slab_of(ptr);
	if (sb)
		slab_free(sb, ptr);
	else if (!MM_CACHE || !cache_put(payload_to_block(ptr)))
		release(payload_to_block(ptr));
}
// <<< free

// >>> realloc
//| /*
//|  * TODO (task 4): NULL and 0 first; shrink in place; grow into a free next
//|  * block or at the end of the heap; otherwise malloc, copy, free.
//|  */
//| void *mm_realloc(void *ptr, size_t size)
//| {
//| 	(void)ptr;
//| 	(void)size;
//| 	errno = ENOSYS;
//| 	return NULL;
//| }
/* Try to make b hold asize bytes where it is, using a free block after it,
   the end of the heap, or a free block before it (moving the payload
   down). Returns the block, or NULL if it has to move elsewhere. */
static block_t *resize_in_place(block_t *b, size_t asize, size_t keep)
{
	size_t size = block_size(b);
	block_t *next = next_block(b);
	size_t after = is_alloc(next) ? 0 : block_size(next);
	if (size + after < asize && (next == epilogue ||
				     (after && next_block(next) == epilogue))) {
		block_t *grown = extend_heap(asize - size, true);  /* right after b */
		if (grown) {           /* else the block before may still do */
			list_insert(grown);
			next = grown;
			after = block_size(next);
		}
	}
	if (size + after >= asize) {
		if (after)
			list_remove(next);
		write_alloc(b, size + after, prev_bits(b));
		set_prev(next_block(b), true, size + after);
		trim(b, asize);
		return b;
	}
	if (is_prev_alloc(b))
		return NULL;
	block_t *p = prev_block(b);
	size_t before = block_size(p);
	if (before + size + after < asize)
		return NULL;
	list_remove(p);
	if (after)
		list_remove(next);
	write_alloc(p, before + size + after, prev_bits(p));
	set_prev(next_block(p), true, before + size + after);
	memmove(p->payload, b->payload, keep);
	trim(p, asize);
	return p;
}

void *mm_realloc(void *ptr, size_t size)
{
	if (!ptr)
		return mm_malloc(size);
	if (size == 0) {
		mm_free(ptr);
		return NULL;
	}
	if (size > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	block_t *sb = slab_of(ptr);
	if (sb) {                  /* a slot keeps its size: fit or move */
		size_t have = slot_bytes(slab_at(sb));
		if (size <= have)
			return ptr;
		void *np = slab_class(size) >= 0 ? mm_malloc(size) : allocate(size, true);
		if (np) {
			memcpy(np, ptr, have);
			slab_free(sb, ptr);
		}
		return np;
	}
	block_t *b = payload_to_block(ptr);
	size_t asize = adjust(size), old = block_size(b) - WORD;
	if (asize <= block_size(b)) {
		trim(b, asize);
		return ptr;
	}
	block_t *r = resize_in_place(b, asize, old);
	if (r)
		return r->payload;
	void *np = allocate(size, true);  /* low end: room to grow after it */
	if (!np)
		return NULL;
	memcpy(np, ptr, old);
	mm_free(ptr);
	return np;
}
// <<< realloc

// >>> calloc
//| /*
//|  * TODO (task 5): check that nmemb * size does not overflow, then
//|  * allocate and zero.
//|  */
//| void *mm_calloc(size_t nmemb, size_t size)
//| {
//| 	(void)nmemb;
//| 	(void)size;
//| 	errno = ENOSYS;
//| 	return NULL;
//| }
void *mm_calloc(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = mm_malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}
// <<< calloc

// >>> usable-size
//| /*
//|  * TODO (task 4): the bytes a caller may use at ptr: the block's size less
//|  * its header.
//|  */
//| size_t mm_usable_size(void *ptr)
//| {
//| 	(void)ptr;
//| 	return 0;
//| }
size_t mm_usable_size(void *ptr)
{
	if (!ptr)
		return 0;
	block_t *sb = slab_of(ptr);
	return sb ? slot_bytes(slab_at(sb)) : block_size(payload_to_block(ptr)) - WORD;
}
// <<< usable-size

// >>> checkheap
//| /*
//|  * TODO (task 1, then keep it up to date): walk the heap and the free lists
//|  * and check every invariant; print what is wrong and return false. With
//|  * verbose, call viz_begin / viz_block / viz_end (heapviz.h) as you go.
//|  * make test T=check/\* tests it rule by rule, before mm_malloc exists:
//|  * find the heap's end from mem_heap_hi(), the tests grow the heap.
//|  */
//| bool mm_checkheap(int verbose)
//| {
//| 	(void)verbose;
//| 	fprintf(stderr, "mm_checkheap: not written yet\n");
//| 	return false;
//| }
/* ---- the checker ---- */

static bool fail(const void *where, const char *what, size_t a, size_t b)
{
	fprintf(stderr, "mm_checkheap: block %p: %s (%zu, %zu)\n", where, what, a, b);
	return false;
}

/* A slab's own invariants: a known slot size, a free chain of real slots
   without a loop, free + used = all slots, never empty. Returns the number
   of free slots, or -1. */
static int check_slab(block_t *b)
{
	slab_t *s = slab_at(b);
	if (s->slot < 1 || s->slot > NSLABS || block_size(b) != SLAB) {
		fail(b, "slab with a bad slot or block size (slot/16, size)", s->slot, block_size(b));
		return -1;
	}
	size_t n = slab_slots(s), nfree = 0, first = SLAB_HEAD / 16;
	for (size_t off = s->free; off; off = *(uint16_t *)((unsigned char *)s + off * 16)) {
		if (off < first || (off - first) % s->slot || (off - first) / s->slot >= n || ++nfree > n) {
			fail(b, "slab free chain leaves the slots or loops (offset, slots)", off, n);
			return -1;
		}
	}
	if (s->used + nfree != n || s->used == 0) {
		fail(b, "slab count wrong or slab empty (used, free)", s->used, nfree);
		return -1;
	}
	return (int)nfree;
}

/* The class whose list holds the free block b, or VIZ_LOST. */
static int find_in_lists(block_t *b)
{
	int c = size_class(block_size(b));
	for (block_t *f = from_off(heads[c]); f; f = from_off(links(f)->next))
		if (f == b)
			return c;
	return VIZ_LOST;
}

bool mm_checkheap(int verbose)
{
	if (!heap_base)
		return fail(NULL, "mm_init was not called", 0, 0);
	unsigned char *lo = mem_heap_lo(), *hi = (unsigned char *)mem_heap_hi() + 1;
	if (verbose)
		viz_begin(lo, hi - 1);
	bool ok = true, prev_alloc = true;
	size_t prev_size = 0, free_blocks = 0, slabs_seen = 0, slabs_open = 0;
	block_t *b = first;
	while ((unsigned char *)b < hi - WORD) {
		/* The size is the header less its three flags: a multiple of 16. */
		size_t size = block_size(b), raw = b->header & ~(ALLOC | PREV_ALLOC | PREV_MINI);
		if (size < MIN_BLOCK || raw % MM_ALIGNMENT || size > (size_t)(hi - WORD - (unsigned char *)b)) {
			ok = fail(b, "bad size (size, bytes left)", size, (size_t)(hi - WORD - (unsigned char *)b));
			break;
		}
		if (is_prev_alloc(b) != prev_alloc)
			ok = fail(b, "PREV_ALLOC bit differs from the block before", is_prev_alloc(b), prev_alloc);
		if (!!(b->header & PREV_MINI) != (prev_size == MIN_BLOCK))
			ok = fail(b, "PREV_MINI bit differs from the size before", !!(b->header & PREV_MINI), prev_size);
		if (!is_alloc(b)) {
			free_blocks++;
			if (!prev_alloc)
				ok = fail(b, "two free blocks in a row (sizes)", prev_size, size);
			size_t footer = *(size_t *)((unsigned char *)b + size - WORD);
			if (size > MIN_BLOCK && footer != size)
				ok = fail(b, "footer differs from header", footer, size);
		}
		if (is_alloc(b) && slab_of(b->payload) == b) {
			int nfree = check_slab(b);
			ok = ok && nfree >= 0;
			slabs_seen++;
			slabs_open += nfree > 0;
			if (verbose)
				viz_slab(b, size, slot_bytes(slab_at(b)), slab_at(b)->used, slab_slots(slab_at(b)));
		} else if (verbose) {
			viz_block(b, size, is_alloc(b), is_alloc(b) ? VIZ_NO_LIST : find_in_lists(b));
		}
		prev_alloc = is_alloc(b);
		prev_size = size;
		b = next_block(b);
	}
	/* The end of the heap is memlib's, not a variable of ours: the tests
	   grow the heap and write blocks and an epilogue themselves. */
	if ((unsigned char *)b != hi - WORD || block_size(b) != 0 || !is_alloc(b))
		ok = fail(b, "the heap does not end at the epilogue", block_size(b), 0);
	else if (is_prev_alloc(b) != prev_alloc)
		ok = fail(b, "the epilogue's PREV_ALLOC bit differs from the block before", is_prev_alloc(b), prev_alloc);
	size_t listed = 0;
	for (int c = 0; c < NCLASSES; c++) {
		uint32_t prev = 0;
		for (block_t *f = from_off(heads[c]); f; f = from_off(links(f)->next)) {
			if ((unsigned char *)f < lo || (unsigned char *)f >= hi || ++listed > free_blocks) {
				ok = fail(f, "free list leaves the heap or loops (class, listed)", (size_t)c, listed);
				break;
			}
			if (is_alloc(f) || size_class(block_size(f)) != c || links(f)->prev != prev)
				ok = fail(f, "listed block not free, in the wrong class, or bad prev link (class, size)", (size_t)c, block_size(f));
			prev = to_off(f);
		}
	}
	if (listed != free_blocks)
		ok = fail(NULL, "free blocks in the heap and in the lists differ", free_blocks, listed);
	size_t mapped = 0;
	for (size_t w = 0; w < map_windows; w++)
		mapped += in_map(w);
	if (slabs_seen != nslabs || mapped != nslabs)
		ok = fail(slab_map, "slabs in the heap, counted, and in the map differ", slabs_seen, mapped);
	listed = 0;
	for (int k = 0; k < NSLABS; k++) {
		uint32_t prev = 0;
		for (block_t *f = from_off(slab_heads[k]); f; f = from_off(links(f)->next)) {
			if ((unsigned char *)f < lo || (unsigned char *)f >= hi || ++listed > slabs_open) {
				ok = fail(f, "slab list leaves the heap or loops (class, listed)", (size_t)k, listed);
				break;
			}
			if (slab_of(f->payload) != f || slab_at(f)->slot != k + 1 || !slab_at(f)->free || links(f)->prev != prev)
				ok = fail(f, "listed slab not a slab, in the wrong list, full, or bad prev link (class, slot/16)", (size_t)k, slab_at(f)->slot);
			prev = to_off(f);
		}
	}
	if (listed != slabs_open)
		ok = fail(NULL, "slabs with a free slot and slabs in the lists differ", slabs_open, listed);
	size_t in_bins = 0;
	for (int i = 0; i < NCACHE; i++) {
		size_t n = 0;
		for (block_t *f = from_off(cache_heads[i]); f; f = from_off(links(f)->next)) {
			if ((unsigned char *)f < lo || (unsigned char *)f >= hi || ++n > CACHE_COUNT) {
				ok = fail(f, "cache bin leaves the heap or overflows (bin, blocks)", (size_t)i, n);
				break;
			}
			if (!is_alloc(f) || block_size(f) != (size_t)(i + 1) * 16 || slab_of(f->payload))
				ok = fail(f, "cached block not allocated, of another size, or in a slab (bin, size)", (size_t)i, block_size(f));
		}
		if (n != cache_count[i])
			ok = fail(NULL, "a cache bin's count differs from its blocks (count, blocks)", cache_count[i], n);
		in_bins += n;
	}
	if (in_bins != cached)
		ok = fail(NULL, "blocks in the cache's bins and counted differ", in_bins, cached);
	if (verbose)
		viz_end();
	return ok;
}
// <<< checkheap
