// SPDX-License-Identifier: MIT
/*
 * heapmodel.c - a model of glibc's malloc replaying a trace: the heap's
 * size, the mmapped chunks, what is resident and what malloc_trim(0) could
 * give back, at the end of each phase (task 1 of lab 07: see README.md).
 *
// >>> design
//|  * TODO: analyse(): replay the trace on a model of glibc's malloc, chunk by
//|  * chunk, and say at the end of each phase what it holds (heapmodel.h).
 * The model keeps the heap's chunks in address order, the top chunk and
 * the break apart, and the pages that were ever written since the heap
 * last shrank. Where a block goes is glibc's order of search: the tcache
 * (malloc only), the fastbins, then the best fit among the free chunks,
 * then the top, then the kernel: mmap at or over the threshold, else brk
 * (what is needed, plus M_TOP_PAD). free() puts small chunks in the
 * tcache or a fastbin, unmerged; the others merge with free neighbours
 * and the top; a merge of 64 KiB or more trims the top past
 * M_TRIM_THRESHOLD. A free of an mmapped chunk raises the threshold to its
 * size (and the trim threshold to twice that).
// <<< design
 */
#include "heapmodel.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// >>> model (solution only)
enum { MINSIZE = 32, HDR = 16, TC_MAX = 1040, FAST_MAX = 128, LARGE = 1024,
       CONSOLIDATE = 65536, TC_BINS = 64 };
enum state { USE, FREE, TCACHE, FAST };

struct chunk {
	size_t off, size;
	enum state st;
	int prev, next;         /* neighbours in address order; -1: none (next: the top) */
	int link;               /* the next in its tcache bin or fastbin */
};

struct block {
	int node;               /* its chunk, or -1 */
	bool mm;                /* an mmapped chunk of its own */
	size_t mmsize, req;
};

struct model {
	const struct glibc_params *p;
	struct chunk *c;
	int nc, cap, spare;     /* spare: a list of unused nodes */
	int last;               /* the chunk just below the top, or -1 */
	size_t top, brk;        /* the top chunk's start, the heap's end */
	bool heap_made, tcache_made, have_fast;
	size_t mmap_thr, trim_thr, hblkhd;
	int tc[TC_BINS], tcn[TC_BINS];
	int fast[FAST_MAX / 16 + 1];
	unsigned char *touched; /* a byte per page of the heap */
	size_t npages;
	struct block *b;
	bool nomem;
	int nfree;               /* chunks FREE: no search when none */
};

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

static size_t chunk_size(size_t req)
{
	size_t nb = (req + 8 + 15) & ~(size_t)15;
	return nb < MINSIZE ? MINSIZE : nb;
}

static void touch(struct model *m, size_t lo, size_t hi)
{
	if (hi > m->brk)
		hi = m->brk;
	if (lo >= hi)
		return;
	size_t last = (hi - 1) / m->p->page;
	if (last >= m->npages) {
		size_t n = (last + 1) * 2;
		unsigned char *t = realloc(m->touched, n);
		if (!t) {
			m->nomem = true;
			return;
		}
		memset(t + m->npages, 0, n - m->npages);
		m->touched = t;
		m->npages = n;
	}
	memset(m->touched + lo / m->p->page, 1, last - lo / m->p->page + 1);
}

/* Pages written in [lo, hi), whole pages only. */
static size_t touched_in(const struct model *m, size_t lo, size_t hi)
{
	size_t n = 0;
	for (size_t pg = lo / m->p->page; pg < hi / m->p->page && pg < m->npages; pg++)
		n += m->touched[pg];
	return n * m->p->page;
}

static int node_new(struct model *m, size_t off, size_t size, enum state st)
{
	int i;
	if (m->spare >= 0) {
		i = m->spare;
		m->spare = m->c[i].link;
	} else {
		if (m->nc == m->cap) {
			int cap = m->cap ? m->cap * 2 : 1024;
			struct chunk *c = realloc(m->c, (size_t)cap * sizeof *c);
			if (!c) {
				m->nomem = true;
				return -1;
			}
			m->c = c;
			m->cap = cap;
		}
		i = m->nc++;
	}
	m->c[i] = (struct chunk){ .off = off, .size = size, .st = st, .prev = -1, .next = -1, .link = -1 };
	return i;
}

static void node_drop(struct model *m, int i)
{
	struct chunk *c = &m->c[i];
	if (c->st == FREE)
		m->nfree--;
	if (c->prev >= 0)
		m->c[c->prev].next = c->next;
	if (c->next >= 0)
		m->c[c->next].prev = c->prev;
	else
		m->last = c->prev;
	c->link = m->spare;
	m->spare = i;
}

/* Put node i just after node at (-1: at the heap's start). */
static void node_insert_after(struct model *m, int at, int i)
{
	int nx = at >= 0 ? m->c[at].next : -1;
	if (at < 0) {
		/* only for the heap's first chunk */
		nx = -1;
		for (int k = m->last; k >= 0; k = m->c[k].prev)
			nx = k;
	}
	m->c[i].prev = at;
	m->c[i].next = nx;
	if (at >= 0)
		m->c[at].next = i;
	if (nx >= 0)
		m->c[nx].prev = i;
	else
		m->last = i;
}

static void systrim(struct model *m, size_t pad)
{
	size_t top_size = m->brk - m->top;
	if (top_size < MINSIZE + 1 || top_size - MINSIZE - 1 <= pad)
		return;
	size_t extra = (top_size - MINSIZE - 1 - pad) / m->p->page * m->p->page;
	if (extra == 0)
		return;
	m->brk -= extra;
	for (size_t pg = m->brk / m->p->page; pg < m->npages; pg++)
		m->touched[pg] = 0;
}

/* Free chunk i: merge it with free neighbours and the top. Returns the
   merged size. */
static size_t merge(struct model *m, int i)
{
	struct chunk *c = &m->c[i];
	c->st = FREE;
	m->nfree++;
	int pv = c->prev;
	if (pv >= 0 && m->c[pv].st == FREE) {
		m->c[pv].size += c->size;
		node_drop(m, i);
		i = pv;
		c = &m->c[i];
	}
	int nx = c->next;
	if (nx >= 0 && m->c[nx].st == FREE) {
		c->size += m->c[nx].size;
		node_drop(m, nx);
	}
	if (c->next < 0) {      /* into the top */
		m->top = c->off;
		size_t size = m->brk - m->top;
		node_drop(m, i);
		touch(m, m->top + 8, m->top + 16);
		return size;
	}
	touch(m, c->off + 8, c->off + 32);
	touch(m, c->off + c->size, c->off + c->size + 16);
	return c->size;
}

static void consolidate(struct model *m)
{
	if (!m->have_fast)
		return;
	m->have_fast = false;
	for (size_t k = 0; k < sizeof m->fast / sizeof *m->fast; k++)
		m->fast[k] = -1;
	/* Every fast chunk becomes free; runs of free chunks merge. */
	int first = -1;
	for (int k = m->last; k >= 0; k = m->c[k].prev)
		first = k;
	for (int k = first; k >= 0;) {
		int nx = m->c[k].next;
		if (m->c[k].st == FAST) {
			m->c[k].st = FREE;
			m->nfree++;
		}
		k = nx;
	}
	for (int k = first; k >= 0;) {
		if (m->c[k].st == FREE) {
			while (m->c[k].next >= 0 && m->c[m->c[k].next].st == FREE) {
				int nx = m->c[k].next;
				m->c[k].size += m->c[nx].size;
				node_drop(m, nx);
			}
			if (m->c[k].next < 0) {
				m->top = m->c[k].off;
				node_drop(m, k);
				break;
			}
		}
		k = m->c[k].next;
	}
}

/* The chunk i, in use, keeps nb bytes: the rest, when a chunk's worth,
   becomes a chunk of its own: free at once when malloc splits (split),
   freed as a block is (tcache and all) when realloc shrinks. */
static void free_chunk(struct model *m, int i);

static void shrink(struct model *m, int i, size_t nb, bool split)
{
	size_t rest = m->c[i].size - nb;
	if (rest < MINSIZE)
		return;
	m->c[i].size = nb;
	int r = node_new(m, m->c[i].off + nb, rest, USE);
	if (r < 0)
		return;
	node_insert_after(m, i, r);
	touch(m, m->c[r].off + 8, m->c[r].off + 16);
	if (split)
		(void)merge(m, r);
	else
		free_chunk(m, r);
}

static void free_chunk(struct model *m, int i)
{
	size_t nb = m->c[i].size;
	if (m->tcache_made && nb <= TC_MAX) {
		int idx = (int)((nb - MINSIZE) / 16);
		if ((size_t)m->tcn[idx] < m->p->tcache_count) {
			m->c[i].st = TCACHE;
			m->c[i].link = m->tc[idx];
			m->tc[idx] = i;
			m->tcn[idx]++;
			touch(m, m->c[i].off + 16, m->c[i].off + 32);
			return;
		}
	}
	if (nb <= FAST_MAX) {
		int idx = (int)(nb / 16);
		m->c[i].st = FAST;
		m->c[i].link = m->fast[idx];
		m->fast[idx] = i;
		m->have_fast = true;
		touch(m, m->c[i].off + 16, m->c[i].off + 24);
		return;
	}
	size_t merged = merge(m, i);
	if (merged >= CONSOLIDATE) {
		consolidate(m);
		if (m->brk - m->top >= m->trim_thr)
			systrim(m, m->p->top_pad);
	}
}

/* Chunk i, free, goes to its tcache bin. */
static void stash(struct model *m, int i)
{
	int idx = (int)((m->c[i].size - MINSIZE) / 16);
	m->c[i].st = TCACHE;
	m->c[i].link = m->tc[idx];
	m->tc[idx] = i;
	m->tcn[idx]++;
}

/* A chunk of nb bytes for block id: its node, or -1 for an mmapped one
   (set in b) or when out of memory. */
static int take(struct model *m, size_t nb, bool tcache, struct block *b)
{
	if (tcache && m->tcache_made && nb <= TC_MAX) {
		int idx = (int)((nb - MINSIZE) / 16);
		if (m->tcn[idx] > 0) {
			int i = m->tc[idx];
			m->tc[idx] = m->c[i].link;
			m->tcn[idx]--;
			m->c[i].st = USE;
			return i;
		}
	}
	if (nb <= FAST_MAX && m->fast[nb / 16] >= 0) {
		int i = m->fast[nb / 16];
		m->fast[nb / 16] = m->c[i].link;
		m->c[i].st = USE;
		/* the rest of that fastbin moves to the tcache, room allowing */
		while (m->tcache_made && m->fast[nb / 16] >= 0 &&
		       (size_t)m->tcn[(nb - MINSIZE) / 16] < m->p->tcache_count) {
			int j = m->fast[nb / 16];
			m->fast[nb / 16] = m->c[j].link;
			stash(m, j);
		}
		return i;
	}
	if (nb >= LARGE)
		consolidate(m);
	for (;;) {
		int best = -1;
		for (int k = m->nfree ? m->last : -1; k >= 0; k = m->c[k].prev)
			if (m->c[k].st == FREE && m->c[k].size >= nb &&
			    (best < 0 || m->c[k].size <= m->c[best].size))
				best = k;
		if (best >= 0 && m->c[best].size == nb && m->tcache_made && nb <= TC_MAX) {
			/* an exact fit of a tcache size: the others of that
			   size move to the tcache, room allowing */
			for (int k = m->last; k >= 0; k = m->c[k].prev)
				if (k != best && m->c[k].st == FREE && m->c[k].size == nb &&
				    (size_t)m->tcn[(nb - MINSIZE) / 16] < m->p->tcache_count) {
					m->nfree--;
					stash(m, k);
				}
		}
		if (best >= 0) {
			m->c[best].st = USE;
			m->nfree--;
			shrink(m, best, nb, true);
			return best;
		}
		if (m->heap_made && m->brk - m->top >= nb + MINSIZE)
			break;
		if (!m->have_fast)
			break;
		consolidate(m);
	}
	if (!m->heap_made || m->brk - m->top < nb + MINSIZE) {
		if (nb >= m->mmap_thr) {
			b->mm = true;
			b->mmsize = align_up(nb + 8, m->p->page);
			m->hblkhd += b->mmsize;
			return -1;
		}
		size_t top_size = m->heap_made ? m->brk - m->top : 0;
		m->brk += align_up(nb + m->p->top_pad + MINSIZE - top_size, m->p->page);
		m->heap_made = true;
	}
	int i = node_new(m, m->top, nb, USE);
	if (i < 0)
		return -1;
	node_insert_after(m, m->last, i);
	m->top += nb;
	touch(m, m->top + 8, m->top + 16);
	return i;
}

/* Block id gets a chunk for req bytes, and its payload is written. */
static void place(struct model *m, int id, size_t req, bool tcache)
{
	struct block *b = &m->b[id];
	*b = (struct block){ .node = -1, .req = req };
	b->node = take(m, chunk_size(req), tcache, b);
	if (b->node >= 0)
		touch(m, m->c[b->node].off + 8, m->c[b->node].off + HDR + req);
}

static void release(struct model *m, int id)
{
	struct block *b = &m->b[id];
	if (b->mm) {
		if (b->mmsize > m->mmap_thr && b->mmsize <= m->p->mmap_threshold_max) {
			m->mmap_thr = b->mmsize;
			m->trim_thr = 2 * b->mmsize;
		}
		m->hblkhd -= b->mmsize;
	} else if (b->node >= 0) {
		free_chunk(m, b->node);
	}
	*b = (struct block){ .node = -1 };
}

static void resize(struct model *m, int id, size_t req)
{
	struct block *b = &m->b[id];
	size_t nb = chunk_size(req);
	if (b->mm) {            /* mremap: stays an mmapped chunk */
		size_t sz = align_up(nb + 8, m->p->page);
		m->hblkhd += sz - b->mmsize;
		b->mmsize = sz;
		b->req = req;
		return;
	}
	int i = b->node;
	if (i < 0)
		return;
	struct chunk *c = &m->c[i];
	if (c->size < nb) {
		int nx = c->next;
		if (nx < 0 && c->size + (m->brk - m->top) >= nb + MINSIZE) {
			m->top = c->off + nb;
			c->size = nb;
			touch(m, m->top + 8, m->top + 16);
		} else if (nx >= 0 && m->c[nx].st == FREE && c->size + m->c[nx].size >= nb) {
			c->size += m->c[nx].size;
			node_drop(m, nx);
		} else {
			struct block nbk = { .node = -1, .req = req };
			nbk.node = take(m, nb, false, &nbk);
			if (nbk.node < 0 && !nbk.mm)
				return;
			free_chunk(m, i);
			*b = nbk;
			if (b->node >= 0)
				touch(m, m->c[b->node].off + 8, m->c[b->node].off + HDR + req);
			return;
		}
	}
	shrink(m, i, nb, false);
	b->req = req;
	touch(m, m->c[i].off + 8, m->c[i].off + HDR + req);
}

static size_t heap_resident(const struct model *m)
{
	return touched_in(m, 0, m->brk);
}

/* What malloc_trim(0) gives back: after the fastbins are merged, the
   whole pages of each free chunk past its first 48 bytes, and the top
   down to a page. The model is left as it was. */
static size_t reclaimable(const struct model *m)
{
	size_t n = 0, page = m->p->page;
	int first = -1;
	for (int k = m->last; k >= 0; k = m->c[k].prev)
		first = k;
	size_t top = m->top;
	for (int k = first; k >= 0;) {
		if (m->c[k].st != FREE && m->c[k].st != FAST) {
			k = m->c[k].next;
			continue;
		}
		size_t lo = m->c[k].off, hi = lo;
		while (k >= 0 && (m->c[k].st == FREE || m->c[k].st == FAST)) {
			hi += m->c[k].size;
			k = m->c[k].next;
		}
		if (k < 0) {
			top = lo;
			break;
		}
		size_t from = align_up(lo + 48, page);
		if (hi > from)
			n += touched_in(m, from, from + (hi - from) / page * page);
	}
	size_t top_size = m->brk - top;
	if (top_size > MINSIZE + 1) {
		size_t extra = (top_size - MINSIZE - 1) / page * page;
		n += touched_in(m, m->brk - extra, m->brk);
	}
	return n;
}

/* The heap's bytes in chunks that are not free: neither in a bin nor a
   fastbin nor the top (a tcache's chunks are in use, for mallinfo2). */
static size_t in_use(const struct model *m)
{
	size_t n = m->top;
	for (int k = m->last; k >= 0; k = m->c[k].prev)
		if (m->c[k].st == FREE || m->c[k].st == FAST)
			n -= m->c[k].size;
	return n;
}

static size_t mm_resident(const struct model *m, int num_ids)
{
	size_t n = 0;
	for (int id = 0; id < num_ids; id++)
		if (m->b[id].mm)
			n += align_up(HDR + m->b[id].req, m->p->page);
	return n;
}
// <<< model

int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES])
{
	// >>> analyse
	//| /* TODO: for each operation of t, in order, what glibc's malloc does
	//|    (README.md, task 1); at the end of each phase
	//|    (an_phase_end(t->num_ops, k)), out[k]. */
	//| (void)t, (void)p, (void)out;
	//| errno = ENOSYS;
	//| return -1;
	if (!t || !p || !out || p->page == 0 || t->num_ids <= 0 || t->num_ops < 0) {
		errno = EINVAL;
		return -1;
	}
	struct model m = { .p = p, .spare = -1, .last = -1, .mmap_thr = p->mmap_threshold,
	                   .trim_thr = p->trim_threshold };
	for (int k = 0; k < TC_BINS; k++)
		m.tc[k] = -1;
	for (size_t k = 0; k < sizeof m.fast / sizeof *m.fast; k++)
		m.fast[k] = -1;
	m.b = calloc((size_t)t->num_ids, sizeof *m.b);
	if (!m.b)
		return -1;
	for (int id = 0; id < t->num_ids; id++)
		m.b[id].node = -1;
	int op = 0;
	for (int k = 0; k < AN_PHASES; k++) {
		for (int end = an_phase_end(t->num_ops, k); op < end; op++) {
			const struct op *o = &t->ops[op];
			if (!m.tcache_made && o->kind != OP_CALLOC && o->kind != OP_FREE) {
				/* glibc's first malloc makes the tcache: 640 bytes */
				struct block tc;
				(void)take(&m, chunk_size(640), false, &tc);
				m.tcache_made = true;
			}
			switch (o->kind) {
			case OP_ALLOC:
				place(&m, o->id, o->size, true);
				break;
			case OP_CALLOC:
				place(&m, o->id, o->size, false);
				break;
			case OP_REALLOC:
				resize(&m, o->id, o->size);
				break;
			default:
				release(&m, o->id);
				break;
			}
		}
		out[k] = (struct phase_mem){
			.heap = m.brk,
			.in_use = in_use(&m),
			.mmapped = m.hblkhd,
			.resident = heap_resident(&m) + mm_resident(&m, t->num_ids),
			.reclaimable = reclaimable(&m),
		};
	}
	free(m.c);
	free(m.touched);
	free(m.b);
	if (m.nomem) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
	// <<< analyse
}
