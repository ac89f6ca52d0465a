// SPDX-License-Identifier: MIT
/*
 * mm.c - a correct but weak lab 05 allocator: one implicit list, first fit.
 *
 * A planted submission for tests/labs/05-malloc/designs.sh: the design of
 * CS:APP's section 9.9.12, the one every malloc lab starts from. It is right
 * in every respect the tests check, and slow, because finding a free block
 * means walking every block of the heap, allocated or not.
 *
 * Every block, allocated or free, has a boundary tag at each end: a header
 * and a footer holding the same word, the block's size with the allocated
 * bit in bit 0.
 *
 *   | header | payload ............................................ | footer |
 *
 * Payloads are 16-byte aligned, so headers sit at 8 mod 16 and sizes are
 * multiples of 16; a request of n bytes takes round16(n + 16) bytes, at
 * least 32. The heap starts with a prologue (an allocated block of 16
 * bytes: a header and a footer) and ends with an epilogue (a header of size
 * 0, allocated), so that no block is ever the first or the last one.
 *
 * The "list" is the heap itself, walked from the prologue by sizes:
 * malloc takes the first free block that is big enough and splits off the
 * rest if it makes a block of its own; free marks the block and merges it at
 * once with a free neighbour on either side, which it finds by the
 * neighbour's header (after) or footer (before). When nothing fits, the heap
 * grows by exactly what the request lacks (less the free block at its end,
 * if there is one). realloc shrinks in place, grows into a free block after
 * it or past the end of the heap when it can, and otherwise moves.
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
	MIN_BLOCK = 32,      /* two tags and 16 bytes of payload */
	PROLOGUE = 16,       /* the prologue is only its two tags */
};

static const size_t ALLOCATED = 1, SIZE_MASK = ~(size_t)15;

/* Requests above this fail at once: the size arithmetic cannot wrap. */
static const size_t BIGGEST_REQUEST = (size_t)1 << 40;

typedef struct block {
	size_t header;
	unsigned char payload[];
} block_t;

static block_t *prologue;   /* the first block: allocated, PROLOGUE bytes */
static block_t *epilogue;   /* the header of size 0 that ends the heap */

/* ---- one block ---- */

static size_t size_of(const block_t *b) { return b->header & SIZE_MASK; }
static bool is_free(const block_t *b) { return !(b->header & ALLOCATED); }

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

/* The footer of the block before b. */
static size_t tag_before(block_t *b)
{
	return *(size_t *)((unsigned char *)b - TAG);
}

static block_t *before(block_t *b)
{
	return (block_t *)((unsigned char *)b - (tag_before(b) & SIZE_MASK));
}

/* Write both tags of a block. */
static void set_block(block_t *b, size_t size, bool allocated)
{
	b->header = size | (allocated ? ALLOCATED : 0);
	*footer_of(b) = b->header;
}

static void set_epilogue(block_t *b)
{
	b->header = ALLOCATED;
	epilogue = b;
}

/* The block a request of `request` bytes needs (request <= BIGGEST_REQUEST). */
static size_t block_for(size_t request)
{
	size_t size = (request + 2 * TAG + MM_ALIGNMENT - 1) & SIZE_MASK;
	return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* ---- merging and cutting ---- */

/* b has just become free: merge it with its free neighbours. */
static block_t *coalesce(block_t *b)
{
	size_t size = size_of(b);
	block_t *next = after(b);
	if (is_free(next))
		size += size_of(next);
	if (!(tag_before(b) & ALLOCATED)) {
		b = before(b);
		size += size_of(b);
	}
	set_block(b, size, false);
	return b;
}

/* b is allocated and at least `size` bytes: keep `size` of it and give the
   rest back as a free block, if the rest is big enough to be one. */
static void trim(block_t *b, size_t size)
{
	size_t whole = size_of(b);
	if (whole - size < MIN_BLOCK) {
		set_block(b, whole, true);
		return;
	}
	set_block(b, size, true);
	block_t *rest = after(b);
	set_block(rest, whole - size, false);
	coalesce(rest);
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
	set_block(prologue, PROLOGUE, true);
	set_epilogue(after(prologue));
	return 0;
}

/* Make a free block of at least `size` bytes at the end of the heap, merged
   with the free block that ended it, if any. NULL (heap unchanged) if
   mem_sbrk refuses. */
static block_t *grow_heap(size_t size)
{
	block_t *last = before(epilogue);
	size_t have = is_free(last) ? size_of(last) : 0;
	if (mem_sbrk((intptr_t)(size - have)) == (void *)-1) {
		errno = ENOMEM;
		return NULL;
	}
	block_t *b = have ? last : epilogue;
	set_block(b, size, false);
	set_epilogue(after(b));
	return b;
}

/* The first free block of at least `size` bytes, walking the whole heap. */
static block_t *first_fit(size_t size)
{
	for (block_t *b = after(prologue); b != epilogue; b = after(b))
		if (is_free(b) && size_of(b) >= size)
			return b;
	return NULL;
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
	if (!b && !(b = grow_heap(need)))
		return NULL;
	set_block(b, size_of(b), true);
	trim(b, need);
	return b->payload;
}

void mm_free(void *ptr)
{
	if (!ptr)
		return;
	block_t *b = block_of(ptr);
	set_block(b, size_of(b), false);
	coalesce(b);
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
		set_block(b, room, true);
		trim(b, need);
		return ptr;
	}
	/* ... or past the end of the heap, if it (or that free block) is last. */
	if (next == epilogue || (is_free(next) && after(next) == epilogue)) {
		if (mem_sbrk((intptr_t)(need - room)) != (void *)-1) {
			set_block(b, need, true);
			set_epilogue(after(b));
			return ptr;
		}
	}

	void *moved = mm_malloc(size);
	if (!moved)
		return NULL;
	memcpy(moved, ptr, have - 2 * TAG);
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
	return ptr ? size_of(block_of(ptr)) - 2 * TAG : 0;
}

/* ---- the checker ---- */

static bool complain(const char *what, const void *where)
{
	fprintf(stderr, "mm_checkheap: %s (block at %p)\n", what, where);
	return false;
}

bool mm_checkheap(int verbose)
{
	if (!prologue)
		return complain("mm_init has not run", NULL);
	unsigned char *lo = mem_heap_lo(), *end = (unsigned char *)mem_heap_hi() + 1;
	bool good = true;
	if (verbose)
		viz_begin(lo, end - 1);
	if (prologue->header != (PROLOGUE | ALLOCATED) || *footer_of(prologue) != prologue->header)
		good = complain("the prologue is damaged", prologue);

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
		if (b->header & ~SIZE_MASK & ~ALLOCATED)
			good = complain("a header has unknown bits set", b);
		if (size < MIN_BLOCK || size > (size_t)(end - at) - TAG) {
			/* Following such a size would leave the heap: stop here. */
			good = complain("a block's size is too small or runs past the epilogue", b);
			break;
		}
		if (*footer_of(b) != b->header)
			good = complain("a header and its footer differ", b);
		if (is_free(b) && free_before)
			good = complain("two free blocks in a row (not coalesced)", b);
		if (verbose)
			viz_block(b, size, !is_free(b), is_free(b) ? 0 : VIZ_NO_LIST);
		free_before = is_free(b);
		b = after(b);
	}
	if ((unsigned char *)b + TAG != end || b != epilogue || b->header != ALLOCATED)
		good = complain("the heap does not end with the epilogue", b);
	if (verbose)
		viz_end();
	return good;
}
