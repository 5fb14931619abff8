/* session.c — the session: start and stop, connecting and accepting, the connect-retry
 * timer, the FSM driver, connection collisions (RFC 4271 6.8), entering and leaving
 * Established. See session.h for the contract, session_internal.h for the layout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bgp/session_internal.h"
#include "bgp/tcp.h"
#include "core/xalloc.h"
#include "core/cursor.h"
#include "wire/message.h"
#include "wire/notification.h"

static double realtime_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bgp_session_emit(struct bgp_session *s, const struct bgp_event *ev)
{
	if (s->hooks.event)
		s->hooks.event(s->hooks.user, s, ev);
}

/* ---- the state as reported ---- */

static enum bgp_state derived_state(const struct bgp_session *s)
{
	enum bgp_state st = s->running ? BGP_ACTIVE : BGP_IDLE;
	const struct bgp_conn *conns[2] = {s->out, s->in};
	for (int i = 0; i < 2; i++) {
		const struct bgp_conn *c = conns[i];
		if (c == NULL)
			continue;
		enum bgp_state cs = c->state == BGP_ACTIVE ? BGP_ACTIVE : c->state;
		if (cs > st || (cs == BGP_CONNECT && st == BGP_ACTIVE))
			st = cs;
	}
	return st;
}

void bgp_session_update_state(struct bgp_session *s)
{
	enum bgp_state st = derived_state(s);
	if (st == s->state)
		return;
	struct bgp_event ev = {.type = BGP_EVENT_FSM, .from = s->state, .to = st};
	s->state = st;
	bgp_session_emit(s, &ev);
}

/* ---- connecting, retrying ---- */

static void session_connect(struct bgp_session *s);

static void retry_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_session *s = t->arg;
	(void)loop;
	/* a connection of the peer's in progress is as good as ours */
	if (s->out || s->in || s->est)
		return;
	session_connect(s);
}

static void stable_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_session *s = t->arg;
	(void)loop;
	bgp_backoff_reset(&s->backoff);
}

static void schedule_retry(struct bgp_session *s)
{
	if (!s->running || s->set.passive || s->out || s->in || s->est || event_timer_armed(&s->retry))
		return;
	s->retry_ms = bgp_backoff_fail(&s->backoff);
	event_timer_after(s->loop, &s->retry, s->retry_ms);
}

static void session_connect(struct bgp_session *s)
{
	if (!s->running || s->set.passive || s->out || s->est)
		return;
	char err[160];
	uint16_t port = s->set.peer_port ? s->set.peer_port : bgp_speaker_port(s->sp);
	int fd = bgp_tcp_connect(&s->set, port, err, sizeof(err));
	if (fd < 0) {
		/* as for a connect() that fails later: no "down" for what was never "connected" */
		bgp_speaker_session_ended(s->sp, s, false, true);
		schedule_retry(s);
		return;
	}
	struct bgp_conn *c = bgp_conn_new(s, fd, true);
	s->out = c;
	bgp_conn_arm_hold(c, bgp_settings_connect_timeout_ms(&s->set));
	bgp_conn_interest(c);
	bgp_session_update_state(s);
}

/* Where the connection's ends are, once it is up. */
static void conn_addresses(struct bgp_conn *c)
{
	if (bgp_tcp_local(c->fd, &c->local, &c->local_port) < 0)
		c->local = c->s->set.local_address;
	if (bgp_tcp_remote(c->fd, &c->peer, &c->peer_port) < 0)
		c->peer = c->s->set.peer_address;
	bgp_address_format(&c->local, c->local_text);
	bgp_address_format(&c->peer, c->peer_text);
	/* RFC 4271 4.2 / ExaBGP: without a configured router-id, the IPv4 local address */
	c->router_id = c->s->set.router_id;
	if (c->router_id == 0 && c->local.afi == AFI_IPV4)
		c->router_id = be32_load(c->local.addr);
	if (c->router_id == 0 && c->s->set.local_address.afi == AFI_IPV4)
		c->router_id = be32_load(c->s->set.local_address.addr);
}

static void conn_up(struct bgp_conn *c, enum bgp_fsm_event ev)
{
	struct bgp_session *s = c->s;
	conn_addresses(c);
	if (c->router_id == 0) {
		bgp_session_fsm(c, BGP_EV_TCP_FAILS,
				&(struct bgp_fsm_input){.reason = "no router-id: set one, or use an IPv4 local address"});
		return;
	}
	c->announced = true;
	struct bgp_event e = {.type = BGP_EVENT_CONNECTED};
	bgp_session_emit(s, &e);
	if (c->s)
		bgp_session_fsm(c, ev, &(struct bgp_fsm_input){.reason = NULL});
}

void bgp_session_conn_connected(struct bgp_conn *c)
{
	int e = bgp_tcp_connected(c->fd);
	if (e != 0) {
		char reason[BGP_REASON_MAX];
		snprintf(reason, sizeof(reason), "connection to %s failed: %s", c->s->peer_text, strerror(e));
		bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = reason});
		return;
	}
	conn_up(c, BGP_EV_TCP_CONNECTED);
}

/* Refuse a connection of the peer's at once: Cease / Connection Collision Resolution, as
 * ExaBGP answers a connection while Established (there is no slot to run it in). */
static void refuse_incoming(struct bgp_session *s, int fd)
{
	struct bgp_conn *c = bgp_conn_new(s, fd, false);
	struct buf b = BUF_INIT;
	c->state = BGP_OPENSENT;
	notification_pack(&b, BGP_ERR_CEASE, BGP_CEASE_COLLISION_RESOLUTION, NULL, 0);
	bgp_wqueue_urgent(&c->wq, b.data, b.len);
	buf_free(&b);
	bgp_conn_close(c, true);
}

void bgp_session_incoming(struct bgp_session *s, int fd)
{
	char err[160];
	if (!s->running || bgp_tcp_accepted(fd, &s->set, err, sizeof(err)) < 0) {
		close(fd);
		return;
	}
	if (s->est && s->est->negotiated && s->est->neg.graceful_restart) {
		/* RFC 4724 4.2: a new connection while Established means the peer restarted */
		bgp_session_fsm(s->est, BGP_EV_TCP_FAILS,
				&(struct bgp_fsm_input){.reason = "the peer restarted (graceful restart)"});
	}
	if (s->in && s->in == s->est) {
		refuse_incoming(s, fd);
		return;
	}
	if (s->in) {
		/* a second connection of the peer's: it gave up on the first one */
		bgp_session_fsm(s->in, BGP_EV_TCP_FAILS,
				&(struct bgp_fsm_input){.reason = "replaced by a new connection from the peer"});
	}
	struct bgp_conn *c = bgp_conn_new(s, fd, false);
	s->in = c;
	event_timer_cancel(s->loop, &s->retry);
	bgp_conn_interest(c);
	conn_up(c, BGP_EV_TCP_ACCEPTED);
	if (s->in == c)
		bgp_session_update_state(s);
}

/* ---- Established, and leaving it ---- */

static void session_established(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	s->est = c;
	s->stats.connections++;
	s->up_since = realtime_now();
	/* RFC 4271 6.8: a collision with an Established connection closes the other one */
	struct bgp_conn *other = c->outgoing ? s->in : s->out;
	if (other)
		bgp_session_fsm(other, BGP_EV_COLLISION_DUMP,
				&(struct bgp_fsm_input){.reason = "connection collision: the other connection is established"});
	/* forget the back-off once the session has lasted as long as the wait before it */
	event_timer_after(s->loop, &s->stable, s->backoff.nominal_ms);
	struct bgp_event up = {.type = BGP_EVENT_UP, .negotiated = &c->neg};
	bgp_session_emit(s, &up);
	if (s->est == c)
		bgp_tx_established(s);
}

static void session_left_established(struct bgp_session *s)
{
	event_timer_cancel(s->loop, &s->stable);
	/* what the RFC 5492 fallbacks learnt holds until a session worked: try everything again
	 * (OpenBGPD resets its announced capabilities the same way) */
	memset(&s->fallback, 0, sizeof(s->fallback));
	bgp_tx_down(s);
	for (int i = 0; i < FAMILY_COUNT; i++) {
		bgp_prefix_set_clear(&s->prefixes[i]);
		s->accepted[i] = 0;
	}
	s->up_since = 0;
	if (s->set.adj_rib_in && s->hooks.adj_rib_in)
		s->hooks.adj_rib_in(s->hooks.user, s, NULL);
}

static void session_close_conn(struct bgp_conn *c, const char *reason, bool flush)
{
	struct bgp_session *s = c->s;
	bool was_established = s->est == c;
	if (s->out == c)
		s->out = NULL;
	if (s->in == c)
		s->in = NULL;
	if (was_established)
		s->est = NULL;
	bool announced = c->announced;
	bgp_conn_close(c, flush);
	if (announced) {
		struct bgp_event down = {.type = BGP_EVENT_DOWN, .reason = reason ? reason : "connection closed"};
		bgp_session_emit(s, &down);
	}
	if (was_established)
		session_left_established(s);
	bgp_session_update_state(s);
	/* a failure is a connection lost before Established with nothing else under way (a
	 * collision's loser is not one) */
	bool failed = !was_established && !s->out && !s->in && !s->est;
	if (was_established || failed)
		bgp_speaker_session_ended(s->sp, s, was_established, failed);
	schedule_retry(s);
}

/* ---- the FSM driver ---- */

static void send_notification(struct bgp_conn *c, const struct buf *b)
{
	struct bgp_session *s = c->s;
	/* RFC 4271 4.5: nothing after a NOTIFICATION; UPDATEs not yet begun are dropped so it
	 * leaves at once */
	bgp_wqueue_drop_bulk(&c->wq);
	bgp_conn_urgent(c, b->data, b->len);
	s->stats.sent[BGP_MSG_NOTIFICATION]++;
	struct notification n;
	struct wire_error err;
	if (notification_parse(b->data + BGP_HEADER_LEN, b->len - BGP_HEADER_LEN, BGP_HEADER_LEN, &n, &err) == 0) {
		struct bgp_event ev = {.type = BGP_EVENT_NOTIFICATION, .sent = true, .msg = b->data,
				       .msg_len = b->len, .notification = &n};
		bgp_session_emit(s, &ev);
	}
}

static void describe_notification(char *out, size_t size, const char *what, const struct buf *b)
{
	struct notification n;
	struct wire_error err;
	struct buf text = BUF_INIT;
	if (notification_parse(b->data + BGP_HEADER_LEN, b->len - BGP_HEADER_LEN, BGP_HEADER_LEN, &n, &err) == 0)
		notification_format(&n, &text);
	snprintf(out, size, "%s: %s", what, text.len ? buf_cstr(&text) : "?");
	buf_free(&text);
}

uint32_t bgp_session_fsm(struct bgp_conn *c, enum bgp_fsm_event ev, const struct bgp_fsm_input *in)
{
	struct bgp_session *s = c->s;
	struct bgp_fsm_step st;
	if (s == NULL || c->dead)
		return 0;
	bgp_fsm_step(c->state, ev, in->cease_subcode, &st);
	c->state = st.next;

	if (st.actions & BGP_ACT_SEND_OPEN)
		bgp_tx_open(c);
	if (st.actions & BGP_ACT_OPEN_WAIT)
		bgp_conn_arm_hold(c, bgp_settings_open_wait_ms(&s->set));
	if (st.actions & BGP_ACT_SEND_KEEPALIVE)
		bgp_tx_keepalive(c);
	if (st.actions & (BGP_ACT_START_TIMERS | BGP_ACT_RESTART_HOLD))
		bgp_conn_arm_hold(c, c->negotiated ? (uint64_t)c->neg.hold_time * 1000u : 0);
	if (st.actions & BGP_ACT_START_TIMERS)
		bgp_conn_arm_keepalive(c);

	char reason[BGP_REASON_MAX];
	const char *why = in->reason;
	bool notified = false;
	if (st.actions & (BGP_ACT_SEND_NOTIFICATION | BGP_ACT_SEND_ERROR)) {
		struct buf b = BUF_INIT;
		if (st.actions & BGP_ACT_SEND_ERROR) {
			if (in->err == NULL ||
			    notification_pack_error(&b, in->err, in->msg, in->msg_len) < 0)
				notification_pack(&b, BGP_ERR_FSM, 0, NULL, 0);
		} else if (st.code == BGP_ERR_CEASE &&
			   (st.subcode == BGP_CEASE_ADMIN_SHUTDOWN || st.subcode == BGP_CEASE_ADMIN_RESET) &&
			   in->cease_text && in->cease_text[0] &&
			   notification_pack_shutdown(&b, st.subcode, in->cease_text, strlen(in->cease_text),
						      SHUTDOWN_COMMUNICATION_LEGACY_MAX) == 0) {
			/* RFC 9003: the Shutdown Communication */
		} else {
			buf_reset(&b);
			notification_pack(&b, st.code, st.subcode, NULL, 0);
		}
		if (why == NULL || (in->err && in->err->why[0])) {
			describe_notification(reason, sizeof(reason), "notification sent", &b);
			if (in->err && in->err->why[0]) {
				size_t n = strlen(reason);
				snprintf(reason + n, sizeof(reason) - n, " (%s)", in->err->why);
			}
			why = reason;
		}
		send_notification(c, &b);
		buf_free(&b);
		notified = true;
	}
	if (st.actions & BGP_ACT_ESTABLISHED)
		session_established(c);
	if ((st.actions & BGP_ACT_CLOSE) && c->s)
		session_close_conn(c, why, notified);
	else if (c->s)
		bgp_session_update_state(s);
	return st.actions;
}

void bgp_session_fail(struct bgp_conn *c, uint8_t code, uint8_t subcode, const uint8_t *data, size_t len,
		      const char *reason)
{
	if (c->s == NULL)
		return;
	struct buf b = BUF_INIT;
	notification_pack(&b, code, subcode, data, len);
	char text[BGP_REASON_MAX];
	describe_notification(text, sizeof(text), "notification sent", &b);
	if (reason) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, " (%s)", reason);
	}
	send_notification(c, &b);
	buf_free(&b);
	c->state = BGP_IDLE;
	session_close_conn(c, text, true);
}

/* ---- the public face ---- */

void bgp_session_start(struct bgp_session *s)
{
	if (s->running)
		return;
	s->running = true;
	bgp_session_update_state(s);
	session_connect(s);
}

static void stop_conn(struct bgp_conn *c, uint8_t subcode, const char *text, const char *reason)
{
	if (c == NULL || c->s == NULL)
		return;
	if (c->state == BGP_ESTABLISHED && c->negotiated && c->neg.graceful_restart) {
		/* ExaBGP: with graceful restart, close without a NOTIFICATION so the peer keeps our
		 * routes while we are away (RFC 4724 4) */
		bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = reason});
		return;
	}
	bgp_session_fsm(c, BGP_EV_MANUAL_STOP,
			&(struct bgp_fsm_input){.cease_subcode = subcode, .cease_text = text, .reason = reason});
}

void bgp_session_stop(struct bgp_session *s, uint8_t subcode, const char *text)
{
	s->running = false;
	event_timer_cancel(s->loop, &s->retry);
	stop_conn(s->out, subcode, text, "stopped");
	stop_conn(s->in, subcode, text, "stopped");
	bgp_session_update_state(s);
}

void bgp_session_restart(struct bgp_session *s, uint8_t subcode, const char *text)
{
	bgp_session_stop(s, subcode, text);
	s->running = true;
	bgp_backoff_reset(&s->backoff);
	schedule_retry(s);
	bgp_session_update_state(s);
}

enum bgp_state bgp_session_state(const struct bgp_session *s) { return s->state; }
const struct bgp_session_settings *bgp_session_settings(const struct bgp_session *s) { return &s->set; }
void *bgp_session_user(const struct bgp_session *s) { return s->hooks.user; }

const struct bgp_negotiated *bgp_session_negotiated(const struct bgp_session *s)
{
	return s->est ? &s->est->neg : NULL;
}

const struct open_context *bgp_session_context(const struct bgp_session *s, uint16_t afi, uint8_t safi)
{
	int i = family_index(afi, safi);
	if (s->est == NULL || i < 0)
		return NULL;
	return s->est->neg.send[i];
}

static const struct bgp_conn *current_conn(const struct bgp_session *s)
{
	if (s->est)
		return s->est;
	if (s->in && s->in->announced)
		return s->in;
	if (s->out && s->out->announced)
		return s->out;
	return NULL;
}

const char *bgp_session_local_text(const struct bgp_session *s)
{
	const struct bgp_conn *c = current_conn(s);
	return c ? c->local_text : s->local_text;
}

const char *bgp_session_peer_text(const struct bgp_session *s) { return s->peer_text; }

uint32_t bgp_session_router_id(const struct bgp_session *s)
{
	const struct bgp_conn *c = current_conn(s);
	if (c && c->router_id)
		return c->router_id;
	if (s->set.router_id)
		return s->set.router_id;
	return s->set.local_address.afi == AFI_IPV4 ? be32_load(s->set.local_address.addr) : 0;
}

void bgp_session_stats(const struct bgp_session *s, struct bgp_session_stats *out)
{
	*out = s->stats;
	memcpy(out->accepted, s->accepted, sizeof(out->accepted));
	out->queued_bytes = s->est ? bgp_wqueue_bytes(&s->est->wq) : 0;
	out->retry_ms = event_timer_armed(&s->retry) ? s->retry_ms : 0;
	out->up_since = s->up_since;
}

/* ---- life and death ---- */

struct bgp_session *bgp_session_new(struct bgp_speaker *sp, const struct bgp_session_settings *set,
				    const struct bgp_session_hooks *hooks)
{
	struct bgp_session *s = xcalloc(1, sizeof(*s));
	s->sp = sp;
	s->loop = bgp_speaker_loop(sp);
	s->set = *set;
	if (hooks)
		s->hooks = *hooks;
	s->state = BGP_IDLE;
	bgp_address_format(&set->peer_address, s->peer_text);
	bgp_address_format(&set->local_address, s->local_text);
	s->rng = bgp_speaker_seed(sp);
	bgp_backoff_init(&s->backoff, bgp_settings_retry_min_ms(set), bgp_settings_retry_max_ms(set),
			 bgp_random(&s->rng));
	event_timer_init(&s->retry, retry_fired, s);
	event_timer_init(&s->stable, stable_fired, s);
	event_task_init(&s->produce, bgp_tx_produce_task, s);
	update_collection_init(&s->rx);
	for (int i = 0; i < FAMILY_COUNT; i++)
		bgp_prefix_set_init(&s->prefixes[i], bgp_random(&s->rng));
	return s;
}

void bgp_session_free(struct bgp_session *s)
{
	if (s == NULL)
		return;
	s->running = false;
	struct bgp_conn *conns[2] = {s->out, s->in};
	s->out = s->in = s->est = NULL;
	for (int i = 0; i < 2; i++)
		if (conns[i])
			bgp_conn_close(conns[i], false);
	event_timer_cancel(s->loop, &s->retry);
	event_timer_cancel(s->loop, &s->stable);
	event_task_cancel(s->loop, &s->produce);
	update_collection_fini(&s->rx);
	for (int i = 0; i < FAMILY_COUNT; i++)
		bgp_prefix_set_fini(&s->prefixes[i]);
	free(s);
}
