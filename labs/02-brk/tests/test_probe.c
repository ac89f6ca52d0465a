// SPDX-License-Identifier: MIT
/*
 * test_probe.c - task 2: probe_readable and probe_writable (probe.c).
 *
 * Your probes run in the worker (build/worker) and answer about its memory.
 * Each is checked against memory of the worker whose protection the test
 * knows: its variables, a string literal and a function (read-only after
 * loading), pages it maps with mmap, and pages it unmaps. The tests first
 * try each address from outside (remote_peek, remote_poke: the kernel's
 * page tables), so that the answer expected is the worker's truth.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "labtest.h"
#include "probe.h"
#include "lab02.h"

/* An address in page 0, which is never mapped (see vm.mmap_min_addr). Not
   NULL itself: the probe dereferences it, and UBSan (SAN=1) in the worker
   would stop at a NULL before the fault could be caught. */
static char *const low = (char *)16;

static uintptr_t obj[OBJ_COUNT];

/* The worker's objects, checked from outside: what each holds, and what
   the tests can do to it. */
static void objects(void)
{
	worker_objects(obj);
	int g;
	char lit[sizeof OBJ_LITERAL_TEXT];
	cr_assert(remote_peek(obj[OBJ_GLOBAL], &g, sizeof g) == 0 && g == OBJ_GLOBAL_VALUE,
		  "set-up: the worker's global does not hold %d", OBJ_GLOBAL_VALUE);
	cr_assert(remote_peek(obj[OBJ_LITERAL], lit, sizeof lit) == 0 &&
		  memcmp(lit, OBJ_LITERAL_TEXT, sizeof lit) == 0,
		  "set-up: the worker's string literal is not where it says");
	cr_assert(worker_can_write((void *)obj[OBJ_LOCAL]) && worker_can_write((void *)obj[OBJ_GLOBAL]),
		  "set-up: the worker's local and global cannot be written from outside");
	cr_assert(worker_can_read((void *)obj[OBJ_FUNCTION]) && !worker_can_write((void *)obj[OBJ_LITERAL]) &&
		  !worker_can_write((void *)obj[OBJ_FUNCTION]),
		  "set-up: the worker's literal and function are not read-only");
	cr_assert(!worker_can_read(low), "set-up: the worker has address 16 mapped");
}

/* A page of the worker that was mapped and is not any more: nothing is there. */
static char *unmapped_page(void)
{
	size_t page = page_size();
	char *p = worker_mmap(2 * page, PROT_READ | PROT_WRITE);
	cr_assert_not_null(p, "mmap in the worker failed");
	worker_munmap(p + page, page);
	cr_assert(!worker_can_read(p + page), "set-up: the page unmapped at %p can still be read",
		  (void *)(p + page));
	return p + page;
}

static void expect_probe(const char *which, int got, int want, const char *what, const void *addr)
{
	cr_assert_eq(got, want, "%s(%s at %p) returned %d, expected %d", which, what, addr, got, want);
}

LAB_TEST(probe, readable_memory, 3,
         "Install handlers for SIGSEGV and SIGBUS, read one byte through a volatile pointer, return 1 if no signal came.")
{
	objects();
	const void *local = (const void *)obj[OBJ_LOCAL], *global = (const void *)obj[OBJ_GLOBAL];
	const void *literal = (const void *)obj[OBJ_LITERAL], *fn = (const void *)obj[OBJ_FUNCTION];
	expect_probe("probe_readable", probe_readable(local), 1, "a local variable", local);
	expect_probe("probe_readable", probe_readable(global), 1, "a global", global);
	expect_probe("probe_readable", probe_readable(literal), 1, "a string literal", literal);
	expect_probe("probe_readable", probe_readable(fn), 1, "a function", fn);
}

LAB_TEST(probe, unmapped_memory, 3,
         "A read of an unmapped address raises SIGSEGV: the handler must siglongjmp back into the probe.")
{
	objects();
	char *gone = unmapped_page();
	expect_probe("probe_readable", probe_readable(low), 0, "address 16", low);
	expect_probe("probe_readable", probe_readable(gone), 0, "an unmapped page", gone);
	expect_probe("probe_writable", probe_writable(low), 0, "address 16", low);
	expect_probe("probe_writable", probe_writable(gone + 100), 0, "an unmapped page", gone + 100);
}

LAB_TEST(probe, read_only_memory, 4,
         "probe_writable must actually write: read the byte, write the same value back.")
{
	objects();
	size_t page = page_size();
	char *ro = worker_mmap(page, PROT_READ);
	char *none = worker_mmap(page, PROT_NONE);
	cr_assert(ro && none, "mmap in the worker failed");
	cr_assert(worker_can_read(ro) && !worker_can_write(ro) && !worker_can_read(none),
		  "set-up: the PROT_READ and PROT_NONE pages are not so from outside");
	void *literal = (void *)obj[OBJ_LITERAL], *fn = (void *)obj[OBJ_FUNCTION];
	expect_probe("probe_writable", probe_writable(literal), 0, "a string literal", literal);
	expect_probe("probe_writable", probe_writable(fn), 0, "a function", fn);
	expect_probe("probe_readable", probe_readable(ro), 1, "a PROT_READ page", ro);
	expect_probe("probe_writable", probe_writable(ro), 0, "a PROT_READ page", ro);
	expect_probe("probe_readable", probe_readable(none), 0, "a PROT_NONE page", none);
	void *local = (void *)obj[OBJ_LOCAL];
	expect_probe("probe_writable", probe_writable(local), 1, "a local variable", local);
}

LAB_TEST(probe, leaves_memory_unchanged, 2,
         "Write back exactly the byte you read.")
{
	/* 64 bytes of the worker's stack (main's frame), set and read back
	   from outside. */
	objects();
	char *stack = (char *)obj[OBJ_LOCAL];
	unsigned char buf[64];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	cr_assert_eq(remote_poke((uintptr_t)stack, buf, sizeof buf), 0, "set-up: cannot write the worker's stack");
	for (size_t i = 0; i < sizeof buf; i++) {
		int r = probe_writable(stack + i);
		cr_assert_eq(r, 1, "probe_writable(&buf[%zu]) on the stack returned %d, expected 1", i, r);
	}
	memset(buf, 0, sizeof buf);
	cr_assert_eq(remote_peek((uintptr_t)stack, buf, sizeof buf), 0, "cannot read the worker's stack");
	for (size_t i = 0; i < sizeof buf; i++)
		cr_assert_eq(buf[i], (unsigned char)(i * 37 + 11),
		             "after probe_writable, buf[%zu] is %u, it was %u", i, buf[i],
		             (unsigned char)(i * 37 + 11));
}

LAB_TEST(probe, survives_many_faults, 3,
         "The kernel blocks SIGSEGV while the handler runs; a plain longjmp leaves it blocked and the next fault kills. "
         "Which jump restores the signal mask?")
{
	objects();
	char *gone = unmapped_page();
	for (int i = 0; i < 1000; i++) {
		int r = probe_readable(i % 2 ? low : gone);
		cr_assert_eq(r, 0, "probe %d of an unmapped address returned %d, expected 0", i + 1, r);
	}
	int r = probe_readable((void *)obj[OBJ_LOCAL]);
	cr_assert_eq(r, 1, "after 1000 faults probe_readable(a local) returned %d, expected 1", r);
}

/* The worker's signal mask, from outside: SigBlk in /proc/PID/status. */
static unsigned long long worker_blocked(void)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)remote_worker_pid());
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	unsigned long long mask = ~0ull;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "SigBlk:", 7) == 0)
			mask = strtoull(line + 7, NULL, 16);
	fclose(f);
	return mask;
}

#define SIGBIT(sig) (1ull << ((sig) - 1))

LAB_TEST(probe, restores_handlers, 4,
         "Keep the old actions that sigaction hands back and put them back before returning.")
{
	/* The worker's fixed code installs handlers of its own, as a program
	   calling your probes would have. */
	objects();
	cr_assert_eq(worker_call(RF_SET_HANDLERS, "installing handlers in the worker", 0), 0,
		     "set-up: sigaction in the worker failed");

	int r1 = probe_readable(low);
	int r2 = probe_writable((void *)obj[OBJ_LOCAL]);

	unsigned long long blocked = worker_blocked();
	struct rcall c;
	rcall_begin(&c, RF_CHECK_HANDLERS, "checking the worker's handlers");
	rcall_send(&c);
	bool segv_kept = rcall_i64(&c) != 0, bus_kept = rcall_i64(&c) != 0;
	rcall_end(&c);

	cr_assert_eq(r1, 0, "probe_readable(address 16) returned %d, expected 0", r1);
	cr_assert_eq(r2, 1, "probe_writable(a local) returned %d, expected 1", r2);
	cr_assert(segv_kept, "after the probes the SIGSEGV action is not the one the caller had installed");
	cr_assert(bus_kept, "after the probes the SIGBUS action is not the one the caller had installed");
	cr_assert(!(blocked & (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS))),
	          "after the probes SIGSEGV or SIGBUS is still blocked: the signal mask was not restored");
}

LAB_TEST(probe, catches_sigbus, 3,
         "Touching a file mapping beyond the end of its file raises SIGBUS, not SIGSEGV: catch both.")
{
	char *p = (char *)(uintptr_t)worker_call(RF_MAP_EMPTY_FILE, "mapping an empty file in the worker", 0);
	cr_assert_not_null(p, "mmap of an empty file in the worker failed");
	cr_assert(!worker_can_read(p), "set-up: the page past the end of its file can be read from outside");
	int r = probe_readable(p);
	int w = probe_writable(p);
	cr_assert_eq(r, 0, "probe_readable(a page past the end of its file) returned %d, expected 0", r);
	cr_assert_eq(w, 0, "probe_writable(a page past the end of its file) returned %d, expected 0", w);
}
