# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 20-memlib-real.sh - labs/05-malloc/tools/memlib_real.c, memlib.h over
# plain memory for lab 05's libmm.so, keeps the part of memlib's contract it
# claims to (it has no pages closed past the break, by design).
. tests/lib.sh
tmp="$SCRATCH/memlib-real"
rm -rf "$tmp"
mkdir -p "$tmp"

# memlib_real.c (under libmm.so) keeps memlib's contract: heap
# handed out again after mem_reset_brk reads zero, so an allocator may count
# on fresh heap in calloc.
cat > "$tmp/real.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include "memlib.h"
int main(void)
{
	mem_init();
	char *p = mem_sbrk(3 << 12);
	memset(p, 0xab, 3 << 12);
	mem_sbrk(-(2 << 12));            /* the high-water mark stays at 3 pages */
	mem_reset_brk();
	char *q = mem_sbrk(3 << 12);
	for (int i = 0; i < 3 << 12; i++)
		if (q != p || q[i]) {
			printf("byte %d of the heap after mem_reset_brk is %d\n", i, q[i]);
			return 1;
		}
	return 0;
}
EOF
if cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilabs/common "$tmp/real.c" labs/05-malloc/tools/memlib_real.c \
	-o "$tmp/real" > "$tmp/real.log" 2>&1 && "$tmp/real" >> "$tmp/real.log" 2>&1; then
	ok "memlib: memlib_real.c: the heap reads zero again after mem_reset_brk"
else
	notok "memlib: memlib_real.c: the heap reads zero again after mem_reset_brk: $(head -c 300 "$tmp/real.log")"
fi

rm -rf "$tmp"
