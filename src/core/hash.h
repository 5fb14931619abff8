/* hash.h — a fast non-cryptographic hash for interning tables.
 *
 * Owns: the hash function (64-bit, seedable). Tables keyed by peer-controlled bytes must
 * use a per-process random seed so a peer cannot aim collisions.
 * Must not know: anything about BGP.
 */
#ifndef CORE_HASH_H
#define CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);

static inline uint64_t hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

#endif
