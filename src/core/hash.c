/* hash.c — see hash.h. A simple 8-bytes-at-a-time multiply-mix hash. */
#include "core/hash.h"

#include <string.h>

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (len + 1));

	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = hash_mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
		p += 8;
		len -= 8;
	}
	uint64_t tail = 0;
	memcpy(&tail, p, len);
	return hash_mix(h ^ tail ^ ((uint64_t)len << 56));
}
