/* store.h — the global route store: every route attobgp announces, once, by reference.
 *
 * Owns: routes keyed by their index (rib/index.h), each stored once whatever the number of
 * neighbours announcing it; the interned paths (attribute set + next hop) they refer to;
 * the interned neighbour sets that say who holds each route; iteration; memory counters.
 * A neighbour's Adj-RIB-Out (rib/adjout.h) is a bit in those sets plus a cursor, never a
 * copy of a route.
 * Must not know: sockets, sessions' state machines, configuration, text and JSON syntax.
 *
 * The model (doc/architecture.md, "rib"):
 *   - a route is (NLRI, path); routes with equal NLRI (equal index) are one store entry,
 *     whose neighbours normally share one path; when neighbours were given different
 *     attributes for the same prefix the entry keeps one version per path;
 *   - a route's reference count is the number of neighbours that refer to it: those whose
 *     Adj-RIB-Out holds it, and those whose peer still has it and must be sent a withdraw;
 *     it leaves the store when that number drops to zero;
 *   - nothing mutates a route that neighbours share: adding, replacing or withdrawing
 *     moves neighbours between versions, and paths are immutable;
 *   - `next-hop self` stays a flag in the path; each neighbour's session resolves it when
 *     its UPDATEs are packed (adjout_drain).
 *
 * Ownership: the store owns everything it returns. Path ids from rib_path_intern and
 * neighbour set ids from rib_peers_* carry a reference the caller gives back with
 * rib_path_unref / rib_peers_unref; the store takes its own references when a route uses
 * them. Route pointers are valid until the next call that changes the store.
 * One thread: the store is not locked.
 */
#ifndef RIB_STORE_H
#define RIB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/route.h"
#include "wire/attr.h"
#include "wire/nlri.h"

struct rib_store;
struct rib_route;   /* read through the rib_route_* accessors */
struct adjout;      /* rib/adjout.h */

/* ---- the store ---- */

struct rib_store *rib_store_new(void);
/* Every adjout must have been freed first. */
void rib_store_free(struct rib_store *s);
/* Hand memory freed by withdrawals back to the system (glibc malloc_trim: slab pages and
 * tables are malloc'd). Cheap when there is nothing to give back. */
void rib_store_trim(struct rib_store *s);

/* ---- paths: an attribute set and a next hop, interned ---- */

/* The path for (attrs, nh), referenced for the caller; attrs and nh are only read (their
 * bytes are copied into interned blobs the first time a value is seen). Never 0. */
uint32_t rib_path_intern(struct rib_store *s, const struct attr_set *attrs, const struct nexthop *nh);
void rib_path_unref(struct rib_store *s, uint32_t path);
/* The interned values; valid while the path is referenced. */
const struct attr_set *rib_path_attrs(const struct rib_store *s, uint32_t path);
const struct nexthop *rib_path_nexthop(const struct rib_store *s, uint32_t path);
/* Whether two ids name the same attribute set (interning makes that a pointer test). */
bool rib_path_same_attrs(const struct rib_store *s, uint32_t a, uint32_t b);

/* ---- neighbour selections (the API's `peer *`, `peer [a b]`) ---- */

/* Every neighbour, or the listed ones, as a set id referenced for the caller (0: empty). */
uint32_t rib_peers_all(struct rib_store *s);
uint32_t rib_peers_of(struct rib_store *s, struct adjout *const *list, size_t n);
void rib_peers_unref(struct rib_store *s, uint32_t peers);
uint32_t rib_peers_count(const struct rib_store *s, uint32_t peers);

/* ---- routes ---- */

/* Put the route (n, path) in the Adj-RIB-Out of every neighbour in peers, replacing what
 * they held for that index; neighbours with a session up get it queued. n is copied (bits
 * of a prefix past its length are cleared). Returns 0, or -1 when n cannot be stored (an
 * unknown family, a malformed prefix, longer than RIB_NLRI_MAX) or path is 0. */
int rib_route_add(struct rib_store *s, const struct nlri *n, uint32_t path, uint32_t peers);
/* rib_route_add for count NLRI sharing one path (an UPDATE's NLRI, "announce attributes
 * ... nlri P1 P2 ..."): faster, as the table look-ups of a group overlap. Returns how many
 * could not be stored (0: all were). */
size_t rib_route_add_many(struct rib_store *s, const struct nlri *const *n, size_t count, uint32_t path,
			  uint32_t peers);
/* The same for a model route (route text, a parsed UPDATE): interns its path first. */
int rib_route_announce(struct rib_store *s, const struct route *r, uint32_t peers);
/* Take the route out of the Adj-RIB-Out of every neighbour in peers (a withdraw is queued
 * for those that were sent it, and, as ExaBGP does, for those whose session is past its
 * first UPDATEs although the announce had not gone out yet). Returns 1 when some neighbour
 * held it, 0 when none did. */
int rib_route_remove(struct rib_store *s, const struct nlri *n, uint32_t peers);
/* A withdraw asked for (the API's `withdraw route`): rib_route_remove, and the neighbours
 * in peers whose session is past its first UPDATEs are sent the withdraw even if they never
 * held the route (ExaBGP sends every withdraw it is given). Returns as rib_route_remove. */
int rib_route_withdraw(struct rib_store *s, const struct nlri *n, uint32_t peers);
/* rib_route_withdraw with the withdrawal's own path (0: none), which is sent with it in the
 * families whose withdrawals carry attributes (store_internal.h) when no neighbour holds
 * the route any more. The store takes its own reference. */
int rib_route_withdraw_path(struct rib_store *s, const struct nlri *n, uint32_t path, uint32_t peers);
/* Same index, new attributes, for every neighbour that holds the route. Returns 0, or -1
 * when no neighbour holds it (nothing to replace). */
int rib_route_replace(struct rib_store *s, const struct nlri *n, uint32_t path);

/* The entry for n or for an index (hex, as the API shows it), or NULL. An entry no
 * neighbour holds any more (waiting only for withdraws to be sent) is found too. */
const struct rib_route *rib_route_find(const struct rib_store *s, const struct nlri *n);
const struct rib_route *rib_route_find_index(const struct rib_store *s, const char *hex, size_t len);

/* The route's NLRI (data points into the store). */
void rib_route_nlri(const struct rib_route *r, struct nlri *out);
/* Its index (rib/index.h); out holds RIB_INDEX_MAX octets. Returns the length. */
size_t rib_route_index(const struct rib_route *r, uint8_t *out);
/* Neighbours that refer to it (see above). */
uint32_t rib_route_refcount(const struct rib_store *s, const struct rib_route *r);
/* Whether peer's Adj-RIB-Out holds it, and with which path (0: it does not). peer NULL:
 * the path of its first version. */
uint32_t rib_route_path(const struct rib_store *s, const struct rib_route *r, const struct adjout *peer);
/* How many different paths its neighbours hold (1 normally). */
uint32_t rib_route_versions(const struct rib_store *s, const struct rib_route *r);
/* A model route for printing (route_text_format, JSON): nlri, next hop (self unresolved)
 * and attributes of path, all pointing into the store. */
void rib_route_model(const struct rib_store *s, const struct rib_route *r, uint32_t path, struct route *out);

/* ---- iteration ---- */

/* Routes in a stable order (store id order: insertion order until routes are removed,
 * then new routes fill the holes), filtered by family and neighbour. Resumable: it holds
 * a position, not a pointer, so the store may change between calls (routes added behind
 * the position are not seen; routes removed are skipped). */
struct rib_iter {
	uint32_t next;       /* the next route id to look at */
	uint16_t afi;        /* 0: every family */
	uint8_t safi;        /* 0: every SAFI of afi */
	int peer;            /* neighbour number, or -1: held by any neighbour */
};
/* `routes list` is (0, 0, NULL), `routes ipv4 list` (AFI_IPV4, 0, NULL), `show adj-rib out`
 * for one neighbour (0, 0, peer). peer NULL: every route some neighbour holds. */
void rib_iter_init(struct rib_iter *it, uint16_t afi, uint8_t safi, const struct adjout *peer);
const struct rib_route *rib_iter_next(const struct rib_store *s, struct rib_iter *it);

/* ---- memory ---- */

struct rib_memory {
	size_t routes, route_bytes;          /* entries; their slab pages */
	size_t index_bytes;                  /* the table keyed by index */
	size_t versions, version_bytes;      /* entries whose neighbours hold different paths */
	size_t paths, path_bytes;
	size_t attr_sets, attr_set_bytes;
	size_t as_paths, as_path_bytes;
	size_t communities, community_bytes; /* standard, extended, IPv6 extended, large */
	size_t other_values, other_value_bytes; /* cluster lists, AIGP, unknown attributes */
	size_t peer_sets, peer_set_bytes;
	size_t log_entries, log_bytes;       /* changes not yet drained by every neighbour */
	size_t neighbours;
	size_t total_bytes;                  /* everything above plus the tables' own arrays */
};
void rib_store_memory(const struct rib_store *s, struct rib_memory *m);

#endif
