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
 * next realloc can grow into it.
 */
#include "mm.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "heapviz.h"
#include "memlib.h"

enum {
	WORD = 8,                /* header and footer size */
	MIN_BLOCK = 16,          /* header + two 32-bit links */
	NCLASSES = 24,           /* 8 exact classes + 16 powers of two */
	CHUNK = 4096,            /* the least the heap grows by for small requests */
	BIG_BLOCK = 128,         /* blocks this big are placed at the high end */
	FIT_TRIES = 8,           /* fitting blocks looked at for a better fit */
};

static const size_t ALLOC = 1, PREV_ALLOC = 2, PREV_MINI = 4, FLAGS = 15;

/* The biggest request: larger ones would overflow the size arithmetic. */
static const size_t MAX_REQUEST = (size_t)1 << 40;

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

static unsigned char *heap_base;  /* offsets count from here (16-aligned) */
static uint32_t *heads;           /* NCLASSES list heads, at heap_base */
static uint32_t *nonempty;        /* bit c set: list c has a block */
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

static void list_insert(block_t *b)
{
	int c = size_class(block_size(b));
	uint32_t off = to_off(b);
	links(b)->next = heads[c];
	links(b)->prev = 0;
	if (heads[c])
		links(from_off(heads[c]))->prev = off;
	heads[c] = off;
	*nonempty |= 1u << c;
}

static void list_remove(block_t *b)
{
	links_t *l = links(b);
	if (l->prev) {
		links(from_off(l->prev))->next = l->next;
	} else {
		int c = size_class(block_size(b));
		heads[c] = l->next;
		if (!l->next)
			*nonempty &= ~(1u << c);
	}
	if (l->next)
		links(from_off(l->next))->prev = l->prev;
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
		int tries = 0;
		for (block_t *b = from_off(heads[c]); b; b = from_off(links(b)->next)) {
			size_t size = block_size(b);
			if (size < asize)
				continue;
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

// >>> coalesce
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
	if (false) {
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
// <<< coalesce

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

// >>> place
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
// <<< place

// >>> extend
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
// <<< extend

/* ---- the API ---- */

// >>> init
int mm_init(void)
{
	/* Padding up to 16, the list heads and the bitmap, then the epilogue
	   at 8 mod 16. */
	size_t pad = (MM_ALIGNMENT - (uintptr_t)mem_heap_lo() % MM_ALIGNMENT) % MM_ALIGNMENT;
	size_t start = ((size_t)(NCLASSES + 1) * sizeof(uint32_t) + WORD + MM_ALIGNMENT - 1)
		       / MM_ALIGNMENT * MM_ALIGNMENT - WORD;
	unsigned char *lo = mem_sbrk((intptr_t)(pad + start + WORD));
	if (lo == (void *)-1)
		return -1;
	heap_base = lo + pad;
	heads = (uint32_t *)heap_base;
	nonempty = heads + NCLASSES;
	memset(heads, 0, start);
	first = epilogue = (block_t *)(heap_base + start);
	epilogue->header = ALLOC | PREV_ALLOC;
	return 0;
}
// <<< init

// >>> malloc
static void *allocate(size_t size, bool low)
{
	if (size == 0)
		return NULL;
	if (size > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	size_t asize = adjust(size);
	block_t *b = find_fit(asize);
	if (b)
		list_remove(b);
	else if (!(b = extend_heap(asize, false)))
		return NULL;
	return place(b, asize, low)->payload;
}

void *mm_malloc(size_t size)
{
	return allocate(size, false);
}
// <<< malloc

// >>> free
void mm_free(void *ptr)
{
	if (!ptr)
		return;
	block_t *b = payload_to_block(ptr);
	list_insert(coalesce(b, block_size(b)));
}
// <<< free

// >>> realloc
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

size_t mm_usable_size(void *ptr)
{
	return ptr ? block_size(payload_to_block(ptr)) - WORD : 0;
}

/* ---- the checker ---- */

static bool fail(const void *where, const char *what, size_t a, size_t b)
{
	fprintf(stderr, "mm_checkheap: block %p: %s (%zu, %zu)\n", where, what, a, b);
	return false;
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

// >>> checkheap
bool mm_checkheap(int verbose)
{
	if (!heap_base)
		return fail(NULL, "mm_init was not called", 0, 0);
	unsigned char *lo = mem_heap_lo(), *hi = (unsigned char *)mem_heap_hi() + 1;
	if (verbose)
		viz_begin(lo, hi - 1);
	bool ok = true, prev_alloc = true;
	size_t prev_size = 0, free_blocks = 0;
	block_t *b = first;
	while ((unsigned char *)b < hi - WORD) {
		size_t size = block_size(b);
		if (size < MIN_BLOCK || size % MM_ALIGNMENT || (unsigned char *)b + size > hi - WORD) {
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
		if (verbose)
			viz_block(b, size, is_alloc(b), is_alloc(b) ? VIZ_NO_LIST : find_in_lists(b));
		prev_alloc = is_alloc(b);
		prev_size = size;
		b = next_block(b);
	}
	if (b != epilogue || block_size(epilogue) != 0 || !is_alloc(epilogue))
		ok = fail(b, "the heap does not end at the epilogue", block_size(b), 0);
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
	if (verbose)
		viz_end();
	return ok;
}
// <<< checkheap
