// SPDX-License-Identifier: MIT
/*
 * makecmd.c - make's command line for a copy of a lab (makecmd.h).
 */
#include "makecmd.h"
#include "util.h"

#include <stdlib.h>

void make_cmd(struct make_cmd *m, const struct grade_config *cfg, const char *labdir,
              const char *reference, bool dry, const char *target,
              char *const *files, size_t n, bool keep)
{
	m->memlabs = xasprintf("MEMLABS=%s", cfg->root);
	m->reference = xasprintf("REFERENCE=%s", reference);
	m->argv = xcalloc(2 * n + 10, sizeof *m->argv);
	size_t k = 0;
	m->argv[k++] = "make";
	if (dry) {
		m->argv[k++] = "-n";
		m->argv[k++] = "-B";
	}
	m->argv[k++] = "--no-print-directory";
	m->argv[k++] = "-C";
	m->argv[k++] = (char *)labdir;
	if (target)
		m->argv[k++] = (char *)target;
	m->argv[k++] = m->memlabs;
	m->argv[k++] = m->reference;
	for (size_t i = 0; i < n; i++) {
		if (keep)
			m->argv[k++] = "-o";
		m->argv[k++] = files[i];
	}
}

void make_cmd_free(struct make_cmd *m)
{
	free(m->argv);
	free(m->memlabs);
	free(m->reference);
}
