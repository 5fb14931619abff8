/* store_internal.h — the store's layout, shared by the files of the rib layer only.
 *
 * Owns: struct rib_route (an entry), struct rib_store, struct adjout, and the helpers
 * every rib file uses to reach a route from its id.
 * Must not be included outside src/rib (the layers above see store.h and adjout.h).
 *
 * An entry (struct rib_route), for 10.0.0.0/24 in IPv4 unicast:
 *
 *   0       4       8       12  13  14  16        20
 *   +-------+-------+-------+---+---+---+---------+
 *   | path  | want  | sent  |fam|flg|len| 18 0a 00 00
 *   +-------+-------+-------+---+---+---+---------+
 *     path  the path id every neighbour in `want` holds; with ROUTE_MULTI the id of a
 *           version block (struct rib_versions) listing (path, want) pairs instead
 *     want  neighbours whose Adj-RIB-Out holds the route (the union over versions)
 *     sent  neighbours whose peer was sent some version and no withdraw since, or that owe
 *           their peer a withdraw although no announce went out (below)
 *     fam   family_index(); flg ROUTE_PATH_ID / ROUTE_MULTI / ROUTE_WITHDRAW_PATH; len the
 *           NLRI's octets
 *     data  the path identifier (4 octets, big-endian) when ROUTE_PATH_ID, then the NLRI
 *           as packed on the wire (prefix length then ceil(length/8) octets)
 * 16 octets of header: 20 for an IPv4 /24, 21 to 24 for longer IPv4 prefixes, 24 to 36
 * for IPv6. Entries live in slabs by size class, and a route id is (class << 27 | slab id).
 *
 * Withdraws owed (ExaBGP's `include_withdraw`): ExaBGP drops the withdraws of a session's
 * first batch of UPDATEs, and from then on sends every withdraw it queues, whether or not
 * the announce went out — a route announced and withdrawn between two batches reaches the
 * peer as a withdraw, and so does an API withdraw of a route it never announced. So an up
 * neighbour is `fresh` (nothing queued for it since its session came up), then `first`
 * (changes queued for its first UPDATEs), then, once a drain took them, `settled`; taking
 * a route out of a settled neighbour's Adj-RIB-Out puts the neighbour in the route's
 * `sent` set if it was not there, and the drain sends the withdraw.
 *
 * A withdrawal's attributes: ExaBGP sends the attributes of a withdraw command with the
 * withdrawal in the families whose withdrawals carry some (mcast-vpn, mup, a labelled
 * withdrawal's after MP_UNREACH_NLRI: model/update_pack.c decides). An entry no neighbour
 * holds has no version, so its inline `path` is free: rib_route_withdraw_path puts the
 * withdrawal's path there with ROUTE_WITHDRAW_PATH until the entry is released (the last
 * withdraw went out) or announced again. No octet is added to an entry; a withdrawal for
 * some neighbours while others still hold the route goes out without attributes.
 */
#ifndef RIB_STORE_INTERNAL_H
#define RIB_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "model/update_collection.h"
#include "rib/attrs.h"
#include "rib/log.h"
#include "rib/peerset.h"
#include "rib/slab.h"
#include "rib/store.h"
#include "rib/table.h"
#include "wire/family.h"
#include "wire/open_context.h"

#define ROUTE_PATH_ID 0x01
#define ROUTE_MULTI 0x02
#define ROUTE_WITHDRAW_PATH 0x04 /* want is empty and path is the withdrawal's (below) */

#define ROUTE_CLASSES 16
#define ROUTE_CLASS_SHIFT SLAB_ID_BITS
#define ROUTE_SLAB_MASK ((1u << SLAB_ID_BITS) - 1)
#define ROUTE_NONE UINT32_MAX

struct rib_version {
	uint32_t path;
	uint32_t want;   /* in a block, never empty: a version nobody holds is dropped */
};

struct rib_route {
	struct rib_version v;  /* path (or block id) and want, see above */
	uint32_t sent;
	uint8_t fam;
	uint8_t flags;
	uint16_t len;
	uint8_t data[];
};

struct rib_versions {
	uint32_t n;
	uint32_t cap;
	struct rib_version v[];
};

struct rib_store {
	uint64_t seed;
	struct slab slabs[ROUTE_CLASSES];
	struct rib_table routes;       /* route ids by key */
	uint32_t hint;                 /* the slot of the last route looked up (a hint) */
	struct rib_interner in;        /* blobs, attribute sets, paths */
	struct rib_pool versions;      /* version blocks of ROUTE_MULTI entries (no table) */
	struct peersets peers;
	struct rib_log log;
	struct adjout **adj;           /* by neighbour number; NULL: a free number */
	uint32_t nadj;
	uint32_t adjcap;
	uint32_t all;                  /* peer set: every neighbour */
	uint32_t up;                   /* peer set: neighbours with a session up */
	uint32_t fresh;                /* up neighbours that have nothing queued yet (above) */
	uint32_t first;                /* up neighbours with their first UPDATEs queued */
	uint32_t settled;              /* up neighbours past their first UPDATEs: sent every withdraw */
	struct drain_scratch *drain;   /* drain.c's working memory, kept between drains */
};

/* A neighbour's Adj-RIB-Out: a bit number in the store's peer sets, its session's packing
 * parameters while up, and where it is in the log and in its walk of the store. */
#define WALK_DONE ROUTE_NONE

struct adjout {
	struct rib_store *store;
	uint32_t num;                  /* bit number in peer sets */
	uint32_t self;                 /* the peer set {num}, referenced */
	bool up;
	/* the session, while up */
	const struct open_context *ctx[FAMILY_COUNT];  /* NULL: family not negotiated */
	uint8_t self4[4], self6[16], link_local[16];
	struct pack_options pack;      /* pointing at the addresses above, or NULL */
	uint64_t single;               /* families packed one route per UPDATE */
	bool send_eor;
	/* draining */
	uint64_t cursor;               /* log entries before it are done */
	uint32_t walk;                 /* next route id of a walk of the whole store, or WALK_DONE */
	uint64_t walk_force;           /* families (by family_index) the walk resends regardless */
	bool eor_due;                  /* End-of-RIB markers after the walk */
	/* counters */
	uint64_t messages;             /* UPDATEs packed for it (shared packings counted for each) */
	uint64_t announced;
	uint64_t withdrawn;
};

static inline struct rib_route *route_ptr(const struct rib_store *s, uint32_t id)
{
	return (struct rib_route *)slab_ptr(&s->slabs[id >> ROUTE_CLASS_SHIFT], id & ROUTE_SLAB_MASK);
}

/* The route of an id that may be stale (a log entry), or NULL. */
static inline struct rib_route *route_get(const struct rib_store *s, uint32_t id)
{
	uint32_t c = id >> ROUTE_CLASS_SHIFT;
	if (c >= ROUTE_CLASSES)
		return NULL;
	return (struct rib_route *)slab_get(&s->slabs[c], id & ROUTE_SLAB_MASK);
}

/* The first route id >= from in store order, or ROUTE_NONE. */
uint32_t route_next(const struct rib_store *s, uint32_t from);

static inline const uint8_t *route_nlri_data(const struct rib_route *r)
{
	return r->data + (r->flags & ROUTE_PATH_ID ? 4 : 0);
}

/* The versions of an entry: its own (path, want) pair, or its block's. */
static inline const struct rib_version *route_versions(const struct rib_store *s, const struct rib_route *r,
						       uint32_t *n)
{
	if (r->flags & ROUTE_MULTI) {
		const struct rib_versions *b = pool_get(&s->versions, r->v.path);
		*n = b->n;
		return b->v;
	}
	*n = r->v.want ? 1 : 0;
	return &r->v;
}

/* The key of an entry: what the route table hashes and compares. */
struct route_key {
	uint8_t fam;
	uint8_t flags;       /* ROUTE_PATH_ID or 0 */
	uint16_t len;
	uint32_t path_id;
	const uint8_t *data;
	uint64_t hash;
};

/* The key of n (-1: n cannot be stored). A prefix's bits past its length are cleared, into
 * scratch when n has some, so a prefix has one key whatever a peer or a user wrote. */
int route_key_of(const struct rib_store *s, const struct nlri *n, struct route_key *k, uint8_t scratch[NLRI_PREFIX_MAX]);
/* Start loading the table slot a key will probe (bulk adds look a few keys ahead). */
void route_key_prefetch(const struct rib_store *s, const struct route_key *k);
/* Find the entry for k, or create an empty one when create is set; ROUTE_NONE if none. */
uint32_t store_route_lookup(struct rib_store *s, const struct route_key *k, bool create);

/* Find the entry for n, or create an empty one (no neighbour, no path) when create is set.
 * Returns its id, or ROUTE_NONE when there is none or n cannot be stored. */
uint32_t store_route_get(struct rib_store *s, const struct nlri *n, bool create);

/* The path neighbour num holds for r, or 0. */
uint32_t route_path_of(const struct rib_store *s, const struct rib_route *r, uint32_t num);

/* Free r if no neighbour refers to it any more (want and sent empty). */
void route_release(struct rib_store *s, uint32_t id);

/* Take peers out of route id's Adj-RIB-Outs, queueing withdraws for those that were sent
 * it and for the settled ones (above). Returns 1 when one of them held it, else 0. */
int route_remove(struct rib_store *s, uint32_t id, uint32_t peers);
/* A neighbour leaves route id: its sent bit (session down), and unless keep_want its
 * want bit too (neighbour deleted); nothing is queued. The entry may be freed. */
void route_drop_peer(struct rib_store *s, uint32_t id, uint32_t self, bool keep_want);

/* A neighbour's session came up (it is `fresh`) or went down: the store's sets follow. */
void store_peer_up(struct rib_store *s, struct adjout *a, bool up);
/* Changes were queued for peers: the fresh ones among them have their first UPDATEs queued. */
void store_peers_queued(struct rib_store *s, uint32_t peers);
/* A drain took a neighbour's first UPDATEs: from now on it is sent every withdraw. */
void store_peer_settled(struct rib_store *s, struct adjout *a);
/* drain.c's working memory: freed with the store; its size for the memory report. */
void drain_scratch_free(struct rib_store *s);
size_t drain_scratch_bytes(const struct rib_store *s);

/* Drop log entries every up neighbour has drained. */
void store_log_trim(struct rib_store *s);
/* After an append: a log longer than twice the store (or 65536 entries) is cut back by
 * sending the neighbours that lag behind on a walk of the store instead (drain.c). */
void store_log_check(struct rib_store *s);

#endif
