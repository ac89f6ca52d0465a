// SPDX-License-Identifier: MIT
/*
 * heapviz.c - the heap picture behind mm_checkheap(1); see heapviz.h.
 *
 * One line per block:
 *     0x7f..a008  +0x68      48  alloc
 *     0x7f..a038  +0x98     160  free   list 8
 * then the map: the heap cut into MAP_CELLS equal slices, each shown by what
 * most of its bytes are: '#' allocated, '.' free, '!' free but in no list.
 */
#include "heapviz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAP_CELLS = 64 };

static const char *heap_lo;
static size_t heap_bytes;
static size_t cell_alloc[MAP_CELLS], cell_free[MAP_CELLS], cell_lost[MAP_CELLS];
static size_t nblocks, alloc_bytes, free_bytes, largest_free;
static bool colour;

void viz_begin(const void *lo, const void *hi)
{
	heap_lo = lo;
	heap_bytes = (size_t)((const char *)hi - heap_lo) + 1;
	memset(cell_alloc, 0, sizeof cell_alloc);
	memset(cell_free, 0, sizeof cell_free);
	memset(cell_lost, 0, sizeof cell_lost);
	nblocks = alloc_bytes = free_bytes = largest_free = 0;
	colour = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
	fprintf(stderr, "heap %p..%p, %zu bytes\n", lo, hi, heap_bytes);
}

/* Add the bytes [off, off+len) of the heap to the cells they fall in. */
static void count_cells(size_t *cells, size_t off, size_t len)
{
	if (heap_bytes == 0)
		return;
	size_t end = off + len;
	if (end > heap_bytes)
		end = heap_bytes;
	while (off < end) {
		size_t cell = (size_t)((unsigned __int128)off * MAP_CELLS / heap_bytes);
		size_t cell_end = (size_t)(((unsigned __int128)(cell + 1) * heap_bytes
					    + MAP_CELLS - 1) / MAP_CELLS);
		size_t upto = cell_end < end ? cell_end : end;
		if (upto <= off)
			upto = off + 1;
		cells[cell] += upto - off;
		off = upto;
	}
}

void viz_block(const void *block, size_t size, bool allocated, int list)
{
	const char *b = block;
	size_t off = (size_t)(b - heap_lo);
	nblocks++;
	if (allocated) {
		alloc_bytes += size;
		count_cells(cell_alloc, off, size);
	} else {
		free_bytes += size;
		if (size > largest_free)
			largest_free = size;
		count_cells(list == VIZ_LOST ? cell_lost : cell_free, off, size);
	}
	const char *state = allocated ? "alloc" : "free ";
	const char *on = "", *off_ = "";
	if (colour) {
		on = allocated ? "\033[32m" : list == VIZ_LOST ? "\033[31m" : "\033[34m";
		off_ = "\033[0m";
	}
	fprintf(stderr, "  %p  +%#-8zx %8zu  %s%s%s", block, off, size, on, state, off_);
	if (!allocated && list == VIZ_LOST)
		fprintf(stderr, "  IN NO FREE LIST");
	else if (!allocated)
		fprintf(stderr, "  list %d", list);
	fputc('\n', stderr);
}

void viz_slab(const void *block, size_t size, size_t slot, size_t used, size_t slots)
{
	size_t off = (size_t)((const char *)block - heap_lo);
	size_t taken = size * used / slots;
	nblocks++;
	alloc_bytes += taken;
	free_bytes += size - taken;
	count_cells(cell_alloc, off, taken);
	count_cells(cell_free, off + taken, size - taken);
	fprintf(stderr, "  %p  +%#-8zx %8zu  slab   %zu-byte slots, %zu of %zu used\n",
		block, off, size, slot, used, slots);
}

void viz_end(void)
{
	fputc('[', stderr);
	for (int i = 0; i < MAP_CELLS; i++) {
		char c = ' ';
		const char *on = "";
		size_t a = cell_alloc[i], f = cell_free[i], l = cell_lost[i];
		if (l > 0 && l >= a && l >= f) {
			c = '!';
			on = "\033[41m";
		} else if (a > 0 && a >= f) {
			c = '#';
			on = "\033[42m";
		} else if (f > 0) {
			c = '.';
			on = "\033[44m";
		}
		if (colour && *on)
			fprintf(stderr, "%s%c\033[0m", on, c);
		else
			fputc(c, stderr);
	}
	fprintf(stderr, "]  # alloc  . free  ! lost\n");
	fprintf(stderr, "%zu blocks, %zu bytes allocated, %zu free (largest %zu)\n",
		nblocks, alloc_bytes, free_bytes, largest_free);
}
