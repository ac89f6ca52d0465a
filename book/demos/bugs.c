// SPDX-License-Identifier: MIT
/*
 * bugs - four classic memory errors, one per command, to try the tools on.
 *
 * Usage: bugs overrun|use-after-free|double-free|leak
 *
 * Try:   ./bugs-asan overrun              AddressSanitizer names the bad write
 *        valgrind ./bugs use-after-free   valgrind names the bad read
 *        ./bugs double-free               glibc itself notices and aborts
 *        LD_PRELOAD=libc_malloc_debug.so.0 MALLOC_TRACE=/tmp/t ./bugs leak
 *        mtrace ./bugs /tmp/t             the block that was never freed
 * bugs-asan is this program built with -fsanitize=address.
 */
#include <mcheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "die.h"

/* The block, kept where the compiler cannot follow it, so that it does not
   refuse to compile the bugs (gcc 12 warns about a use after free it sees). */
static char *volatile block;

int main(int argc, char **argv)
{
	if (argc != 2)
		usage("overrun|use-after-free|double-free|leak");
	const char *what = argv[1];
	block = malloc(16);
	if (block == NULL)
		die_errno("malloc");

	if (strcmp(what, "overrun") == 0) {
		block[16] = 'x';                /* one byte past the block */
	} else if (strcmp(what, "use-after-free") == 0) {
		free(block);
		printf("%d\n", block[0]);       /* reads freed memory */
		return 0;
	} else if (strcmp(what, "double-free") == 0) {
		free(block);
		free(block);
	} else if (strcmp(what, "leak") == 0) {
		mtrace();                       /* logs to $MALLOC_TRACE, if set */
		char *kept = malloc(100);       /* never freed */
		char *freed = malloc(200);
		free(freed);
		muntrace();
		block = kept;
		return 0;
	} else {
		usage("overrun|use-after-free|double-free|leak");
	}
	free(block);
	return 0;
}
