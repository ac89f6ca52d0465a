/*
 * maps.c - find the [heap] line of /proc/self/maps.
 * (Planted bug: uses stdio, whose FILE comes from malloc.)
 */
#include "maps.h"

#include <stdio.h>
#include <string.h>

int maps_find_heap(uintptr_t *start, uintptr_t *end)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return -1;
	char line[4200];
	int found = 0;
	while (fgets(line, sizeof line, f)) {
		if (strstr(line, "[heap]")) {
			unsigned long s, e;
			if (sscanf(line, "%lx-%lx", &s, &e) == 2) {
				*start = s;
				*end = e;
				found = 1;
				break;
			}
		}
	}
	fclose(f);
	return found;
}
