// SPDX-License-Identifier: MIT
/* prepare.c - a lab's copy in the scratch folder (see prepare.h). */
#include "prepare.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest student file taken from a submission. */
enum { STUDENT_FILE_MAX = 4 << 20 };

int copy_lab(const struct grade_config *cfg, const char *name, const char *dir, char **err)
{
	char *common = xasprintf("%s/labs/common", cfg->root);
	char *lab = xasprintf("%s/labs/%s", cfg->root, name);
	char *dst_common = xasprintf("%s/common", dir);
	char *dst_lab = xasprintf("%s/%s", dir, name);
	int rc = 0;
	if (remove_tree(dir) < 0 || make_dirs(dir) < 0) {
		*err = xasprintf("cannot make %s: %s", dir, strerror(errno));
		rc = -1;
	} else if (copy_tree(common, dst_common, "build") < 0 ||
	           copy_tree(lab, dst_lab, "build") < 0) {
		*err = xasprintf("cannot copy the lab into %s: %s", dir, strerror(errno));
		rc = -1;
	}
	free(common);
	free(lab);
	free(dst_common);
	free(dst_lab);
	return rc;
}

static bool plain_file(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= STUDENT_FILE_MAX;
}

static bool plain_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The submission's copy of a student file: NN-name/FILE, or FILE at the top
   when one lab is graded from flat files. Only regular files of a sane size
   count: a symbolic link (to solutions/, say), a device or a fifo does not. */
static char *submitted_file(const struct grade_config *cfg, const char *lab, const char *file)
{
	char *dir = xasprintf("%s/%s", cfg->submission, lab);
	char *path = xasprintf("%s/%s", dir, file);
	bool ok = plain_dir(dir) && plain_file(path);
	free(dir);
	if (!ok && cfg->flat) {
		free(path);
		path = xasprintf("%s/%s", cfg->submission, file);
		ok = plain_file(path);
	}
	if (ok)
		return path;
	free(path);
	return NULL;
}

/* Put the submission's copy of one student file into the student's lab. */
static void take_file(const struct grade_config *cfg, const char *name, const char *file,
                      struct student_copy *copy, struct buf *missing)
{
	char *from = submitted_file(cfg, name, file);
	char *to = xasprintf("%s/%s", copy->lab, file);
	char *shipped = xasprintf("%s/labs/%s/%s", cfg->root, name, file);
	bool taken = false;
	if (from && same_file_contents(from, shipped))
		taken = true;   /* the copy of the lab has it already */
	else if (from && copy_file(from, to) == 0) {
		taken = true;
		copy->nchanged++;
	}
	if (!taken) {
		buf_printf(missing, "%s%s/%s", missing->len ? ", " : "", name, file);
		copy->nmissing++;
	}
	free(from);
	free(to);
	free(shipped);
}

int prepare_student_copy(const struct grade_config *cfg, const char *name,
                         const struct lab_info *info, const char *dir,
                         struct student_copy *copy, char **err)
{
	memset(copy, 0, sizeof *copy);
	copy->root = xstrdup(dir);
	copy->lab = xasprintf("%s/%s", dir, name);
	copy->missing = xstrdup("");
	if (copy_lab(cfg, name, dir, err) < 0)
		return -1;
	struct buf missing = {0};
	for (size_t i = 0; i < info->nstudent; i++)
		take_file(cfg, name, info->student[i], copy, &missing);
	free(copy->missing);
	copy->missing = buf_take(&missing);
	return 0;
}

void student_copy_free(struct student_copy *copy)
{
	free(copy->root);
	free(copy->lab);
	free(copy->missing);
	memset(copy, 0, sizeof *copy);
}
