// SPDX-License-Identifier: MIT
/*
 * test_classify.c - task 2: name the region of any address (classify.c).
 *
 * Your classify() runs in the worker (build/worker) and reads the linker
 * symbols of the worker's program, so these tests look at the worker: its
 * maps, read by your maps.c in the worker ("/proc/self/maps" there), and
 * objects of its fixed code (tests/remote/worker.c) whose place we know
 * from the C language and the linker. Each object's mapping is checked from
 * outside first (/proc/PID/maps and the worker's memory, read by the tests).
 */
#include "classify.h"
#include "lab01.h"

#include <sys/mman.h>

static struct maps m;
static uintptr_t obj[OBJ_COUNT];

/* The worker's maps, read by your maps_load in the worker. */
static void load_self(void)
{
	worker_objects(obj);
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

/* Classify addr (the worker's) in the current maps and check the kind. */
static struct place expect_kind(const char *what, uintptr_t addr, enum region want)
{
	struct place p;
	memset(&p, 0, sizeof p);
	enum region got = classify(&m, addr, &p);
	cr_expect_eq(got, want, "%s at %#lx: expected %s, found %s", what, (unsigned long)addr,
		     region_name(want), kind_str(got));
	cr_expect_eq(p.kind, got, "%s: place.kind (%s) differs from the value returned (%s)",
		     what, region_name(p.kind), region_name(got));
	return p;
}

/* The worker's mapping of addr, seen from outside, must be of the program
   (or named path) and have perms matching want ('?' any). */
static void check_outside(const char *what, uintptr_t addr, const char *path, const char *perms)
{
	struct judge_map jm;
	cr_assert(worker_mapping(addr, &jm), "set-up: the worker has no mapping at %s (%#lx)", what,
		  (unsigned long)addr);
	if (path)
		cr_assert_str_eq(jm.path, path, "set-up: %s is in \"%s\", expected \"%s\"", what, jm.path, path);
	for (size_t i = 0; perms && i < 4; i++)
		cr_assert(perms[i] == '?' || perms[i] == jm.perms[i], "set-up: %s is in a mapping %s, "
			  "expected %s", what, jm.perms, perms);
}

static void check_peek(const char *what, uintptr_t addr, const void *want, size_t n)
{
	char got[64];
	cr_assert(n <= sizeof got && remote_peek(addr, got, n) == 0 && memcmp(got, want, n) == 0,
		  "set-up: %s at %#lx does not hold what the worker's program put there", what,
		  (unsigned long)addr);
}

LAB_TEST(classify, function_is_text, 3,
	 "Code lies between __executable_start and etext, in a mapping with 'x' in its perms.")
{
	load_self();
	char exe[MAP_PATH_MAX];
	worker_exe(exe);
	check_outside("a function", obj[OBJ_FUNCTION], exe, "r-x?");
	expect_kind("a static function of the worker's program", obj[OBJ_FUNCTION], REGION_TEXT);
	unload();
}

LAB_TEST(classify, string_literal_is_rodata, 3,
	 "Since binutils 2.31 (-z separate-code) read-only data has its own r-- mapping after the "
	 "text: inside the program's image, not executable, not writable.")
{
	load_self();
	static const double table[] = { 1.5, 2.5, 3.5 };
	check_peek("a string literal", obj[OBJ_LITERAL], OBJ_LITERAL_TEXT, sizeof OBJ_LITERAL_TEXT);
	check_peek("a const table", obj[OBJ_CONST_TABLE], table, sizeof table);
	char exe[MAP_PATH_MAX];
	worker_exe(exe);
	check_outside("a string literal", obj[OBJ_LITERAL], exe, "r--?");
	expect_kind("a string literal", obj[OBJ_LITERAL], REGION_RODATA);
	expect_kind("a const global table", obj[OBJ_CONST_TABLE], REGION_RODATA);
	unload();
}

LAB_TEST(classify, initialised_global_is_data, 3,
	 "Initialised data ends at edata, in the program's writable mapping.")
{
	load_self();
	int g = OBJ_INIT_GLOBAL_VALUE, st = OBJ_INIT_STATIC_VALUE;
	check_peek("an initialised global", obj[OBJ_INIT_GLOBAL], &g, sizeof g);
	check_peek("an initialised static", obj[OBJ_INIT_STATIC], &st, sizeof st);
	check_outside("an initialised global", obj[OBJ_INIT_GLOBAL], NULL, "rw-?");
	expect_kind("an initialised global", obj[OBJ_INIT_GLOBAL], REGION_DATA);
	expect_kind("an initialised static local", obj[OBJ_INIT_STATIC], REGION_DATA);
	unload();
}

LAB_TEST(classify, uninitialised_global_is_bss, 3,
	 "The bss runs from edata to end (man 3 end). Look at the symbols, not only at the maps.")
{
	load_self();
	check_outside("an uninitialised global", obj[OBJ_ZERO_GLOBAL], NULL, "rw-?");
	expect_kind("an uninitialised global", obj[OBJ_ZERO_GLOBAL], REGION_BSS);
	expect_kind("a static local without initialiser", obj[OBJ_ZERO_STATIC], REGION_BSS);
	unload();
}

LAB_TEST(classify, big_bss_array_is_bss, 3,
	 "The kernel maps what does not fit in the file's last page of bss as an anonymous "
	 "mapping: the maps alone would call it mmap. Addresses below `end` are the program's.")
{
	load_self();
	uintptr_t last = obj[OBJ_BIG_BSS_LAST];
	check_outside("the end of a 4 MiB bss array", last, "", "rw-?");
	const struct map_entry *e = maps_find(&m, last);
	cr_assert_not_null(e, "maps_find found no mapping for the end of a 4 MiB bss array");
	cr_log_info("the end of big_bss is in %#lx-%#lx %s \"%s\"", (unsigned long)e->start,
		    (unsigned long)e->end, e->perms, e->path);
	expect_kind("the last byte of a 4 MiB bss array", last, REGION_BSS);
	expect_kind("the middle of a 4 MiB bss array", obj[OBJ_BIG_BSS_MIDDLE], REGION_BSS);
	unload();
}

LAB_TEST(classify, local_is_stack, 3,
	 "The main thread's stack is the mapping the kernel names [stack].")
{
	load_self();
	check_outside("a local variable", obj[OBJ_LOCAL], "[stack]", NULL);
	expect_kind("a local variable of the worker", obj[OBJ_LOCAL], REGION_STACK);
	unload();
}

LAB_TEST(classify, small_malloc_is_heap, 3,
	 "Small blocks come from the brk heap, which the kernel names [heap].")
{
	load_self();
	if (LABTEST_ASAN)
		cr_skip_test("ASan replaces glibc's malloc: its blocks are not on [heap]");
	uintptr_t p = worker_call_u64(RF_MALLOC, "malloc in the worker", 16, 0);
	cr_assert(p, "malloc(16) in the worker failed");
	maps_free(&m);
	load_self();          /* the heap may have been created just now */
	check_outside("malloc(16)", p, "[heap]", NULL);
	expect_kind("malloc(16) in the worker", p, REGION_HEAP);
	worker_call_u64(RF_FREE, "free in the worker", p, 0);
	unload();
}

LAB_TEST(classify, big_malloc_is_mmap, 3,
	 "glibc gives blocks above the mmap threshold (128 KiB at first) their own anonymous "
	 "mapping: no path, not the program's image.")
{
	load_self();
	uintptr_t p = worker_call_u64(RF_MALLOC, "malloc in the worker", 1 << 20, 0);
	cr_assert(p, "malloc(1 MiB) in the worker failed");
	uintptr_t q = worker_call_u64(RF_MMAP, "mmap in the worker", 3 * 4096, PROT_READ | PROT_WRITE);
	cr_assert(q, "mmap in the worker failed");
	maps_free(&m);
	load_self();
	check_outside("malloc(1 << 20)", p + 1000, "", "rw-p");
	check_outside("an anonymous mmap", q, "", "rw-p");
	expect_kind("malloc(1 << 20)", p + 1000, REGION_MMAP);
	expect_kind("an anonymous mmap", q, REGION_MMAP);
	worker_call_u64(RF_MUNMAP, "munmap in the worker", q, 3 * 4096);
	worker_call_u64(RF_FREE, "free in the worker", p, 0);
	unload();
}

LAB_TEST(classify, printf_is_in_libc, 2,
	 "A file mapping whose base name has \".so\" is a shared library; name points at the "
	 "base name in the entry's path, e.g. \"libc.so.6\".")
{
	load_self();
	/* getpid, a function of libc (printf, as before, is ASan's own in a
	   worker built with SAN=1). Its library's name as the kernel shows it
	   (the file itself, not the symlink the loader opened): */
	struct judge_map jm;
	cr_assert(worker_mapping(obj[OBJ_LIBC_FUNCTION], &jm), "set-up: no mapping holds getpid");
	const char *want = base_of(jm.path);             /* libc.so.6 */
	cr_assert(strncmp(want, "libc.so", 7) == 0, "set-up: getpid is in %s, not in libc", jm.path);
	struct place p = expect_kind("getpid", obj[OBJ_LIBC_FUNCTION], REGION_LIB);
	cr_assert_not_null(p.name, "getpid: expected name \"%s\", found NULL", want);
	cr_expect_str_eq(p.name, want, "getpid: expected name \"%s\", found \"%s\"", want, p.name);
	cr_expect(p.map && p.name >= p.map->path && p.name < p.map->path + MAP_PATH_MAX,
		  "name should point into the path of the mapping (place.map->path)");
	unload();
}

LAB_TEST(classify, unmapped_addresses, 2,
	 "maps_find returns NULL for an address no entry holds: then the kind is unmapped "
	 "and place.map is NULL.")
{
	load_self();
	/* Map three pages in the worker and unmap the middle one: a hole we
	   know is there. */
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t q = worker_call_u64(RF_MMAP, "mmap in the worker", 3 * (uint64_t)page, PROT_READ);
	cr_assert(q, "mmap in the worker failed");
	cr_assert_eq(worker_call_u64(RF_MUNMAP, "munmap in the worker", q + (uintptr_t)page, page), 0,
		     "munmap in the worker failed");
	maps_free(&m);
	load_self();
	struct judge_map jm;
	cr_assert(!worker_mapping(q + (uintptr_t)page + 100, &jm), "set-up: the page unmapped is mapped");
	struct place p = expect_kind("NULL", 0, REGION_UNMAPPED);
	cr_expect_null(p.map, "NULL: expected place.map NULL");
	p = expect_kind("a page just unmapped", q + (uintptr_t)page + 100, REGION_UNMAPPED);
	cr_expect_null(p.map, "an unmapped page: expected place.map NULL");
	worker_call_u64(RF_MUNMAP, "munmap in the worker", q, 3 * page);
	unload();
}

LAB_TEST(classify, kernel_pages, 2,
	 "[vdso], [vvar] (and [vvar_vclock] on new kernels) and [vsyscall] are named by the kernel.")
{
	load_self();
	uintptr_t vdso = obj[OBJ_VDSO];   /* the kernel told the worker where */
	if (!vdso)
		cr_skip_test("this system maps no vDSO");
	check_outside("the vDSO", vdso, "[vdso]", NULL);
	expect_kind("the vDSO's ELF header (getauxval(AT_SYSINFO_EHDR))", vdso, REGION_VDSO);
	for (size_t i = 0; i < m.n; i++) {
		if (strncmp(m.v[i].path, "[vvar", 5) == 0)
			expect_kind(m.v[i].path, m.v[i].start, REGION_VVAR);
		if (strcmp(m.v[i].path, "[vsyscall]") == 0)
			expect_kind("[vsyscall]", m.v[i].start, REGION_VSYSCALL);
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
