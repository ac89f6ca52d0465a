/*
 * predict.c - a model of glibc's malloc for large requests: which brk,
 * mmap and munmap calls each operation of a sequence makes.
 *
 * Task 4 of the handout. The model needs no real memory: keep the chunks
 * of the heap as (offset, size, in use or free) from the heap's start,
 * the top chunk (where it starts, how big it is: it ends at the break),
 * the free chunks in the order glibc's bins keep them, which blocks were
 * mmapped and how long they are, and the three tunables with the flag
 * that says whether they may still move (the dynamic threshold).
 *
 * Suggested pieces, in the order the handout builds them up:
 *   model_malloc   free chunks first (best fit, split), then the top chunk,
 *                  then sysmalloc: mmap at or above the threshold, else brk
 *   model_free     munmap (and the dynamic threshold) or merge with free
 *                  neighbours and the top, then maybe trim
 *   systrim        how much brk gives back
 */
#include "predict.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"

// >>> predict
int predict(const struct seq *s, struct op_events out[])
{
	/* TODO: for each operation of s, reset out[i].n to 0, run the model,
	   and record its calls with events_add(&out[i], kind, length). The
	   first malloc of a process first allocates the tcache (a 0x290-byte
	   chunk) and that happens in the same operation. */
	(void)s;
	(void)out;
	errno = ENOSYS;
	return -1;
}
// <<< predict
