// SPDX-License-Identifier: MIT
/*
 * bigbss.c - an 800 MiB .bss for the tests' 32-bit programs (never your
 * code): linked into build/memprobe32-bss (with your probe.c) and
 * build/tverify32-bss, it takes its share of the 4 GiB before malloc does.
 * Untouched, it costs no memory: only address space.
 */
char big_bss[800u << 20];
