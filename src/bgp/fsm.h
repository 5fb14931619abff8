/* fsm.h — the RFC 4271 8 state machine of one BGP connection, as a pure function.
 *
 * Owns: for a connection in a state, what an event does: the next state, what to send
 * (OPEN, KEEPALIVE, the NOTIFICATION with its code and subcode) and what the caller must do
 * (close, start timers, hand a message on, announce Established). The table is total: every
 * state answers every event, so unexpected messages become the FSM Error NOTIFICATIONs of
 * RFC 6608 instead of being silently dropped.
 * Must not know: sockets, timers, messages' contents. The caller validates a message first
 * and reports the outcome as an event (a valid OPEN is BGP_EV_OPEN, a malformed one
 * BGP_EV_OPEN_ERROR with its NOTIFICATION already chosen by the parser).
 *
 * A session may have two connections at once, ours and the peer's (RFC 4271 6.8); each runs
 * this machine. Session-wide matters — starting, the connect-retry timer, collisions, which
 * connection survives — belong to session.c. A connection begins in CONNECT (our connect()
 * in progress) or ACTIVE (accepted from the peer, nothing sent yet) and ends in IDLE.
 */
#ifndef BGP_FSM_H
#define BGP_FSM_H

#include <stdbool.h>
#include <stdint.h>

enum bgp_state {
	BGP_IDLE = 0,
	BGP_CONNECT,
	BGP_ACTIVE,
	BGP_OPENSENT,
	BGP_OPENCONFIRM,
	BGP_ESTABLISHED,
	BGP_STATE_COUNT
};

/* ExaBGP's names: "IDLE", "CONNECT", "ACTIVE", "OPENSENT", "OPENCONFIRM", "ESTABLISHED". */
const char *bgp_state_name(enum bgp_state s);

/* The events of RFC 4271 8.1 that reach a connection (the number in brackets). */
enum bgp_fsm_event {
	BGP_EV_MANUAL_STOP = 0,    /* (2) stop: Cease, subcode from the caller */
	BGP_EV_HOLD_EXPIRES,       /* (10) HoldTimer_Expires, or the OPEN did not come in time */
	BGP_EV_KEEPALIVE_EXPIRES,  /* (11) KeepaliveTimer_Expires */
	BGP_EV_SEND_HOLD_EXPIRES,  /* RFC 9687: nothing could be written for SendHoldTime */
	BGP_EV_TCP_CONNECTED,      /* (16) Tcp_CR_Acked: our connect() completed */
	BGP_EV_TCP_ACCEPTED,       /* (17) TcpConnectionConfirmed: the peer's connection */
	BGP_EV_TCP_FAILS,          /* (18) TcpConnectionFails: closed or reset */
	BGP_EV_OPEN,               /* (19) BGPOpen: a valid, acceptable OPEN */
	BGP_EV_HEADER_ERROR,       /* (21) BGPHeaderErr */
	BGP_EV_OPEN_ERROR,         /* (22) BGPOpenMsgErr */
	BGP_EV_COLLISION_DUMP,     /* (23) OpenCollisionDump: this connection lost a collision */
	BGP_EV_NOTIFICATION,       /* (24, 25) NotifMsgVerErr, NotifMsg */
	BGP_EV_KEEPALIVE,          /* (26) KeepAliveMsg */
	BGP_EV_UPDATE,             /* (27) UpdateMsg (also with RFC 7606 treat-as-withdraw) */
	BGP_EV_UPDATE_ERROR,       /* (28) UpdateMsgErr; ROUTE-REFRESH errors (RFC 7313 5) too */
	BGP_EV_ROUTE_REFRESH,      /* RFC 2918: a ROUTE-REFRESH message */
	BGP_EV_COUNT
};

const char *bgp_fsm_event_name(enum bgp_fsm_event ev);

/* What the caller must do, in this order: send, then arm or process, then close. */
#define BGP_ACT_SEND_OPEN         0x001u
#define BGP_ACT_SEND_KEEPALIVE    0x002u
#define BGP_ACT_SEND_NOTIFICATION 0x004u /* code/subcode below (Cease: subcode from caller) */
#define BGP_ACT_SEND_ERROR        0x008u /* the NOTIFICATION the parser's error record asks for */
#define BGP_ACT_OPEN_WAIT         0x010u /* arm the hold timer for the OPEN (RFC 4271: 4 min) */
#define BGP_ACT_START_TIMERS      0x020u /* arm hold and keepalive timers (negotiated) */
#define BGP_ACT_RESTART_HOLD      0x040u /* a message arrived: the hold timer starts over */
#define BGP_ACT_PROCESS           0x080u /* hand the message to the session */
#define BGP_ACT_ESTABLISHED       0x100u /* the connection just became Established */
#define BGP_ACT_CLOSE             0x200u /* drop the connection (after the NOTIFICATION) */

struct bgp_fsm_step {
	enum bgp_state next;
	uint32_t actions;
	uint8_t code, subcode; /* with BGP_ACT_SEND_NOTIFICATION */
};

/* Run one event. For BGP_EV_MANUAL_STOP, cease_subcode is the Cease subcode to send (RFC
 * 4486: 2 Administrative Shutdown, 3 Peer De-configured, 4 Administrative Reset, ...);
 * other events ignore it. */
void bgp_fsm_step(enum bgp_state state, enum bgp_fsm_event ev, uint8_t cease_subcode,
		  struct bgp_fsm_step *out);

/* RFC 4271 6.8: of two connections in collision, the one initiated by the speaker with the
 * higher BGP Identifier (host order) survives; on equal identifiers (RFC 6286 2.3) the one
 * initiated by the speaker with the higher AS number. True when that is the peer, so the
 * connection it opened (incoming) is kept. */
bool bgp_collision_keep_incoming(uint32_t local_id, uint32_t peer_id, uint32_t local_as, uint32_t peer_as);

#endif
