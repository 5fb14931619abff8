/* event.h — what a session tells the rest of the daemon: state changes and messages, as
 * decoded objects, for the API issue's consumers (helper processes, the CLI, logs).
 *
 * Owns: struct bgp_event. An event lives for the duration of the callback that receives it:
 * every pointer in it (message bytes, OPEN, UPDATE collection, NOTIFICATION) belongs to the
 * session and is reused afterwards, so a consumer copies or renders what it keeps
 * (event_json.h renders ExaBGP's JSON).
 * Must not know: JSON, who consumes events.
 */
#ifndef BGP_EVENT_H
#define BGP_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/fsm.h"

struct bgp_open;
struct bgp_negotiated;
struct update_collection;
struct notification;
struct route_refresh;

enum bgp_event_type {
	BGP_EVENT_FSM,          /* the session's state changed: from, to (ExaBGP "fsm") */
	BGP_EVENT_CONNECTED,    /* a TCP connection with the peer is up (ExaBGP state "connected") */
	BGP_EVENT_UP,           /* the session is Established (state "up") */
	BGP_EVENT_DOWN,         /* a connection that was up closed: reason (state "down") */
	BGP_EVENT_OPEN,         /* an OPEN sent or received */
	BGP_EVENT_NEGOTIATED,   /* both OPENs agreed on: negotiated */
	BGP_EVENT_UPDATE,       /* an UPDATE received, parsed; RFC 7606 outcome in update->error */
	BGP_EVENT_EOR,          /* an End-of-RIB received (update->eor, eor_afi, eor_safi) */
	BGP_EVENT_NOTIFICATION, /* a NOTIFICATION sent or received */
	BGP_EVENT_KEEPALIVE,    /* a KEEPALIVE sent or received */
	BGP_EVENT_REFRESH,      /* a ROUTE-REFRESH (incl. RFC 7313 BoRR / EoRR) sent or received */
};

const char *bgp_event_type_name(enum bgp_event_type t);

struct bgp_event {
	enum bgp_event_type type;
	bool sent;                       /* direction: false received ("in"), true sent ("out") */
	const uint8_t *msg;              /* the whole message, header included, when it is one */
	size_t msg_len;
	enum bgp_state from, to;         /* FSM */
	const char *reason;              /* DOWN: why (text), never NULL there */
	const struct bgp_open *open;     /* OPEN */
	const struct bgp_negotiated *negotiated; /* NEGOTIATED (and while Established: any) */
	const struct update_collection *update;  /* UPDATE, EOR */
	const struct notification *notification; /* NOTIFICATION */
	const struct route_refresh *refresh;     /* REFRESH */
};

#endif
