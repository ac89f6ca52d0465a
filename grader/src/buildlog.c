// SPDX-License-Identifier: MIT
/* buildlog.c - the part of a build's log a report shows (see buildlog.h). */
#include "buildlog.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* make's own chatter and the compiler command lines. */
static bool noise(const char *line)
{
	return !strncmp(line, "make", 4) || !strncmp(line, "mkdir ", 6) ||
	       !strncmp(line, "cc ", 3) || !strncmp(line, "gcc ", 4) || !strncmp(line, "clang ", 6);
}

/* The compiler's first errors: from the first line that says "error" on,
   without the noise; the end of the log when none does. */
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

/* The file a compiler's message is about, "FILE:LINE:..." or "FILE: In
   function ..." / "FILE: At top level:" (gcc, clang, as, ld): its length,
   or 0 when the line is no such message. */
static size_t about_file(const char *line)
{
	size_t n = line[0] == '{' ? strcspn(line, "}") + 1 : strcspn(line, ": \t");
	if (!n || line[n] != ':')
		return 0;
	const char *rest = line + n + 1;
	if (isdigit((unsigned char)*rest)) {
		while (isdigit((unsigned char)*rest))
			rest++;
		return *rest == ':' || *rest == ',' ? n : 0;
	}
	return !strncmp(rest, " In ", 4) || !strncmp(rest, " At ", 4) ? n : 0;
}

/* A line of an include chain ("In file included from F:1:", "    from F:2,"). */
static bool include_chain(const char *line)
{
	return !strncmp(line, "In file included from ", 22) ||
	       (line[0] == ' ' && !strncmp(line + strspn(line, " "), "from ", 5));
}

/* A line that is no longer about the message before: make's or the linker's. */
static bool others_line(const char *line)
{
	return !strncmp(line, "make: ", 6) || !strncmp(line, "make[", 5) ||
	       !strncmp(line, "collect2: ", 10) || !strncmp(line, "/usr/bin/ld: ", 13) ||
	       !strncmp(line, "ld: ", 4);
}

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t m = strlen(end);
	return n >= m && !strncmp(s + n - m, end, m) && (n == m || s[n - m - 1] == '/');
}

/* A file the student handed in (or the lab's Makefile, lab.mk, driver.mk:
   make's own messages about the project's build, which students have). */
static bool students_file(const char *file, size_t n, const char *labdir, char *const *student)
{
	if ((n == 8 && !strncmp(file, "Makefile", 8)) || ends_with(file, n, "common/lab.mk") ||
	    ends_with(file, n, "labs/driver/driver.mk"))
		return true;
	size_t dl = strlen(labdir);
	if (n > dl + 1 && !strncmp(file, labdir, dl) && file[dl] == '/') {
		file += dl + 1;
		n -= dl + 1;
	} else if (n > 2 && !strncmp(file, "./", 2)) {
		file += 2;
		n -= 2;
	}
	for (char *const *s = student; *s; s++)
		if (strlen(*s) == n && !strncmp(file, *s, n))
			return true;
	return false;
}

/* The log without the messages about other files than the student's. */
static char *own_messages(const char *log, const char *labdir, char *const *student, int *hidden_out)
{
	struct buf out = {0}, chain = {0};
	bool showing = true;
	int hidden = 0;
	for (const char *p = log; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		p += n + (nl ? 1 : 0);
		size_t f = about_file(line);
		if (include_chain(line)) {
			buf_printf(&chain, "%s\n", line);
		} else if (f && (strstr(line, ": undefined reference to ") || strstr(line, ": multiple definition of "))) {
			buf_printf(&out, "%s\n", line);   /* the linker: symbols, no source quoted */
		} else if (f) {
			showing = students_file(line, f, labdir, student);
			hidden += !showing;
			char *c = buf_take(&chain);
			if (showing)
				buf_puts(&out, c);
			free(c);
			if (showing)
				buf_printf(&out, "%s\n", line);
		} else {
			showing = showing || others_line(line);
			if (showing)
				buf_printf(&out, "%s\n", line);
		}
		free(line);
	}
	free(buf_take(&chain));
	*hidden_out = hidden;
	return buf_take(&out);
}

char *build_errors(const char *log, const char *labdir, char *const *student)
{
	if (!student)
		return first_errors(log);
	int hidden;
	char *own = own_messages(log, labdir, student, &hidden);
	char *first = first_errors(own);
	free(own);
	if (!hidden)
		return first;
	char *both = xasprintf("%s\n(%d message%s about files that are not the submission's not shown)",
	                       first, hidden, hidden == 1 ? "" : "s");
	free(first);
	return both;
}
