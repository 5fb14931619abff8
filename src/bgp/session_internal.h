/* session_internal.h — the inside of a session, shared by the files that implement it:
 *   conn.c        one TCP connection: its socket, buffers, timers, writing, closing;
 *   session.c     the session: starting, stopping, connecting, accepting, retry, the FSM
 *                 driver, collisions, Established and leaving it;
 *   session_rx.c  messages from the peer: framing, OPEN, UPDATE, NOTIFICATION, KEEPALIVE,
 *                 ROUTE-REFRESH, max-prefix;
 *   session_tx.c  messages to the peer: OPEN, KEEPALIVE, NOTIFICATION, the route source,
 *                 End-of-RIB, route refresh;
 *   speaker.c     the sessions, listeners, closing connections, limits.
 * Nothing outside src/bgp includes this.
 */
#ifndef BGP_SESSION_INTERNAL_H
#define BGP_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/backoff.h"
#include "bgp/negotiate.h"
#include "bgp/open_build.h"
#include "bgp/prefix_set.h"
#include "bgp/reader.h"
#include "bgp/session.h"
#include "bgp/speaker.h"
#include "bgp/wqueue.h"
#include "core/event.h"
#include "model/update_collection.h"
#include "wire/open.h"

#define BGP_LINGER_MS 2000 /* how long a closing connection may take to flush its NOTIFICATION */
#define BGP_REASON_MAX 256

/* ---- one TCP connection (conn.c) ---- */

struct bgp_conn {
	struct bgp_session *s;      /* NULL once closing (then owned by the speaker) */
	struct bgp_speaker *sp;
	struct event_loop *loop;
	struct bgp_conn *next;      /* in the speaker's list of closing connections */
	bool outgoing;              /* we initiated it (RFC 4271 6.8 cares) */
	bool announced;             /* "connected" was reported: "down" is due when it ends */
	bool lingering;             /* closing: flushing the NOTIFICATION, then the FIN */
	bool shut;                  /* closing: our FIN is sent, waiting for the peer's */
	bool dead;                  /* closed: the socket is gone, the memory goes next turn */
	enum bgp_state state;
	int fd;
	struct event_io io;
	struct bgp_reader reader;
	struct bgp_wqueue wq;
	struct event_timer hold;      /* hold timer; in CONNECT the connect timeout, in OPENSENT
				       * the wait for the OPEN */
	struct event_timer keepalive;
	struct event_timer send_hold; /* RFC 9687 */
	struct event_timer linger;
	struct event_task broken;     /* a write failed: handled outside the writer */
	int write_errno;
	struct bgp_address local, peer;
	uint16_t local_port, peer_port;
	char local_text[BGP_ADDRESS_STR_MAX], peer_text[BGP_ADDRESS_STR_MAX];
	uint32_t router_id;           /* our BGP Identifier on this connection */
	struct bgp_open sent_open;
	struct bgp_open recv_open;
	bool open_sent, open_received, negotiated;
	struct bgp_negotiated neg;
};

struct bgp_conn *bgp_conn_new(struct bgp_session *s, int fd, bool outgoing);
/* Queue whole messages and write what the socket takes now. */
void bgp_conn_urgent(struct bgp_conn *c, const uint8_t *data, size_t len);
int bgp_conn_bulk(struct bgp_conn *c, struct bgp_chunk *chunk);
/* Take c from its session (c->s becomes NULL) and end it: with flush, the queue (a
 * NOTIFICATION) is written first, then our FIN, then the peer's is awaited (bounded by
 * BGP_LINGER_MS), so the NOTIFICATION is not lost to a reset; without, the socket is closed
 * now. Either way c is freed on a later turn, never under the caller's feet. */
void bgp_conn_close(struct bgp_conn *c, bool flush);
/* Free a connection (closing connections only: the speaker's list). */
void bgp_conn_destroy(struct bgp_conn *c);
/* Watch the socket for what the connection's state and queue need. */
void bgp_conn_interest(struct bgp_conn *c);
/* Re-arm the timers (milliseconds; 0 cancels). */
void bgp_conn_arm_hold(struct bgp_conn *c, uint64_t ms);
void bgp_conn_arm_keepalive(struct bgp_conn *c);

/* ---- the session ---- */

struct bgp_session {
	struct bgp_speaker *sp;
	struct event_loop *loop;
	struct bgp_session_settings set;
	struct bgp_session_hooks hooks;
	char peer_text[BGP_ADDRESS_STR_MAX], local_text[BGP_ADDRESS_STR_MAX];

	struct bgp_conn *out, *in;  /* our connection and the peer's (either may be NULL) */
	struct bgp_conn *est;       /* the Established one (out or in), or NULL */
	bool running;               /* started and not stopped */
	bool removing;              /* bgp_speaker_remove: freed on a later turn */
	enum bgp_state state;       /* as reported: derived from the connections */

	struct bgp_backoff backoff;
	uint32_t retry_ms;          /* the delay the retry timer was armed with */
	struct event_timer retry;   /* connect-retry */
	struct event_timer stable;  /* Established long enough: forget the back-off */
	struct bgp_open_fallback fallback;
	uint64_t rng;

	/* while Established */
	struct event_task produce;
	bool table_pending;         /* the initial table is being produced: End-of-RIB after */
	bool paused;                /* the producer stopped at the high mark */
	bool source_more;           /* the producer has more to give */
	uint64_t eorr_families;     /* RFC 7313: EoRR due when the refresh is produced */
	struct update_collection rx; /* the UPDATE being handled */
	struct bgp_prefix_set prefixes[FAMILY_COUNT];
	uint64_t accepted[FAMILY_COUNT];
	double up_since;

	struct bgp_session_stats stats;
	uint64_t json_counter;
};

/* An event for the hooks (fills in nothing: callers set what the type needs). */
void bgp_session_emit(struct bgp_session *s, const struct bgp_event *ev);
/* Report a change of the session's derived state. */
void bgp_session_update_state(struct bgp_session *s);

/* What drives the machine: run one event on c and do what the step says. cease_subcode
 * and text for BGP_EV_MANUAL_STOP; err, msg and len for the error events (the NOTIFICATION
 * data); reason for the "down" report. Returns the step's actions. */
struct bgp_fsm_input {
	uint8_t cease_subcode;
	const char *cease_text;
	const struct wire_error *err;
	const uint8_t *msg;
	size_t msg_len;
	const char *reason;
};
uint32_t bgp_session_fsm(struct bgp_conn *c, enum bgp_fsm_event ev, const struct bgp_fsm_input *in);
/* Send a NOTIFICATION of our own choosing (negotiation refused, max-prefix) and close. */
void bgp_session_fail(struct bgp_conn *c, uint8_t code, uint8_t subcode, const uint8_t *data, size_t len,
		      const char *reason);

/* timers and io of a connection end up here */
void bgp_session_conn_readable(struct bgp_conn *c);
void bgp_session_conn_connected(struct bgp_conn *c);
void bgp_session_conn_drained(struct bgp_conn *c);

/* session_rx.c */
void bgp_rx_message(struct bgp_conn *c, uint8_t type, const uint8_t *msg, size_t len);

/* session_tx.c */
void bgp_tx_open(struct bgp_conn *c);
void bgp_tx_keepalive(struct bgp_conn *c);
void bgp_tx_established(struct bgp_session *s);
void bgp_tx_down(struct bgp_session *s);
/* The peer asked for a family again (RFC 2918; RFC 7313 markers when enhanced). */
void bgp_tx_resend(struct bgp_session *s, uint16_t afi, uint8_t safi);
void bgp_tx_produce_task(struct event_loop *loop, struct event_task *task);

/* speaker.c */
void bgp_speaker_closing(struct bgp_speaker *sp, struct bgp_conn *c);
void bgp_speaker_closed(struct bgp_speaker *sp, struct bgp_conn *c);
void bgp_speaker_session_ended(struct bgp_speaker *sp, struct bgp_session *s, bool was_established,
			       bool gave_up);
uint64_t bgp_speaker_seed(struct bgp_speaker *sp);
void bgp_session_incoming(struct bgp_session *s, int fd);
struct bgp_session *bgp_session_new(struct bgp_speaker *sp, const struct bgp_session_settings *set,
				    const struct bgp_session_hooks *hooks);
void bgp_session_free(struct bgp_session *s);

#endif
