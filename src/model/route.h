/* route.h — a route: an NLRI, its next hop and its attributes, announced or withdrawn.
 *
 * Owns: struct route and struct nexthop. A route does not own its attributes or NLRI
 * bytes: they live in whatever arena or store built it (update_collection, later the RIB).
 * `next-hop self` is kept as a flag, resolved only when packing for a session.
 * Must not know: sessions, text syntax, JSON.
 */
#ifndef MODEL_ROUTE_H
#define MODEL_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/attr.h"
#include "wire/nlri.h"

struct nexthop {
	uint8_t len;      /* 0 none, 4 IPv4, 16 IPv6, 32 IPv6 global + link-local */
	bool self;        /* "next-hop self": resolved per session at pack time */
	uint8_t addr[32];
};

enum route_action {
	ROUTE_ANNOUNCE = 0,
	ROUTE_WITHDRAW = 1,
};

struct route {
	struct nlri nlri;
	struct nexthop nexthop;
	const struct attr_set *attrs;  /* never NULL for an announce; may be NULL for a withdraw */
	uint8_t action;                /* enum route_action */
	const char *watchdog;          /* "watchdog NAME" from the text grammar, or NULL */
	const char *name;              /* "name NAME" from the text grammar, or NULL */
	bool start_withdrawn;          /* the grammar's "withdraw" keyword: kept (for its watchdog)
					* but not announced until "watchdog NAME announce" */
};

bool nexthop_equal(const struct nexthop *a, const struct nexthop *b);

#endif
