// SPDX-License-Identifier: MIT
/*
 * test_maps.c - task 1: parse /proc/PID/maps (maps.c).
 */
#include "lab01.h"


static struct map_entry e;   /* 4 KiB: kept off the test's stack */

static void parse_or_fail(const char *line)
{
	memset(&e, 0x5a, sizeof e);
	errno = 0;
	int rc = maps_parse_line(line, &e);
	cr_assert_eq(rc, 0, "maps_parse_line(\"%s\") returned %d (errno %d: %s), expected 0",
		     line, rc, errno, strerror(errno));
}

LAB_TEST(maps, parses_file_mapping, 3,
	 "Split the line into start-end, perms, offset, major:minor, inode, then the path. "
	 "Start and end are hexadecimal; strtoull(s, &end, 16) tells you where each number stops.")
{
	parse_or_fail("00400000-0040b000 r-xp 00000000 ca:01 400116                             /bin/cat\n");
	cr_expect_eq(e.start, 0x400000, "start: expected 0x400000, found %#lx", (unsigned long)e.start);
	cr_expect_eq(e.end, 0x40b000, "end: expected 0x40b000, found %#lx", (unsigned long)e.end);
	cr_expect_str_eq(e.perms, "r-xp", "perms: expected \"r-xp\", found \"%.4s\"", e.perms);
	cr_expect_eq(e.inode, 400116, "inode: expected 400116, found %llu", (unsigned long long)e.inode);
	cr_expect_str_eq(e.path, "/bin/cat", "path: expected \"/bin/cat\", found \"%.60s\" "
			 "(without the padding spaces and the newline)", e.path);
	cr_expect(!e.deleted, "deleted: expected false for a path without \" (deleted)\"");

	parse_or_fail("7f38b2117000-7f38b2138000 r-xp 00000000 ca:01 396509 /lib64/ld-2.17.so");
	cr_expect_eq(e.start, 0x7f38b2117000, "64-bit start: expected 0x7f38b2117000, found %#lx",
		     (unsigned long)e.start);
	cr_expect_str_eq(e.path, "/lib64/ld-2.17.so",
			 "a line without '\\n' and with one space before the path: path \"%.60s\"", e.path);
}

LAB_TEST(maps, device_and_offset_are_hex, 3,
	 "proc(5): the offset and both halves of the device are hexadecimal, the inode is decimal. "
	 "ca:01 is device 202:1.")
{
	parse_or_fail("7f38b210c000-7f38b2110000 r--p 001b7000 ca:01 396116     /lib64/libc-2.17.so");
	cr_expect_eq(e.offset, 0x1b7000, "offset \"001b7000\": expected 0x1b7000, found %#llx",
		     (unsigned long long)e.offset);
	cr_expect_eq(e.dev_major, 0xca, "device \"ca:01\": expected major 202 (0xca), found %u", e.dev_major);
	cr_expect_eq(e.dev_minor, 1, "device \"ca:01\": expected minor 1, found %u", e.dev_minor);
	cr_expect_eq(e.inode, 396116, "inode \"396116\" is decimal: expected 396116, found %llu",
		     (unsigned long long)e.inode);

	parse_or_fail("55555565b000-55555567c000 r--p 00000010 103:02 1835044 /x");
	cr_expect_eq(e.dev_major, 0x103, "device \"103:02\" (an NVMe disk): expected major 259 "
		     "(0x103), found %u", e.dev_major);
	cr_expect_eq(e.offset, 0x10, "offset \"00000010\": expected 16, found %llu",
		     (unsigned long long)e.offset);
}

LAB_TEST(maps, anonymous_mapping, 3,
	 "An anonymous mapping has no path: the line ends after the inode, maybe with a space. "
	 "Do not require a sixth field.")
{
	parse_or_fail("7f38b2112000-7f38b2117000 rw-p 00000000 00:00 0");
	cr_expect_str_eq(e.path, "", "no path at all: expected \"\", found \"%.60s\"", e.path);
	cr_expect_eq(e.inode, 0, "inode: expected 0, found %llu", (unsigned long long)e.inode);
	cr_expect_eq(e.dev_major + e.dev_minor, 0, "device 00:00: found %u:%u", e.dev_major, e.dev_minor);
	parse_or_fail("0031b000-0031e000 rw-p 00000000 00:00 0 \n");
	cr_expect_str_eq(e.path, "", "a trailing space, then the newline: expected path \"\", found \"%.60s\"",
			 e.path);
	cr_expect_eq(e.end, 0x31e000, "end: expected 0x31e000, found %#lx", (unsigned long)e.end);
}

LAB_TEST(maps, kernel_named_mappings, 2,
	 "[heap], [stack], [vdso], [vvar] and [vsyscall] are paths like any other: keep the brackets.")
{
	static const char *const names[] = { "[heap]", "[stack]", "[vdso]", "[vvar]", "[vsyscall]" };
	char line[256];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(line, sizeof line,
			 "7ffcfffa1000-7ffcfffa3000 r-xp 00000000 00:00 0                          %s\n",
			 names[i]);
		parse_or_fail(line);
		cr_expect_str_eq(e.path, names[i], "expected path \"%s\", found \"%.60s\"", names[i], e.path);
	}
	parse_or_fail("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");
	cr_expect_eq(e.start, (uintptr_t)0xffffffffff600000,
		     "start of [vsyscall]: expected 0xffffffffff600000 (16 hex digits), found %#lx",
		     (unsigned long)e.start);
	cr_expect_str_eq(e.perms, "--xp", "perms: expected \"--xp\", found \"%.4s\"", e.perms);
}

LAB_TEST(maps, path_with_spaces, 3,
	 "The path is the rest of the line after the inode and its padding, spaces and all: "
	 "%s in sscanf stops at the first space.")
{
	parse_or_fail("555555554000-555555556000 r--p 00000000 103:02 1835044                   "
		      "/home/ada/my labs/01 segments/build/layout\n");
	cr_expect_str_eq(e.path, "/home/ada/my labs/01 segments/build/layout",
			 "expected the whole path with its spaces, found \"%.80s\"", e.path);
	parse_or_fail("7ffff7b01000-7ffff7b02000 r--p 00001000 103:02 77   /srv/data/two  spaces.bin\n");
	cr_expect_str_eq(e.path, "/srv/data/two  spaces.bin",
			 "two spaces inside a path are part of it: expected \"/srv/data/two  spaces.bin\", "
			 "found \"%.80s\"", e.path);
}

LAB_TEST(maps, deleted_suffix, 3,
	 "The kernel appends \" (deleted)\" to the path of a file removed after it was mapped "
	 "(a library replaced by an upgrade). Strip it from path and set deleted.")
{
	parse_or_fail("7ffff7c00000-7ffff7c26000 r--p 00000000 fd:01 2490399                    "
		      "/usr/lib/x86_64-linux-gnu/libc.so.6 (deleted)\n");
	cr_expect_str_eq(e.path, "/usr/lib/x86_64-linux-gnu/libc.so.6",
			 "expected the path without \" (deleted)\", found \"%.80s\"", e.path);
	cr_expect(e.deleted, "deleted: expected true for a path ending in \" (deleted)\"");
	parse_or_fail("7ffff7b00000-7ffff7b01000 rw-s 00000000 00:01 4242 /memfd:shared ring (deleted)");
	cr_expect_str_eq(e.path, "/memfd:shared ring", "expected \"/memfd:shared ring\", found \"%.80s\"",
			 e.path);
	cr_expect(e.deleted, "deleted: expected true for \"/memfd:shared ring (deleted)\"");
	parse_or_fail("7ffff7b00000-7ffff7b01000 r--p 00000000 00:01 4242 /tmp/(deleted)");
	cr_expect(!e.deleted, "\"/tmp/(deleted)\" does not end in \" (deleted)\" (with the space): "
		  "expected deleted false");
	cr_expect_str_eq(e.path, "/tmp/(deleted)", "expected path \"/tmp/(deleted)\", found \"%.80s\"", e.path);
}

LAB_TEST(maps, rejects_malformed_lines, 4,
	 "Check every field: the count sscanf returns, perms made of [r-][w-][x-][ps], a ':' in the "
	 "device, an inode, start below end. Return -1 with errno = EINVAL.")
{
	static const char *const bad[] = {
		"",
		"\n",
		"hello world\n",
		"00400000-0040b000\n",
		"00400000 0040b000 r-xp 00000000 ca:01 400116 /bin/cat\n",
		"zz400000-0040b000 r-xp 00000000 ca:01 400116 /bin/cat\n",
		"00400000-0040b000 r-x 00000000 ca:01 400116 /bin/cat\n",
		"00400000-0040b000 rwzp 00000000 ca:01 400116 /bin/cat\n",
		"00400000-0040b000 r-xp 00000000 ca01 400116 /bin/cat\n",
		"00400000-0040b000 r-xp 00000000 ca:01\n",
		"00400000-0040b000 r-xp 00000000 ca:01 /bin/cat\n",
		"0040b000-00400000 r-xp 00000000 ca:01 400116 /bin/cat\n",
		"00400000-00400000 r-xp 00000000 ca:01 400116 /bin/cat\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		int rc = maps_parse_line(bad[i], &e);
		cr_expect(rc == -1 && errno == EINVAL,
			  "maps_parse_line(\"%.60s\"): expected -1 with errno EINVAL, found %d with errno %d (%s)",
			  bad[i], rc, errno, strerror(errno));
	}
}

LAB_TEST(maps, fixture_i386, 3,
	 "tests/fixtures/i386-cat.maps is a 32-bit listing: 8-digit addresses, one line with a "
	 "trailing space and no path. Every line is one entry, in file order.")
{
	struct maps m;
	load_or_fail("tests/fixtures/i386-cat.maps", &m);
	cr_assert_eq(m.n, 18, "expected 18 entries, found %zu", m.n);
	const struct map_entry *cat = &m.v[9];
	cr_expect(cat->start == 0x08048000 && cat->end == 0x08051000 && strcmp(cat->path, "/bin/cat") == 0,
		  "entry 10: expected 08048000-08051000 /bin/cat (text at 0x08048000), found %#lx-%#lx %.40s",
		  (unsigned long)cat->start, (unsigned long)cat->end, cat->path);
	cr_expect_str_eq(m.v[1].perms, "---p", "entry 2: expected perms \"---p\", found \"%.4s\"", m.v[1].perms);
	cr_expect_str_eq(m.v[4].path, "", "entry 5 is anonymous: expected path \"\", found \"%.40s\"", m.v[4].path);
	cr_expect_str_eq(m.v[5].path, "[vdso]", "entry 6: expected [vdso], found \"%.40s\"", m.v[5].path);
	cr_expect_eq(m.v[15].offset, 0x2a1000, "entry 16: expected offset 0x2a1000, found %#llx",
		     (unsigned long long)m.v[15].offset);
	cr_expect_eq(m.v[17].end, 0xbfbfa000, "entry 18 ([stack]): expected end 0xbfbfa000, found %#lx",
		     (unsigned long)m.v[17].end);
	char why[200];
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "maps_check: %s", why);
	maps_free(&m);
}

LAB_TEST(maps, fixture_x86_64, 3,
	 "tests/fixtures/x86_64-cat.maps: 12- and 16-digit addresses; uintptr_t holds them all.")
{
	struct maps m;
	load_or_fail("tests/fixtures/x86_64-cat.maps", &m);
	cr_assert_eq(m.n, 18, "expected 18 entries, found %zu", m.n);
	cr_expect(m.v[0].start == 0x400000 && strcmp(m.v[0].path, "/bin/cat") == 0,
		  "entry 1: expected /bin/cat at 0x00400000 (non-PIE), found %.40s at %#lx",
		  m.v[0].path, (unsigned long)m.v[0].start);
	cr_expect_eq(m.v[0].dev_major, 0xca, "entry 1: expected device major 0xca, found %#x", m.v[0].dev_major);
	cr_expect_str_eq(m.v[3].path, "/usr/lib/locale/locale-archive",
			 "entry 4: expected the locale archive, found \"%.40s\"", m.v[3].path);
	cr_expect_str_eq(m.v[8].path, "", "entry 9 is anonymous: found \"%.40s\"", m.v[8].path);
	cr_expect(m.v[17].start == (uintptr_t)0xffffffffff600000 && strcmp(m.v[17].path, "[vsyscall]") == 0,
		  "entry 18: expected [vsyscall] at 0xffffffffff600000, found %.40s at %#lx",
		  m.v[17].path, (unsigned long)m.v[17].start);
	char why[200];
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "maps_check: %s", why);
	maps_free(&m);
}

LAB_TEST(maps, fixture_edge_cases, 2,
	 "tests/fixtures/edge.maps mixes every odd case of the tests above in one file.")
{
	struct maps m;
	load_or_fail("tests/fixtures/edge.maps", &m);
	cr_assert_eq(m.n, 16, "expected 16 entries, found %zu", m.n);
	cr_expect_str_eq(m.v[0].path, "/home/ada/my labs/01 segments/build/layout",
			 "entry 1: found path \"%.60s\"", m.v[0].path);
	cr_expect_str_eq(m.v[6].path, "[anon:jit cache]", "entry 7: found path \"%.60s\"", m.v[6].path);
	cr_expect(m.v[7].deleted && strcmp(m.v[7].path, "/memfd:shared ring") == 0 &&
		  strcmp(m.v[7].perms, "rw-s") == 0,
		  "entry 8: expected rw-s \"/memfd:shared ring\" deleted, found %.4s \"%.40s\" deleted=%d",
		  m.v[7].perms, m.v[7].path, m.v[7].deleted);
	cr_expect_str_eq(m.v[8].path, "/srv/data/two  spaces.bin", "entry 9: found path \"%.60s\"", m.v[8].path);
	cr_expect(m.v[9].deleted && !m.v[8].deleted, "entry 10 is deleted, entry 9 is not: found %d and %d",
		  m.v[9].deleted, m.v[8].deleted);
	char why[200];
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "maps_check: %s", why);
	maps_free(&m);
}

LAB_TEST(maps, reports_bad_line, 2,
	 "maps_read stops at the first line that does not parse, sets bad_line (counting from 1) "
	 "and returns -1 with errno EINVAL; a missing file gives the errno of fopen.")
{
	struct maps m;
	errno = 0;
	int rc = maps_load("tests/fixtures/bad.maps", &m);
	int err = errno;
	cr_expect(rc == -1 && err == EINVAL, "bad.maps: expected -1 with EINVAL, found %d with errno %d (%s)",
		  rc, err, strerror(err));
	cr_expect_eq(m.bad_line, 3, "bad.maps: expected bad_line 3 (no inode), found %zu", m.bad_line);
	maps_free(&m);
	errno = 0;
	rc = maps_load("tests/fixtures/no-such-file.maps", &m);
	err = errno;
	cr_expect(rc == -1 && err == ENOENT, "a missing file: expected -1 with ENOENT, found %d with errno %d (%s)",
		  rc, err, strerror(err));
	maps_free(&m);
}

static int a_function_of_the_tests(int x)
{
	return x + 1;
}

LAB_TEST(maps, live_self_maps, 2,
	 "Read the lines with getline: they can be longer than any fixed buffer. "
	 "maps_check (mapscheck.c) says what is wrong with the entries.")
{
	/* The tests' own maps, copied to a file: every line must be an entry. */
	struct maps m;
	char copy[64];
	size_t lines = snapshot_own_maps(copy);
	errno = 0;
	int rc = maps_load(copy, &m);
	int err = errno;
	unlink(copy);
	cr_assert_eq(rc, 0, "maps_load(a copy of the tests' /proc/self/maps) returned %d (errno %d, "
		     "bad_line %zu), expected 0", rc, err, m.bad_line);
	cr_expect_eq(m.n, lines, "a copy of the tests' /proc/self/maps: expected one entry per line (%zu), "
		     "found %zu", lines, m.n);
	char why[200];
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "maps_check on the tests' maps: %s", why);
	const struct map_entry *t = maps_find(&m, (uintptr_t)a_function_of_the_tests);
	char exe[MAP_PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	cr_assert(len > 0, "readlink /proc/self/exe failed");
	exe[len] = '\0';
	cr_assert_not_null(t, "maps_find(a function of the test program) found no entry");
	cr_expect_str_eq(t->path, exe, "a function of the test program: expected its entry's path to be "
			 "%s, found \"%.80s\"", exe, t->path);
	cr_expect(strchr(t->perms, 'x') != NULL, "the mapping holding code: expected an 'x' in perms, "
		  "found %.4s", t->perms);
	maps_free(&m);

	/* The live file of the process running your code: the worker's. */
	load_or_fail("/proc/self/maps", &m);
	cr_expect_eq(maps_check(&m, why, sizeof why), 0, "maps_check on the worker's /proc/self/maps: %s",
		     why);
	uintptr_t obj[OBJ_COUNT];
	worker_objects(obj);
	struct judge_map jm;
	cr_assert(worker_mapping(obj[OBJ_LOCAL], &jm) && strcmp(jm.path, "[stack]") == 0,
		  "set-up: the worker's local is not in its [stack]");
	const struct map_entry *s = maps_find(&m, obj[OBJ_LOCAL]);
	cr_assert_not_null(s, "maps_find(a local of the worker, %#lx) found no entry",
			   (unsigned long)obj[OBJ_LOCAL]);
	cr_expect_str_eq(s->path, "[stack]", "a local variable: expected its entry to be [stack], found \"%.60s\"",
			 s->path);
	cr_expect(s->start == jm.start && s->end == jm.end, "the worker's [stack]: expected %#lx-%#lx, "
		  "found %#lx-%#lx", (unsigned long)jm.start, (unsigned long)jm.end,
		  (unsigned long)s->start, (unsigned long)s->end);
	maps_free(&m);
}

LAB_TEST(maps, find_entry, 3,
	 "An entry holds start <= addr < end: end itself belongs to the next mapping, or to none.")
{
	struct maps m;
	load_or_fail("tests/fixtures/x86_64-cat.maps", &m);
	cr_assert_eq(m.n, 18, "expected 18 entries, found %zu", m.n);
	static const struct { uintptr_t addr; int index; } cases[] = {
		{ 0x400000, 0 }, { 0x40afff, 0 }, { 0x40b000, -1 }, { 0, -1 }, { 0x62c123, 2 },
		{ 0x7f38b2138000, -1 }, { 0x7f38b2337fff, 11 }, { 0x7f38b2338000, 12 },
		{ 0xffffffffff600fff, 17 }, { 0xffffffffff601000, -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct map_entry *f = maps_find(&m, cases[i].addr);
		const struct map_entry *want = cases[i].index < 0 ? NULL : &m.v[cases[i].index];
		cr_expect_eq(f, want, "maps_find(%#lx): expected entry %d, found entry %ld "
			     "(0 means NULL, entries count from 1)", (unsigned long)cases[i].addr,
			     cases[i].index + 1, f ? (long)(f - m.v) + 1 : 0L);
	}
	maps_free(&m);
}
