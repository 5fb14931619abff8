/* peer.c — one peer of the server: a neighbour block of a configuration turned into a
 * session, an Adj-RIB-Out in the store holding its routes, and (with adj-rib-in) what the
 * peer sent us; and the operations the API performs on one peer.
 *
 * Owns: a peer's life (made, started, pointed at a new reading, stopped and freed), its
 * Adj-RIB-In, the peer list of the server.
 * Must not know: configuration syntax, sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/speaker.h"
#include "config/setup.h"
#include "core/xalloc.h"
#include "model/update_collection.h"
#include "server/server_internal.h"
#include "wire/notification.h"

/* ---- the list ---- */

void server_peer_list(struct server *srv, struct server_peer *p)
{
	if (srv->npeers == srv->cappeers) {
		srv->cappeers = srv->cappeers ? 2 * srv->cappeers : 8;
		srv->peers = xrealloc(srv->peers, srv->cappeers * sizeof(*srv->peers));
	}
	srv->peers[srv->npeers++] = p;
}

void server_peer_unlist(struct server *srv, struct server_peer *p)
{
	for (size_t i = 0; i < srv->npeers; i++) {
		if (srv->peers[i] != p)
			continue;
		memmove(&srv->peers[i], &srv->peers[i + 1], (srv->npeers - i - 1) * sizeof(*srv->peers));
		srv->npeers--;
		return;
	}
}

/* ---- Adj-RIB-In ---- */

static void on_adj_rib_in(void *user, struct bgp_session *s, const struct update_collection *c)
{
	struct server_peer *p = user;
	struct server *srv = p->srv;
	(void)s;
	if (p->adj_in == NULL)
		return;
	if (c == NULL) {
		/* the session went down: the peer's routes are gone with it */
		adjout_clear(p->adj_in);
		return;
	}
	uint32_t peers = adjout_peers(p->adj_in);
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (r->action == ROUTE_ANNOUNCE && r->attrs)
			rib_route_announce(srv->rib_in, r, peers);
		else
			rib_route_remove(srv->rib_in, &r->nlri, peers);
	}
}

/* ---- life ---- */

struct server_peer *server_peer_new(struct server *srv, struct server_config *sc, const struct config_neighbor *n,
				    bool load, char *err, size_t errlen)
{
	struct server_peer *p = xcalloc(1, sizeof(*p));
	struct buf warnings = BUF_INIT;
	char addr[BGP_ADDRESS_STR_MAX];

	p->srv = srv;
	p->neighbor = n;
	p->generation = srv->generation;
	p->id = ++srv->next_peer_id;
	if (server_neighbor_settings(srv, &n->settings, &p->set, &warnings, err, errlen) < 0)
		goto out_free;
	snprintf(p->name, sizeof(p->name), "neighbor %s", bgp_address_format(&p->set.peer_address, addr));
	if (warnings.len)
		server_log(srv, SERVER_LOG_WARNING, "%s: %s", p->name, buf_cstr(&warnings));
	p->cfg = sc;
	sc->refs++;
	buf_init(&p->out);
	server_peer_api(p);

	p->adj = adjout_new(srv->store);
	size_t refused = load ? server_routes_load(srv, sc->config, n, adjout_peers(p->adj)) : 0;
	if (refused)
		server_log(srv, SERVER_LOG_WARNING, "%s: %zu routes could not be stored", p->name, refused);
	if (p->set.adj_rib_in) {
		if (srv->rib_in == NULL)
			srv->rib_in = rib_store_new();
		p->adj_in = adjout_new(srv->rib_in);
	}

	struct bgp_session_hooks hooks = {server_on_event, on_adj_rib_in, server_source_hooks(p), p};
	p->session = bgp_speaker_add(srv->sp, &p->set, &hooks, err, errlen);
	if (p->session == NULL)
		goto out_routes;
	buf_free(&warnings);
	return p;

out_routes:
	adjout_free(p->adj);
	adjout_free(p->adj_in);
	buf_free(&p->out);
	server_peer_api_free(p);
	server_config_unref(p->cfg);
out_free:
	buf_free(&warnings);
	free(p);
	return NULL;
}

void server_peer_start(struct server_peer *p)
{
	bgp_session_start(p->session);
}

void server_peer_release(struct server_peer *p)
{
	adjout_free(p->adj);
	adjout_free(p->adj_in);
	buf_free(&p->out);
	server_peer_api_free(p);
	server_config_unref(p->cfg);
	free(p);
}

void server_peer_free(struct server_peer *p, uint8_t subcode, const char *text)
{
	/* the session reports its end (events reach p) and is freed on a later turn */
	if (p->session)
		bgp_speaker_remove(p->srv->sp, p->session, subcode, text);
	server_peer_release(p);
}

void server_peer_rebind(struct server_peer *p, struct server_config *sc, const struct config_neighbor *n)
{
	sc->refs++;
	server_config_unref(p->cfg);
	p->cfg = sc;
	p->neighbor = n;
	p->generation = p->srv->generation;
	server_peer_api(p);
}

/* ---- what the API asks of one peer ---- */

size_t server_peer_count(const struct server *srv) { return srv->npeers; }
struct server_peer *server_peer_at(const struct server *srv, size_t i) { return i < srv->npeers ? srv->peers[i] : NULL; }

struct server_peer *server_peer_find(const struct server *srv, const struct bgp_address *peer,
				     const struct bgp_address *local)
{
	for (size_t i = 0; i < srv->npeers; i++) {
		struct server_peer *p = srv->peers[i];
		if (!bgp_address_equal(&p->set.peer_address, peer))
			continue;
		if (local == NULL || !bgp_address_set(&p->set.local_address) ||
		    bgp_address_equal(&p->set.local_address, local))
			return p;
	}
	return NULL;
}

struct server_peer *server_peer_of_session(const struct bgp_session *s) { return bgp_session_user(s); }
struct bgp_session *server_peer_session(const struct server_peer *p) { return p->session; }
struct adjout *server_peer_adjout(const struct server_peer *p) { return p->adj; }
struct adjout *server_peer_adj_rib_in(const struct server_peer *p) { return p->adj_in; }
const struct config_neighbor *server_peer_neighbor(const struct server_peer *p) { return p->neighbor; }
const struct config *server_peer_config(const struct server_peer *p) { return p->cfg->config; }
const char *server_peer_name(const struct server_peer *p) { return p->name; }

void server_peer_info(const struct server_peer *p, struct server_peer_info *out)
{
	memset(out, 0, sizeof(*out));
	out->state = bgp_session_state(p->session);
	bgp_session_stats(p->session, &out->stats);
	adjout_stats(p->adj, &out->adjout);
	out->negotiated = bgp_session_negotiated(p->session);
}

void server_peer_teardown(struct server_peer *p, uint8_t subcode, const char *text)
{
	/* ExaBGP's `teardown 4` sends Cease / Administrative Reset with the subcode's name as its
	 * RFC 9003 Shutdown Communication when none is given (its qa/api/api-teardown.ci
	 * expects 06 04 14 "Administrative Reset"); 2 likewise. */
	if ((subcode == BGP_CEASE_ADMIN_SHUTDOWN || subcode == BGP_CEASE_ADMIN_RESET) && (text == NULL || !text[0]))
		text = notification_subcode_name(BGP_ERR_CEASE, subcode);
	bgp_session_restart(p->session, subcode, text);
}

int server_peer_send_eor(struct server_peer *p, uint16_t afi, uint8_t safi)
{
	return bgp_session_send_eor(p->session, afi, safi);
}

int server_peer_send_refresh(struct server_peer *p, uint16_t afi, uint8_t safi)
{
	return bgp_session_send_refresh(p->session, afi, safi);
}

int server_peer_resend(struct server_peer *p)
{
	return bgp_session_resend(p->session, 0);
}

struct server_peer *server_peer_create(struct server *srv, const struct settings_neighbor *n, char *err,
				       size_t errlen)
{
	struct settings_config sc;
	struct config_error cerr;
	settings_config_init(&sc);
	sc.neighbors = (struct settings_neighbor *)n;
	sc.nneighbors = 1;
	struct config *c = config_from_settings(&sc, &cerr);
	if (c == NULL) {
		snprintf(err, errlen, "%s", cerr.message);
		return NULL;
	}
	struct server_config *own = xcalloc(1, sizeof(*own));
	own->config = c;
	own->refs = 1;
	struct server_peer *p = server_peer_new(srv, own, c->neighbors[0], true, err, errlen);
	server_config_unref(own); /* the peer holds it now, or nobody does */
	if (p == NULL)
		return NULL;
	p->dynamic = true;
	server_peer_list(srv, p);
	if (srv->started) {
		server_listen_update(srv, err, errlen);
		server_peer_start(p);
	}
	server_log(srv, SERVER_LOG_INFO, "%s: created", p->name);
	return p;
}

void server_peer_delete(struct server *srv, struct server_peer *p)
{
	server_log(srv, SERVER_LOG_INFO, "%s: deleted", p->name);
	server_peer_unlist(srv, p);
	server_peer_free(p, BGP_CEASE_PEER_DECONFIGURED, NULL);
}

struct server_peer *server_peer_create_in(struct server *srv, struct server_config *sc,
					  const struct settings_neighbor *n, char *err, size_t errlen)
{
	struct config_error cerr;
	struct config_neighbor *cn = config_neighbor_add(sc->config, n, &cerr);
	if (cn == NULL) {
		snprintf(err, errlen, "%s", cerr.message);
		return NULL;
	}
	struct server_peer *p = server_peer_new(srv, sc, cn, true, err, errlen);
	if (p == NULL) {
		config_neighbor_remove(sc->config, cn);
		return NULL;
	}
	sc->dirty = true;
	server_peer_list(srv, p);
	if (srv->started) {
		char lerr[256];
		if (server_listen_update(srv, lerr, sizeof(lerr)) < 0)
			server_log(srv, SERVER_LOG_ERROR, "%s: %s", p->name, lerr);
		server_peer_start(p);
	}
	server_log(srv, SERVER_LOG_INFO, "%s: created (saved with %s)", p->name, sc->path ? sc->path : sc->config->source);
	return p;
}

void server_peer_delete_from(struct server *srv, struct server_peer *p, bool save)
{
	struct server_config *sc = p->cfg;
	struct config_neighbor *cn = (struct config_neighbor *)p->neighbor; /* ours: the server owns it */
	bool leave = save && !p->dynamic && sc->path != NULL;
	sc->refs++; /* the configuration outlives the peer for a moment */
	server_peer_delete(srv, p);
	if (leave) {
		config_neighbor_remove(sc->config, cn);
		sc->dirty = true;
	}
	server_config_unref(sc);
}
