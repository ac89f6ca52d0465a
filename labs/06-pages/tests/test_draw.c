// SPDX-License-Identifier: MIT
/*
 * test_draw.c - task 4: pm_char (draw.c), on entries the tests make.
 */
#include <inttypes.h>
#include <stdio.h>

#include "labtest.h"
#include "lab06.h"
#include "pages.h"

struct case_ {
	struct pm_page pg;
	uint64_t zero_pfn;
	char want;
	const char *what;
};

static void check_cases(const struct case_ *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char got = pm_char(&c[i].pg, c[i].zero_pfn);
		cr_assert_eq(got, c[i].want, "pm_char of %s (pfn %#" PRIx64 ", zero page's pfn %#" PRIx64
		             "): expected '%c', got '%c' (%#x)", c[i].what, c[i].pg.pfn, c[i].zero_pfn,
		             c[i].want, got, (unsigned char)got);
	}
}

#define Z 0x4321

LAB_TEST(draw, classes, 6,
         "Test in this order: swapped, not present, file, zero page, exclusive; what is left is shared.")
{
	static const struct case_ cases[] = {
		{ { 0 }, Z, '.', "a page not present" },
		{ { .swapped = true }, Z, 'w', "a swapped page" },
		{ { .swapped = true, .exclusive = true, .soft_dirty = true }, Z, 'w', "a swapped exclusive page" },
		{ { .present = true, .exclusive = true, .pfn = 0x1000 }, Z, 'x', "an exclusive anonymous page" },
		{ { .present = true, .pfn = 0x1000 }, Z, 's', "a shared anonymous page" },
		{ { .present = true, .file = true, .pfn = 0x1000 }, Z, 'f', "a file page" },
		{ { .present = true, .file = true, .exclusive = true, .pfn = 0x1000 }, Z, 'f',
		  "a file page mapped by this process only" },
		{ { .present = true, .exclusive = true, .soft_dirty = true, .pfn = 0x1000 }, Z, 'x',
		  "a soft-dirty exclusive page" },
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

LAB_TEST(draw, zero_page, 5,
         "The zero page is known by its frame number only: pfn == zero_pfn.")
{
	static const struct case_ cases[] = {
		{ { .present = true, .pfn = Z }, Z, '0', "the zero page" },
		{ { .present = true, .pfn = Z + 1 }, Z, 's', "a shared page next to the zero page" },
		{ { .present = true, .exclusive = true, .pfn = Z }, Z, '0', "the zero page marked exclusive" },
		{ { .present = true, .file = true, .pfn = Z }, Z, 'f', "a file page with the zero page's pfn" },
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

LAB_TEST(draw, pfn_hidden, 4,
         "Without CAP_SYS_ADMIN every PFN reads 0, and the zero page's is unknown (0): 0 == 0 is not "
         "the zero page.")
{
	static const struct case_ cases[] = {
		{ { .present = true, .exclusive = true }, 0, 'x', "an exclusive page, PFNs hidden" },
		{ { .present = true }, 0, 's', "a shared page (or the zero page), PFNs hidden" },
		{ { .present = true, .exclusive = true }, Z, 'x', "an exclusive page with pfn 0, zero page known" },
		{ { 0 }, 0, '.', "a page not present, PFNs hidden" },
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}
