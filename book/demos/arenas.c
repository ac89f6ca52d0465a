// SPDX-License-Identifier: MIT
/*
 * arenas - a second thread's malloc uses a second arena, in an mmap'd heap.
 *
 * Usage: arenas
 *
 * Try:   ./arenas;  strace -f -e trace=brk,mmap,munmap ./arenas
 * The main thread's malloc(100) comes from the main arena, in [heap] (brk).
 * A new thread's malloc(100) comes from a new arena whose heap glibc made with
 * mmap: 64 MiB of address space reserved (PROT_NONE) and aligned to 64 MiB,
 * of which only the first pages are made readable and writable. Then
 * malloc_stats() shows both arenas.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "die.h"

/* Print the /proc/self/maps line holding addr. */
static void show_mapping(const char *who, void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (f == NULL)
		die_errno("open /proc/self/maps");
	char line[512];
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    (uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
			printf("%-12s malloc(100) = %p in %s", who, addr, line);
			break;
		}
	}
	fclose(f);
}

static void *thread_main(void *arg)
{
	(void)arg;
	void *p = malloc(100);
	if (p == NULL)
		die_errno("malloc");
	show_mapping("thread:", p);
	return p;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	void *p = malloc(100);
	if (p == NULL)
		die_errno("malloc");
	show_mapping("main thread:", p);
	pthread_t t;
	int err = pthread_create(&t, NULL, thread_main, NULL);
	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_join(t, NULL);
	fflush(stdout);
	malloc_stats();
	return 0;
}
