// SPDX-License-Identifier: MIT
/*
 * probe.h - can this address be read or written? (task 2, probe.c)
 *
 * The probes touch one byte at addr. If that faults (SIGSEGV, or SIGBUS for
 * a mapping past the end of its file), they catch the signal, recover and
 * report 0 instead of letting the process die. They leave the byte and the
 * process's signal handlers as they found them.
 */
#ifndef PROBE_H
#define PROBE_H

/* 1 if the byte at addr can be read, 0 if reading it faults, -1 with errno
   set if the probe could not be set up. */
int probe_readable(const void *addr);

/* 1 if the byte at addr can be read and written, 0 if either faults, -1 with
   errno set if the probe could not be set up. The byte keeps its value. */
int probe_writable(void *addr);

#endif
