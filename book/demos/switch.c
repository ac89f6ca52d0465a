// SPDX-License-Identifier: MIT
/*
 * switch - what a switch between two processes and between two threads
 * costs.
 *
 * Usage: switch [ROUND_TRIPS [ROUNDS]]   (default 10000 round trips, 5 rounds)
 *
 * Try:   ./switch; ./switch 50000 9
 * Two tasks pinned to one CPU pass a byte back and forth through two pipes
 * (ping-pong): each read blocks, so every hop is one switch from one task
 * to the other. It is done with two processes (fork: two address spaces,
 * each switch loads the other page tables) and with two threads of one
 * process (one address space). Each round times ROUND_TRIPS round trips,
 * that is 2 x ROUND_TRIPS switches; process and thread rounds alternate,
 * and the fastest round of each kind is printed, in microseconds per
 * switch (the time includes the pipe's read and write system calls, the
 * same for both). The last line is the ratio. On a busy machine run it a
 * few times: the numbers move, the pipe and the scheduler cost the most.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "die.h"

static long trips;

struct pipes {
	int ping[2];  /* main -> partner */
	int pong[2];  /* partner -> main */
};

/* The partner: read a byte, send it back, ROUND_TRIPS times. */
static void partner(struct pipes *p)
{
	char c;
	for (long i = 0; i < trips; i++) {
		if (read(p->ping[0], &c, 1) != 1 || write(p->pong[1], &c, 1) != 1)
			die_errno("partner");
	}
}

static void *partner_thread(void *arg)
{
	partner(arg);
	return NULL;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One round: microseconds per switch. */
static double round_us(int threads)
{
	struct pipes p;
	if (pipe(p.ping) < 0 || pipe(p.pong) < 0)
		die_errno("pipe");
	pid_t pid = -1;
	pthread_t tid;
	if (threads) {
		int err = pthread_create(&tid, NULL, partner_thread, &p);
		if (err)
			die("pthread_create: error %d", err);
	} else {
		pid = fork();
		if (pid < 0)
			die_errno("fork");
		if (pid == 0) {
			partner(&p);
			_exit(0);
		}
	}
	char c = 'x';
	double t0 = now();
	for (long i = 0; i < trips; i++) {
		if (write(p.ping[1], &c, 1) != 1 || read(p.pong[0], &c, 1) != 1)
			die_errno("main");
	}
	double t = now() - t0;
	if (threads)
		pthread_join(tid, NULL);
	else if (waitpid(pid, NULL, 0) < 0)
		die_errno("waitpid");
	close(p.ping[0]), close(p.ping[1]), close(p.pong[0]), close(p.pong[1]);
	return t / (2.0 * (double)trips) * 1e6;
}

int main(int argc, char **argv)
{
	trips = argc > 1 ? atol(argv[1]) : 10000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	if (argc > 3 || trips <= 0 || rounds <= 0)
		usage("[ROUND_TRIPS [ROUNDS]]");
	/* One CPU for both tasks: every hop is a real switch on that CPU. */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof one, &one) < 0)
		die_errno("sched_setaffinity");
	double best[2] = { 1e9, 1e9 };
	for (int r = 0; r < rounds; r++)
		for (int threads = 0; threads < 2; threads++) {
			double us = round_us(threads);
			if (us < best[threads])
				best[threads] = us;
		}
	printf("processes: %.2f us per switch\n", best[0]);
	printf("threads:   %.2f us per switch\n", best[1]);
	printf("a thread switch takes %.0f%% of the time of a process switch\n",
	       100.0 * best[1] / best[0]);
	return 0;
}
