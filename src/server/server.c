/* server.c — the server's life: reading the configurations, the peers they make, the
 * listeners, starting, shutting down, and the small accessors. See server.h. */
#include "server/server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "server/server_internal.h"
#include "wire/family.h"

/* ---- logs ---- */

void server_log(const struct server *srv, enum server_log_level level, const char *fmt, ...)
{
	if (srv->opt.log == NULL || level > srv->opt.log_level)
		return;
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	srv->opt.log(srv->opt.log_ctx, level, text);
}

/* ---- configurations ---- */

void server_config_unref(struct server_config *sc)
{
	if (sc == NULL || --sc->refs > 0)
		return;
	config_free(sc->config);
	free(sc);
}

static void configs_release(struct server_config **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		server_config_unref(v[i]);
	free(v);
}

int server_configs_load(struct server *srv, struct server_config ***out, size_t *nout, char *err, size_t errlen)
{
	/* rotate: one file, the one this reading is at */
	size_t first = srv->opt.rotate && srv->opt.npaths ? srv->rotation % srv->opt.npaths : 0;
	size_t count = srv->opt.rotate && srv->opt.npaths ? 1 : srv->opt.npaths;
	struct server_config **v = xcalloc(count ? count : 1, sizeof(*v));
	for (size_t i = 0; i < count; i++) {
		struct config_error cerr;
		const char *path = srv->opt.paths[first + i];
		struct config *c = config_parse_file(path, &cerr);
		if (c == NULL) {
			snprintf(err, errlen, "%s", cerr.message);
			configs_release(v, i);
			return -1;
		}
		v[i] = xcalloc(1, sizeof(*v[i]));
		v[i]->config = c;
		v[i]->refs = 1;
		v[i]->path = path;
	}
	*out = v;
	*nout = count;
	return 0;
}

void server_config_report(struct server *srv, const struct config *c)
{
	struct buf out = BUF_INIT;
	if (config_unsupported(c, &out)) {
		/* one warning per line the configuration layer wrote */
		const char *line = buf_cstr(&out);
		while (*line) {
			const char *end = strchr(line, '\n');
			size_t len = end ? (size_t)(end - line) : strlen(line);
			server_log(srv, SERVER_LOG_WARNING, "%.*s", (int)len, line);
			line += len + (end ? 1 : 0);
		}
	}
	buf_free(&out);
}

/* ---- listeners ---- */

static bool listen_wildcard(const struct server_listen *l)
{
	static const uint8_t zero[16];
	return memcmp(l->addr.addr, zero, afi_addr_len(l->addr.afi)) == 0;
}

static bool listen_covered(const struct server_listen *v, size_t n, const struct server_listen *l)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].port != l->port || v[i].addr.afi != l->addr.afi)
			continue;
		if (bgp_address_equal(&v[i].addr, &l->addr) || listen_wildcard(&v[i]))
			return true;
	}
	return false;
}

static int listen_open(struct server *srv, const struct server_listen *l, char *err, size_t errlen)
{
	char e[160], text[BGP_ADDRESS_STR_MAX];
	if (listen_covered(srv->listening, srv->nlistening, l))
		return 0;
	if (bgp_speaker_listen(srv->sp, &l->addr, l->port, e, sizeof(e)) < 0) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", bgp_address_format(&l->addr, text), l->port, e);
		return -1;
	}
	srv->listening = xrealloc(srv->listening, (srv->nlistening + 1) * sizeof(*srv->listening));
	srv->listening[srv->nlistening] = *l;
	server_log(srv, SERVER_LOG_INFO, "listening on %s port %u", bgp_address_format(&l->addr, text),
		   bgp_speaker_listen_port(srv->sp, (unsigned)srv->nlistening));
	srv->nlistening++;
	return 0;
}

int server_listen_update(struct server *srv, char *err, size_t errlen)
{
	const struct bgp_env *env = &srv->opt.env;
	if (env->bind_set) {
		/* exabgp.tcp.bind names every address; empty: do not listen */
		for (unsigned i = 0; i < env->nbind; i++) {
			struct server_listen l = {env->bind[i], env->port};
			if (listen_open(srv, &l, err, errlen) < 0)
				return -1;
		}
		return 0;
	}
	/* wildcards first, so a specific address under one is not bound twice */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < srv->npeers; i++) {
			struct server_listen l;
			if (server_neighbor_listen(srv, srv->peers[i], &l) < 0 || listen_wildcard(&l) != (pass == 0))
				continue;
			if (listen_open(srv, &l, err, errlen) < 0)
				return -1;
		}
	return 0;
}

/* ---- life ---- */

static void speaker_finished(struct bgp_speaker *sp, void *arg)
{
	struct server *srv = arg;
	(void)sp;
	server_log(srv, SERVER_LOG_INFO, "the connection limits of the environment are reached");
	if (srv->finished)
		srv->finished(srv, srv->finished_arg);
}

/* The routes of every peer into the store; neighbours with the same route blocks (a
 * template's) are loaded together, as one selection: ten neighbours of one template cost
 * one pass over its routes. */
static void load_routes(struct server *srv)
{
	bool *done = xcalloc(srv->npeers ? srv->npeers : 1, sizeof(*done));
	struct adjout **group = xcalloc(srv->npeers ? srv->npeers : 1, sizeof(*group));
	for (size_t i = 0; i < srv->npeers; i++) {
		if (done[i])
			continue;
		struct server_peer *p = srv->peers[i];
		size_t n = 0;
		for (size_t j = i; j < srv->npeers; j++) {
			struct server_peer *q = srv->peers[j];
			if (!done[j] && q->cfg == p->cfg && server_routes_shared(p->neighbor, q->neighbor)) {
				group[n++] = q->adj;
				done[j] = true;
			}
		}
		uint32_t peers = rib_peers_of(srv->store, group, n);
		size_t refused = server_routes_load(srv, p->cfg->config, p->neighbor, peers);
		rib_peers_unref(srv->store, peers);
		if (refused)
			server_log(srv, SERVER_LOG_WARNING, "%s: %zu routes could not be stored", p->name, refused);
	}
	free(group);
	free(done);
}

struct server *server_new(struct event_loop *loop, const struct server_options *o, char *err, size_t errlen)
{
	struct server *srv = xcalloc(1, sizeof(*srv));
	srv->loop = loop;
	srv->opt = *o;
	if (srv->opt.shape == 0)
		srv->opt.shape = JSON_SHAPE_V6;
	snprintf(srv->software, sizeof(srv->software), "%s", o->software ? o->software : "attobgp");
	if (o->host)
		snprintf(srv->host, sizeof(srv->host), "%s", o->host);
	else if (gethostname(srv->host, sizeof(srv->host) - 1) < 0)
		snprintf(srv->host, sizeof(srv->host), "localhost");
	srv->sp = bgp_speaker_new(loop, &srv->opt.env);
	bgp_speaker_on_finished(srv->sp, speaker_finished, srv);
	srv->store = rib_store_new();

	if (server_configs_load(srv, &srv->configs, &srv->nconfigs, err, errlen) < 0)
		goto out_free;
	for (size_t i = 0; i < srv->nconfigs; i++) {
		const struct config *c = srv->configs[i]->config;
		server_config_report(srv, c);
		for (size_t k = 0; k < c->nneighbors; k++) {
			char e[400];
			struct server_peer *p = server_peer_new(srv, srv->configs[i], c->neighbors[k], false, e, sizeof(e));
			if (p == NULL) {
				char addr[BGP_ADDRESS_STR_MAX];
				struct bgp_address a = {0};
				a.afi = c->neighbors[k]->settings.session.peer_address.afi;
				memcpy(a.addr, c->neighbors[k]->settings.session.peer_address.addr, 16);
				if (c->neighbors[k]->line)
					snprintf(err, errlen, "%s:%u:%u: neighbor %s: %s", c->source, c->neighbors[k]->line,
						 c->neighbors[k]->col, bgp_address_format(&a, addr), e);
				else
					snprintf(err, errlen, "%s: neighbor %s: %s", c->source, bgp_address_format(&a, addr), e);
				goto out_free;
			}
			server_peer_list(srv, p);
		}
	}
	load_routes(srv);
	rib_store_trim(srv->store);
	return srv;

out_free:
	server_free(srv);
	return NULL;
}

int server_start(struct server *srv, char *err, size_t errlen)
{
	if (server_listen_update(srv, err, errlen) < 0)
		return -1;
	srv->started = true;
	for (size_t i = 0; i < srv->npeers; i++)
		server_peer_start(srv->peers[i]);
	struct rib_memory m;
	rib_store_memory(srv->store, &m);
	server_log(srv, SERVER_LOG_INFO, "started: %zu neighbour(s), %zu route(s) in the store", srv->npeers, m.routes);
	return 0;
}

void server_free(struct server *srv)
{
	if (srv == NULL)
		return;
	/* sessions first: they hold the peers as their hooks' user */
	bgp_speaker_free(srv->sp);
	for (size_t i = 0; i < srv->npeers; i++) {
		struct server_peer *p = srv->peers[i];
		p->session = NULL;
		server_peer_release(p);
	}
	free(srv->peers);
	configs_release(srv->configs, srv->nconfigs);
	rib_store_free(srv->store);
	rib_store_free(srv->rib_in);
	free(srv->listening);
	for (size_t i = 0; i < srv->ndrain_own; i++)
		buf_free(&srv->drain_own[i]);
	free(srv->drain_own);
	free(srv);
}

static void shutdown_done(struct bgp_speaker *sp, void *arg)
{
	struct server *srv = arg;
	(void)sp;
	if (srv->done)
		srv->done(srv, srv->done_arg);
}

void server_shutdown(struct server *srv, const char *text, void (*done)(struct server *srv, void *arg), void *arg)
{
	srv->done = done;
	srv->done_arg = arg;
	server_log(srv, SERVER_LOG_INFO, "shutting down");
	bgp_speaker_shutdown(srv->sp, text ? text : srv->opt.shutdown_text, shutdown_done, srv);
}

void server_on_finished(struct server *srv, void (*fn)(struct server *srv, void *arg), void *arg)
{
	srv->finished = fn;
	srv->finished_arg = arg;
}

struct event_loop *server_loop(const struct server *srv) { return srv->loop; }
struct rib_store *server_store(const struct server *srv) { return srv->store; }
struct rib_store *server_rib_in(const struct server *srv) { return srv->rib_in; }
struct bgp_speaker *server_speaker(const struct server *srv) { return srv->sp; }

/* ---- routes ---- */

uint32_t server_peers_select(struct server *srv, struct server_peer *const *list, size_t n)
{
	if (list == NULL)
		return rib_peers_all(srv->store);
	struct adjout **v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = list[i]->adj;
	uint32_t set = rib_peers_of(srv->store, v, n);
	free(v);
	return set;
}

void server_routes_changed(struct server *srv)
{
	for (size_t i = 0; i < srv->npeers; i++)
		if (adjout_pending(srv->peers[i]->adj))
			bgp_session_routes_pending(srv->peers[i]->session);
}

int server_route_announce(struct server *srv, const struct route *r, uint32_t peers)
{
	int rc = rib_route_announce(srv->store, r, peers);
	server_routes_changed(srv);
	return rc;
}

int server_route_withdraw(struct server *srv, const struct nlri *n, uint32_t peers)
{
	int rc = rib_route_withdraw(srv->store, n, peers);
	server_routes_changed(srv);
	return rc;
}
