// SPDX-License-Identifier: MIT
/* submission.c - unpack what a student handed in and find its labs (see submission.h). */
#include "submission.h"
#include "sandbox.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n > m && !strcmp(s + n - m, end);
}

bool is_archive(const char *name)
{
	return ends_with(name, ".zip") || ends_with(name, ".tar.gz") || ends_with(name, ".tgz");
}

/* The unpacker: every member listed and checked before anything is
   written, then only folders and regular files made (0644, or 0755 when
   executable: no owner, setuid or setgid bit is kept), never through a
   link. Refused: a device, FIFO or other special file, a link or a name
   that leads outside, a file over 64 MiB, more than 256 MiB or 10000
   members in all. Links that stay inside are left out (a link never
   counts as a student file); a hard link to a file becomes a copy of it.
   Given a uid, it opens the archive, then gives up root before reading it. */
static const char unpack_py[] =
	"import os, stat, sys, tarfile, zipfile, gzip, zlib, encodings.cp437, encodings.utf_8\n"
	"MAX_FILE, MAX_TOTAL, MAX_COUNT = 64 << 20, 256 << 20, 10000\n"
	"path, dest, uid = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
	"f = open(path, 'rb')\n"
	"if uid:\n"
	"    os.setgroups([]); os.setgid(uid); os.setuid(uid)\n"
	"def refuse(why, name=''):\n"
	"    sys.exit(why + (': ' + ascii(name)[1:-1][:200] if name else ''))\n"
	"def clean(name):\n"
	"    parts = [p for p in name.replace('\\\\', '/').split('/') if p not in ('', '.')]\n"
	"    if '..' in parts: refuse('a member leads outside the folder', name)\n"
	"    return '/'.join(parts)\n"
	"def members():\n"
	"    f.seek(0)\n"
	"    if path.endswith('.zip'):\n"
	"        z = zipfile.ZipFile(f)\n"
	"        for i in z.infolist():\n"
	"            t = stat.S_IFMT(i.external_attr >> 16)\n"
	"            kind = 'd' if i.is_dir() else 'l' if t == stat.S_IFLNK else '-' if t in (0, stat.S_IFREG) else 'x'\n"
	"            yield kind, i.filename, i.file_size, None, lambda i=i: z.open(i)\n"
	"        return\n"
	"    a = tarfile.open(fileobj=f, mode='r:gz')\n"
	"    for m in a:\n"
	"        kind = 'd' if m.isdir() else '-' if m.isreg() else 'l' if m.issym() else 'h' if m.islnk() else 'x'\n"
	"        yield kind, m.name, m.size, m.linkname, lambda m=m: a.extractfile(m)\n"
	"def check():\n"
	"    count = total = 0\n"
	"    sizes = {}\n"
	"    for kind, name, size, link, _ in members():\n"
	"        count += 1\n"
	"        if count > MAX_COUNT: refuse('more than %d members' % MAX_COUNT)\n"
	"        if kind == 'x': refuse('a device, FIFO or other special file', name)\n"
	"        if kind in 'lh' and link is not None and (link.startswith('/') or '..' in link.split('/')):\n"
	"            refuse('a link that points outside the archive', name)\n"
	"        if kind == 'h': size = sizes.get(clean(link), 0)\n"
	"        if kind in '-h':\n"
	"            sizes[clean(name)] = size\n"
	"            total += size\n"
	"        if size > MAX_FILE: refuse('a file larger than 64 MiB', name)\n"
	"        if total > MAX_TOTAL: refuse('more than 256 MiB in all')\n"
	"def write(target, src, size, mode):\n"
	"    if os.path.lexists(target) and not os.path.isdir(target): os.unlink(target)\n"
	"    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)\n"
	"    with os.fdopen(fd, 'wb') as out:\n"
	"        left = size\n"
	"        while True:\n"
	"            chunk = src.read(min(65536, left + 1))\n"
	"            if not chunk: break\n"
	"            left -= len(chunk)\n"
	"            if left < 0: refuse('a member larger than it says', target)\n"
	"            out.write(chunk)\n"
	"def extract():\n"
	"    for kind, name, size, link, data in members():\n"
	"        name = clean(name)\n"
	"        target = os.path.join(dest, name) if name else dest\n"
	"        if kind == 'd': os.makedirs(target, 0o755, exist_ok=True)\n"
	"        if kind not in '-h' or not name: continue\n"
	"        os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)\n"
	"        src = data()\n"
	"        if src is None: continue\n"
	"        write(target, src, MAX_FILE if kind == 'h' else size, 0o644)\n"
	"try:\n"
	"    check()\n"
	"    extract()\n"
	"except SystemExit: raise\n"
	"except Exception as e:\n"
	"    refuse(str(e) or type(e).__name__)\n";

int unpack(const char *path, const char *dest, unsigned uid, char **err)
{
	if (make_dirs(dest) < 0 || (uid && chown(dest, uid, uid) < 0)) {
		*err = xasprintf("cannot make %s", dest);
		return -1;
	}
	char *id = xasprintf("%u", uid);
	char *argv[] = { "python3", "-c", (char *)unpack_py, (char *)path, (char *)dest, id, NULL };
	struct run_limits lim = default_limits();
	lim.wall_seconds = 60;
	lim.fsize_bytes = 64ULL << 20;
	lim.leftover_uid = uid;
	struct run_result res;
	run_command(argv, NULL, NULL, &lim, &res);
	free(id);
	int ok = res.started && !res.timed_out && res.exit_code == 0;
	/* What it made is root's again, like any submission folder. */
	if (uid && give_tree(dest, 0, 0, true) < 0)
		ok = 0;
	if (!ok) {
		/* The last line says what was wrong ("File is not a zip file"). */
		char *out = trim(res.output);
		char *last = strrchr(out, '\n');
		char *why = clean_text(last ? last + 1 : out, 300);
		const char *base = strrchr(path, '/');
		*err = xasprintf("cannot unpack %s: %s", base ? base + 1 : path,
		                 *why ? why : res.timed_out ? "it takes too long" : "the archive is damaged");
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
