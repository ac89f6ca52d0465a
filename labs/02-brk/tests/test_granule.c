// SPDX-License-Identifier: MIT
/*
 * test_granule.c - task 3: the break moves by bytes, memory comes in pages.
 *
 * Uses heap_grow (task 1) and probe_writable (task 2) to show what lies past
 * the break: the rest of its page is mapped and usable, the next page is not.
 * The break and the pages are the worker's (build/worker runs your code);
 * the tests try each byte from outside too (remote_poke), so that a probe's
 * answer is held to the kernel's.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>

#include "heap.h"
#include "labtest.h"
#include "probe.h"
#include "lab02.h"

LAB_TEST(granule, rest_of_page_is_usable, 5,
         "The kernel maps whole pages: after heap_grow(1) every byte up to the end of the break's page can be written.")
{
	/* Start from a page boundary, so that the new break is inside a page. */
	char *orig = worker_brk();
	worker_sbrk((intptr_t)(page_round_up((uintptr_t)orig) - (uintptr_t)orig));
	char *b0 = worker_brk();
	char *p = heap_grow(1);
	char *b1 = worker_brk();
	char *end = (char *)page_round_up((uintptr_t)b1);
	int mine = probe_writable(b0);
	int past = probe_writable(b1);
	int last = probe_writable(end - 1);
	int next = probe_writable(end);
	bool truth = worker_can_write(b0) && worker_can_write(b1) && worker_can_write(end - 1) &&
	             !worker_can_write(end);
	restore_break(orig);
	cr_assert(p == b0 && b1 == b0 + 1,
	          "heap_grow(1) returned %p and left the break at %p; expected it to return %p and the break at %p",
	          (void *)p, (void *)b1, (void *)b0, (void *)(b0 + 1));
	cr_assert(truth, "set-up: from outside, the bytes up to the end of the break's page (%p) are not all "
	          "writable, or the next page is", (void *)end);
	cr_assert_eq(mine, 1, "the byte heap_grow(1) gave (%p): probe_writable returned %d, expected 1", (void *)b0, mine);
	cr_assert_eq(past, 1, "the first byte past the break (%p), in the same page: probe_writable returned %d, expected 1",
	             (void *)b1, past);
	cr_assert_eq(last, 1, "the last byte of the break's page (%p): probe_writable returned %d, expected 1",
	             (void *)(end - 1), last);
	cr_assert_eq(next, 0, "the first byte of the page after the break (%p): probe_writable returned %d, expected 0",
	             (void *)end, next);
}

LAB_TEST(granule, one_byte_maps_a_page, 3,
         "Put the break on a page boundary first, then grow by one byte: a whole new page appears.")
{
	size_t page = page_size();
	char *b0 = worker_brk();
	char *edge = (char *)page_round_up((uintptr_t)b0);
	char *p = heap_grow((size_t)(edge - b0));     /* break onto the boundary */
	int before = probe_writable(edge);
	bool before_truth = !worker_can_write(edge);
	char *q = heap_grow(1);
	int first = probe_writable(edge);
	int last = probe_writable(edge + page - 1);
	int next = probe_writable(edge + page);
	bool truth = worker_can_write(edge) && worker_can_write(edge + page - 1) &&
	             !worker_can_write(edge + page);
	char *b1 = worker_brk();
	restore_break(b0);
	cr_assert(p == b0 && q == edge && b1 == edge + 1,
	          "heap_grow to the page boundary %p and then by 1 byte left the break at %p; expected %p",
	          (void *)edge, (void *)b1, (void *)(edge + 1));
	cr_assert(before_truth && truth, "set-up: from outside, the page at %p is not absent before the "
	          "one-byte growth and present after it", (void *)edge);
	cr_assert_eq(before, 0, "with the break on the page boundary %p, probe_writable(%p) returned %d, expected 0",
	             (void *)edge, (void *)edge, before);
	cr_assert(first == 1 && last == 1,
	          "after growing by one byte past %p, the new page's first and last bytes gave %d and %d, expected 1 and 1",
	          (void *)edge, first, last);
	cr_assert_eq(next, 0, "the page after that (%p) gave %d, expected 0", (void *)(edge + page), next);
}

/* How the worker's death ends the test below: back into it, not through
   the usual failure. */
static jmp_buf worker_died;
static char death[1024];

static void catch_death(const char *message)
{
	snprintf(death, sizeof death, "%s", message);
	longjmp(worker_died, 1);
}

LAB_TEST_SIGNAL(granule, write_past_page_segfaults, 5,
                "This test must die of SIGSEGV, after heap_grow worked: a write one page past the break's page faults.",
                SIGSEGV)
{
	/* The write is the worker's; the test dies of SIGSEGV when, and only
	   when, the worker did at that write. */
	char *b0 = worker_brk();
	char *p = heap_grow(1);
	char *b1 = worker_brk();
	if (p != b0 || b1 != b0 + 1) {
		restore_break(b0);
		cr_assert_fail("heap_grow(1) returned %p and left the break at %p; expected it to return %p "
		               "and the break at %p (the test must not die before this works)",
		               (void *)p, (void *)b1, (void *)b0, (void *)(b0 + 1));
	}
	char *end = (char *)page_round_up((uintptr_t)b1);
	worker_call(RF_WRITE_BYTE, "a write in the worker", (uintptr_t)(end - 1));   /* the rest of the page is fine */
	char *past = b1 + page_size();
	void (*hook)(const char *) = remote_fail_hook;
	if (setjmp(worker_died) == 0) {
		remote_fail_hook = catch_death;
		worker_call(RF_WRITE_BYTE, "a write in the worker", (uintptr_t)past);
		remote_fail_hook = hook;
		cr_assert_fail("writing at %p, one page past the break, did not fault", (void *)past);
	}
	remote_fail_hook = hook;
	cr_assert(strstr(death, "killed by signal 11") != NULL,
	          "writing at %p, one page past the break: expected the worker to die of SIGSEGV, found: %s",
	          (void *)past, death);
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
}
