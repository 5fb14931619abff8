/* session_tx.c — what we send: OPEN, KEEPALIVE, the routes the route source produces (pulled
 * while the write queue is below its high mark), End-of-RIB after the table (RFC 4724 2,
 * as ExaBGP: whether or not graceful restart was negotiated, unless manual-eor), route
 * refresh with RFC 7313's markers, and the producer-facing API of session.h. */
#include <string.h>

#include "bgp/session_internal.h"
#include "core/cursor.h"
#include "model/update_collection.h"
#include "wire/message.h"
#include "wire/route_refresh.h"

#define PRODUCE_ROUNDS 16 /* produce() calls per turn before yielding to other sessions */

void bgp_tx_open(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	struct buf b = BUF_INIT;
	bgp_open_fini(&c->sent_open);
	bgp_open_init(&c->sent_open);
	/* ExaBGP sets graceful restart's R bit on every OPEN (FORCE_GRACEFUL) */
	if (bgp_open_build(&s->set, c->router_id, true, &s->fallback, &c->sent_open) < 0 ||
	    bgp_open_pack(&c->sent_open, &b) < 0) {
		/* settings the speaker validated cannot get here; fail the connection anyway */
		buf_free(&b);
		notification_pack(&b, BGP_ERR_CEASE, BGP_CEASE_OTHER_CONFIG_CHANGE, NULL, 0);
		bgp_conn_urgent(c, b.data, b.len);
		buf_free(&b);
		return;
	}
	c->open_sent = true;
	bgp_conn_urgent(c, b.data, b.len);
	s->stats.sent[BGP_MSG_OPEN]++;
	struct bgp_event ev = {.type = BGP_EVENT_OPEN, .sent = true, .msg = b.data, .msg_len = b.len,
			       .open = &c->sent_open};
	bgp_session_emit(s, &ev);
	buf_free(&b);
}

void bgp_tx_keepalive(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	/* RFC 4271 4.4: a header and nothing else */
	uint8_t ka[BGP_HEADER_LEN];
	memset(ka, 0xff, BGP_MARKER_LEN);
	be16_store(ka + BGP_MARKER_LEN, BGP_HEADER_LEN);
	ka[BGP_MARKER_LEN + 2] = BGP_MSG_KEEPALIVE;
	struct buf b = {ka, sizeof(ka), sizeof(ka)};
	bgp_conn_urgent(c, b.data, b.len);
	s->stats.sent[BGP_MSG_KEEPALIVE]++;
	if (c->state == BGP_ESTABLISHED || c->state == BGP_OPENCONFIRM)
		bgp_conn_arm_keepalive(c);
	struct bgp_event ev = {.type = BGP_EVENT_KEEPALIVE, .sent = true, .msg = b.data, .msg_len = b.len,
			       .negotiated = c->negotiated ? &c->neg : NULL};
	bgp_session_emit(s, &ev);
}

/* ---- queueing ---- */

static int queue_chunk(struct bgp_session *s, struct bgp_chunk *chunk)
{
	struct bgp_conn *c = s->est;
	if (c == NULL || !bgp_messages_whole(chunk->data, chunk->len, c->neg.msg_size))
		return -1;
	if (bgp_conn_bulk(c, chunk) < 0)
		return -1;
	for (size_t off = 0; off < chunk->len; off += be16_load(chunk->data + off + BGP_MARKER_LEN))
		s->stats.sent[chunk->data[off + BGP_MARKER_LEN + 2] < 6 ? chunk->data[off + BGP_MARKER_LEN + 2] : 0]++;
	return 0;
}

int bgp_session_queue(struct bgp_session *s, struct bgp_chunk *c)
{
	return queue_chunk(s, c);
}

int bgp_session_queue_bytes(struct bgp_session *s, const uint8_t *data, size_t len)
{
	struct bgp_chunk *c = bgp_chunk_copy(data, len);
	int rc = queue_chunk(s, c);
	bgp_chunk_unref(c);
	return rc;
}

/* Messages that must stay in order with the UPDATEs (End-of-RIB, BoRR, EoRR) go to the bulk
 * lane; they are small, and the bound leaves room for them. */
static void queue_marker(struct bgp_session *s, struct buf *b)
{
	struct bgp_chunk *c = bgp_chunk_adopt(b);
	if (queue_chunk(s, c) < 0 && s->est) {
		/* at the hard bound: a marker must not be lost, so it may exceed it */
		struct bgp_wqueue *q = &s->est->wq;
		size_t max = q->max;
		q->max = (size_t)-1;
		queue_chunk(s, c);
		q->max = max;
	}
	bgp_chunk_unref(c);
}

bool bgp_session_writable(const struct bgp_session *s)
{
	return s->est && bgp_wqueue_writable(&s->est->wq);
}

void bgp_session_pack_options(const struct bgp_session *s, struct pack_options *o, uint8_t self4[4],
			      uint8_t self6[16], uint8_t link_local[16])
{
	memset(o, 0, sizeof(*o));
	o->group = s->set.group_updates;
	const struct bgp_conn *c = s->est ? s->est : s->out ? s->out : s->in;
	const struct bgp_address *local = c && c->local.afi ? &c->local : &s->set.local_address;
	/* ExaBGP's next-hop self: the local address of the session's family; for IPv4 routes
	 * over IPv6, the router-id */
	if (local->afi == AFI_IPV4) {
		memcpy(self4, local->addr, 4);
		o->self4 = self4;
	} else if (local->afi == AFI_IPV6) {
		memcpy(self6, local->addr, 16);
		o->self6 = self6;
		uint32_t id = bgp_session_router_id(s);
		if (id) {
			be32_store(self4, id);
			o->self4 = self4;
		}
	}
	if (s->set.link_local_nexthop && s->est && s->est->neg.link_local_nexthop) {
		memcpy(link_local, s->set.link_local, 16);
		o->link_local = link_local;
	}
}

/* ---- the route source ---- */

static void send_eors(struct bgp_session *s)
{
	const struct bgp_negotiated *neg = &s->est->neg;
	struct buf b = BUF_INIT;
	if (neg->families == 0) {
		/* ExaBGP: no family to end, a KEEPALIVE says the table is complete */
		bgp_tx_keepalive(s->est);
		return;
	}
	for (int i = 0; i < FAMILY_COUNT; i++)
		if (neg->families & ((uint64_t)1 << i))
			update_pack_eor(family_table[i].afi, family_table[i].safi, &b);
	queue_marker(s, &b);
}

static void source_idle(struct bgp_session *s)
{
	s->source_more = false;
	if (s->table_pending) {
		s->table_pending = false;
		if (!s->set.manual_eor)
			send_eors(s);
	}
	if (s->eorr_families && s->est) {
		/* RFC 7313 4: the refreshed routes are followed by an EoRR per family */
		struct buf b = BUF_INIT;
		for (int i = 0; i < FAMILY_COUNT; i++)
			if (s->eorr_families & ((uint64_t)1 << i))
				route_refresh_pack(&b, family_table[i].afi, family_table[i].safi, ROUTE_REFRESH_EORR);
		s->eorr_families = 0;
		queue_marker(s, &b);
	}
}

void bgp_tx_produce_task(struct event_loop *loop, struct event_task *task)
{
	struct bgp_session *s = task->arg;
	struct bgp_conn *c = s->est;
	if (c == NULL)
		return;
	for (int round = 0; round < PRODUCE_ROUNDS; round++) {
		if (!bgp_wqueue_writable(&c->wq)) {
			/* above the high mark: the writer resumes us below the low one */
			s->paused = true;
			return;
		}
		bool more = s->hooks.source.produce ? s->hooks.source.produce(s->hooks.source.ctx, s) : false;
		if (s->est != c)
			return;
		if (!more) {
			source_idle(s);
			return;
		}
	}
	/* more to do: yield, the other sessions and timers go first */
	event_task_defer(loop, task);
}

void bgp_session_conn_drained(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	if (s && c == s->est && s->paused && bgp_wqueue_drained(&c->wq)) {
		s->paused = false;
		event_task_defer(s->loop, &s->produce);
	}
}

void bgp_session_routes_pending(struct bgp_session *s)
{
	if (s->est == NULL)
		return;
	s->source_more = true;
	if (!s->paused)
		event_task_defer(s->loop, &s->produce);
}

void bgp_tx_established(struct bgp_session *s)
{
	s->table_pending = true;
	s->paused = false;
	s->eorr_families = 0;
	s->source_more = true;
	if (s->hooks.source.start)
		s->hooks.source.start(s->hooks.source.ctx, s, s->est->neg.families, false);
	event_task_defer(s->loop, &s->produce);
}

void bgp_tx_down(struct bgp_session *s)
{
	event_task_cancel(s->loop, &s->produce);
	s->table_pending = false;
	s->paused = false;
	s->source_more = false;
	s->eorr_families = 0;
	if (s->hooks.source.stop)
		s->hooks.source.stop(s->hooks.source.ctx, s);
}

void bgp_tx_resend(struct bgp_session *s, uint16_t afi, uint8_t safi)
{
	uint64_t bit = family_bit(afi, safi);
	if (s->est == NULL || !(s->est->neg.families & bit))
		return;
	if (s->est->neg.refresh == BGP_REFRESH_ENHANCED) {
		/* RFC 7313 4: BoRR, the routes, EoRR */
		struct buf b = BUF_INIT;
		route_refresh_pack(&b, afi, safi, ROUTE_REFRESH_BORR);
		queue_marker(s, &b);
		s->eorr_families |= bit;
	}
	if (s->hooks.source.start)
		s->hooks.source.start(s->hooks.source.ctx, s, bit, true);
	s->source_more = true;
	if (!s->paused)
		event_task_defer(s->loop, &s->produce);
}

/* ---- commands ---- */

int bgp_session_resend(struct bgp_session *s, uint64_t families)
{
	if (s->est == NULL)
		return -1;
	if (families == 0)
		families = s->est->neg.families;
	for (int i = 0; i < FAMILY_COUNT; i++)
		if (families & ((uint64_t)1 << i))
			bgp_tx_resend(s, family_table[i].afi, family_table[i].safi);
	return 0;
}

int bgp_session_send_eor(struct bgp_session *s, uint16_t afi, uint8_t safi)
{
	if (s->est == NULL || !(s->est->neg.families & family_bit(afi, safi)))
		return -1;
	struct buf b = BUF_INIT;
	update_pack_eor(afi, safi, &b);
	queue_marker(s, &b);
	return 0;
}

int bgp_session_send_refresh(struct bgp_session *s, uint16_t afi, uint8_t safi)
{
	struct bgp_conn *c = s->est;
	if (c == NULL || c->neg.refresh == BGP_REFRESH_ABSENT || !(c->neg.families & family_bit(afi, safi)))
		return -1;
	struct buf b = BUF_INIT;
	route_refresh_pack(&b, afi, safi, ROUTE_REFRESH_NORMAL);
	bgp_conn_urgent(c, b.data, b.len);
	s->stats.sent[BGP_MSG_ROUTE_REFRESH]++;
	struct route_refresh rr = {afi, ROUTE_REFRESH_NORMAL, safi};
	struct bgp_event ev = {.type = BGP_EVENT_REFRESH, .sent = true, .msg = b.data, .msg_len = b.len,
			       .refresh = &rr, .negotiated = &c->neg};
	bgp_session_emit(s, &ev);
	buf_free(&b);
	return 0;
}
