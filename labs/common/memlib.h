// SPDX-License-Identifier: MIT
// >>> about
/*
 * memlib.h - the simulated heap of the allocator labs (04, 05).
 *
 * An allocator in these labs never calls brk or the C library's malloc. It
 * grows its heap with mem_sbrk, which works like sbrk(2) on a private region:
 *
 *     mem_init();                        reserve the region; the heap is empty
 *     char *p = mem_sbrk(4096);          the old break: the first new byte
 *     mem_heap_lo() == p                 first byte of the heap
 *     mem_heap_hi() == p + 4095          last byte of the heap (lo - 1 if empty)
 *     mem_heapsize() == 4096
 *
 * Why simulate: the region is reserved once with mmap at a fixed hint address
 * (MEM_HEAP_HINT), so the same requests give the same addresses run after run;
 * the driver can tell whether a pointer is inside the heap; and the heap can be
 * emptied between two traces (mem_reset_brk) without leaving the process.
 *
 * Memory past the break is not accessible: a write one page beyond
 * mem_heap_hi() is a segmentation fault, as it would be past a real break
 * (except after mem_rewind_brk, which the driver's timed runs use).
 * Memory that mem_sbrk hands out for the first time after mem_init,
 * mem_reset_brk or mem_rewind_brk is zero, as the kernel's is.
 *
 * Compatible with the CS:APP malloc lab's memlib (mem_sbrk takes an intptr_t,
 * as in its 64-bit version). A negative increment shrinks the heap, as sbrk's
 * does. Nothing here calls malloc: it can back an LD_PRELOAD allocator.
 * Not thread-safe: callers hold their own lock.
 */
// <<< about
#ifndef MEMLIB_H
#define MEMLIB_H

#include <stddef.h>
#include <stdint.h>

/* The reserved region: the most the heap can ever grow to. */
#define MEM_MAX_HEAP ((size_t)1 << 30)          /* 1 GiB of address space */

/* Where memlib asks the kernel to put the region (a hint, not a demand). */
#define MEM_HEAP_HINT ((uintptr_t)0x600000000000)

/* Reserve the region (first call) and make the heap empty. Calling it again
   is the same as mem_reset_brk. Exits with a message if mmap fails. */
void mem_init(void);

/* Give the region back. mem_init may be called again afterwards. */
void mem_deinit(void);

/* Move the break by incr bytes and return the old break. On failure returns
   (void *)-1 with errno ENOMEM (past the limit) or EINVAL (below the start,
   or mem_init not called). */
void *mem_sbrk(intptr_t incr);

/* Empty the heap: the break goes back to the start; the old contents are
   gone (the pages read as zero again). */
void mem_reset_brk(void);

/* Empty the heap for a timed run: the break goes back to the start and the
   old contents read as zero again, as after mem_reset_brk, but the pages the
   heap has reached stay accessible and in memory, so growing the heap again
   costs no mprotect and no page faults. Until the next mem_reset_brk a write
   past the break may then not fault: time with it, check with
   mem_reset_brk. */
void mem_rewind_brk(void);

/* First byte of the heap. */
void *mem_heap_lo(void);

/* Last byte of the heap: mem_heap_lo() - 1 when the heap is empty. */
void *mem_heap_hi(void);

/* Bytes between the start and the break. */
size_t mem_heapsize(void);

/* The system's page size. */
size_t mem_pagesize(void);

/* Limit the heap to at most `bytes` (rounded up to a page, at most
   MEM_MAX_HEAP): a later mem_sbrk that would pass it fails with ENOMEM. Lets a
   test make the heap run out. Returns the limit in force; mem_set_limit(0)
   just asks. mem_init keeps the limit; the default is MEM_MAX_HEAP. */
size_t mem_set_limit(size_t bytes);

/* --- shared mode: one heap seen by a judge and a worker (remote.h) ---
 *
 * A lab's tests (the judge) run the allocator in another process, the
 * worker, yet build, walk and check heaps themselves. So the judge calls
 * mem_share() before its first mem_init: the region is then a memfd mapped
 * MAP_SHARED at MEM_HEAP_HINT, and the break, the limit and whether
 * mem_init was called live in a header page of the same memfd, so that
 * mem_sbrk on either side moves the one break. The judge passes
 * mem_share_fd() to the worker (remote_pass_fd), which calls
 * mem_share_attach on it: its region is mapped at the judge's address, so
 * a pointer means the same on both sides. Each process keeps the pages past
 * the break inaccessible in its own mapping: mem_share_sync, called by the
 * worker before each call and by the judge after each, makes that mapping
 * match the shared break (a stray write past the break still faults in the
 * worker). mem_reset_brk empties the memfd's pages for both;
 * mem_rewind_brk clears every page either side has written and leaves them
 * open in the calling process until the next reset, as it does outside
 * shared mode (a timed replay pays no mprotect and no fault). The worker
 * must not call mem_init or mem_deinit. Programs and the trace driver never
 * use this mode: one process, the API and contract above. */

/* Judge: from now on, mem_init creates the region shareable. */
void mem_share(void);

/* Judge: the memfd behind the shared region (-1 before mem_init). */
int mem_share_fd(void);

/* Worker: map the judge's shared region from fd. 0, or -1 with errno. */
int mem_share_attach(int fd);

/* Either side: open this process's pages up to the shared break, close the
   ones past it. Does nothing outside shared mode. */
void mem_share_sync(void);

#endif
