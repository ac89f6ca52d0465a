// SPDX-License-Identifier: MIT
/*
 * pages.h - one page-table entry as /proc/PID/pagemap shows it (task 1),
 * and the one character the page map draws for it (task 4).
 *
 * /proc/PID/pagemap holds one 64-bit entry per virtual page of the
 * process: entry i, at byte offset 8 * i, is for the page at address
 * i * page size. The meaning of the bits is in the kernel's documentation,
 * Documentation/admin-guide/mm/pagemap.rst (the handout quotes it).
 */
#ifndef PAGES_H
#define PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

// >>> page-struct
/* One decoded pagemap entry. */
struct pm_page {
	bool present;       /* bit 63: in RAM, mapped by this page table */
	bool swapped;       /* bit 62: in swap */
	bool file;          /* bit 61: a page of a file, or shared anonymous memory */
	bool exclusive;     /* bit 56: mapped by this process only (since 4.2) */
	bool soft_dirty;    /* bit 55: written since the soft-dirty bits were cleared */
	uint64_t pfn;       /* bits 0-54 when present and not swapped, else 0;
	                       reads as 0 without CAP_SYS_ADMIN (since 4.2) */
};
// <<< page-struct

/* Task 1 (decode.c). Decode one raw entry into *pg; returns 0. */
int pm_decode(uint64_t raw, struct pm_page *pg);

/* Task 1 (decode.c). The entries of n pages starting at the page of addr
   (rounded down to a page), of process pid (0: this process), decoded
   into out[0..n-1]. Returns n, or -1 with errno (the file cannot be
   opened or read, or holds fewer than n entries there). Opens
   /proc/PID/pagemap for each call and closes it. */
ssize_t pm_read(pid_t pid, uintptr_t addr, size_t n, struct pm_page *out);

/* The characters of a page map, one per page (task 4, draw.c). */
enum {
	PM_NONE = '.',      /* not present, not swapped: never touched, or dropped */
	PM_SWAP = 'w',      /* swapped out */
	PM_FILE = 'f',      /* present, a file page or shared anonymous memory */
	PM_ZERO = '0',      /* present, anonymous, the shared zero page (needs PFNs) */
	PM_EXCL = 'x',      /* present, anonymous, mapped by this process only */
	PM_SHARED = 's',    /* present, anonymous, mapped by others too (after
	                       fork), or the zero page when PFNs are hidden */
};

/* Task 4 (draw.c). The character for one page. zero_pfn is the zero
   page's frame number, or 0 when it is unknown (PFNs hidden). */
char pm_char(const struct pm_page *pg, uint64_t zero_pfn);

#endif
