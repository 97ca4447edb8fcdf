/*
 * hash.h: FNV-1a, 64 bits: a fast, well-spread hash for tables and for
 * noticing that bytes changed.  Not for anything an adversary chooses to
 * collide (cache keys use SHA-1).
 */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV_INIT	1469598103934665603ULL

/* Continue hash "h" (FNV_INIT to start) over p[0..len). */
static inline uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#endif /* !HASH_H */
