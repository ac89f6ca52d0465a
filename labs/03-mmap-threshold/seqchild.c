// SPDX-License-Identifier: MIT
/*
 * seqchild - run one sequence of malloc operations: the process that
 * runner.c observes. Fixed code, built without sanitizers so that it
 * always uses the C library's own malloc.
 *
 * Usage: seqchild [-i] OP...
 *     OP is m<bytes>, f<op index>, M<mmap threshold>, T<trim threshold>,
 *     P<top pad> (see seq.h). Before operation k it calls
 *     lseek(-1, k, SEEK_CUR), a call that fails at once and marks the place
 *     in an strace transcript. With -i it prints "arena hblkhd" from
 *     mallinfo2() before the first operation and after each one.
 *
 * Try:
 *     strace -e trace=brk,mmap,munmap,lseek build/seqchild m200000 m300000 f1 f0
 *     build/seqchild -i m100000 m200000 f1
 *
 * Nothing here may call malloc before operation 0 (the first malloc is
 * part of what is observed), so there is no stdio: output goes through
 * snprintf into a stack buffer and write(2).
 */
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "seq.h"

static struct op ops[SEQ_MAX_OPS];
static void *block[SEQ_MAX_OPS];

static void parse_op(const char *tok, size_t i)
{
	static const char letters[] = "mfMTP";
	const char *l = tok[0] ? strchr(letters, tok[0]) : NULL;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(tok + 1, &end, 10);
	if (!l || end == tok + 1 || *end || errno)
		die("operation %zu: bad token '%s'", i, tok);
	ops[i].kind = (enum op_kind)(l - letters);
	ops[i].arg = (size_t)v;
	if (ops[i].kind == OP_FREE && (ops[i].arg >= i || ops[ops[i].arg].kind != OP_MALLOC))
		die("operation %zu: f%zu does not name an earlier malloc", i, ops[i].arg);
}

static void mark(size_t k)
{
	lseek(-1, (off_t)k, SEEK_CUR);
}

static void report(void)
{
	struct mallinfo2 mi = mallinfo2();
	char line[64];
	int n = snprintf(line, sizeof line, "%zu %zu\n", mi.arena, mi.hblkhd);
	if (write(1, line, (size_t)n) != n)
		_exit(3);
}

static void run(size_t i)
{
	const struct op *op = &ops[i];
	switch (op->kind) {
	case OP_MALLOC:
		block[i] = malloc(op->arg);
		if (!block[i])
			die("operation %zu: malloc(%zu) failed", i, op->arg);
		break;
	case OP_FREE:
		free(block[op->arg]);
		block[op->arg] = NULL;
		break;
	case OP_MMAP_THRESHOLD:
		mallopt(M_MMAP_THRESHOLD, (int)op->arg);
		break;
	case OP_TRIM_THRESHOLD:
		mallopt(M_TRIM_THRESHOLD, (int)op->arg);
		break;
	case OP_TOP_PAD:
		mallopt(M_TOP_PAD, (int)op->arg);
		break;
	}
}

int main(int argc, char *argv[])
{
	bool info = argc > 1 && strcmp(argv[1], "-i") == 0;
	int first = info ? 2 : 1;
	size_t n = (size_t)(argc - first);
	if (n > SEQ_MAX_OPS)
		usage("[-i] OP...   (at most 64 operations: m<bytes> f<index> M<v> T<v> P<v>)");
	for (size_t i = 0; i < n; i++)
		parse_op(argv[first + (int)i], i);
	if (info)
		report();
	for (size_t i = 0; i < n; i++) {
		mark(i);
		run(i);
		if (info)
			report();
	}
	mark(n);
	_exit(0);   /* exit() would run stdio's and libc's cleanup: not observed, but not needed */
}
