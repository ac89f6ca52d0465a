// SPDX-License-Identifier: MIT
/*
 * mm.c - a correct but weak lab 05 allocator: one explicit free list.
 *
 * A planted submission for tests/labs/05-malloc/designs.sh: the design of
 * CS:APP's section 9.9.13, the step after the implicit list. Finding a free
 * block walks the free blocks only, not the allocated ones, but all of them
 * in one list, in no useful order: a small request may pass over many large
 * blocks, and the first that fits may be far too big.
 *
 * The layout is the handout's: a header on every block, a footer (a copy of
 * the size) only on free blocks, and two pointers at the start of a free
 * block's payload, to the next and the previous block of the free list:
 *
 *   allocated:  | header | payload ......................................... |
 *   free:       | header | next | prev | (unused) .................. | footer |
 *
 *   header = size | PREV_ALLOCATED | ALLOCATED
 *
 * An allocated block needs no footer because the header after it says
 * whether it is allocated (PREV_ALLOCATED), and merging only ever looks back
 * at a free block. Payloads are 16-byte aligned, so headers sit at 8 mod 16
 * and sizes are multiples of 16; a request of n bytes takes round16(n + 8)
 * bytes, at least 32 (a header, two links and a footer). A prologue (16
 * bytes, allocated) starts the heap and an epilogue (a header of size 0,
 * allocated) ends it. The head of the list is a static variable.
 *
 * Freed blocks go to the front of the list (LIFO), after merging at once
 * with a free neighbour on either side (found by its header after, or by its
 * footer before; a merged neighbour leaves the list first). malloc walks
 * the list from the front and takes the first block that is big enough
 * (first fit: FIT_CANDIDATES is 1; heap/free_blocks_reused asks for its
 * sizes again largest first, so first fit passes it). What is left of the
 * block goes back at the front of the list, if it makes a block of its
 * own. When nothing fits the
 * heap grows by what the request lacks (less the free block at its end, if
 * any). realloc shrinks in place, grows into a free block after it or past
 * the end of the heap when it can, and otherwise moves.
 */
#include "mm.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "heapviz.h"
#include "memlib.h"

enum {
	TAG = 8,             /* one header or footer word */
	MIN_BLOCK = 32,      /* a header, two links and a footer */
	PROLOGUE = 16,       /* the prologue: a header and padding */
	FIT_CANDIDATES = 1,  /* fitting blocks compared before one is taken */
};

static const size_t ALLOCATED = 1, PREV_ALLOCATED = 2, SIZE_MASK = ~(size_t)15;

/* Requests above this fail at once: the size arithmetic cannot wrap. */
static const size_t BIGGEST_REQUEST = (size_t)1 << 40;

typedef struct block {
	size_t header;
	unsigned char payload[];
} block_t;

/* What a free block keeps at the start of its payload. */
typedef struct links {
	block_t *next, *prev;
} links_t;

static block_t *prologue;   /* the first block: allocated, PROLOGUE bytes */
static block_t *epilogue;   /* the header of size 0 that ends the heap */
static block_t *free_list;  /* the most recently freed block, or NULL */

/* ---- one block ---- */

static size_t size_of(const block_t *b) { return b->header & SIZE_MASK; }
static bool is_free(const block_t *b) { return !(b->header & ALLOCATED); }
static bool is_prev_free(const block_t *b) { return !(b->header & PREV_ALLOCATED); }
static links_t *links(block_t *b) { return (links_t *)b->payload; }

static size_t *footer_of(block_t *b)
{
	return (size_t *)((unsigned char *)b + size_of(b) - TAG);
}

static block_t *block_of(void *payload)
{
	return (block_t *)((unsigned char *)payload - TAG);
}

static block_t *after(block_t *b)
{
	return (block_t *)((unsigned char *)b + size_of(b));
}

/* The block before b, found by its footer: only when is_prev_free(b). */
static block_t *before(block_t *b)
{
	size_t footer = *(size_t *)((unsigned char *)b - TAG);
	return (block_t *)((unsigned char *)b - footer);
}

/* Tell the block after b whether b is allocated. */
static void tell_next(block_t *b, bool allocated)
{
	block_t *next = after(b);
	next->header = (next->header & ~PREV_ALLOCATED) | (allocated ? PREV_ALLOCATED : 0);
}

/* Make b an allocated block of `size` bytes (its PREV_ALLOCATED bit kept). */
static void set_allocated(block_t *b, size_t size)
{
	b->header = size | (b->header & PREV_ALLOCATED) | ALLOCATED;
	tell_next(b, true);
}

/* Make b a free block of `size` bytes, with its footer. */
static void set_free(block_t *b, size_t size)
{
	b->header = size | (b->header & PREV_ALLOCATED);
	*footer_of(b) = size;
	tell_next(b, false);
}

/* b is the new end of the heap; `prev_allocated` tells about the block
   before it. */
static void set_epilogue(block_t *b, bool prev_allocated)
{
	b->header = ALLOCATED | (prev_allocated ? PREV_ALLOCATED : 0);
	epilogue = b;
}

/* The block a request of `request` bytes needs (request <= BIGGEST_REQUEST). */
static size_t block_for(size_t request)
{
	size_t size = (request + TAG + MM_ALIGNMENT - 1) & SIZE_MASK;
	return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* ---- the free list ---- */

static void push(block_t *b)
{
	links(b)->next = free_list;
	links(b)->prev = NULL;
	if (free_list)
		links(free_list)->prev = b;
	free_list = b;
}

static void unlink_block(block_t *b)
{
	block_t *next = links(b)->next, *prev = links(b)->prev;
	if (prev)
		links(prev)->next = next;
	else
		free_list = next;
	if (next)
		links(next)->prev = prev;
}

/* ---- merging and cutting ---- */

/* b has just become free and is in no list: merge it with its free
   neighbours and put the result at the front of the list. */
static void release(block_t *b)
{
	size_t size = size_of(b);
	block_t *next = after(b);
	if (is_free(next)) {
		unlink_block(next);
		size += size_of(next);
	}
	if (is_prev_free(b)) {
		b = before(b);
		unlink_block(b);
		size += size_of(b);
	}
	set_free(b, size);
	push(b);
}

/* b is allocated (or about to be: in no list) and at least `size` bytes:
   keep `size` of it and give the rest back, if the rest can be a block. */
static void trim(block_t *b, size_t size)
{
	size_t whole = size_of(b);
	if (whole - size < MIN_BLOCK) {
		set_allocated(b, whole);
		return;
	}
	set_allocated(b, size);
	block_t *rest = after(b);
	rest->header = PREV_ALLOCATED;
	set_free(rest, whole - size);
	release(rest);
}

/* ---- the heap ---- */

int mm_init(void)
{
	unsigned char *brk = mem_sbrk(0);
	if (brk == (void *)-1)
		return -1;
	/* The prologue's header must sit at 8 mod 16, like every header. */
	size_t pad = (size_t)(MM_ALIGNMENT + TAG - (uintptr_t)brk % MM_ALIGNMENT) % MM_ALIGNMENT;
	if (mem_sbrk((intptr_t)(pad + PROLOGUE + TAG)) == (void *)-1)
		return -1;
	prologue = (block_t *)(brk + pad);
	prologue->header = PROLOGUE | PREV_ALLOCATED | ALLOCATED;
	set_epilogue(after(prologue), true);
	free_list = NULL;
	return 0;
}

/* Make a block of at least `size` bytes at the end of the heap, in no list,
   merged with the free block that ended the heap, if any. NULL (heap
   unchanged) if mem_sbrk refuses. */
static block_t *grow_heap(size_t size)
{
	block_t *last = is_prev_free(epilogue) ? before(epilogue) : NULL;
	size_t have = last ? size_of(last) : 0;
	if (mem_sbrk((intptr_t)(size - have)) == (void *)-1) {
		errno = ENOMEM;
		return NULL;
	}
	block_t *b = epilogue;
	if (last) {
		unlink_block(last);
		b = last;
	}
	set_epilogue((block_t *)((unsigned char *)b + size), false);
	set_free(b, size);
	return b;
}

/* From the front of the list, the first FIT_CANDIDATES blocks of at least
   `size` bytes (or fewer, if the list ends first): the smallest, or NULL. */
static block_t *first_fit(size_t size)
{
	block_t *best = NULL;
	int found = 0;
	for (block_t *b = free_list; b; b = links(b)->next) {
		if (size_of(b) < size)
			continue;
		if (!best || size_of(b) < size_of(best))
			best = b;
		if (++found == FIT_CANDIDATES || size_of(b) == size)
			break;
	}
	return best;
}

void *mm_malloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > BIGGEST_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	size_t need = block_for(size);
	block_t *b = first_fit(need);
	if (b)
		unlink_block(b);
	else if (!(b = grow_heap(need)))
		return NULL;
	trim(b, need);
	return b->payload;
}

void mm_free(void *ptr)
{
	if (!ptr)
		return;
	release(block_of(ptr));
}

void *mm_realloc(void *ptr, size_t size)
{
	if (!ptr)
		return mm_malloc(size);
	if (size == 0) {
		mm_free(ptr);
		return NULL;
	}
	if (size > BIGGEST_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	block_t *b = block_of(ptr);
	size_t need = block_for(size), have = size_of(b);
	if (need <= have) {
		trim(b, need);
		return ptr;
	}

	/* Grow where it is: into a free block after it... */
	block_t *next = after(b);
	size_t room = have + (is_free(next) ? size_of(next) : 0);
	if (room >= need) {
		unlink_block(next);
		set_allocated(b, room);
		trim(b, need);
		return ptr;
	}
	/* ... or past the end of the heap, if it (or that free block) is last. */
	if (next == epilogue || (is_free(next) && after(next) == epilogue)) {
		if (mem_sbrk((intptr_t)(need - room)) != (void *)-1) {
			if (next != epilogue)
				unlink_block(next);
			set_epilogue((block_t *)((unsigned char *)b + need), true);
			set_allocated(b, need);
			return ptr;
		}
	}

	void *moved = mm_malloc(size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, have - TAG);
	mm_free(ptr);
	return moved;
}

void *mm_calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = mm_malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

size_t mm_usable_size(void *ptr)
{
	return ptr ? size_of(block_of(ptr)) - TAG : 0;
}

/* ---- the checker ---- */

static bool complain(const char *what, const void *where)
{
	fprintf(stderr, "mm_checkheap: %s (block at %p)\n", what, where);
	return false;
}

/* Whether b could be a block of the heap [lo, end): its header and its
   links inside, at 8 mod 16. */
static bool plausible(const block_t *b, const unsigned char *lo, const unsigned char *end)
{
	const unsigned char *at = (const unsigned char *)b;
	return at >= lo && at < end && (size_t)(end - at) >= MIN_BLOCK &&
	       (uintptr_t)at % MM_ALIGNMENT == TAG;
}

/* For the picture: whether the list holds b (at most `limit` steps). */
static bool listed(block_t *b, size_t limit, const unsigned char *lo, const unsigned char *end)
{
	for (block_t *f = free_list; f && limit-- && plausible(f, lo, end); f = links(f)->next)
		if (f == b)
			return true;
	return false;
}

bool mm_checkheap(int verbose)
{
	if (!prologue)
		return complain("mm_init has not run", NULL);
	unsigned char *lo = mem_heap_lo(), *end = (unsigned char *)mem_heap_hi() + 1;
	bool good = true;
	if (prologue->header != (PROLOGUE | PREV_ALLOCATED | ALLOCATED))
		good = complain("the prologue is damaged", prologue);

	/* The heap in address order. */
	size_t free_blocks = 0, blocks = 0;
	bool free_before = false;
	block_t *b = after(prologue);
	for (;;) {
		unsigned char *at = (unsigned char *)b;
		if (at < lo || at + TAG > end) {
			good = complain("a block starts outside the heap", b);
			break;
		}
		size_t size = size_of(b);
		if (size == 0)
			break;
		if ((uintptr_t)b->payload % MM_ALIGNMENT)
			good = complain("a payload is not 16-byte aligned", b);
		if (b->header & ~SIZE_MASK & ~ALLOCATED & ~PREV_ALLOCATED)
			good = complain("a header has unknown bits set", b);
		if (size < MIN_BLOCK || size > (size_t)(end - at) - TAG) {
			/* Following such a size would leave the heap: stop here. */
			good = complain("a block's size is too small or runs past the epilogue", b);
			break;
		}
		if (is_free(b) && *footer_of(b) != size)
			good = complain("a free block's footer differs from its size", b);
		if (is_prev_free(b) != free_before)
			good = complain("a PREV_ALLOCATED bit is wrong", b);
		if (is_free(b) && free_before)
			good = complain("two free blocks in a row (not coalesced)", b);
		free_blocks += is_free(b);
		blocks++;
		free_before = is_free(b);
		b = after(b);
	}
	bool walked = (unsigned char *)b + TAG == end;
	if (!walked || (b->header & ~PREV_ALLOCATED) != ALLOCATED)
		good = complain("the heap does not end with the epilogue", b);
	else if (is_prev_free(b) != free_before)
		good = complain("the epilogue's PREV_ALLOCATED bit is wrong", b);

	/* The free list: every member a free block of the heap, linked both
	   ways, and as many members as free blocks (no loop, none missing). */
	size_t listed_blocks = 0;
	block_t *prev = NULL;
	for (block_t *f = free_list; f; prev = f, f = links(f)->next) {
		if (!plausible(f, lo, end) || (unsigned char *)f + size_of(f) > end) {
			good = complain("the free list points outside the heap", f);
			break;
		}
		if (++listed_blocks > free_blocks) {
			good = complain("the free list holds more blocks than the heap has free ones", f);
			break;
		}
		if (!is_free(f) || *footer_of(f) != size_of(f))
			good = complain("the free list holds a block that is not free", f);
		if (links(f)->prev != prev)
			good = complain("a free block's prev link is wrong", f);
	}
	if (listed_blocks < free_blocks)
		good = complain("free blocks are missing from the free list", free_list);

	if (verbose) {
		viz_begin(lo, end - 1);
		b = after(prologue);
		for (size_t i = 0; walked && i < blocks; i++, b = after(b))
			viz_block(b, size_of(b), !is_free(b),
				  !is_free(b) ? VIZ_NO_LIST : listed(b, blocks, lo, end) ? 0 : VIZ_LOST);
		viz_end();
	}
	return good;
}
