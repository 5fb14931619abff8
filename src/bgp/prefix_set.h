/* prefix_set.h — which prefixes a peer currently announces, to count them for max-prefix.
 *
 * Owns: a set of 64-bit fingerprints of (family, path identifier, NLRI) — 16 octets a
 * prefix at most, so counting a full table costs tens of megabytes, not a RIB. An announce
 * of a prefix already held replaces it (RFC 4271 3.1: an implicit withdraw), so it is not
 * counted twice; a withdraw of a prefix never announced changes nothing. The fingerprints
 * are keyed with a per-session random seed, so a peer cannot aim collisions.
 * Must not know: sessions, attributes.
 */
#ifndef BGP_PREFIX_SET_H
#define BGP_PREFIX_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/nlri.h"

struct bgp_prefix_set {
	uint64_t *keys;  /* open addressing, 0 marks an empty slot */
	size_t cap;      /* a power of two, or 0 */
	size_t len;
	uint64_t seed;
};

void bgp_prefix_set_init(struct bgp_prefix_set *p, uint64_t seed);
void bgp_prefix_set_fini(struct bgp_prefix_set *p);
void bgp_prefix_set_clear(struct bgp_prefix_set *p);

/* true when n was not in the set (and now is). */
bool bgp_prefix_set_add(struct bgp_prefix_set *p, const struct nlri *n);
/* true when n was in the set (and now is not). */
bool bgp_prefix_set_remove(struct bgp_prefix_set *p, const struct nlri *n);

#endif
