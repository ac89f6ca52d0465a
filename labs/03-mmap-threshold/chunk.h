// SPDX-License-Identifier: MIT
/*
 * chunk.h - how big a chunk glibc's malloc uses for a request (64-bit).
 */
#ifndef CHUNK_H
#define CHUNK_H

#include <stddef.h>

/*
 * The size of the chunk malloc(request) takes from the heap on 64-bit
 * glibc: header and alignment included, as malloc_chunk's size field
 * records it (without the flag bits). malloc_usable_size() of such a block
 * is chunk_size(request) - 8. Returns 0 if request is too big to allocate.
 */
size_t chunk_size(size_t request);

#endif
