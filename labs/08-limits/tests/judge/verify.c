// SPDX-License-Identifier: MIT
/*
 * verify.c - the tests' own check of a probe's answer (build/tverify,
 * tverify32, tverify32-bss; never your code). It searches for nothing: it
 * tries the sizes it is given, in a fresh process of the same shape as
 * build/memprobe (a small C program, its mallocs before any output), under
 * the limits the tests set, and prints what malloc did:
 *
 *   tverify fits A B         malloc(A), free it, malloc(B): "fits 1|0"
 *                            says whether A worked, "above 1|0" whether B did
 *   tverify pieces PIECE N   malloc(PIECE) up to N times, keeping each,
 *                            until NULL: "pieces K", K the ones that worked
 *
 * A probe_largest answer n is right (to within step) when malloc(n - step)
 * works and malloc(n + 2 step) does not; a probe_total answer of k pieces
 * when k pieces work and k + 2 do not (test_probe.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A size; one too large for this size_t (a 32-bit build) is SIZE_MAX,
   which no malloc grants. */
static size_t number(const char *s)
{
	unsigned long long n = strtoull(s, NULL, 10);
	return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "fits") == 0) {
		size_t a = number(argv[2]), b = number(argv[3]);
		/* volatile: a compiler may drop a malloc that is only freed. */
		void *volatile p = malloc(a);
		int fa = p != NULL;
		free(p);
		p = malloc(b);
		int fb = p != NULL;
		free(p);
		printf("fits %d\nabove %d\n", fa, fb);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "pieces") == 0) {
		size_t piece = number(argv[2]), n = number(argv[3]), k = 0;
		void *head = NULL;   /* a list through the blocks: nothing else is allocated */
		if (piece < sizeof(void *))
			return 2;
		while (k < n) {
			void **p = malloc(piece);
			if (!p)
				break;
			*p = head;
			head = p;
			k++;
		}
		while (head) {
			void *next = *(void **)head;
			free(head);
			head = next;
		}
		printf("pieces %zu\n", k);
		return 0;
	}
	fprintf(stderr, "usage: tverify fits A B | pieces PIECE N\n");
	return 2;
}
