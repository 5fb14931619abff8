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

bool server_peer_wants(const struct server_peer *p, const struct bgp_event *ev)
{
	switch (ev->type) {
	case BGP_EVENT_FSM:
		return p->api_flags & API_FSM;
	case BGP_EVENT_CONNECTED:
	case BGP_EVENT_UP:
	case BGP_EVENT_DOWN:
		return p->api_flags & API_NEIGHBOR_CHANGES;
	case BGP_EVENT_NEGOTIATED:
		return p->api_flags & API_NEGOTIATED;
	default:
		return (message_bit(ev->type) & (ev->sent ? p->api_send : p->api_receive)) != 0;
	}
}

const char *const *server_peer_processes(const struct server_peer *p) { return p->processes; }

void server_peer_api(struct server_peer *p)
{
	const struct settings_neighbor *n = &p->neighbor->settings;
	p->api_flags = 0;
	p->api_receive = p->api_send = 0;
	size_t total = 0;
	for (size_t i = 0; i < n->napi; i++) {
		p->api_flags |= n->api[i].flags;
		p->api_receive |= n->api[i].receive;
		p->api_send |= n->api[i].send;
		total += n->api[i].nprocesses;
	}
	/* the names themselves live in the configuration, as long as the peer points into it */
	free(p->processes);
	const char **names = xcalloc(total + 1, sizeof(*names));
	size_t k = 0;
	for (size_t i = 0; i < n->napi; i++)
		for (size_t j = 0; j < n->api[i].nprocesses; j++) {
			bool seen = false;
			for (size_t m = 0; m < k && !seen; m++)
				seen = strcmp(names[m], n->api[i].processes[j]) == 0;
			if (!seen)
				names[k++] = n->api[i].processes[j];
		}
	names[k] = NULL;
	p->processes = names;
}

int server_event_json(struct server *srv, struct server_peer *p, const struct bgp_event *ev, struct buf *out)
{
	struct bgp_json_options o = {srv->opt.shape ? srv->opt.shape : JSON_SHAPE_V6, srv->host, (long)getpid(),
				     (long)getppid(), 0};
	return bgp_event_json(out, p->session, ev, &o);
}
