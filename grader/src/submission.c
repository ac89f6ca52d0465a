/* submission.c - unpack what a student handed in and find its labs (see submission.h). */
#include "submission.h"
#include "sandbox.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n > m && !strcmp(s + n - m, end);
}

bool is_archive(const char *name)
{
	return ends_with(name, ".zip") || ends_with(name, ".tar.gz") || ends_with(name, ".tgz");
}

int unpack(const char *path, const char *dest, char **err)
{
	if (make_dirs(dest) < 0) {
		*err = xasprintf("cannot make %s", dest);
		return -1;
	}
	/* Python's zipfile drops absolute paths and "..": nothing lands outside
	   dest. GNU tar does the same; links it makes are never followed
	   (student files are taken only when they are regular files). */
	char *zip[] = { "python3", "-c",
		"import sys, zipfile\n"
		"with zipfile.ZipFile(sys.argv[1]) as z:\n"
		"    if len(z.infolist()) > 10000: sys.exit('more than 10000 files')\n"
		"    z.extractall(sys.argv[2])\n",
		(char *)path, (char *)dest, NULL };
	char *tar[] = { "tar", "-xzf", (char *)path, "-C", (char *)dest,
	                "--no-same-owner", "--no-same-permissions", NULL };
	struct run_limits lim = default_limits();
	lim.wall_seconds = 60;
	lim.fsize_bytes = 64ULL << 20;
	struct run_result res;
	run_command(ends_with(path, ".zip") ? zip : tar, NULL, NULL, &lim, &res);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	if (!ok) {
		/* The tool's last line says what was wrong ("File is not a zip file"). */
		char *out = trim(res.output);
		char *last = strrchr(out, '\n');
		char *why = clean_text(last ? last + 1 : out, 300);
		const char *base = strrchr(path, '/');
		*err = xasprintf("cannot unpack %s: %s", base ? base + 1 : path,
		                 *why ? why : "the archive is damaged");
		free(out);
		free(why);
	}
	run_result_free(&res);
	return ok ? 0 : -1;
}

static bool is_real_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool holds_a_lab(const char *dir, char **labs, size_t nlabs)
{
	for (size_t i = 0; i < nlabs; i++) {
		char *p = xasprintf("%s/%s", dir, labs[i]);
		bool yes = is_real_dir(p);
		free(p);
		if (yes)
			return true;
	}
	return false;
}

/* The only entry of dir that is a folder, if everything else is clutter
   (dot files, __MACOSX); else NULL. */
static char *only_folder(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "__MACOSX"))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		if (is_real_dir(p) && !found)
			found = p;
		else
			free(p);
		count++;
	}
	closedir(d);
	if (count != 1) {
		free(found);
		return NULL;
	}
	return found;
}

char *submission_root(const char *dir, char **labs, size_t nlabs)
{
	char *cur = xstrdup(dir);
	for (int depth = 0; depth < 5; depth++) {
		if (holds_a_lab(cur, labs, nlabs))
			return cur;
		char *inner = xasprintf("%s/labs", cur);
		if (is_real_dir(inner) && holds_a_lab(inner, labs, nlabs)) {
			free(cur);
			return inner;
		}
		free(inner);
		char *next = only_folder(cur);
		if (!next)
			break;
		free(cur);
		cur = next;
	}
	/* Flat files (or nothing useful): the folder as given, or the one it
	   wraps when that is all there is. */
	return cur;
}
