// SPDX-License-Identifier: MIT
/*
 * threads - where the stacks of a process's threads live.
 *
 * Usage: threads [N]      (default 2 extra threads)
 *
 * Try:   ./threads 3
 * Each thread prints the address of one of its local variables and the
 * mapping of /proc/self/maps that holds it. The main thread's local is in
 * [stack]; every other thread's is in an anonymous read-write mapping in the
 * memory-mapping area, which the C library made with mmap for that thread
 * (its size, printed after it, is the default stack size: `ulimit -s`, or
 * the C library's own default when the stack limit is unlimited).
 * A global variable has one address, the same in every thread.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "die.h"

static int shared_global = 42;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

/* Copy the line of /proc/self/maps whose range holds addr into out. */
static void find_mapping(uintptr_t addr, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (f == NULL)
		die_errno("open /proc/self/maps");
	char line[512];
	snprintf(out, outlen, "(not mapped)");
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
			line[strcspn(line, "\n")] = '\0';
			/* The mapping's size, so that nobody has to subtract. */
			snprintf(out, outlen, "%.500s  (%lu KiB)", line, (hi - lo) / 1024);
			break;
		}
	}
	fclose(f);
}

static void report(const char *who)
{
	int local = 0;
	char where[600];
	find_mapping((uintptr_t)&local, where, sizeof where);
	pthread_mutex_lock(&print_lock);
	printf("%-9s local at %p  global at %p\n          in %s\n",
	       who, (void *)&local, (void *)&shared_global, where);
	pthread_mutex_unlock(&print_lock);
}

static void *thread_main(void *arg)
{
	char who[16];
	snprintf(who, sizeof who, "thread %d", (int)(intptr_t)arg);
	report(who);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 2)
		usage("[N]");
	size_t n = argc == 2 ? parse_size(argv[1], "N") : 2;
	if (n > 64)
		die("N: at most 64 threads");
	report("main");
	pthread_t t[64];
	/* One at a time, so the output is in order. */
	for (size_t i = 0; i < n; i++) {
		int err = pthread_create(&t[i], NULL, thread_main, (void *)(intptr_t)(i + 1));
		if (err)
			die("pthread_create: %s", strerror(err));
		pthread_join(t[i], NULL);
	}
	return 0;
}
