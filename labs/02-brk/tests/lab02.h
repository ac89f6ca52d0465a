/*
 * lab02.h - what the lab 02 tests share: page arithmetic, facts the kernel
 * tells about this process, and running build/firstbrk in a fresh process.
 */
#ifndef LAB02_H
#define LAB02_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

size_t page_size(void);
uintptr_t page_round_up(uintptr_t addr);

/* Field n (1-based, see man 5 proc) of /proc/self/stat, read without
   malloc, or 0 if it cannot be read. 45 start_data, 46 end_data,
   47 start_brk. */
uintptr_t proc_stat_field(int n);

/* The value in kB of a line of /proc/self/status such as "VmData:", or -1. */
long proc_status_kib(const char *key);

/* Puts the break back at brk if it is somewhere else: tests restore it
   before they assert, so that a wrong answer cannot harm malloc's heap. */
void restore_break(void *brk);

/* What build/firstbrk printed. */
struct firstbrk {
	uintptr_t end, brk, grown, brk_after;
	long gap;
	int heap_before, heap_after;
	uintptr_t heap_start, heap_end;
};

enum firstbrk_status { FIRSTBRK_OK, FIRSTBRK_FAILED, FIRSTBRK_NO_PERSONALITY };

/* Runs build/firstbrk (with ASLR off for this one process if no_aslr) and
   parses its output. On FIRSTBRK_FAILED, why says what went wrong. */
enum firstbrk_status run_firstbrk(struct firstbrk *out, bool no_aslr,
                                  char *why, size_t whylen);

/* Contents of /proc/sys/kernel/randomize_va_space, or -1. */
int randomize_va_space(void);

#endif
