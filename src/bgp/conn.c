/* conn.c — one TCP connection of a session: socket, read buffer, write queue, timers, and
 * the way it ends. Owns no BGP decision: timers and readiness are handed to session.c.
 * Must not know: what messages mean. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/session_internal.h"
#include "bgp/tcp.h"
#include "core/xalloc.h"
#include "wire/open_context.h"

static void conn_io(struct event_loop *loop, struct event_io *io, uint32_t ready);
static void conn_flush(struct bgp_conn *c);

static void hold_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_conn *c = t->arg;
	(void)loop;
	if (c->state == BGP_CONNECT) {
		/* the connect() never completed */
		bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = "connection timed out"});
		return;
	}
	bgp_session_fsm(c, BGP_EV_HOLD_EXPIRES,
			&(struct bgp_fsm_input){.reason = c->state == BGP_OPENSENT ? "no OPEN received in time"
										 : "hold timer expired"});
}

static void keepalive_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_conn *c = t->arg;
	(void)loop;
	bgp_session_fsm(c, BGP_EV_KEEPALIVE_EXPIRES, &(struct bgp_fsm_input){.reason = NULL});
}

static void send_hold_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_conn *c = t->arg;
	(void)loop;
	bgp_session_fsm(c, BGP_EV_SEND_HOLD_EXPIRES, &(struct bgp_fsm_input){.reason = "send hold timer expired"});
}

static void linger_fired(struct event_loop *loop, struct event_timer *t)
{
	struct bgp_conn *c = t->arg;
	(void)loop;
	bgp_speaker_closed(c->sp, c);
}

static void broken_task(struct event_loop *loop, struct event_task *task)
{
	struct bgp_conn *c = task->arg;
	(void)loop;
	if (c->lingering || c->s == NULL) {
		bgp_speaker_closed(c->sp, c);
		return;
	}
	char reason[BGP_REASON_MAX];
	snprintf(reason, sizeof(reason), "write failed: %s", strerror(c->write_errno));
	bgp_session_fsm(c, BGP_EV_TCP_FAILS, &(struct bgp_fsm_input){.reason = reason});
}

struct bgp_conn *bgp_conn_new(struct bgp_session *s, int fd, bool outgoing)
{
	struct bgp_conn *c = xcalloc(1, sizeof(*c));
	c->s = s;
	c->sp = s->sp;
	c->loop = s->loop;
	c->outgoing = outgoing;
	c->state = outgoing ? BGP_CONNECT : BGP_ACTIVE;
	c->fd = fd;
	event_io_init(&c->io, fd, conn_io, c);
	/* RFC 8654 4: until both OPENs are exchanged no message exceeds 4096 octets */
	bgp_reader_init(&c->reader, BGP_MSG_SIZE);
	bgp_wqueue_init(&c->wq, bgp_settings_queue_high(&s->set), bgp_settings_queue_low(&s->set),
			bgp_settings_queue_max(&s->set));
	event_timer_init(&c->hold, hold_fired, c);
	event_timer_init(&c->keepalive, keepalive_fired, c);
	event_timer_init(&c->send_hold, send_hold_fired, c);
	event_timer_init(&c->linger, linger_fired, c);
	event_task_init(&c->broken, broken_task, c);
	bgp_open_init(&c->sent_open);
	bgp_open_init(&c->recv_open);
	return c;
}

void bgp_conn_destroy(struct bgp_conn *c)
{
	event_io_watch(c->loop, &c->io, 0);
	if (c->fd >= 0)
		close(c->fd);
	event_timer_cancel(c->loop, &c->hold);
	event_timer_cancel(c->loop, &c->keepalive);
	event_timer_cancel(c->loop, &c->send_hold);
	event_timer_cancel(c->loop, &c->linger);
	event_task_cancel(c->loop, &c->broken);
	bgp_reader_fini(&c->reader);
	bgp_wqueue_fini(&c->wq);
	bgp_open_fini(&c->sent_open);
	bgp_open_fini(&c->recv_open);
	free(c);
}

/* The interest follows the state: a connect in progress waits for writability, an open
 * connection reads, and writes when its queue holds something. */
void bgp_conn_interest(struct bgp_conn *c)
{
	uint32_t want = 0;
	if (c->state == BGP_CONNECT && !c->lingering)
		want = EVENT_WRITE;
	else {
		want = EVENT_READ;
		if (!bgp_wqueue_empty(&c->wq) && !c->shut)
			want |= EVENT_WRITE;
	}
	if (want != c->io.want && event_io_watch(c->loop, &c->io, want) < 0) {
		c->write_errno = errno;
		event_task_defer(c->loop, &c->broken);
	}
}

void bgp_conn_arm_hold(struct bgp_conn *c, uint64_t ms)
{
	if (ms)
		event_timer_after(c->loop, &c->hold, ms);
	else
		event_timer_cancel(c->loop, &c->hold);
}

void bgp_conn_arm_keepalive(struct bgp_conn *c)
{
	/* RFC 4271 10: KeepaliveTimer jittered to 75..100 % of a third of the hold time */
	if (!c->negotiated || c->neg.keepalive == 0) {
		event_timer_cancel(c->loop, &c->keepalive);
		return;
	}
	uint32_t ms = (uint32_t)c->neg.keepalive * 1000u;
	uint64_t *rng = c->s ? &c->s->rng : NULL;
	event_timer_after(c->loop, &c->keepalive, rng ? bgp_jitter(rng, ms) : ms);
}

static uint16_t negotiated_hold(const struct bgp_conn *c)
{
	return c->negotiated ? c->neg.hold_time : 0;
}

static void conn_flush(struct bgp_conn *c)
{
	if (c->shut || c->dead || c->state == BGP_CONNECT)
		return;
	long n = bgp_wqueue_flush(&c->wq, c->fd);
	if (n < 0) {
		c->write_errno = errno;
		event_task_defer(c->loop, &c->broken);
		return;
	}
	if (c->lingering) {
		/* the linger timer bounds this; once the NOTIFICATION is out: our FIN, then wait for
		 * the peer's (a close() with unread data would reset the connection and could lose
		 * the NOTIFICATION on the way) */
		if (bgp_wqueue_empty(&c->wq)) {
			shutdown(c->fd, SHUT_WR);
			c->shut = true;
		}
	} else if (bgp_wqueue_empty(&c->wq)) {
		event_timer_cancel(c->loop, &c->send_hold);
	} else if (n > 0 || !event_timer_armed(&c->send_hold)) {
		/* RFC 9687 3: the SendHoldTimer runs while we have data the peer does not take */
		uint32_t sh = bgp_settings_send_hold(&c->s->set, negotiated_hold(c));
		event_timer_after(c->loop, &c->send_hold, (uint64_t)sh * 1000u);
	}
	bgp_conn_interest(c);
	if (n > 0 && c->s && !c->lingering)
		bgp_session_conn_drained(c);
}

void bgp_conn_urgent(struct bgp_conn *c, const uint8_t *data, size_t len)
{
	bgp_wqueue_urgent(&c->wq, data, len);
	conn_flush(c);
}

int bgp_conn_bulk(struct bgp_conn *c, struct bgp_chunk *chunk)
{
	if (bgp_wqueue_push(&c->wq, chunk) < 0)
		return -1;
	/* write-through while the socket takes it; otherwise the writability event will */
	if (!(c->io.want & EVENT_WRITE))
		conn_flush(c);
	return 0;
}

/* a closing connection: discard what the peer still sends, until its FIN */
static void conn_drain(struct bgp_conn *c)
{
	uint8_t sink[4096];
	for (int i = 0; i < 16; i++) {
		ssize_t n = read(c->fd, sink, sizeof(sink));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			bgp_speaker_closed(c->sp, c);
			return;
		}
		if (n < 0)
			return;
	}
}

static void conn_io(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct bgp_conn *c = io->arg;
	(void)loop;
	if (c->dead)
		return;
	if (c->lingering) {
		if (ready & EVENT_WRITE)
			conn_flush(c);
		if ((ready & EVENT_READ) && c->lingering)
			conn_drain(c);
		return;
	}
	if (c->state == BGP_CONNECT) {
		if (ready & EVENT_WRITE)
			bgp_session_conn_connected(c);
		return;
	}
	if (ready & EVENT_WRITE)
		conn_flush(c);
	/* the flush may have found the connection broken: the task handles it */
	if ((ready & EVENT_READ) && !c->lingering && c->s)
		bgp_session_conn_readable(c);
}

void bgp_conn_close(struct bgp_conn *c, bool flush)
{
	event_timer_cancel(c->loop, &c->hold);
	event_timer_cancel(c->loop, &c->keepalive);
	event_timer_cancel(c->loop, &c->send_hold);
	c->s = NULL;
	bgp_speaker_closing(c->sp, c);
	c->lingering = true;
	if (!flush || c->state == BGP_CONNECT || c->fd < 0 || bgp_wqueue_empty(&c->wq)) {
		/* nothing to say: close the socket now, free the memory on the next turn (the
		 * caller, and the rest of this turn's events, may still hold c) */
		if (flush && c->state != BGP_CONNECT && c->fd >= 0)
			shutdown(c->fd, SHUT_WR);
		event_io_watch(c->loop, &c->io, 0);
		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
		c->dead = true;
		event_task_defer(c->loop, &c->broken);
		return;
	}
	event_timer_after(c->loop, &c->linger, BGP_LINGER_MS);
	conn_flush(c);
	bgp_conn_interest(c);
}
