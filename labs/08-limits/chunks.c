// SPDX-License-Identifier: MIT
/*
 * chunks.c - your predictions for glibc's malloc on i386 (chunk32.c), one
 * line per request: "REQ chunk N usable N mmapped 0|1". Compare with a
 * live 32-bit process: ./build/chunks 12 13 131052 131053 and
 * ./build/chunklive32 12 (one request per process: the first malloc).
 */
#include "memlimits.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t req = (size_t)strtoull(argv[i], NULL, 10);
		printf("%zu chunk %zu usable %zu mmapped %d\n", req, chunk32(req), usable32(req),
		       mmapped32(req));
	}
	return 0;
}
