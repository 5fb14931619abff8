/* reload.c — the files read again, and only the differences applied (SIGHUP, SIGUSR1, the
 * API's `reload`).
 *
 * A neighbour is the same one across readings when its peer and local addresses are (the
 * key the speaker accepts connections by). Then:
 *   - same session settings: the session stays up; its Adj-RIB-Out is brought in step with
 *     the new routes (routes.c): only added, changed and removed routes are sent;
 *   - other session settings: Cease / Other Configuration Change (RFC 4486 6) and a new
 *     session (ExaBGP tears such a session down too);
 *   - gone from the files: Cease / Peer De-configured (RFC 4486 3), as ExaBGP;
 *   - new: a new session.
 * Peers made by the API (server_peer_create) are not the files' and are left alone.
 * Owns: that procedure. Must not know: syntax, sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "server/server_internal.h"
#include "wire/notification.h"

static struct server_peer *file_peer(const struct server *srv, const struct bgp_session_settings *set)
{
	for (size_t i = 0; i < srv->npeers; i++) {
		struct server_peer *p = srv->peers[i];
		if (!p->dynamic && bgp_address_equal(&p->set.peer_address, &set->peer_address) &&
		    bgp_address_equal(&p->set.local_address, &set->local_address))
			return p;
	}
	return NULL;
}

struct tally {
	size_t kept, changed, added, removed, failed;
	size_t routes_sent, routes_withdrawn;
	/* the peers kept, synced once all are known: those sharing route blocks together */
	struct kept {
		struct server_peer *p;
		struct server_config *sc;
		const struct config_neighbor *n;
	} *keep;
	size_t nkeep;
};

static void add_peer(struct server *srv, struct server_config *sc, const struct config_neighbor *n,
		     struct tally *t)
{
	char err[400];
	struct server_peer *p = server_peer_new(srv, sc, n, true, err, sizeof(err));
	if (p == NULL) {
		server_log(srv, SERVER_LOG_ERROR, "%s:%u:%u: neighbor not started: %s", sc->config->source, n->line, n->col,
			   err);
		t->failed++;
		return;
	}
	server_peer_list(srv, p);
	if (srv->started)
		server_peer_start(p);
}

static void apply(struct server *srv, struct server_config *sc, const struct config_neighbor *n, struct tally *t)
{
	struct bgp_session_settings set;
	char err[400];
	if (server_neighbor_settings(srv, &n->settings, &set, NULL, err, sizeof(err)) < 0) {
		server_log(srv, SERVER_LOG_ERROR, "%s:%u:%u: neighbor not started: %s", sc->config->source, n->line, n->col,
			   err);
		t->failed++;
		return;
	}
	struct server_peer *p = file_peer(srv, &set);
	if (p && p->generation == srv->generation) {
		/* configured twice in this reading (two files): the first one stands */
		server_log(srv, SERVER_LOG_ERROR, "%s:%u:%u: %s is configured twice", sc->config->source, n->line, n->col,
			   p->name);
		t->failed++;
		return;
	}
	if (p && server_settings_same(&p->set, &set)) {
		/* marked now (a second block for it is a duplicate), its routes synced later */
		p->generation = srv->generation;
		t->keep = xrealloc(t->keep, (t->nkeep + 1) * sizeof(*t->keep));
		t->keep[t->nkeep++] = (struct kept){p, sc, n};
		t->kept++;
		return;
	}
	if (p) {
		server_log(srv, SERVER_LOG_INFO, "%s: its settings changed: new session", p->name);
		server_peer_unlist(srv, p);
		server_peer_free(p, BGP_CEASE_OTHER_CONFIG_CHANGE, NULL);
		t->changed++;
	} else {
		t->added++;
	}
	add_peer(srv, sc, n, t);
}

/* The kept peers' routes: one pass over a route block serves every peer sharing it. */
static void sync_kept(struct server *srv, struct tally *t)
{
	struct server_peer **group = xcalloc(t->nkeep ? t->nkeep : 1, sizeof(*group));
	bool *done = xcalloc(t->nkeep ? t->nkeep : 1, sizeof(*done));
	for (size_t i = 0; i < t->nkeep; i++) {
		if (done[i])
			continue;
		size_t ng = 0;
		for (size_t j = i; j < t->nkeep; j++) {
			if (!done[j] && t->keep[j].sc == t->keep[i].sc && server_routes_shared(t->keep[i].n, t->keep[j].n)) {
				group[ng++] = t->keep[j].p;
				done[j] = true;
			}
		}
		size_t sent, withdrawn;
		server_routes_sync(srv, group, ng, t->keep[i].sc->config, t->keep[i].n, &sent, &withdrawn);
		if (sent || withdrawn)
			server_log(srv, SERVER_LOG_INFO, "%s%s: %zu route(s) to announce, %zu to withdraw",
				   group[0]->name, ng > 1 ? " and the neighbours sharing its routes" : "", sent, withdrawn);
		t->routes_sent += sent;
		t->routes_withdrawn += withdrawn;
	}
	for (size_t i = 0; i < t->nkeep; i++)
		server_peer_rebind(t->keep[i].p, t->keep[i].sc, t->keep[i].n);
	free(done);
	free(group);
	free(t->keep);
	t->keep = NULL;
}

int server_reload(struct server *srv, char *err, size_t errlen)
{
	struct server_config **configs;
	size_t nconfigs;
	srv->rotation++;
	if (server_configs_load(srv, &configs, &nconfigs, err, errlen) < 0) {
		srv->rotation--;
		server_log(srv, SERVER_LOG_ERROR, "reload refused, the running configuration stays: %s", err);
		return -1;
	}
	srv->generation++;
	struct tally t = {0};
	for (size_t i = 0; i < nconfigs; i++) {
		server_config_report(srv, configs[i]->config);
		for (size_t k = 0; k < configs[i]->config->nneighbors; k++)
			apply(srv, configs[i], configs[i]->config->neighbors[k], &t);
	}
	sync_kept(srv, &t);
	/* what this reading did not configure */
	for (size_t i = 0; i < srv->npeers;) {
		struct server_peer *p = srv->peers[i];
		if (p->dynamic || p->generation == srv->generation) {
			i++;
			continue;
		}
		server_log(srv, SERVER_LOG_INFO, "%s: removed from the configuration", p->name);
		server_peer_unlist(srv, p);
		server_peer_free(p, BGP_CEASE_PEER_DECONFIGURED, NULL);
		t.removed++;
	}
	for (size_t i = 0; i < srv->nconfigs; i++)
		server_config_unref(srv->configs[i]);
	free(srv->configs);
	srv->configs = configs;
	srv->nconfigs = nconfigs;

	char lerr[256];
	if (srv->started && server_listen_update(srv, lerr, sizeof(lerr)) < 0)
		server_log(srv, SERVER_LOG_ERROR, "reload: %s", lerr);
	server_routes_changed(srv);
	rib_store_trim(srv->store);
	server_log(srv, SERVER_LOG_INFO,
		   "reloaded: %zu neighbour(s) kept, %zu changed, %zu added, %zu removed%s; %zu route(s) to announce, "
		   "%zu to withdraw",
		   t.kept, t.changed, t.added, t.removed, t.failed ? " (some failed, see above)" : "", t.routes_sent,
		   t.routes_withdrawn);
	return 0;
}
