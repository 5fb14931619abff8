/* speaker.c — see speaker.h. */
#include "bgp/speaker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "bgp/listener.h"
#include "bgp/session_internal.h"
#include "bgp/tcp.h"
#include "core/xalloc.h"
#include "wire/notification.h"

#define SHUTDOWN_WAIT_MS 1000

struct bgp_speaker {
	struct event_loop *loop;
	struct bgp_env env;
	struct open_context_pool *pool;
	uint64_t rng;

	struct bgp_session **sessions;
	size_t count, cap;
	struct bgp_session **removed; /* freed on the next turn */
	size_t nremoved, removed_cap;
	struct event_task reap;

	struct bgp_listener **listeners;
	size_t nlisteners;

	struct bgp_conn *closing;     /* connections flushing their last words */

	/* the environment's limits */
	unsigned ended;               /* Established sessions that ended */
	unsigned failed;              /* connections that failed before Established */
	void (*finished)(struct bgp_speaker *sp, void *arg);
	void *finished_arg;
	bool finished_called;
	struct event_task finish;

	/* shutdown */
	bool shutting_down;
	void (*done)(struct bgp_speaker *sp, void *arg);
	void *done_arg;
	struct event_timer shutdown_timer;
	struct event_task shutdown_check;
};

static void reap_task(struct event_loop *loop, struct event_task *task)
{
	struct bgp_speaker *sp = task->arg;
	(void)loop;
	for (size_t i = 0; i < sp->nremoved; i++)
		bgp_session_free(sp->removed[i]);
	sp->nremoved = 0;
}

static void finish_task(struct event_loop *loop, struct event_task *task)
{
	struct bgp_speaker *sp = task->arg;
	(void)loop;
	if (sp->finished && !sp->finished_called) {
		sp->finished_called = true;
		sp->finished(sp, sp->finished_arg);
	}
}

static void shutdown_finish(struct bgp_speaker *sp)
{
	if (!sp->shutting_down)
		return;
	sp->shutting_down = false;
	event_timer_cancel(sp->loop, &sp->shutdown_timer);
	event_task_cancel(sp->loop, &sp->shutdown_check);
	if (sp->done)
		sp->done(sp, sp->done_arg);
}

static void shutdown_timeout(struct event_loop *loop, struct event_timer *t)
{
	(void)loop;
	shutdown_finish(t->arg);
}

static void shutdown_check(struct event_loop *loop, struct event_task *task)
{
	struct bgp_speaker *sp = task->arg;
	(void)loop;
	if (sp->closing == NULL)
		shutdown_finish(sp);
}

struct bgp_speaker *bgp_speaker_new(struct event_loop *loop, const struct bgp_env *env)
{
	struct bgp_speaker *sp = xcalloc(1, sizeof(*sp));
	sp->loop = loop;
	if (env)
		sp->env = *env;
	else
		sp->env.port = 179;
	if (sp->env.port == 0)
		sp->env.port = 179;
	sp->pool = open_context_pool_new();
	/* seeds for jitter and fingerprints: not secret, but different per process */
	if (getrandom(&sp->rng, sizeof(sp->rng), GRND_NONBLOCK) != (ssize_t)sizeof(sp->rng)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		sp->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)getpid() ^ (uint64_t)ts.tv_sec;
	}
	event_task_init(&sp->reap, reap_task, sp);
	event_task_init(&sp->finish, finish_task, sp);
	event_timer_init(&sp->shutdown_timer, shutdown_timeout, sp);
	event_task_init(&sp->shutdown_check, shutdown_check, sp);
	return sp;
}

void bgp_speaker_free(struct bgp_speaker *sp)
{
	if (sp == NULL)
		return;
	for (size_t i = 0; i < sp->count; i++)
		bgp_session_free(sp->sessions[i]);
	reap_task(sp->loop, &sp->reap);
	while (sp->closing) {
		struct bgp_conn *c = sp->closing;
		sp->closing = c->next;
		bgp_conn_destroy(c);
	}
	for (size_t i = 0; i < sp->nlisteners; i++)
		bgp_listener_free(sp->listeners[i]);
	event_task_cancel(sp->loop, &sp->reap);
	event_task_cancel(sp->loop, &sp->finish);
	event_task_cancel(sp->loop, &sp->shutdown_check);
	event_timer_cancel(sp->loop, &sp->shutdown_timer);
	free(sp->listeners);
	free(sp->sessions);
	free(sp->removed);
	open_context_pool_free(sp->pool);
	free(sp);
}

struct event_loop *bgp_speaker_loop(const struct bgp_speaker *sp) { return sp->loop; }
struct open_context_pool *bgp_speaker_pool(const struct bgp_speaker *sp) { return sp->pool; }
uint16_t bgp_speaker_port(const struct bgp_speaker *sp) { return sp->env.port; }
uint64_t bgp_speaker_seed(struct bgp_speaker *sp) { return bgp_random(&sp->rng); }
size_t bgp_speaker_count(const struct bgp_speaker *sp) { return sp->count; }

struct bgp_session *bgp_speaker_session(const struct bgp_speaker *sp, size_t i)
{
	return i < sp->count ? sp->sessions[i] : NULL;
}

/* ---- accepting ---- */

static bool session_takes(const struct bgp_session *s, const struct bgp_address *peer,
			  const struct bgp_address *local)
{
	if (!bgp_address_equal(&s->set.peer_address, peer))
		return false;
	return local == NULL || !bgp_address_set(&s->set.local_address) ||
	       bgp_address_equal(&s->set.local_address, local);
}

struct bgp_session *bgp_speaker_find(const struct bgp_speaker *sp, const struct bgp_address *peer,
				     const struct bgp_address *local)
{
	for (size_t i = 0; i < sp->count; i++)
		if (!sp->sessions[i]->removing && session_takes(sp->sessions[i], peer, local))
			return sp->sessions[i];
	return NULL;
}

static void speaker_accept(void *arg, int fd, const struct bgp_address *peer, const struct bgp_address *local)
{
	struct bgp_speaker *sp = arg;
	struct bgp_session *s = bgp_speaker_find(sp, peer, local);
	if (s == NULL || sp->shutting_down) {
		/* not a configured peer: closed without a word */
		close(fd);
		return;
	}
	bgp_session_incoming(s, fd);
}

static void install_md5(struct bgp_listener *l, const struct bgp_session *s, bool on)
{
	char err[160];
	if (s->set.md5_len == 0 || bgp_listener_address(l)->afi != s->set.peer_address.afi)
		return;
	bgp_tcp_md5(bgp_listener_fd(l), &s->set.peer_address, s->set.md5_key, on ? s->set.md5_len : 0, err,
		    sizeof(err));
}

int bgp_speaker_listen(struct bgp_speaker *sp, const struct bgp_address *a, uint16_t port, char *err,
		       size_t errlen)
{
	struct bgp_listener *l = bgp_listener_new(sp->loop, a, port, speaker_accept, sp, err, errlen);
	if (l == NULL)
		return -1;
	sp->listeners = xrealloc(sp->listeners, (sp->nlisteners + 1) * sizeof(*sp->listeners));
	sp->listeners[sp->nlisteners++] = l;
	/* RFC 2385: the key must be known before the peer's SYN arrives */
	for (size_t i = 0; i < sp->count; i++)
		install_md5(l, sp->sessions[i], true);
	return 0;
}

uint16_t bgp_speaker_listen_port(const struct bgp_speaker *sp, unsigned i)
{
	return i < sp->nlisteners ? bgp_listener_port(sp->listeners[i]) : 0;
}

/* ---- sessions ---- */

static int check_settings(const struct bgp_speaker *sp, const struct bgp_session_settings *s, char *err,
			  size_t errlen)
{
	if (!bgp_address_set(&s->peer_address)) {
		snprintf(err, errlen, "no peer address");
		return -1;
	}
	if (bgp_address_set(&s->local_address) && s->local_address.afi != s->peer_address.afi) {
		snprintf(err, errlen, "local-address and peer-address are of different families");
		return -1;
	}
	if (s->local_as == 0) {
		snprintf(err, errlen, "no local AS");
		return -1;
	}
	if (s->local_as > 0xffff && !s->asn4) {
		snprintf(err, errlen, "local AS %u needs four octets, and asn4 is disabled", s->local_as);
		return -1;
	}
	if (s->hold_time == 1 || s->hold_time == 2) {
		snprintf(err, errlen, "hold-time must be 0 or at least 3 seconds (RFC 4271 4.2)");
		return -1;
	}
	if (s->md5_len > BGP_MD5_KEY_MAX) {
		snprintf(err, errlen, "md5 key too long");
		return -1;
	}
	for (size_t i = 0; i < sp->count; i++) {
		const struct bgp_session *o = sp->sessions[i];
		if (!o->removing && bgp_address_equal(&o->set.peer_address, &s->peer_address) &&
		    bgp_address_equal(&o->set.local_address, &s->local_address)) {
			snprintf(err, errlen, "a session for this peer already exists");
			return -1;
		}
	}
	return 0;
}

struct bgp_session *bgp_speaker_add(struct bgp_speaker *sp, const struct bgp_session_settings *set,
				    const struct bgp_session_hooks *hooks, char *err, size_t errlen)
{
	if (check_settings(sp, set, err, errlen) < 0)
		return NULL;
	struct bgp_session *s = bgp_session_new(sp, set, hooks);
	if (sp->count == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 8;
		sp->sessions = xrealloc(sp->sessions, sp->cap * sizeof(*sp->sessions));
	}
	sp->sessions[sp->count++] = s;
	for (size_t i = 0; i < sp->nlisteners; i++)
		install_md5(sp->listeners[i], s, true);
	return s;
}

void bgp_speaker_remove(struct bgp_speaker *sp, struct bgp_session *s, uint8_t subcode, const char *text)
{
	if (s->removing)
		return;
	bgp_session_stop(s, subcode, text);
	s->removing = true;
	for (size_t i = 0; i < sp->nlisteners; i++)
		install_md5(sp->listeners[i], s, false);
	for (size_t i = 0; i < sp->count; i++) {
		if (sp->sessions[i] != s)
			continue;
		memmove(&sp->sessions[i], &sp->sessions[i + 1], (sp->count - i - 1) * sizeof(*sp->sessions));
		sp->count--;
		break;
	}
	if (sp->nremoved == sp->removed_cap) {
		sp->removed_cap = sp->removed_cap ? 2 * sp->removed_cap : 8;
		sp->removed = xrealloc(sp->removed, sp->removed_cap * sizeof(*sp->removed));
	}
	sp->removed[sp->nremoved++] = s;
	event_task_defer(sp->loop, &sp->reap);
}

/* ---- connections on their way out ---- */

void bgp_speaker_closing(struct bgp_speaker *sp, struct bgp_conn *c)
{
	c->next = sp->closing;
	sp->closing = c;
}

void bgp_speaker_closed(struct bgp_speaker *sp, struct bgp_conn *c)
{
	for (struct bgp_conn **p = &sp->closing; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	bgp_conn_destroy(c);
	if (sp->shutting_down && sp->closing == NULL)
		event_task_defer(sp->loop, &sp->shutdown_check);
}

/* ---- limits (exabgp.tcp.connections, .attempts, .once) ---- */

void bgp_speaker_session_ended(struct bgp_speaker *sp, struct bgp_session *s, bool was_established,
			       bool gave_up)
{
	bool done = false;
	if (was_established) {
		sp->ended++;
		if (sp->env.connections && sp->ended >= sp->env.connections)
			done = true;
	} else if (gave_up) {
		sp->failed++;
		if (sp->env.attempts && sp->failed >= sp->env.attempts)
			done = true;
		if (sp->env.once && s->running) {
			/* one attempt per peer: this one will not try again */
			s->running = false;
			event_timer_cancel(sp->loop, &s->retry);
			bool all = true;
			for (size_t i = 0; i < sp->count; i++)
				all = all && !sp->sessions[i]->running;
			done = done || all;
		}
	}
	if (done && sp->finished)
		event_task_defer(sp->loop, &sp->finish);
}

void bgp_speaker_on_finished(struct bgp_speaker *sp, void (*fn)(struct bgp_speaker *sp, void *arg), void *arg)
{
	sp->finished = fn;
	sp->finished_arg = arg;
}

void bgp_speaker_shutdown(struct bgp_speaker *sp, const char *text, void (*done)(struct bgp_speaker *sp, void *arg),
			  void *arg)
{
	sp->done = done;
	sp->done_arg = arg;
	sp->shutting_down = true;
	for (size_t i = 0; i < sp->count; i++)
		bgp_session_stop(sp->sessions[i], BGP_CEASE_ADMIN_SHUTDOWN, text);
	event_timer_after(sp->loop, &sp->shutdown_timer, SHUTDOWN_WAIT_MS);
	event_task_defer(sp->loop, &sp->shutdown_check);
}
