/* route_cache.h — the result of a route statement's attributes, by their text (internal).
 *
 * Owns: a bounded map from the words after a static route's prefix ("next-hop 192.0.2.1
 * med 10 community [ 65000:1 ]") and the prefix's AFI to what they made — the interned
 * attributes, the path identifier, the `withdraw` keyword. A configuration of a million
 * routes repeats a few hundred attribute texts: a hit replaces the route grammar with a
 * prefix read (what `route` does with its prefix, nothing more), a miss goes the whole way
 * and fills the entry. Only statements that made one route are kept (no `split`).
 * Must not know: the route grammar, blocks.
 */
#ifndef CONFIG_ROUTE_CACHE_H
#define CONFIG_ROUTE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/lex.h"
#include "core/arena.h"
#include "model/route.h"

#define ROUTE_CACHE_SLOTS 8192   /* power of two; half of it used at most, then emptied */

struct route_cache_entry {
	uint64_t hash;
	const char *key;     /* the words, each followed by its NUL; NULL: empty slot */
	uint32_t key_len;
	uint32_t attrs;
	uint32_t path_id;
	uint16_t afi;
	bool has_path_id;
	bool start_withdrawn;
};

struct route_cache {
	struct route_cache_entry *slots;
	size_t count;
	struct arena keys;
};

void route_cache_init(struct route_cache *rc);
void route_cache_fini(struct route_cache *rc);

/* The hash of words w[0..n) for a prefix of afi. */
uint64_t route_cache_hash(const struct cfg_word *w, size_t n, uint16_t afi);
/* The entry for (w, afi), or NULL. */
const struct route_cache_entry *route_cache_find(const struct route_cache *rc, uint64_t hash, const struct cfg_word *w,
						 size_t n, uint16_t afi);
/* Remember what (w, afi) made. */
void route_cache_add(struct route_cache *rc, uint64_t hash, const struct cfg_word *w, size_t n, uint16_t afi,
		     uint32_t attrs, const struct route *r);

/* Read a prefix word exactly as route `route PREFIX` does (address, optional /length, no
 * host bits; 224.0.0.0/4 multicast): 0 with out filled (its data in storage), -1 when
 * the word is anything else (the grammar then says why). */
int route_cache_prefix(const struct cfg_word *w, struct nlri *out, uint8_t storage[NLRI_PREFIX_MAX]);

#endif
