/* attrs.h — hash-consed attribute values: byte strings, attribute sets, paths.
 *
 * Owns three interning tables, each immutable and refcounted:
 *   blobs  the variable-length attribute values (AS paths, community lists, cluster lists,
 *          extended / IPv6 extended / large communities, AIGP, unknown attributes), one copy
 *          per distinct (kind, octets); a blob holds no reference to anything;
 *   attrs  struct attr_set values whose byte views point into blobs (each set holds one
 *          reference per view), one per distinct value (attr_set_equal);
 *   paths  (attribute set, next hop) pairs, what a route refers to: one 4-octet id per
 *          route instead of a copy; `next-hop self` is kept as the flag, unresolved.
 * So a million routes over a few hundred attribute sets cost a few hundred sets, and the
 * sets themselves share their AS paths and community lists.
 * Must not know: routes, neighbours, packing.
 */
#ifndef RIB_ATTRS_H
#define RIB_ATTRS_H

#include <stddef.h>
#include <stdint.h>

#include "model/route.h"
#include "rib/pool.h"
#include "wire/attr.h"

enum rib_blob_kind {
	RIB_BLOB_AS_PATH,
	RIB_BLOB_COMMUNITIES,
	RIB_BLOB_CLUSTER_LIST,
	RIB_BLOB_EXT_COMMUNITIES,
	RIB_BLOB_IPV6_EXT_COMMUNITIES,
	RIB_BLOB_LARGE_COMMUNITIES,
	RIB_BLOB_AIGP,
	RIB_BLOB_UNKNOWN,
	RIB_BLOB_KINDS
};

struct rib_blob {
	uint32_t refcnt;
	uint32_t id;
	uint64_t hash;
	uint32_t len;
	uint8_t kind;
	uint8_t pad[3];
	uint8_t data[];
};

struct rib_attrs {
	uint32_t refcnt;
	uint32_t id;
	uint64_t hash;
	struct attr_set set;           /* canonical: absent fields zero, views into blobs */
};

struct rib_path {
	uint32_t refcnt;
	uint32_t id;
	uint64_t hash;
	struct rib_attrs *attrs;       /* referenced */
	struct nexthop nh;             /* octets past nh.len zero */
};

struct rib_interner {
	uint64_t seed;
	struct rib_pool blobs;
	struct rib_pool attrs;
	struct rib_pool paths;
	size_t blob_count[RIB_BLOB_KINDS];
	size_t blob_bytes[RIB_BLOB_KINDS];
};

void interner_init(struct rib_interner *in, uint64_t seed);
/* Frees every object whatever its count (the store is going away). */
void interner_fini(struct rib_interner *in);

/* The path for (attrs, nh), with a reference for the caller: an existing one, or a new one
 * whose attribute set (and its views) are interned too. attrs is only read. */
uint32_t path_intern(struct rib_interner *in, const struct attr_set *attrs, const struct nexthop *nh);
void path_ref(struct rib_interner *in, uint32_t id);
void path_unref(struct rib_interner *in, uint32_t id);

static inline const struct rib_path *path_get(const struct rib_interner *in, uint32_t id)
{
	return (const struct rib_path *)pool_get(&in->paths, id);
}

#endif
