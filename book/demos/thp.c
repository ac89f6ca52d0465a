// SPDX-License-Identifier: MIT
/*
 * thp.c - the page faults of writing 2 MiB of fresh anonymous memory, with
 * and without madvise(MADV_HUGEPAGE).
 *
 * Usage: thp
 * Try:   thp; cat /sys/kernel/mm/transparent_hugepage/enabled
 *        (with "never" both lines show 512 faults)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "die.h"

#define HUGE ((size_t)2 << 20)

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Writes 2 MiB aligned to 2 MiB; returns the faults it took. */
static long write_2mib(int advice)
{
	char *big = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big == MAP_FAILED)
		die_errno("mmap");
	char *p = (char *)(((uintptr_t)big + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	if (advice && madvise(p, HUGE, advice))
		die_errno("madvise");
	long before = minflt();
	memset(p, 1, HUGE);
	long faults = minflt() - before;
	munmap(big, 2 * HUGE);
	return faults;
}

int main(void)
{
	write_2mib(0);          /* warm up: memset's own code faults in here */
	printf("2 MiB written, no advice:     %4ld faults\n", write_2mib(0));
	printf("2 MiB written, MADV_HUGEPAGE: %4ld faults\n", write_2mib(MADV_HUGEPAGE));
	return 0;
}
