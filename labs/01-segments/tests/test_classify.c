/*
 * test_classify.c - task 2: name the region of any address (classify.c).
 *
 * Each test takes an object whose place we know from the C language and the
 * linker, reads this process's maps with your maps.c, and asks classify().
 */
#include "classify.h"
#include "lab01.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

int initialised_global = 42;            /* .data */
int uninitialised_global;               /* .bss */
static char big_bss[4 << 20];           /* .bss, mostly past the file's pages */
static const double const_table[] = { 1.5, 2.5, 3.5 };   /* .rodata */

static struct maps m;

static void load_self(void)
{
	load_or_fail("/proc/self/maps", &m);
}

static void unload(void)
{
	maps_free(&m);
}

/* region_name, saying more about values that are not a region. */
static const char *kind_str(enum region r)
{
	if (r == REGION_COUNT)
		return "REGION_COUNT, the skeleton's \"not done yet\"";
	return region_name(r);
}

/* Classify addr in the current maps and check the kind. */
static struct place expect_kind(const char *what, const void *addr, enum region want)
{
	struct place p;
	memset(&p, 0, sizeof p);
	enum region got = classify(&m, (uintptr_t)addr, &p);
	cr_expect_eq(got, want, "%s at %p: expected %s, found %s", what, addr,
		     region_name(want), kind_str(got));
	cr_expect_eq(p.kind, got, "%s: place.kind (%s) differs from the value returned (%s)",
		     what, region_name(p.kind), region_name(got));
	return p;
}

static int a_function(int x)
{
	return x * 2;
}

LAB_TEST(classify, function_is_text, 3,
	 "Code lies between __executable_start and etext, in a mapping with 'x' in its perms.")
{
	load_self();
	expect_kind("a static function of the program", (const void *)a_function, REGION_TEXT);
	expect_kind("the function load_self", (const void *)load_self, REGION_TEXT);
	unload();
}

LAB_TEST(classify, string_literal_is_rodata, 3,
	 "Since binutils 2.31 (-z separate-code) read-only data has its own r-- mapping after the "
	 "text: inside the program's image, not executable, not writable.")
{
	load_self();
	const char *literal = "a string literal lives in .rodata";
	expect_kind("a string literal", literal, REGION_RODATA);
	expect_kind("a const global table", const_table, REGION_RODATA);
	unload();
}

LAB_TEST(classify, initialised_global_is_data, 3,
	 "Initialised data ends at edata, in the program's writable mapping.")
{
	load_self();
	static int initialised_static = 7;
	expect_kind("an initialised global", &initialised_global, REGION_DATA);
	expect_kind("an initialised static local", &initialised_static, REGION_DATA);
	unload();
}

LAB_TEST(classify, uninitialised_global_is_bss, 3,
	 "The bss runs from edata to end (man 3 end). Look at the symbols, not only at the maps.")
{
	load_self();
	static int zero_static;
	expect_kind("an uninitialised global", &uninitialised_global, REGION_BSS);
	expect_kind("a static local without initialiser", &zero_static, REGION_BSS);
	unload();
}

LAB_TEST(classify, big_bss_array_is_bss, 3,
	 "The kernel maps what does not fit in the file's last page of bss as an anonymous "
	 "mapping: the maps alone would call it mmap. Addresses below `end` are the program's.")
{
	load_self();
	const char *last = &big_bss[sizeof big_bss - 1];
	const struct map_entry *e = maps_find(&m, (uintptr_t)last);
	cr_assert_not_null(e, "maps_find found no mapping for the end of a 4 MiB bss array");
	cr_log_info("the end of big_bss is in %#lx-%#lx %s \"%s\"", (unsigned long)e->start,
		    (unsigned long)e->end, e->perms, e->path);
	expect_kind("the last byte of a 4 MiB bss array", last, REGION_BSS);
	expect_kind("the middle of a 4 MiB bss array", &big_bss[sizeof big_bss / 2], REGION_BSS);
	unload();
}

LAB_TEST(classify, local_is_stack, 3,
	 "The main thread's stack is the mapping the kernel names [stack].")
{
	load_self();
	int local = 0;
	expect_kind("a local variable", &local, REGION_STACK);
	unload();
}

LAB_TEST(classify, small_malloc_is_heap, 3,
	 "Small blocks come from the brk heap, which the kernel names [heap].")
{
	load_self();
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: its blocks are not on [heap]");
	void *p = malloc(16);
	cr_assert_not_null(p, "malloc(16) failed");
	maps_free(&m);
	load_self();          /* the heap may have been created just now */
	expect_kind("malloc(16)", p, REGION_HEAP);
	free(p);
	unload();
}

LAB_TEST(classify, big_malloc_is_mmap, 3,
	 "glibc gives blocks above the mmap threshold (128 KiB at first) their own anonymous "
	 "mapping: no path, not the program's image.")
{
	load_self();
	char *p = malloc(1 << 20);
	cr_assert_not_null(p, "malloc(1 MiB) failed");
	void *q = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(q, MAP_FAILED, "mmap failed");
	maps_free(&m);
	load_self();
	expect_kind("malloc(1 << 20)", p + 1000, REGION_MMAP);
	expect_kind("an anonymous mmap", q, REGION_MMAP);
	munmap(q, 3 * 4096);
	free(p);
	unload();
}

LAB_TEST(classify, printf_is_in_libc, 2,
	 "A file mapping whose base name has \".so\" is a shared library; name points at the "
	 "base name in the entry's path, e.g. \"libc.so.6\".")
{
	load_self();
	Dl_info info;
	/* ASan puts its own printf in front of libc's (in the program with
	   clang): then ask about getpid, which it leaves alone. */
	void *fn = LABTEST_ASAN ? (void *)getpid : (void *)printf;
	cr_assert(dladdr(fn, &info) != 0 && info.dli_fname, "dladdr(printf) failed");
	/* The kernel shows the file itself, not the symlink the loader opened. */
	char real[MAP_PATH_MAX];
	cr_assert_not_null(realpath(info.dli_fname, real), "realpath(%s) failed", info.dli_fname);
	const char *want = base_of(real);             /* libc.so.6 */
	struct place p = expect_kind(LABTEST_ASAN ? "getpid" : "printf", fn, REGION_LIB);
	cr_assert_not_null(p.name, "printf: expected name \"%s\", found NULL", want);
	cr_expect_str_eq(p.name, want, "printf: expected name \"%s\", found \"%s\"", want, p.name);
	cr_expect(strncmp(p.name, "libc.so", 7) == 0, "printf: expected libc, found \"%s\"", p.name);
	cr_expect(p.map && p.name >= p.map->path && p.name < p.map->path + MAP_PATH_MAX,
		  "name should point into the path of the mapping (place.map->path)");
	unload();
}

LAB_TEST(classify, unmapped_addresses, 2,
	 "maps_find returns NULL for an address no entry holds: then the kind is unmapped "
	 "and place.map is NULL.")
{
	load_self();
	/* Map three pages and unmap the middle one: a hole we know is there. */
	long page = sysconf(_SC_PAGESIZE);
	char *q = mmap(NULL, 3 * (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(q, MAP_FAILED, "mmap failed");
	cr_assert_eq(munmap(q + page, (size_t)page), 0, "munmap failed");
	maps_free(&m);
	load_self();
	struct place p = expect_kind("NULL", NULL, REGION_UNMAPPED);
	cr_expect_null(p.map, "NULL: expected place.map NULL");
	p = expect_kind("a page just unmapped", q + page + 100, REGION_UNMAPPED);
	cr_expect_null(p.map, "an unmapped page: expected place.map NULL");
	munmap(q, 3 * (size_t)page);
	unload();
}

LAB_TEST(classify, kernel_pages, 2,
	 "[vdso], [vvar] (and [vvar_vclock] on new kernels) and [vsyscall] are named by the kernel.")
{
	load_self();
	void *vdso = (void *)getauxval(AT_SYSINFO_EHDR);   /* the kernel tells where */
	if (!vdso)
		cr_skip_test("this system maps no vDSO");
	expect_kind("the vDSO's ELF header (getauxval(AT_SYSINFO_EHDR))", vdso, REGION_VDSO);
	for (size_t i = 0; i < m.n; i++) {
		if (strncmp(m.v[i].path, "[vvar", 5) == 0)
			expect_kind(m.v[i].path, (const void *)m.v[i].start, REGION_VVAR);
		if (strcmp(m.v[i].path, "[vsyscall]") == 0)
			expect_kind("[vsyscall]", (const void *)m.v[i].start, REGION_VSYSCALL);
	}
	unload();
}

LAB_TEST(classify, fixture_regions, 3,
	 "In another process's maps the linker symbols say nothing: a file with an executable "
	 "mapping and no \".so\" is a program, its mappings are text (x), data (w) or rodata.")
{
	struct maps f;
	load_or_fail("tests/fixtures/x86_64-cat.maps", &f);
	static const struct { uintptr_t addr; enum region kind; const char *name; } want[] = {
		{ 0x400000, REGION_TEXT, NULL },
		{ 0x60b000, REGION_DATA, NULL },
		{ 0x62c000, REGION_HEAP, NULL },
		{ 0x7f38ab82e000, REGION_FILE, "locale-archive" },
		{ 0x7f38b1d55000, REGION_LIB, "libc-2.17.so" },
		{ 0x7f38b1f0c000, REGION_LIB, "libc-2.17.so" },
		{ 0x7f38b2112000, REGION_MMAP, NULL },
		{ 0x7ffcffe94000, REGION_STACK, NULL },
		{ 0x7ffcfffa2fff, REGION_VDSO, NULL },
		{ 0x500000, REGION_UNMAPPED, NULL },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct place p;
		enum region got = classify(&f, want[i].addr, &p);
		cr_expect_eq(got, want[i].kind, "x86_64-cat.maps, %#lx: expected %s, found %s",
			     (unsigned long)want[i].addr, region_name(want[i].kind), kind_str(got));
		if (want[i].name && got == want[i].kind)
			cr_expect(p.name && strcmp(p.name, want[i].name) == 0,
				  "x86_64-cat.maps, %#lx: expected name \"%s\", found \"%s\"",
				  (unsigned long)want[i].addr, want[i].name, p.name ? p.name : "(null)");
	}
	maps_free(&f);
	load_or_fail("tests/fixtures/i386-cat.maps", &f);
	struct place p;
	enum region got = classify(&f, 0x08051000, &p);
	cr_expect_eq(got, REGION_RODATA, "i386-cat.maps, 0x08051000 (r--p /bin/cat): expected rodata, found %s",
		     kind_str(got));
	maps_free(&f);
}
