// SPDX-License-Identifier: MIT
/* formats.c - the report's formats by name (see formats.h). */
#include "formats.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void text_format(FILE *out, const struct report *r, bool color) { report_text(out, r, color); }
static void text_full_format(FILE *out, const struct report *r, bool color) { report_text_full(out, r, color); }
static void json_format(FILE *out, const struct report *r, bool color) { (void)color; report_json(out, r); }
static void gradescope_format(FILE *out, const struct report *r, bool color) { (void)color; report_gradescope(out, r); }
static void autolab_format(FILE *out, const struct report *r, bool color) { (void)color; report_autolab(out, r); }
static void junit_format(FILE *out, const struct report *r, bool color) { (void)color; report_junit(out, r); }
static void tap_format(FILE *out, const struct report *r, bool color) { (void)color; report_tap(out, r); }
static void prairielearn_format(FILE *out, const struct report *r, bool color) { (void)color; report_prairielearn(out, r); }

static const struct report_format formats[] = {
	{ "text", "txt", text_format },
	{ "text-full", "txt", text_full_format },
	{ "json", "json", json_format },
	{ "gradescope", "json", gradescope_format },
	{ "autolab", "txt", autolab_format },
	{ "junit", "xml", junit_format },
	{ "tap", "tap", tap_format },
	{ "prairielearn", "json", prairielearn_format },
};

const struct report_format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

const char *format_names(void)
{
	return "text, text-full, json, gradescope, autolab, junit, tap, prairielearn";
}

int write_report_file(const char *path, const struct report_format *fmt, const struct report *r)
{
	struct stat st;
	bool system = !strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6);
	if (system || (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))) {
		/* /dev/stdout (a link), a pipe, a device, anything under /dev or
		   /proc: write through it, never replace it. */
		FILE *f = fopen(path, "w");
		if (!f)
			return -1;
		fmt->write(f, r, false);
		return fclose(f) == 0 ? 0 : -1;
	}
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int rc = -1;
	if (f) {
		fmt->write(f, r, false);
		fchmod(fd, 0644);
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
