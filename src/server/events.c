/* events.c — what the sessions report, as the server hands it on: a log line for what an
 * operator wants to know (connections, sessions up and down with the reason,
 * NOTIFICATIONs), then the event hook (src/app's JSON printer, later the API); which events
 * a neighbour's api blocks select; the events as ExaBGP's JSON.
 *
 * Owns: the api selection of a peer (the union of its api blocks, ExaBGP's reading of
 * neighbor-changes, fsm, negotiated, send { } and receive { }).
 * Must not know: where JSON goes (pipes, the control socket: the hook's business).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgp/event_json.h"
#include "config/config.h"
#include "config/settings.h"
#include "core/xalloc.h"
#include "server/server_internal.h"
#include "wire/notification.h"

static void log_event(struct server_peer *p, const struct bgp_event *ev)
{
	struct server *srv = p->srv;
	switch (ev->type) {
	case BGP_EVENT_CONNECTED:
		server_log(srv, SERVER_LOG_INFO, "%s: connected (%s)", p->name, bgp_session_local_text(p->session));
		break;
	case BGP_EVENT_UP:
		server_log(srv, SERVER_LOG_INFO, "%s: session up (hold time %u, %s)", p->name,
			   ev->negotiated ? ev->negotiated->hold_time : 0,
			   ev->negotiated && ev->negotiated->addpath_send ? "add-path" : "no add-path");
		break;
	case BGP_EVENT_DOWN:
		server_log(srv, SERVER_LOG_INFO, "%s: session down: %s", p->name, ev->reason);
		break;
	case BGP_EVENT_NOTIFICATION: {
		struct buf text = BUF_INIT;
		if (ev->notification)
			notification_format(ev->notification, &text);
		server_log(srv, SERVER_LOG_WARNING, "%s: notification %s: %s", p->name, ev->sent ? "sent" : "received",
			   text.len ? buf_cstr(&text) : "?");
		buf_free(&text);
		break;
	}
	case BGP_EVENT_FSM:
		server_log(srv, SERVER_LOG_DEBUG, "%s: %s -> %s", p->name, bgp_state_name(ev->from),
			   bgp_state_name(ev->to));
		break;
	case BGP_EVENT_EOR: {
		char fam[FAMILY_NAME_MAX];
		server_log(srv, SERVER_LOG_DEBUG, "%s: End-of-RIB received for %s", p->name,
			   family_format(ev->update->eor_afi, ev->update->eor_safi, fam));
		break;
	}
	default:
		break;
	}
}

void server_on_event(void *user, struct bgp_session *s, const struct bgp_event *ev)
{
	struct server_peer *p = user;
	(void)s;
	log_event(p, ev);
	if (p->srv->hook)
		p->srv->hook(p->srv->hook_ctx, p, ev);
}

void server_set_event_hook(struct server *srv, server_event_fn fn, void *ctx)
{
	srv->hook = fn;
	srv->hook_ctx = ctx;
}

static uint16_t message_bit(enum bgp_event_type t)
{
	switch (t) {
	case BGP_EVENT_OPEN:
		return API_MSG_OPEN;
	case BGP_EVENT_UPDATE:
	case BGP_EVENT_EOR:
		return API_MSG_UPDATE;
	case BGP_EVENT_NOTIFICATION:
		return API_MSG_NOTIFICATION;
	case BGP_EVENT_KEEPALIVE:
		return API_MSG_KEEPALIVE;
	case BGP_EVENT_REFRESH:
		return API_MSG_REFRESH;
	default:
		return 0;
	}
}

/* Whether a selection (flags, send { }, receive { }) takes the event: ExaBGP's reading of
 * neighbor-changes, fsm, negotiated and the message kinds of send { } and receive { }. */
static bool selects(uint8_t flags, uint16_t send, uint16_t receive, const struct bgp_event *ev)
{
	switch (ev->type) {
	case BGP_EVENT_FSM:
		return flags & API_FSM;
	case BGP_EVENT_CONNECTED:
	case BGP_EVENT_UP:
	case BGP_EVENT_DOWN:
		return flags & API_NEIGHBOR_CHANGES;
	case BGP_EVENT_NEGOTIATED:
		return flags & API_NEGOTIATED;
	default:
		return (message_bit(ev->type) & (ev->sent ? send : receive)) != 0;
	}
}

bool server_peer_wants(const struct server_peer *p, const struct bgp_event *ev)
{
	return selects(p->api_flags, p->api_send, p->api_receive, ev);
}

const char *const *server_peer_processes(const struct server_peer *p) { return p->processes; }

size_t server_peer_event_processes(const struct server_peer *p, const struct bgp_event *ev, const char **out,
				   size_t max)
{
	size_t n = 0;
	for (size_t b = 0; b < p->napi; b++) {
		const struct server_api_block *blk = &p->api[b];
		if (!selects(blk->flags, blk->send, blk->receive, ev))
			continue;
		for (size_t i = 0; i < blk->n && n < max; i++) {
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = strcmp(out[k], blk->names[i]) == 0;
			if (!seen)
				out[n++] = blk->names[i];
		}
	}
	return n;
}

static bool name_in(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

/* The processes of c that expr selects, added to out unless there already (the
 * configuration checked that expr compiles and matches one). */
static size_t match_processes(const struct config *c, const char *expr, const char **out, size_t n)
{
	bool *hits = xcalloc(c->nprocesses ? c->nprocesses : 1, sizeof(*hits));
	if (config_processes_matching(c, expr, hits) > 0)
		for (size_t i = 0; i < c->nprocesses; i++)
			if (hits[i] && !name_in(out, n, c->processes[i].name))
				out[n++] = c->processes[i].name;
	free(hits);
	return n;
}

void server_peer_api_free(struct server_peer *p)
{
	for (size_t b = 0; b < p->napi; b++)
		free(p->api[b].names);
	free(p->api);
	free(p->processes);
	p->api = NULL;
	p->napi = 0;
	p->processes = NULL;
}

void server_peer_api(struct server_peer *p)
{
	const struct settings_neighbor *n = &p->neighbor->settings;
	const struct config *c = p->cfg->config;

	/* the names themselves live in the configuration, as long as the peer points into it */
	server_peer_api_free(p);
	p->api_flags = 0;
	p->api_receive = p->api_send = 0;
	p->api = xcalloc(n->napi ? n->napi : 1, sizeof(*p->api));
	p->napi = n->napi;
	size_t total = 0;
	for (size_t i = 0; i < n->napi; i++) {
		const struct settings_api *a = &n->api[i];
		struct server_api_block *blk = &p->api[i];
		blk->flags = a->flags;
		blk->send = a->send;
		blk->receive = a->receive;
		blk->names = xcalloc(a->nprocesses + c->nprocesses + 1, sizeof(*blk->names));
		for (size_t k = 0; k < a->nprocesses; k++)
			if (!name_in(blk->names, blk->n, a->processes[k]))
				blk->names[blk->n++] = a->processes[k];
		for (size_t k = 0; k < a->nprocesses_match; k++)
			blk->n = match_processes(c, a->processes_match[k], blk->names, blk->n);
		p->api_flags |= a->flags;
		p->api_receive |= a->receive;
		p->api_send |= a->send;
		total += blk->n;
	}
	const char **names = xcalloc(total + 1, sizeof(*names));
	size_t k = 0;
	for (size_t i = 0; i < p->napi; i++)
		for (size_t j = 0; j < p->api[i].n; j++)
			if (!name_in(names, k, p->api[i].names[j]))
				names[k++] = p->api[i].names[j];
	names[k] = NULL;
	p->processes = names;
}

int server_event_json_as(struct server *srv, struct server_peer *p, const struct bgp_event *ev, enum json_shape shape,
			 struct buf *out)
{
	struct bgp_json_options o = {
		.shape = shape ? shape : JSON_SHAPE_V6,
		.host = srv->host,
		.pid = (long)getpid(),
		.ppid = (long)getppid(),
		.style = JSON_STYLE_EXABGP,
	};
	return bgp_event_json(out, p->session, ev, &o);
}

int server_event_json(struct server *srv, struct server_peer *p, const struct bgp_event *ev, struct buf *out)
{
	return server_event_json_as(srv, p, ev, srv->opt.shape, out);
}
