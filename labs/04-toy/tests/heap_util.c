// SPDX-License-Identifier: MIT
/*
 * heap_util.c - see heap_util.h.
 */
#include "heap_util.h"

#include "labtest.h"
#include "memlib.h"
#include "toy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int build_heap(const char *spec, char *bp[], int max)
{
	mem_init();
	(void)toy_init();
	mem_reset_brk();
	size_t total = 0;
	int n = 0;
	size_t sizes[MAX_SEEN];
	bool alloc[MAX_SEEN];
	for (const char *p = spec; *p && n < MAX_SEEN;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		alloc[n] = *p++ == 'a';
		char *end;
		sizes[n] = strtoul(p, &end, 10);
		cr_assert(end != p && sizes[n] % 16 == 0 && sizes[n] >= 32,
			  "test error: bad heap spec '%s'", spec);
		total += sizes[n++];
		p = end;
	}
	char *lo = mem_sbrk((intptr_t)(4 * TOY_WORD + total));
	cr_assert(lo != (void *)-1, "mem_sbrk failed building the test heap");
	tag_put(lo, 0);
	tag_put(lo + 8, tag_pack(16, true));
	tag_put(lo + 16, tag_pack(16, true));
	char *b = lo + 32;
	for (int i = 0; i < n; i++) {
		block_set(b, sizes[i], alloc[i]);
		if (i < max)
			bp[i] = b;
		b += sizes[i];
	}
	tag_put(b - 8, tag_pack(0, true));
	return n;
}

int walk_heap(struct seen out[], int max, const char **why)
{
	char *lo = mem_heap_lo(), *end = (char *)mem_heap_hi() + 1;
	*why = "";
	int n = 0;
	if (end - lo < 32) {
		*why = "the heap is smaller than padding + prologue + epilogue (32 bytes)";
		return -1;
	}
	for (char *bp = lo + 32;; bp += tag_size(tag_get(bp - 8))) {
		if (bp > end) {
			*why = "the walk went past the end of the heap";
			return -1;
		}
		tag_t h = tag_get(bp - 8);
		size_t size = tag_size(h);
		if (size == 0) {
			if (bp != end)
				*why = "a size-0 header that is not the heap's last word";
			else if (!tag_alloc(h))
				*why = "the epilogue is not marked allocated";
			else
				return n;
			return -1;
		}
		if (size > (size_t)(end - bp)) {
			*why = "a block runs past the end of the heap";
			return -1;
		}
		if (n < max)
			out[n] = (struct seen){ (size_t)(bp - lo), size, tag_alloc(h),
						tag_get(bp + size - 16) == h };
		n++;
	}
}

const char *heap_text(void)
{
	static char buf[2048];
	char *lo = mem_heap_lo(), *end = (char *)mem_heap_hi() + 1;
	size_t used = 0;
	buf[0] = '\0';
	for (char *bp = lo + 32; bp <= end && used < sizeof buf - 40;) {
		tag_t h = tag_get(bp - 8);
		size_t size = tag_size(h);
		if (size == 0) {
			used += (size_t)snprintf(buf + used, sizeof buf - used, "[end]");
			break;
		}
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%ld:%zu%c ",
					 (long)(bp - lo), size, tag_alloc(h) ? 'a' : 'f');
		if (size > (size_t)(end - bp))
			break;
		bp += size;
	}
	return buf;
}

long heap_off(const void *p)
{
	return (long)((const char *)p - (const char *)mem_heap_lo());
}

const char *at(const void *p)
{
	static char buf[4][32];
	static int next;
	char *b = buf[next++ % 4];
	if (!p)
		snprintf(b, sizeof buf[0], "NULL");
	else
		snprintf(b, sizeof buf[0], "offset %ld", heap_off(p));
	return b;
}

int assert_heap_sane(struct seen out[], int max, const char *context)
{
	const char *why;
	int n = walk_heap(out, max, &why);
	cr_assert_geq(n, 0, "%s: the heap does not walk from the prologue to the "
		      "epilogue: %s. Heap (offset:size, a/f): %s", context, why, heap_text());
	for (int i = 0; i < n && i < max; i++)
		cr_assert(out[i].footer_ok, "%s: block at offset %zu (size %zu): footer "
			  "does not match header. Heap: %s", context, out[i].off,
			  out[i].size, heap_text());
	return n;
}
