// SPDX-License-Identifier: MIT
/*
 * tls - where a thread's control block and TLS blocks are: at the top of
 * its own stack mapping, above the frames.
 *
 * Usage: tls
 *
 * Try:   ./tls
 * A thread started with default attributes prints, as distances below the
 * top of its stack mapping (the `hi` of pthread_getattr_np, the end of the
 * rw-p line of /proc/self/maps): its thread pointer, where glibc's struct
 * pthread begins (x86-64 puts it at the top, TLS "variant II"); the
 * program's own TLS block (a 64 KiB _Thread_local array here) just below
 * it; libc's block below that; and its first frame, under all of them.
 * pthread_getattr_np counts all of it as stack: the frames get 64 KiB less
 * than `ulimit -s` says.
 */
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "die.h"

static _Thread_local char big[64 * 1024];

static uintptr_t top;

/* Each object's TLS block of the calling thread, below the top. */
static int show_block(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size, (void)data;
	for (int k = 0; k < info->dlpi_phnum; k++)
		if (info->dlpi_phdr[k].p_type == PT_TLS && info->dlpi_tls_data) {
			const char *name = info->dlpi_name[0] ? strrchr(info->dlpi_name, '/') + 1 : "the program";
			printf("%-22s top - %6lu  (%lu bytes of TLS)\n", name,
			       (unsigned long)(top - (uintptr_t)info->dlpi_tls_data),
			       (unsigned long)info->dlpi_phdr[k].p_memsz);
		}
	return 0;
}

static void *thread_main(void *arg)
{
	(void)arg;
	int local = 0;
	big[0] = 1;
	pthread_attr_t a;
	void *lo;
	size_t size, guard;
	if (pthread_getattr_np(pthread_self(), &a) || pthread_attr_getstack(&a, &lo, &size) ||
	    pthread_attr_getguardsize(&a, &guard))
		die("pthread_getattr_np failed");
	pthread_attr_destroy(&a);
	top = (uintptr_t)lo + size;
	uintptr_t tp = (uintptr_t)__builtin_thread_pointer();
	printf("stack [lo, hi)         %zu KiB, a guard of %zu KiB below lo\n", size / 1024, guard / 1024);
	printf("thread pointer (TCB)   top - %6lu  (pthread_self() %s)\n", (unsigned long)(top - tp),
	       (uintptr_t)pthread_self() == tp ? "is the same address" : "differs");
	dl_iterate_phdr(show_block, NULL);
	printf("first frame (a local)  top - %6lu\n", (unsigned long)(top - (uintptr_t)&local));
	printf("all of it inside pthread_getattr_np's [lo, hi): %s\n",
	       (uintptr_t)lo < (uintptr_t)big && tp < top ? "yes" : "no");
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_t t;
	int err = pthread_create(&t, NULL, thread_main, NULL);
	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_join(t, NULL);
	return 0;
}
