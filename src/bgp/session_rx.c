/* session_rx.c — what the peer sends: framing, then one handler per message type. Every
 * malformed or unexpected message ends in the NOTIFICATION its RFC asks for (RFC 4271 6,
 * RFC 6608, RFC 7313 5); an UPDATE with an RFC 7606 error that does not reset the session
 * is handed on with its routes withdrawn. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bgp/session_internal.h"
#include "core/cursor.h"
#include "wire/keepalive.h"
#include "wire/message.h"
#include "wire/notification.h"
#include "wire/route_refresh.h"

void bgp_session_conn_readable(struct bgp_conn *c)
{
	long n = bgp_reader_fill(&c->reader, c->fd);
	if (n == 0) {
		bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = "connection closed by the peer"});
		return;
	}
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		char reason[BGP_REASON_MAX];
		snprintf(reason, sizeof(reason), "read failed: %s", strerror(errno));
		bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = reason});
		return;
	}
	/* everything complete in the buffer (at most twice the largest message), then back to
	 * the loop: a flooding peer cannot hold the others up */
	while (c->s) {
		const uint8_t *msg;
		size_t len;
		uint8_t type;
		struct wire_error err;
		int rc = bgp_reader_next(&c->reader, &msg, &len, &type, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			bgp_session_fsm(c, BGP_EV_HEADER_ERROR,
					&(struct bgp_fsm_input){.err = &err, .msg = msg, .msg_len = len});
			break;
		}
		c->s->stats.received[type < 6 ? type : 0]++;
		bgp_rx_message(c, type, msg, len);
	}
}

static void emit_message(struct bgp_session *s, enum bgp_event_type type, const uint8_t *msg, size_t len,
			 struct bgp_event *ev)
{
	ev->type = type;
	ev->sent = false;
	ev->msg = msg;
	ev->msg_len = len;
	bgp_session_emit(s, ev);
}

/* ---- OPEN ---- */

/* RFC 4271 6.8: an OPEN arrived on c while the other connection may be under way. Returns
 * false when c lost (and was closed). */
static bool resolve_collision(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	struct bgp_conn *other = c->outgoing ? s->in : s->out;
	if (other == NULL)
		return true;
	switch (other->state) {
	case BGP_CONNECT:
	case BGP_ACTIVE:
		/* no OPEN exchanged there: this one goes on alone */
		bgp_session_fsm(other, BGP_EV_COLLISION_DUMP,
				&(struct bgp_fsm_input){.reason = "connection collision: the other connection is further"});
		return true;
	case BGP_OPENCONFIRM: {
		bool keep_incoming = bgp_collision_keep_incoming(c->router_id, c->neg.peer_id, s->set.local_as,
								 c->neg.peer_as);
		struct bgp_conn *loser = (c->outgoing != keep_incoming) ? other : c;
		bgp_session_fsm(loser, BGP_EV_COLLISION_DUMP,
				&(struct bgp_fsm_input){.reason = "connection collision resolution"});
		return loser != c;
	}
	case BGP_ESTABLISHED:
		bgp_session_fsm(c, BGP_EV_COLLISION_DUMP,
				&(struct bgp_fsm_input){.reason = "connection collision with an established connection"});
		return false;
	default: /* OPENSENT: resolved when its OPEN arrives; IDLE: going away */
		return true;
	}
}

static void rx_open(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct wire_error err;
	if (c->state != BGP_OPENSENT) {
		bgp_session_fsm(c, BGP_EV_OPEN, &(struct bgp_fsm_input){.reason = NULL});
		return;
	}
	wire_error_clear(&err);
	bgp_open_fini(&c->recv_open);
	bgp_open_init(&c->recv_open);
	if (bgp_open_parse(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, BGP_HEADER_LEN, &c->recv_open, &err) < 0) {
		bgp_session_fsm(c, BGP_EV_OPEN_ERROR, &(struct bgp_fsm_input){.err = &err, .msg = msg, .msg_len = len});
		return;
	}
	c->open_received = true;
	struct bgp_event ev = {.open = &c->recv_open};
	emit_message(s, BGP_EVENT_OPEN, msg, len, &ev);
	if (c->s == NULL)
		return;

	struct bgp_negotiate_error nerr;
	if (bgp_negotiate(&s->set, &c->sent_open, &c->recv_open, bgp_speaker_pool(s->sp), &c->neg, &nerr) < 0) {
		bgp_session_fail(c, nerr.code, nerr.subcode, nerr.data, nerr.data_len, nerr.why);
		return;
	}
	c->negotiated = true;
	/* RFC 8654: larger messages once both announced extended messages */
	c->reader.max_size = c->neg.msg_size;
	if (!resolve_collision(c))
		return;
	bgp_session_fsm(c, BGP_EV_OPEN, &(struct bgp_fsm_input){.reason = NULL});
	if (c->s && c->state == BGP_OPENCONFIRM) {
		struct bgp_event neg = {.type = BGP_EVENT_NEGOTIATED, .negotiated = &c->neg};
		bgp_session_emit(s, &neg);
	}
}

/* ---- UPDATE ---- */

/* RFC 4486 4: Cease / Maximum Number of Prefixes Reached, Data AFI (2), SAFI (1), the
 * upper bound (4). Returns false when the session was closed. */
static bool count_prefixes(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	const struct update_collection *u = &s->rx;
	uint64_t over = 0;
	for (size_t i = 0; i < u->count; i++) {
		const struct route *r = &u->routes[i];
		int fi = family_index(r->nlri.afi, r->nlri.safi);
		if (fi < 0 || s->set.max_prefix[fi] == 0)
			continue;
		if (r->action == ROUTE_ANNOUNCE) {
			if (bgp_prefix_set_add(&s->prefixes[fi], &r->nlri))
				s->accepted[fi]++;
		} else if (bgp_prefix_set_remove(&s->prefixes[fi], &r->nlri)) {
			s->accepted[fi]--;
		}
		if (s->accepted[fi] > s->set.max_prefix[fi])
			over |= (uint64_t)1 << fi;
	}
	if (over == 0)
		return true;
	int fi = __builtin_ctzll(over);
	uint8_t data[7];
	be16_store(data, family_table[fi].afi);
	data[2] = family_table[fi].safi;
	be32_store(data + 3, s->set.max_prefix[fi]);
	char why[96], fam[FAMILY_NAME_MAX];
	snprintf(why, sizeof(why), "maximum of %u prefixes reached for %s", s->set.max_prefix[fi],
		 family_format(family_table[fi].afi, family_table[fi].safi, fam));
	bgp_session_fail(c, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIXES, data, sizeof(data), why);
	return false;
}

static void rx_update(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	if (c->state != BGP_ESTABLISHED) {
		bgp_session_fsm(c, BGP_EV_UPDATE, &(struct bgp_fsm_input){.reason = NULL});
		return;
	}
	if (update_collection_parse(&s->rx, msg, len, c->neg.recv_base, c->neg.addpath_receive) < 0) {
		bgp_session_fsm(c, BGP_EV_UPDATE_ERROR,
				&(struct bgp_fsm_input){.err = &s->rx.error, .msg = msg, .msg_len = len});
		return;
	}
	bgp_session_fsm(c, BGP_EV_UPDATE, &(struct bgp_fsm_input){.reason = NULL});
	if (c->s == NULL)
		return;
	struct bgp_event ev = {.update = &s->rx, .negotiated = &c->neg};
	if (s->rx.eor) {
		emit_message(s, BGP_EVENT_EOR, msg, len, &ev);
		return;
	}
	if (!count_prefixes(c))
		return;
	emit_message(s, BGP_EVENT_UPDATE, msg, len, &ev);
	if (c->s && s->set.adj_rib_in && s->hooks.adj_rib_in)
		s->hooks.adj_rib_in(s->hooks.user, s, &s->rx);
}

/* ---- NOTIFICATION, KEEPALIVE, ROUTE-REFRESH ---- */

static void rx_notification(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct notification n;
	struct wire_error err;
	char reason[BGP_REASON_MAX] = "notification received (too short to read)";
	if (notification_parse(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, BGP_HEADER_LEN, &n, &err) == 0) {
		struct buf text = BUF_INIT;
		notification_format(&n, &text);
		snprintf(reason, sizeof(reason), "notification received: %s", buf_cstr(&text));
		buf_free(&text);
		/* RFC 5492 5: a peer refusing our capabilities gets fewer of them next time */
		if (c->state == BGP_OPENSENT || c->state == BGP_OPENCONFIRM)
			bgp_open_fallback_learn(&s->fallback, &n);
		struct bgp_event ev = {.notification = &n};
		emit_message(s, BGP_EVENT_NOTIFICATION, msg, len, &ev);
		if (c->s == NULL)
			return;
	}
	bgp_session_fsm(c, BGP_EV_NOTIFICATION, &(struct bgp_fsm_input){.reason = reason});
}

static void rx_keepalive(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_event ev = {.negotiated = c->negotiated ? &c->neg : NULL};
	emit_message(c->s, BGP_EVENT_KEEPALIVE, msg, len, &ev);
	bgp_session_fsm(c, BGP_EV_KEEPALIVE, &(struct bgp_fsm_input){.reason = NULL});
}

static void rx_refresh(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct route_refresh rr;
	struct wire_error err;
	if (c->state != BGP_ESTABLISHED) {
		bgp_session_fsm(c, BGP_EV_ROUTE_REFRESH, &(struct bgp_fsm_input){.reason = NULL});
		return;
	}
	wire_error_clear(&err);
	if (route_refresh_parse(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, BGP_HEADER_LEN, &rr, &err) < 0) {
		bgp_session_fsm(c, BGP_EV_UPDATE_ERROR, &(struct bgp_fsm_input){.err = &err, .msg = msg, .msg_len = len});
		return;
	}
	bgp_session_fsm(c, BGP_EV_ROUTE_REFRESH, &(struct bgp_fsm_input){.reason = NULL});
	if (c->s == NULL || route_refresh_ignored(&rr)) /* RFC 7313 5: unknown subtypes ignored */
		return;
	struct bgp_event ev = {.refresh = &rr, .negotiated = &c->neg};
	emit_message(s, BGP_EVENT_REFRESH, msg, len, &ev);
	if (c->s && rr.subtype == ROUTE_REFRESH_NORMAL)
		bgp_tx_resend(s, rr.afi, rr.safi);
	/* BoRR / EoRR from the peer (RFC 7313 4) concern its routes: the Adj-RIB-In consumer
	 * sees them in the event */
}

void bgp_rx_message(struct bgp_conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		rx_open(c, msg, len);
		break;
	case BGP_MSG_UPDATE:
		rx_update(c, msg, len);
		break;
	case BGP_MSG_NOTIFICATION:
		rx_notification(c, msg, len);
		break;
	case BGP_MSG_KEEPALIVE:
		rx_keepalive(c, msg, len);
		break;
	case BGP_MSG_ROUTE_REFRESH:
		rx_refresh(c, msg, len);
		break;
	default: /* message_header_check refused every other type */
		break;
	}
}
