/*
 * classify.c - name the part of the address space an address is in.
 *
 * The maps say which mapping holds an address and with what permissions,
 * but not where .data ends and .bss begins: the kernel maps the first part
 * of .bss with the last page of .data, and the rest as an anonymous mapping
 * that looks like any mmap. The linker marks the boundaries with symbols
 * (man 3 end), so for this program's own addresses we use those.
 */
#include "classify.h"

#include <string.h>

// >>> linker-symbols
/* Defined by the linker, not by us: only their addresses mean anything. */
extern char __executable_start[];  /* first byte of the program image */
extern char etext[];               /* end of the text (the code) */
extern char edata[];               /* end of the initialised data */
extern char end[];                 /* end of the bss: the end of the image */
// <<< linker-symbols

static bool perm(const struct map_entry *e, char c)
{
	return strchr(e->perms, c) != NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

// >>> own-image
/* An address of this program's image, told apart by the linker symbols. */
static enum region own_image(const struct map_entry *e, uintptr_t addr)
{
	if (addr < (uintptr_t)etext && perm(e, 'x'))
		return REGION_TEXT;
	if (addr >= (uintptr_t)edata)
		return REGION_BSS;     /* edata <= addr < end */
	if (perm(e, 'w'))
		return REGION_DATA;
	return REGION_RODATA;          /* headers, .rodata, RELRO */
}
// <<< own-image

/* A mapping named in brackets by the kernel, or an anonymous one. */
static enum region special(const char *path)
{
	if (strcmp(path, "[heap]") == 0)
		return REGION_HEAP;
	if (starts_with(path, "[stack"))  /* also [stack:TID] of old kernels */
		return REGION_STACK;
	if (strcmp(path, "[vdso]") == 0)
		return REGION_VDSO;
	if (starts_with(path, "[vvar"))   /* also [vvar_vclock] of newer kernels */
		return REGION_VVAR;
	if (strcmp(path, "[vsyscall]") == 0)
		return REGION_VSYSCALL;
	return REGION_MMAP;               /* "", [anon:name], ... */
}

/* Does m map the file `path` executable anywhere? Then it is a program. */
static bool is_program(const struct maps *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (perm(&m->v[i], 'x') && strcmp(m->v[i].path, path) == 0)
			return true;
	return false;
}

// >>> classify
enum region classify(const struct maps *m, uintptr_t addr, struct place *p)
{
	const struct map_entry *e = maps_find(m, addr);

	*p = (struct place){ REGION_UNMAPPED, e, NULL };
	if (!e)
		return p->kind;
	if (addr >= (uintptr_t)__executable_start && addr < (uintptr_t)end)
		p->kind = own_image(e, addr);
	else if (e->path[0] != '/')
		p->kind = special(e->path);
	else if (strstr(base_name(e->path), ".so"))
		p->kind = REGION_LIB;
	else if (is_program(m, e->path))
		p->kind = perm(e, 'x') ? REGION_TEXT :
			  perm(e, 'w') ? REGION_DATA : REGION_RODATA;
	else
		p->kind = REGION_FILE;
	if (p->kind == REGION_LIB || p->kind == REGION_FILE)
		p->name = base_name(e->path);
	return p->kind;
}
// <<< classify
