/* build.c - build a copy of a lab (see build.h). */
#include "build.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* make's own chatter and the compiler command lines. */
static bool noise(const char *line)
{
	return !strncmp(line, "make", 4) || !strncmp(line, "mkdir ", 6) ||
	       !strncmp(line, "cc ", 3) || !strncmp(line, "gcc ", 4) || !strncmp(line, "clang ", 6);
}

/* The compiler's first errors, for the report: from the first line that
   says "error" on, without the noise; the end of the log when none does. */
static char *first_errors(const char *log)
{
	struct buf b = {0};
	int lines = 0;
	bool seen_error = false;
	for (const char *p = log; *p && lines < 25; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		if (strstr(line, "error") || strstr(line, "Error"))
			seen_error = true;
		if (seen_error && !noise(line)) {
			buf_printf(&b, "%s\n", line);
			lines++;
		}
		free(line);
		p += n + (nl ? 1 : 0);
	}
	char *s = buf_take(&b);
	if (!*s) {
		free(s);
		size_t len = strlen(log);
		s = xstrdup(len > 2000 ? log + len - 2000 : log);
	}
	char *clean = clean_text(s, 4000);
	free(s);
	char *t = trim(clean);
	free(clean);
	return t;
}

int build_lab(const struct grade_config *cfg, const char *labdir, char **errors)
{
	char *memlabs = xasprintf("MEMLABS=%s", cfg->root);
	char *reference = xasprintf("REFERENCE=%s", cfg->empty_dir);
	char *argv[] = { "make", "--no-print-directory", "-C", (char *)labdir, "all",
	                 memlabs, reference, NULL };
	struct run_limits lim = default_limits();
	lim.hide = cfg->hide;
	lim.wall_seconds = 300;
	lim.cpu_seconds = 600;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	if (!ok) {
		char *how = describe_end(&res, &lim);
		char *first = first_errors(res.output);
		*errors = xasprintf("%s\n(make %s)", first, how);
		free(how);
		free(first);
	}
	run_result_free(&res);
	free(memlabs);
	free(reference);
	return ok ? 0 : -1;
}
