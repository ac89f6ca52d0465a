// SPDX-License-Identifier: MIT
/*
 * predict.c - a model of glibc's malloc for large requests: which brk,
 * mmap and munmap calls each operation of a sequence makes.
 *
// >>> design
//|  * Task 4 of the handout. The model needs no real memory: keep the chunks
//|  * of the heap as (offset, size, in use or free) from the heap's start,
//|  * the top chunk (where it starts, how big it is: it ends at the break),
//|  * the free chunks in the order glibc's bins keep them, which blocks were
//|  * mmapped and how long they are, and the three tunables with the flag
//|  * that says whether they may still move (the dynamic threshold).
//|  *
//|  * Suggested pieces, in the order the handout builds them up:
//|  *   model_malloc   free chunks first (best fit, split), then the top chunk,
//|  *                  then sysmalloc: mmap at or above the threshold, else brk
//|  *   model_free     munmap (and the dynamic threshold) or merge with free
//|  *                  neighbours and the top, then maybe trim
//|  *   systrim        how much brk gives back
 * The model keeps what decides those calls and nothing else: the chunks
 * of the heap by offset from its start (no real memory), the top chunk,
 * the free chunks in the order glibc's bins keep them, the blocks that
 * were mmapped, and the three tunables with their dynamic adjustment.
 * The numbers are those of 64-bit glibc 2.36, the version it was checked
 * against (tests/labs/03-mmap-threshold/check.sh).
// <<< design
 */
#include "predict.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"

enum {
	TCACHE_CHUNK = 0x290,                   /* the tcache's own chunk (glibc 2.36: 640 + 16) */
	DEFAULT_THRESHOLD = 128 * 1024,         /* mmap and trim thresholds, top pad */
	// >>> constants (solution only)
	MIN_CHUNK = 32,
	CONSOLIDATE_AT = 64 * 1024,             /* FASTBIN_CONSOLIDATION_THRESHOLD */
	LARGE_MIN = 1024,                       /* smaller chunks go to small bins */
	MAX_CHUNKS = 2 * SEQ_MAX_OPS + 8,
	// <<< constants
};

// >>> chunks (solution only)
static const size_t DYNAMIC_MAX = 32UL * 1024 * 1024;   /* DEFAULT_MMAP_THRESHOLD_MAX */

enum where { UNUSED, IN_USE, UNSORTED, BINNED };

struct chunk {
	size_t addr, size;      /* addr: offset from the start of the heap */
	enum where where;
	unsigned long stamp;    /* UNSORTED: when it was put there */
};

/* What a malloc returned: an mmapped block, or a heap chunk (a slot). */
struct block {
	bool mmapped;
	size_t len;
	int slot;
};
// <<< chunks

struct model {
	size_t page;
	size_t mmap_threshold, trim_threshold, top_pad;
	bool dynamic;                   /* no mallopt yet: thresholds may move */
	bool tcache_ready;
	size_t top_addr, top_size;      /* the top chunk ends at the break */
	// >>> model-fields
	//| /* TODO: the heap's chunks, the free lists, what each malloc returned */
	struct chunk chunk[MAX_CHUNKS];
	int bin[MAX_CHUNKS];            /* BINNED chunks, largest first, in glibc's order */
	int nbin;
	unsigned long clock;
	struct block block[SEQ_MAX_OPS];
	// <<< model-fields
	struct op_events *out;          /* the current operation's events */
};

// >>> model (solution only)
static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

static void emit(struct model *m, enum ev_kind kind, size_t len)
{
	events_add(m->out, kind, len);
}

static int new_slot(struct model *m, size_t addr, size_t size, enum where where)
{
	for (int i = 0; i < MAX_CHUNKS; i++)
		if (m->chunk[i].where == UNUSED) {
			m->chunk[i] = (struct chunk){ addr, size, where, 0 };
			return i;
		}
	return -1;      /* cannot happen: each operation adds at most two chunks */
}

static int slot_at(const struct model *m, size_t addr)
{
	for (int i = 0; i < MAX_CHUNKS; i++)
		if (m->chunk[i].where != UNUSED && m->chunk[i].addr == addr)
			return i;
	return -1;
}

static int slot_ending_at(const struct model *m, size_t end)
{
	for (int i = 0; i < MAX_CHUNKS; i++)
		if (m->chunk[i].where != UNUSED && m->chunk[i].addr + m->chunk[i].size == end)
			return i;
	return -1;
}

/* glibc's bin number for a free chunk of this size (64-bit). */
static unsigned bin_index(size_t size)
{
	if (size < LARGE_MIN)
		return (unsigned)(size >> 4);
	if ((size >> 6) <= 48)
		return 48 + (unsigned)(size >> 6);
	if ((size >> 9) <= 20)
		return 91 + (unsigned)(size >> 9);
	if ((size >> 12) <= 10)
		return 110 + (unsigned)(size >> 12);
	if ((size >> 15) <= 4)
		return 119 + (unsigned)(size >> 15);
	if ((size >> 18) <= 2)
		return 124 + (unsigned)(size >> 18);
	return 126;
}

static void put_unsorted(struct model *m, int s)
{
	m->chunk[s].where = UNSORTED;
	m->chunk[s].stamp = ++m->clock;
}

/* Sort a chunk into the bins. Large bins are kept largest first; a chunk
   the same size as one already there goes second in that size's run (glibc
   keeps the run's first chunk in place for its skip list). */
static void put_binned(struct model *m, int s)
{
	size_t size = m->chunk[s].size;
	int at = 0;
	while (at < m->nbin && m->chunk[m->bin[at]].size > size)
		at++;
	if (at < m->nbin && m->chunk[m->bin[at]].size == size)
		at++;
	memmove(&m->bin[at + 1], &m->bin[at], (size_t)(m->nbin - at) * sizeof m->bin[0]);
	m->bin[at] = s;
	m->nbin++;
	m->chunk[s].where = BINNED;
}

/* Take a free chunk out of whichever list holds it. */
static void unlink_free(struct model *m, int s)
{
	if (m->chunk[s].where == BINNED) {
		int at = 0;
		while (m->bin[at] != s)
			at++;
		memmove(&m->bin[at], &m->bin[at + 1], (size_t)(m->nbin - at - 1) * sizeof m->bin[0]);
		m->nbin--;
	}
	m->chunk[s].where = UNUSED;
}

/* Walk the unsorted list oldest first: an exact fit is taken at once,
   every other chunk is sorted into its bin on the way. */
static int sort_unsorted(struct model *m, size_t nb)
{
	for (;;) {
		int oldest = -1;
		for (int i = 0; i < MAX_CHUNKS; i++)
			if (m->chunk[i].where == UNSORTED &&
			    (oldest < 0 || m->chunk[i].stamp < m->chunk[oldest].stamp))
				oldest = i;
		if (oldest < 0)
			return -1;
		if (m->chunk[oldest].size == nb) {
			m->chunk[oldest].where = IN_USE;
			return oldest;
		}
		put_binned(m, oldest);
	}
}

/* The smallest binned chunk that fits; among chunks of that size, the one
   glibc's large-bin search reaches: the second of the run when it searches
   the request's own bin, the last when it moves on to a bigger bin. */
static int pick_binned(const struct model *m, size_t nb)
{
	int first = -1, last = -1;
	for (int at = m->nbin - 1; at >= 0; at--) {
		size_t size = m->chunk[m->bin[at]].size;
		if (size < nb)
			continue;
		if (last < 0)
			last = at;
		else if (size != m->chunk[m->bin[last]].size)
			break;
		first = at;
	}
	if (last < 0)
		return -1;
	size_t size = m->chunk[m->bin[first]].size;
	if (bin_index(size) == bin_index(nb))
		return m->bin[first < last ? first + 1 : first];
	return m->bin[last];
}

/* Use free chunk s for a request of nb: split off the rest if it can stand
   as a chunk of its own (it goes to the unsorted list). */
static void carve(struct model *m, int s, size_t nb)
{
	unlink_free(m, s);
	m->chunk[s].where = IN_USE;
	size_t size = m->chunk[s].size;
	if (size - nb >= MIN_CHUNK) {
		m->chunk[s].size = nb;
		put_unsorted(m, new_slot(m, m->chunk[s].addr + nb, size - nb, UNSORTED));
	}
}

// >>> sysmalloc
/* The top chunk is too small: mmap the request if it is big enough,
   otherwise grow the heap with brk by what is missing plus the top pad. */
static struct block sysmalloc(struct model *m, size_t nb)
{
	if (nb >= m->mmap_threshold) {
		size_t len = align_up(nb + sizeof(size_t), m->page);
		emit(m, EV_MMAP, len);
		return (struct block){ true, len, -1 };
	}
	size_t grow = align_up(nb + m->top_pad + MIN_CHUNK - m->top_size, m->page);
	emit(m, EV_BRK_GROW, grow);
	m->top_size += grow;
	int s = new_slot(m, m->top_addr, nb, IN_USE);
	m->top_addr += nb;
	m->top_size -= nb;
	return (struct block){ false, 0, s };
}
// <<< sysmalloc

// >>> malloc
static struct block model_malloc(struct model *m, size_t nb)
{
	int s = sort_unsorted(m, nb);
	if (s < 0 && (s = pick_binned(m, nb)) >= 0)
		carve(m, s, nb);
	if (s >= 0)
		return (struct block){ false, 0, s };
	/* The top chunk serves any request it can, even one above the mmap
	   threshold, as long as a minimal chunk is left after it. */
	if (m->top_size >= nb + MIN_CHUNK) {
		s = new_slot(m, m->top_addr, nb, IN_USE);
		m->top_addr += nb;
		m->top_size -= nb;
		return (struct block){ false, 0, s };
	}
	return sysmalloc(m, nb);
}
// <<< malloc

// >>> trim
/* Give back whole pages at the top of the heap, keeping top_pad bytes
   (and a minimal chunk) in the top chunk. glibc computes this in signed
   arithmetic but compares with the pad unsigned: a top chunk of exactly
   32 bytes gives a negative "area" that passes the check, and the heap
   then *grows* by the pad rounded up to a page. The model does the same. */
static void systrim(struct model *m)
{
	long area = (long)m->top_size - MIN_CHUNK - 1;
	if ((size_t)area <= m->top_pad)
		return;
	long extra = (long)(((size_t)area - m->top_pad) & ~(m->page - 1));
	if (extra == 0)
		return;
	if (extra > 0)
		emit(m, EV_BRK_SHRINK, (size_t)extra);
	else
		emit(m, EV_BRK_GROW, (size_t)-extra);
	m->top_size -= (size_t)extra;
}
// <<< trim

// >>> free
static void model_free(struct model *m, struct block b)
{
	if (b.mmapped) {
		/* The dynamic threshold: a freed mmapped block says "blocks this
		   big come and go", so later ones of its size come from the heap.
		   glibc compares the size field with its IS_MMAPPED bit (2) set. */
		size_t field = b.len | 2;
		if (m->dynamic && field > m->mmap_threshold && field <= DYNAMIC_MAX) {
			m->mmap_threshold = b.len;
			m->trim_threshold = 2 * b.len;
		}
		emit(m, EV_MUNMAP, b.len);
		return;
	}
	int s = b.slot;
	size_t addr = m->chunk[s].addr, size = m->chunk[s].size;
	m->chunk[s].where = UNUSED;
	int prev = slot_ending_at(m, addr);
	if (prev >= 0 && m->chunk[prev].where != IN_USE) {
		addr = m->chunk[prev].addr;
		size += m->chunk[prev].size;
		unlink_free(m, prev);
	}
	if (addr + size == m->top_addr) {
		m->top_addr = addr;
		m->top_size += size;
		size = m->top_size;
	} else {
		int next = slot_at(m, addr + size);
		if (next >= 0 && m->chunk[next].where != IN_USE) {
			size += m->chunk[next].size;
			unlink_free(m, next);
		}
		put_unsorted(m, new_slot(m, addr, size, UNSORTED));
	}
	if (size >= CONSOLIDATE_AT && m->top_size >= m->trim_threshold)
		systrim(m);
}
// <<< free
// <<< model

static void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
	long page = sysconf(_SC_PAGESIZE);
	m->page = page > 0 ? (size_t)page : 4096;
	m->mmap_threshold = m->trim_threshold = m->top_pad = DEFAULT_THRESHOLD;
	m->dynamic = true;
}

int predict(const struct seq *s, struct op_events out[])
{
	// >>> predict-valid
	//| /* TODO: delete these two lines when the cases below are written. */
	//| errno = ENOSYS;
	//| return -1;
	//|
	char err[128];
	if (!seq_valid(s, err, sizeof err)) {
		errno = EINVAL;
		return -1;
	}
	// <<< predict-valid
	static struct model m;
	model_init(&m);
	for (size_t i = 0; i < s->n; i++) {
		const struct op *op = &s->ops[i];
		out[i].n = 0;
		m.out = &out[i];        /* record calls with events_add(m.out, kind, len) */
		switch (op->kind) {
		case OP_MALLOC:
			// >>> predict-malloc
			//| /* TODO: the first malloc allocates the tcache's chunk first,
			//|    in the same operation; then chunk_size(op->arg). */
			/* The first malloc of a thread first allocates its tcache. */
			if (!m.tcache_ready) {
				m.tcache_ready = true;
				model_malloc(&m, TCACHE_CHUNK);
			}
			m.block[i] = model_malloc(&m, chunk_size(op->arg));
			// <<< predict-malloc
			break;
		case OP_FREE:
			// >>> predict-free
			//| /* TODO: free the block operation op->arg returned. */
			model_free(&m, m.block[op->arg]);
			// <<< predict-free
			break;
		case OP_MMAP_THRESHOLD:
		// >>> predict-mallopt
		//| case OP_TRIM_THRESHOLD:
		//| case OP_TOP_PAD:
		//| 	/* TODO: set the tunable; what else does mallopt change? */
			m.mmap_threshold = op->arg;
			m.dynamic = false;
			break;
		case OP_TRIM_THRESHOLD:
			m.trim_threshold = op->arg;
			m.dynamic = false;
			break;
		case OP_TOP_PAD:
			m.top_pad = op->arg;
			m.dynamic = false;
		// <<< predict-mallopt
			break;
		}
	}
	return 0;
}
