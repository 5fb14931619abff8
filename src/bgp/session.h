/* session.h — one BGP session: a configured peer, its connections, and its state machine.
 *
 * Owns: the RFC 4271 session with one peer — connecting (active) and accepting (passive),
 * connection collision detection (RFC 4271 6.8), the OPEN exchange and negotiation, hold,
 * keepalive, send hold (RFC 9687) and connect-retry timers with back-off, reading and
 * dispatching messages, the NOTIFICATION for every error, End-of-RIB, route refresh,
 * max-prefix, and the write queue towards the peer. Events go to the hooks; routes come
 * from the route source (route_source.h).
 * Must not know: how routes are stored, configuration syntax, JSON (event_json.h), the API.
 *
 * Lifetime: a session is created by a speaker (speaker.h), which owns it and frees it.
 * Hooks are called from the event loop; they may call any function here on any session,
 * but must not free one (bgp_speaker_remove defers the freeing for that reason).
 */
#ifndef BGP_SESSION_H
#define BGP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/chunk.h"
#include "bgp/event.h"
#include "bgp/fsm.h"
#include "bgp/negotiate.h"
#include "bgp/route_source.h"
#include "bgp/settings.h"

struct bgp_session;
struct update_collection;
struct pack_options;

struct bgp_session_hooks {
	/* Every event (event.h). NULL: none wanted. */
	void (*event)(void *user, struct bgp_session *s, const struct bgp_event *ev);
	/* With settings.adj_rib_in: each UPDATE received, after RFC 7606 handling (announces of a
	 * treat-as-withdraw UPDATE are withdraws here), and NULL when the session goes down (the
	 * Adj-RIB-In of the peer is to be flushed). */
	void (*adj_rib_in)(void *user, struct bgp_session *s, const struct update_collection *c);
	/* Where routes come from (all NULL: the session sends only End-of-RIB). */
	struct bgp_route_source source;
	void *user;
};

/* ---- control ---- */

/* ManualStart (RFC 4271 8.1.2): connect now (unless passive) and accept the peer. */
void bgp_session_start(struct bgp_session *s);
/* ManualStop: a Cease NOTIFICATION with subcode (RFC 4486: 2 Administrative Shutdown,
 * 3 Peer De-configured, 4 Administrative Reset, ...) and, for 2 and 4, text as the RFC 9003
 * Shutdown Communication (NULL or "": none); then Idle, no reconnection. With graceful
 * restart negotiated the connection is closed without a NOTIFICATION, as ExaBGP does. */
void bgp_session_stop(struct bgp_session *s, uint8_t subcode, const char *text);
/* The API's teardown: like stop, then reconnect (the back-off starts over). */
void bgp_session_restart(struct bgp_session *s, uint8_t subcode, const char *text);

/* ---- state ---- */

enum bgp_state bgp_session_state(const struct bgp_session *s);
const struct bgp_session_settings *bgp_session_settings(const struct bgp_session *s);
void *bgp_session_user(const struct bgp_session *s);
/* The negotiated session while Established (NULL otherwise). */
const struct bgp_negotiated *bgp_session_negotiated(const struct bgp_session *s);
/* The context to pack a family for this peer, NULL when the family is not negotiated. */
const struct open_context *bgp_session_context(const struct bgp_session *s, uint16_t afi, uint8_t safi);
/* The addresses of the connection (settings' when there is none), as text, and our BGP
 * identifier. */
const char *bgp_session_local_text(const struct bgp_session *s);
const char *bgp_session_peer_text(const struct bgp_session *s);
uint32_t bgp_session_router_id(const struct bgp_session *s);

/* Counters, for "show neighbor". */
struct bgp_session_stats {
	uint64_t sent[6], received[6]; /* per message type (1..5; [0] unknown) */
	uint64_t connections;           /* connections that reached Established */
	uint64_t accepted[FAMILY_COUNT];/* prefixes the peer announced that we hold (max-prefix) */
	uint64_t queued_bytes;          /* waiting in the write queue */
	uint32_t retry_ms;              /* the delay of the next connection attempt */
	double up_since;                /* CLOCK_REALTIME seconds of the last Established, 0 */
};
void bgp_session_stats(const struct bgp_session *s, struct bgp_session_stats *out);

/* ---- the producer side (route_source.h) ---- */

/* Whether the write queue takes more (Established and below the high water mark). */
bool bgp_session_writable(const struct bgp_session *s);
/* Queue whole UPDATE messages (the session takes its own reference to c; several sessions
 * may share one chunk). -1, nothing queued, when not Established, when c is not whole
 * messages within the negotiated size, or when the queue is at its bound. */
int bgp_session_queue(struct bgp_session *s, struct bgp_chunk *c);
/* The same for bytes (copied). */
int bgp_session_queue_bytes(struct bgp_session *s, const uint8_t *data, size_t len);
/* The store has changes for this peer: produce() will be called (on a later turn). */
void bgp_session_routes_pending(struct bgp_session *s);
/* Resolving next-hop self and link-local next hops for this session (storage for the bytes
 * given); group from settings. */
void bgp_session_pack_options(const struct bgp_session *s, struct pack_options *o, uint8_t self4[4],
			      uint8_t self6[16], uint8_t link_local[16]);

/* ---- commands ---- */

/* Send End-of-RIB for a family (manual-eor, the API's "announce eor"). -1 when not
 * Established or the family is not negotiated. */
int bgp_session_send_eor(struct bgp_session *s, uint16_t afi, uint8_t safi);
/* Ask the peer to resend a family (RFC 2918). -1 when not Established, route refresh not
 * negotiated or the family not negotiated. */
int bgp_session_send_refresh(struct bgp_session *s, uint16_t afi, uint8_t safi);
/* Send the Adj-RIB-Out again for families (family_bit mask; 0: every negotiated one), as
 * when the peer asks with a ROUTE-REFRESH: between BoRR and EoRR per family when enhanced
 * route refresh was negotiated (RFC 7313 4). The API's `flush adj-rib out`. -1 when not
 * Established. */
int bgp_session_resend(struct bgp_session *s, uint64_t families);

#endif
