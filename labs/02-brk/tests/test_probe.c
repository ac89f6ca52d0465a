/*
 * test_probe.c - task 2: probe_readable and probe_writable (probe.c).
 *
 * Each probe is checked against memory whose protection the test knows:
 * its own variables, a string literal and a function (read-only after
 * loading), pages it maps with mmap, and pages it unmaps.
 */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "labtest.h"
#include "probe.h"
#include "lab02.h"

static int global_counter = 7;

/* An address in page 0, which is never mapped (see vm.mmap_min_addr). Not
   NULL itself: reading *NULL is undefined behaviour, and UBSan (SAN=1)
   would stop the test before the fault could be caught. */
static char *const low = (char *)16;
static const char literal[] = "a string in .rodata";

/* A page that was mapped and is not any more: nothing is there. */
static char *unmapped_page(void)
{
	size_t page = page_size();
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(p, MAP_FAILED, "mmap failed");
	munmap(p + page, page);
	return p + page;
}

static void expect_probe(const char *which, int got, int want, const char *what, const void *addr)
{
	cr_assert_eq(got, want, "%s(%s at %p) returned %d, expected %d", which, what, addr, got, want);
}

LAB_TEST(probe, readable_memory, 3,
         "Install handlers for SIGSEGV and SIGBUS, read one byte through a volatile pointer, return 1 if no signal came.")
{
	int local = 42;
	expect_probe("probe_readable", probe_readable(&local), 1, "a local variable", &local);
	expect_probe("probe_readable", probe_readable(&global_counter), 1, "a global", &global_counter);
	expect_probe("probe_readable", probe_readable(literal), 1, "a string literal", literal);
	expect_probe("probe_readable", probe_readable((void *)&probe_readable), 1, "a function", (void *)&probe_readable);
}

LAB_TEST(probe, unmapped_memory, 3,
         "A read of an unmapped address raises SIGSEGV: the handler must siglongjmp back into the probe.")
{
	char *gone = unmapped_page();
	expect_probe("probe_readable", probe_readable(low), 0, "address 16", low);
	expect_probe("probe_readable", probe_readable(gone), 0, "an unmapped page", gone);
	expect_probe("probe_writable", probe_writable(low), 0, "address 16", low);
	expect_probe("probe_writable", probe_writable(gone + 100), 0, "an unmapped page", gone + 100);
}

LAB_TEST(probe, read_only_memory, 4,
         "probe_writable must actually write: read the byte, write the same value back.")
{
	size_t page = page_size();
	char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert(ro != MAP_FAILED && none != MAP_FAILED, "mmap failed");
	expect_probe("probe_writable", probe_writable((void *)literal), 0, "a string literal", literal);
	expect_probe("probe_writable", probe_writable((void *)&probe_writable), 0, "a function", (void *)&probe_writable);
	expect_probe("probe_readable", probe_readable(ro), 1, "a PROT_READ page", ro);
	expect_probe("probe_writable", probe_writable(ro), 0, "a PROT_READ page", ro);
	expect_probe("probe_readable", probe_readable(none), 0, "a PROT_NONE page", none);
	int local = 1;
	expect_probe("probe_writable", probe_writable(&local), 1, "a local variable", &local);
}

LAB_TEST(probe, leaves_memory_unchanged, 2,
         "Write back exactly the byte you read.")
{
	unsigned char buf[64];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (size_t i = 0; i < sizeof buf; i++) {
		int r = probe_writable(&buf[i]);
		cr_assert_eq(r, 1, "probe_writable(&buf[%zu]) on the stack returned %d, expected 1", i, r);
	}
	for (size_t i = 0; i < sizeof buf; i++)
		cr_assert_eq(buf[i], (unsigned char)(i * 37 + 11),
		             "after probe_writable, buf[%zu] is %u, it was %u", i, buf[i],
		             (unsigned char)(i * 37 + 11));
}

LAB_TEST(probe, survives_many_faults, 3,
         "The kernel blocks SIGSEGV while the handler runs; a plain longjmp leaves it blocked and the next fault kills. "
         "Which jump restores the signal mask?")
{
	char *gone = unmapped_page();
	for (int i = 0; i < 1000; i++) {
		int r = probe_readable(i % 2 ? low : gone);
		cr_assert_eq(r, 0, "probe %d of an unmapped address returned %d, expected 0", i + 1, r);
	}
	int local = 0;
	int r = probe_readable(&local);
	cr_assert_eq(r, 1, "after 1000 faults probe_readable(a local) returned %d, expected 1", r);
}

static void other_segv(int sig, siginfo_t *si, void *ctx) { (void)sig; (void)si; (void)ctx; }
static void other_bus(int sig) { (void)sig; }

LAB_TEST(probe, restores_handlers, 4,
         "Keep the old actions that sigaction hands back and put them back before returning.")
{
	struct sigaction segv = { 0 }, bus = { 0 };
	segv.sa_sigaction = other_segv;
	segv.sa_flags = SA_SIGINFO | SA_RESTART;
	bus.sa_handler = other_bus;
	bus.sa_flags = SA_RESTART;
	sigemptyset(&segv.sa_mask);
	sigemptyset(&bus.sa_mask);
	cr_assert_eq(sigaction(SIGSEGV, &segv, NULL), 0, "sigaction failed");
	cr_assert_eq(sigaction(SIGBUS, &bus, NULL), 0, "sigaction failed");

	int r1 = probe_readable(low);
	int local = 0;
	int r2 = probe_writable(&local);

	struct sigaction now_segv, now_bus;
	sigaction(SIGSEGV, NULL, &now_segv);
	sigaction(SIGBUS, NULL, &now_bus);
	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);

	cr_assert_eq(r1, 0, "probe_readable(address 16) returned %d, expected 0", r1);
	cr_assert_eq(r2, 1, "probe_writable(a local) returned %d, expected 1", r2);
	cr_assert(now_segv.sa_sigaction == other_segv && (now_segv.sa_flags & SA_SIGINFO),
	          "after the probes the SIGSEGV action is not the one the caller had installed");
	cr_assert(now_bus.sa_handler == other_bus && !(now_bus.sa_flags & SA_SIGINFO),
	          "after the probes the SIGBUS action is not the one the caller had installed");
	cr_assert(!sigismember(&mask, SIGSEGV) && !sigismember(&mask, SIGBUS),
	          "after the probes SIGSEGV or SIGBUS is still blocked: the signal mask was not restored");
}

LAB_TEST(probe, catches_sigbus, 3,
         "Touching a file mapping beyond the end of its file raises SIGBUS, not SIGSEGV: catch both.")
{
	int fd = memfd_create("empty", MFD_CLOEXEC);
	cr_assert_geq(fd, 0, "memfd_create failed");
	char *p = mmap(NULL, page_size(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	cr_assert_neq(p, MAP_FAILED, "mmap of an empty file failed");
	int r = probe_readable(p);
	int w = probe_writable(p);
	cr_assert_eq(r, 0, "probe_readable(a page past the end of its file) returned %d, expected 0", r);
	cr_assert_eq(w, 0, "probe_writable(a page past the end of its file) returned %d, expected 0", w);
}
