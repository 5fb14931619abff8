/* route_cache.c — see route_cache.h. */
#include "config/route_cache.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"
#include "wire/family.h"
#include "wire/ip.h"

#define CACHE_SEED 0x6a09e667f3bcc908ULL

void route_cache_init(struct route_cache *rc)
{
	rc->slots = xcalloc(ROUTE_CACHE_SLOTS, sizeof(*rc->slots));
	rc->count = 0;
	arena_init(&rc->keys, 65536);
}

void route_cache_fini(struct route_cache *rc)
{
	free(rc->slots);
	arena_free(&rc->keys);
	memset(rc, 0, sizeof(*rc));
}

/* The lexer stores a statement's words back to back, each ended by a NUL: when they are
 * (they always are, but the check is cheap) the words are one run of bytes to hash and
 * compare, and a word boundary is part of the bytes. */
static bool contiguous(const struct cfg_word *w, size_t n, const char **start, size_t *len)
{
	if (n == 0) {
		*start = "";
		*len = 0;
		return true;
	}
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i].s + w[i].len + 1 != w[i + 1].s)
			return false;
	*start = w[0].s;
	*len = (size_t)(w[n - 1].s + w[n - 1].len + 1 - w[0].s);
	return true;
}

uint64_t route_cache_hash(const struct cfg_word *w, size_t n, uint16_t afi)
{
	const char *s;
	size_t len;
	uint64_t h = hash_mix(CACHE_SEED ^ afi);
	if (contiguous(w, n, &s, &len))
		return hash_mix(h ^ hash_bytes(s, len, CACHE_SEED));
	for (size_t i = 0; i < n; i++)
		h = hash_mix(h ^ hash_bytes(w[i].s, w[i].len + 1, CACHE_SEED));
	return h ^ 1; /* never equal to a contiguous statement's: such words are not cached */
}

static bool same_words(const struct route_cache_entry *e, const struct cfg_word *w, size_t n)
{
	const char *s;
	size_t len;
	return contiguous(w, n, &s, &len) && len == e->key_len && memcmp(s, e->key, len) == 0;
}

const struct route_cache_entry *route_cache_find(const struct route_cache *rc, uint64_t hash, const struct cfg_word *w,
						 size_t n, uint16_t afi)
{
	size_t k = hash & (ROUTE_CACHE_SLOTS - 1);
	while (rc->slots[k].key) {
		const struct route_cache_entry *e = &rc->slots[k];
		if (e->hash == hash && e->afi == afi && same_words(e, w, n))
			return e;
		k = (k + 1) & (ROUTE_CACHE_SLOTS - 1);
	}
	return NULL;
}

void route_cache_add(struct route_cache *rc, uint64_t hash, const struct cfg_word *w, size_t n, uint16_t afi,
		     uint32_t attrs, const struct route *r)
{
	if (rc->count >= ROUTE_CACHE_SLOTS / 2) {
		/* bounded: a file whose every route differs must not grow the cache forever */
		memset(rc->slots, 0, ROUTE_CACHE_SLOTS * sizeof(*rc->slots));
		arena_reset(&rc->keys);
		rc->count = 0;
	}
	const char *s;
	size_t len;
	if (!contiguous(w, n, &s, &len))
		return;
	char *key = arena_dup(&rc->keys, s, len ? len : 1);
	size_t k = hash & (ROUTE_CACHE_SLOTS - 1);
	while (rc->slots[k].key)
		k = (k + 1) & (ROUTE_CACHE_SLOTS - 1);
	rc->slots[k] = (struct route_cache_entry){hash,
						  key,
						  (uint32_t)len,
						  attrs,
						  r->nlri.path_id,
						  afi,
						  r->nlri.has_path_id,
						  r->start_withdrawn};
	rc->count++;
}

int route_cache_prefix(const struct cfg_word *w, struct nlri *out, uint8_t storage[NLRI_PREFIX_MAX])
{
	uint8_t addr[16];
	uint16_t afi;
	const char *slash = memchr(w->s, '/', w->len);
	size_t iplen = slash ? (size_t)(slash - w->s) : w->len;

	if (ip_parse(w->s, iplen, &afi, addr) < 0)
		return -1;
	unsigned max = afi_addr_len(afi) * 8, bits = max;
	if (slash) {
		size_t digits = w->len - iplen - 1;
		if (digits == 0 || digits > 3)
			return -1;
		bits = 0;
		for (size_t i = 0; i < digits; i++) {
			char c = slash[1 + i];
			if (c < '0' || c > '9')
				return -1;
			bits = bits * 10 + (unsigned)(c - '0');
		}
		if (bits > max)
			return -1;
	}
	for (unsigned i = bits; i < max; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	uint8_t safi = SAFI_UNICAST;
	if (afi == AFI_IPV4 && addr[0] >= 224 && addr[0] <= 239)
		safi = SAFI_MULTICAST;
	if (afi == AFI_IPV6 && memchr(w->s, '.', iplen))
		return -1; /* IPv4-mapped: the grammar decides (its multicast rule) */
	nlri_prefix_make(out, storage, afi, safi, addr, bits);
	return 0;
}
