/* adjout.h — one neighbour's Adj-RIB-Out: references into the store, and what its
 * session still has to send.
 *
 * Owns, per neighbour: a bit number in the store's neighbour sets (its Adj-RIB-Out is the
 * routes whose `want` set has the bit; what its peer was sent, those whose `sent` set has
 * it), the packing parameters of its session while up (the OpenContext of each family and
 * the local addresses that resolve next-hop self), and its place in the store's change
 * log and in a walk of the store. That is all: no route is ever copied per neighbour.
 * Must not know: sockets, timers, the BGP state machine (bgp/ calls adjout_up, drains
 * while the socket takes bytes, calls adjout_down), configuration.
 *
 * Draining turns pending changes into UPDATE messages: announces grouped by attribute set
 * and next hop (update_collection_pack with the session's context, next-hop self resolved
 * there), withdraws grouped by family. What is pending is decided from the route's state
 * (wanted? sent? replaced since?), so a route changed ten times before a drain is sent
 * once, with its latest attributes. A route added and removed in between is sent as
 * ExaBGP sends it: not at all before the session's first UPDATEs were drained, and as a
 * withdraw after them (ExaBGP queues every withdraw once its first UPDATEs are out, sent
 * or not: store_internal.h).
 *
 * Shared packing: neighbours whose sessions have the same OpenContexts (interned, so
 * compared as pointers) can be drained as a group (adjout_drain_group). Every route that
 * all of them must be sent the same way — the same path, and a next hop that resolves the
 * same for all (not `self`, or `self` with the same local address) — is packed once into
 * `shared`; only what differs goes to each one's own buffer. Ten iBGP neighbours cost one
 * encoding, not ten.
 */
#ifndef RIB_ADJOUT_H
#define RIB_ADJOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "rib/store.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/open_context.h"

struct adjout_session {
	/* by family_index(): the context negotiated for the family, NULL where it was not */
	const struct open_context *ctx[FAMILY_COUNT];
	const uint8_t *self4;       /* 4 octets, resolving next-hop self; NULL: none */
	const uint8_t *self6;       /* 16 octets; NULL: none */
	const uint8_t *link_local;  /* 16 octets sent beside global IPv6 next hops; NULL: not */
	bool send_eor;              /* End-of-RIB for each family once the first walk is done */
	uint64_t single;            /* families (family_bit) packed one route per UPDATE: ExaBGP
				     * groups IPv4 unicast only, and nothing with group-updates false */
};

/* A new neighbour with an empty Adj-RIB-Out, its session down. Owned by the caller;
 * adjout_free before rib_store_free. */
struct adjout *adjout_new(struct rib_store *s);
/* Leaves every route (nothing is sent: the neighbour is gone) and gives its number back. */
void adjout_free(struct adjout *a);

/* The neighbour as a selection for rib_route_add / remove: a set id that stays valid as
 * long as the neighbour exists (no reference to give back). */
uint32_t adjout_peers(const struct adjout *a);

/* The session is up: its parameters are copied, and a walk of the store will send the
 * whole Adj-RIB-Out (resent from the store: nothing was kept per neighbour). */
void adjout_up(struct adjout *a, const struct adjout_session *session);
/* The session is down: its peer holds nothing any more, so routes kept only for a withdraw
 * to it are released. The Adj-RIB-Out itself stays for the next session. */
void adjout_down(struct adjout *a);
/* Route refresh (RFC 2918): resend every route of a family (afi 0: all) on the next drains. */
void adjout_refresh(struct adjout *a, uint16_t afi, uint8_t safi);
/* Take every route out of this Adj-RIB-Out (withdrawn on the next drains if sent). */
void adjout_clear(struct adjout *a);

/* Whether a drain may have something to send (it may find nothing). */
bool adjout_pending(const struct adjout *a);

/* Pack pending changes into complete UPDATE messages appended to out, stopping once about
 * budget octets were written (0: no limit; a drain packs at least one batch of up to 4096
 * routes). Returns 1 when more may be pending, 0 when everything was sent, -1 when a route
 * cannot be packed (err says why: next-hop self without a local address, a route too
 * large for the message size); the routes of that batch count as sent, so the session
 * must be reset (adjout_down) as err's action says. */
int adjout_drain(struct adjout *a, size_t budget, struct buf *out, struct wire_error *err);
/* The same for n neighbours whose sessions have the same contexts (adjout_same_contexts,
 * all up): what all of them must be sent goes once to shared, the rest to own[i]. Each
 * neighbour must be sent shared's bytes and then its own (the two never hold the same
 * prefix, so the order between them does not matter). own may be NULL when n is 1. */
int adjout_drain_group(struct adjout *const *members, size_t n, size_t budget, struct buf *shared, struct buf *own,
		       struct wire_error *err);
/* Whether two neighbours can be drained as a group: the same OpenContext for every family,
 * the same link-local next hop and the same grouping of routes into UPDATEs. */
bool adjout_same_contexts(const struct adjout *a, const struct adjout *b);
/* Whether next-hop self resolves the same for both (then even `self` routes are shared). */
bool adjout_same_self(const struct adjout *a, const struct adjout *b);

struct adjout_stats {
	size_t routes;          /* routes in its Adj-RIB-Out */
	uint64_t messages;      /* UPDATEs packed for it */
	uint64_t announced;     /* routes announced, withdrawn (per route, not per message) */
	uint64_t withdrawn;
	bool up;
	bool walking;           /* a walk of the store (session start, refresh) is not finished */
};
void adjout_stats(const struct adjout *a, struct adjout_stats *st);

#endif
