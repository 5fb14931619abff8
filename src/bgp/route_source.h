/* route_source.h — how routes reach a session: the interface the route store implements.
 *
 * A session pulls: when it becomes Established it calls start() for every negotiated
 * family, then calls produce() whenever its write queue is below its high water mark, until
 * produce() says nothing is left. produce() packs UPDATEs for the session's negotiated send
 * contexts (bgp_session_context) and queues them with bgp_session_queue(), stopping when
 * bgp_session_writable() turns false: one slow peer holds only its own queue, and the store
 * never packs faster than the peer reads. When the table has been produced the session sends
 * End-of-RIB for each family (unless manual-eor). Later changes: the store calls
 * bgp_session_routes_pending() and the session calls produce() again. A ROUTE-REFRESH from
 * the peer calls start() again with refresh set, for the families asked (with the RFC 7313
 * BoRR/EoRR markers around it when enhanced route refresh was negotiated).
 * When the session leaves Established, stop() tells the source to forget its progress.
 *
 * Owns: only the interface. Must not know: how routes are stored.
 */
#ifndef BGP_ROUTE_SOURCE_H
#define BGP_ROUTE_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

struct bgp_session;

struct bgp_route_source {
	/* Everything for families (family_bit mask) must be (re)sent. */
	void (*start)(void *ctx, struct bgp_session *s, uint64_t families, bool refresh);
	/* Queue some UPDATEs — a bounded amount (a batch of a few thousand routes): the session
	 * calls again while its queue has room and yields to other sessions in between. Return
	 * true while more remain, false when all is queued. */
	bool (*produce)(void *ctx, struct bgp_session *s);
	/* The session is no longer Established. */
	void (*stop)(void *ctx, struct bgp_session *s);
	void *ctx;
};

#endif
