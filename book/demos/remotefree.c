// SPDX-License-Identifier: MIT
/*
 * remotefree - where a block goes when another thread frees it.
 *
 * Usage: remotefree
 *
 * Try:   ./remotefree;  GLIBC_TUNABLES=glibc.malloc.tcache_count=0 ./remotefree
 * A thread mallocs ten blocks of 100 bytes and one of 5000 from its own
 * arena; the main thread frees them all (remote frees: the main thread's
 * arena is the main one). For each free it says where the block went: a
 * block that holds the tcache's key afterwards is in a tcache (the freeing
 * thread's: free never touches another thread's), and the main thread's
 * next mallocs of 100 bytes get back the other arena's blocks. The arena
 * of a block is read from its chunk's header: NON_MAIN_ARENA (4), and the
 * heap_info at the 64 MiB boundary below it, whose first word is the arena.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "die.h"

/* glibc's own words around blocks are read on purpose here. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif

enum { N = 10, HEAP_MAX = 64 << 20 };

static void *blocks[N + 1];

static uintptr_t word(uintptr_t at)
{
	return *(const volatile uintptr_t *)at;
}

/* 0 for the main arena, else the arena's address. */
static uintptr_t arena_of(void *p)
{
	uintptr_t at = (uintptr_t)p;
	return word(at - sizeof(size_t)) & 4 ? word(at & ~(uintptr_t)(HEAP_MAX - 1)) : 0;
}

static void *thread_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < N; i++)
		if (!(blocks[i] = malloc(100)))
			die_errno("malloc");
	if (!(blocks[N] = malloc(5000)))
		die_errno("malloc");
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* The tcache's key: what a block holds in its second word once in a tcache. */
	void *volatile probe = malloc(100);     /* volatile: kept by the compiler */
	uintptr_t at = (uintptr_t)probe, key;
	free(probe);
	key = word(at + sizeof(uintptr_t));
	probe = malloc(100);
	if ((uintptr_t)probe != at)
		key = 0;        /* no tcache (tcache_count=0): nothing holds a key */
	pthread_t t;
	int err = pthread_create(&t, NULL, thread_main, NULL);
	if (err || (err = pthread_join(t, NULL)))
		die("pthread: %s", strerror(err));
	uintptr_t theirs = arena_of(blocks[0]);
	printf("the thread's blocks come from %s (at %#lx)\n",
	       theirs ? "an arena of its own, not the main one" : "the main arena", (unsigned long)theirs);
	int cached = 0;
	for (int i = 0; i <= N; i++) {
		at = (uintptr_t)blocks[i];
		free(blocks[i]);
		int in = key && word(at + sizeof(uintptr_t)) == key;
		cached += in;
		printf("main frees block %2d (%4d bytes) of that arena: %s\n", i, i < N ? 100 : 5000,
		       in ? "into the main thread's tcache" : "back to the thread's arena");
	}
	int back = 0;
	for (int i = 0; i < N; i++) {
		void *volatile p = malloc(100);
		back += p && arena_of(p) == theirs && theirs;
	}
	printf("%d of %d remote frees went to the main thread's tcache; of its next %d malloc(100), %d "
	       "came from the thread's arena\n", cached, N + 1, N, back);
	return 0;
}
