// SPDX-License-Identifier: MIT
/*
 * maps.h - find the heap in /proc/self/maps (task 5, maps.c).
 *
 * The kernel shows the heap as a line ending in "[heap]" once the break has
 * moved past where the heap starts. Looking must not change what is seen:
 * maps_find_heap may not call malloc, nor stdio (fopen and the first printf
 * call malloc, and malloc moves the break).
 */
#ifndef MAPS_H
#define MAPS_H

#include <stdint.h>

/* If /proc/self/maps has a [heap] line, stores its start and end addresses
   and returns 1; returns 0 if there is none; -1 with errno set if the file
   cannot be read. */
int maps_find_heap(uintptr_t *start, uintptr_t *end);

#endif
