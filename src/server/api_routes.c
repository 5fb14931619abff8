/* api_routes.c — the API's operations on routes, over the route store: announcing and
 * withdrawing (routes_apply, all or nothing; with API_APPLY_CONFIG the routes also join or
 * leave the neighbours' configuration, which a save writes), finding one by its index,
 * walking Adj-RIBs in steps, End-of-RIB, route refresh, watchdogs, flushing and clearing.
 *
 * Owns: which target peers a route reaches — those configured for its family (ExaBGP's
 * inject_change: a neighbour without the family is skipped, and a command no target peer
 * can carry is refused) — and the checks made before anything changes.
 * Must not know: command syntax, sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/family_set.h"
#include "config/setup.h"
#include "core/xalloc.h"
#include "rib/index.h"
#include "server/server_api_internal.h"
#include "wire/family.h"

/* ---- routes_apply ---- */

/* The store's selection of the target peers configured for family f, made on first use. */
struct family_sets {
	struct rib_store *store;
	struct server_peer *const *peers;
	size_t n;
	uint32_t set[FAMILY_COUNT];
	bool made[FAMILY_COUNT];
};

static uint32_t family_set_of(struct family_sets *fs, int f)
{
	if (!fs->made[f]) {
		struct adjout **adj = xcalloc(fs->n ? fs->n : 1, sizeof(*adj));
		size_t k = 0;
		for (size_t i = 0; i < fs->n; i++)
			if (fs->peers[i]->set.families & ((uint64_t)1 << f))
				adj[k++] = fs->peers[i]->adj;
		fs->set[f] = rib_peers_of(fs->store, adj, k);
		fs->made[f] = true;
		free(adj);
	}
	return fs->set[f];
}

static void family_sets_fini(struct family_sets *fs)
{
	for (int f = 0; f < FAMILY_COUNT; f++)
		if (fs->made[f])
			rib_peers_unref(fs->store, fs->set[f]);
}

/* Everything that could make the change fail, checked before anything changes. */
static int check(struct server_peer *const *peers, size_t n, const struct update_collection *c, unsigned flags,
		 struct api_error *err)
{
	uint64_t carried = 0;
	char fam[FAMILY_NAME_MAX];
	for (size_t i = 0; i < n; i++)
		carried |= peers[i]->set.families;
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		int f = family_index(r->nlri.afi, r->nlri.safi);
		if (f < 0) {
			snprintf(err->why, sizeof(err->why), "family %s is not supported",
				 family_format(r->nlri.afi, r->nlri.safi, fam));
			return -1;
		}
		if (!(carried & ((uint64_t)1 << f))) {
			snprintf(err->why, sizeof(err->why), "no selected peer is configured for %s",
				 family_format(r->nlri.afi, r->nlri.safi, fam));
			return -1;
		}
		if (r->nlri.len > RIB_NLRI_MAX || (r->action == ROUTE_ANNOUNCE && r->attrs == NULL)) {
			snprintf(err->why, sizeof(err->why), "a route the store cannot hold");
			return -1;
		}
		if (!(flags & API_APPLY_CONFIG))
			continue;
		if (config_family_index(r->nlri.afi, r->nlri.safi) < 0 || r->nlri.len > CONFIG_NLRI_MAX) {
			snprintf(err->why, sizeof(err->why), "%s routes cannot be kept in a configuration",
				 family_format(r->nlri.afi, r->nlri.safi, fam));
			return -1;
		}
		/* a template's route is every inheriting neighbour's: changed there, not here */
		for (size_t k = 0; k < n; k++) {
			if (!(peers[k]->set.families & ((uint64_t)1 << f)))
				continue;
			const char *tmpl = config_neighbor_route_template(peers[k]->cfg->config, peers[k]->neighbor, &r->nlri);
			if (tmpl) {
				snprintf(err->why, sizeof(err->why),
					 "the route comes from template %s of %s: change it in the template", tmpl,
					 peers[k]->name);
				return -1;
			}
		}
	}
	return 0;
}

/* The configuration of every target peer carrying the route's family follows the change. */
static void config_follow(struct server_peer *const *peers, size_t n, const struct route *r, int f)
{
	for (size_t k = 0; k < n; k++) {
		struct server_peer *p = peers[k];
		if (!(p->set.families & ((uint64_t)1 << f)))
			continue;
		/* the server owns its configurations: the neighbour is ours to change */
		struct config_neighbor *cn = (struct config_neighbor *)p->neighbor;
		int changed = r->action == ROUTE_ANNOUNCE ? config_neighbor_route_set(p->cfg->config, cn, r) == 0
							  : config_neighbor_route_unset(cn, &r->nlri) > 0;
		if (changed)
			p->cfg->dirty = true;
	}
}

/* `withdraw ...`: with the attributes given with it or by its group (`group attributes
 * ...; withdraw ...`), which go out with it where the family's withdrawals carry some
 * (rib/store.h rib_route_withdraw_path) */
static int route_withdraw(struct rib_store *s, const struct route *r, uint32_t peers)
{
	if (r->attrs == NULL)
		return rib_route_withdraw(s, &r->nlri, peers);
	uint32_t path = rib_path_intern(s, r->attrs, &r->nexthop);
	int rc = rib_route_withdraw_path(s, &r->nlri, path, peers);
	rib_path_unref(s, path);
	return rc;
}

int server_api_routes_apply(void *be, const struct api_target *t, const struct update_collection *c, unsigned flags,
			    size_t *withdrawn_missing, struct api_error *err)
{
	struct server_api *sa = be;
	struct server *srv = sa->srv;
	struct server_peer **peers;
	size_t n = server_api_target_peers(sa, t, &peers);
	size_t missing = 0;

	if (n == 0) {
		snprintf(err->why, sizeof(err->why), "no peer matches");
		free(peers);
		return -1;
	}
	if (check(peers, n, c, flags, err) < 0) {
		free(peers);
		return -1;
	}
	struct family_sets fs = {.store = srv->store, .peers = peers, .n = n};
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		int f = family_index(r->nlri.afi, r->nlri.safi);
		uint32_t set = family_set_of(&fs, f);
		if (r->action == ROUTE_ANNOUNCE) {
			if (rib_route_announce(srv->store, r, set) < 0)
				server_log(srv, SERVER_LOG_ERROR, "api: a checked route was refused by the store");
		} else if ((flags & API_APPLY_CONFIG ? rib_route_remove(srv->store, &r->nlri, set)
						     : route_withdraw(srv->store, r, set)) == 0) {
			/* `withdraw route`: the peers past their first UPDATEs are sent the withdraw all
			 * the same, as ExaBGP sends every withdraw it is given; `routes remove` of a
			 * route no peer holds answers "removed": false and sends nothing */
			missing++;
		}
		/* saved, the route joins the neighbour's configuration (a reload keeps it, the file
		 * has it); with --no-save it stays the API's, which a reload leaves alone as ExaBGP */
		if ((flags & API_APPLY_CONFIG) && sa->opt.save)
			config_follow(peers, n, r, f);
	}
	family_sets_fini(&fs);
	free(peers);
	server_routes_changed(srv);
	if (withdrawn_missing)
		*withdrawn_missing = missing;
	return 0;
}

int server_api_route_find(void *be, const struct nlri *n, struct route *out)
{
	struct server_api *sa = be;
	struct rib_store *s = sa->srv->store;
	const struct rib_route *r = rib_route_find(s, n);
	if (r == NULL)
		return -1;
	uint32_t path = rib_route_path(s, r, NULL);
	if (path == 0)
		return -1;
	rib_route_model(s, r, path, out);
	return 0;
}

/* ---- walks ---- */

/* `routes list`: every route some target peer holds, once. */
static int walk_routes(struct server_api *sa, const struct api_target *t, uint16_t afi, uint8_t safi,
		       struct api_walk *w, size_t max, api_route_fn each, void *ctx)
{
	struct rib_store *s = sa->srv->store;
	struct server_peer **peers;
	size_t n = server_api_target_peers(sa, t, &peers);
	struct rib_iter it;
	struct route model;
	int rc = 1;

	rib_iter_init(&it, afi, safi, NULL);
	it.next = (uint32_t)w->pos[0];
	for (size_t done = 0; done < max;) {
		const struct rib_route *r = rib_iter_next(s, &it);
		if (r == NULL) {
			rc = 0;
			break;
		}
		uint32_t path = 0;
		for (size_t i = 0; i < n && path == 0; i++)
			path = rib_route_path(s, r, peers[i]->adj);
		w->pos[0] = it.next;
		if (path == 0)
			continue;
		rib_route_model(s, r, path, &model);
		if (each(ctx, SIZE_MAX, &model))
			break;
		done++;
	}
	free(peers);
	return rc;
}

/* `rib show in|out`: per target peer, peer after peer. pos[1]: the peer, pos[0]: where in
 * its walk. */
static int walk_peers(struct server_api *sa, const struct api_target *t, bool in, uint16_t afi, uint8_t safi,
		      struct api_walk *w, size_t max, api_route_fn each, void *ctx)
{
	struct rib_store *s = in ? sa->srv->rib_in : sa->srv->store;
	struct rib_iter it;
	struct route model;
	size_t done = 0;

	while (w->pos[1] < t->count) {
		struct server_peer *p = server_api_target_peer(sa, t, (size_t)w->pos[1]);
		struct adjout *adj = p == NULL ? NULL : in ? p->adj_in : p->adj;
		const struct rib_route *r = NULL;
		if (adj && s) {
			rib_iter_init(&it, afi, safi, adj);
			it.next = (uint32_t)w->pos[0];
			while (done < max && (r = rib_iter_next(s, &it)) != NULL) {
				rib_route_model(s, r, rib_route_path(s, r, adj), &model);
				w->pos[0] = it.next;
				done++;
				if (each(ctx, (size_t)w->pos[1], &model))
					return 1;
			}
			if (done == max && r != NULL)
				return 1;
		}
		w->pos[1]++;
		w->pos[0] = 0;
		if (done == max)
			return w->pos[1] < t->count ? 1 : 0;
	}
	return 0;
}

int server_api_rib_walk(void *be, const struct api_target *t, enum api_rib which, uint16_t afi, uint8_t safi,
			struct api_walk *w, size_t max, api_route_fn each, void *ctx, struct api_error *err)
{
	struct server_api *sa = be;
	(void)err;
	if (which == API_RIB_ROUTES)
		return walk_routes(sa, t, afi, safi, w, max, each, ctx);
	/* a peer without adj-rib-in simply shows nothing (ExaBGP shows an empty Adj-RIB-In) */
	return walk_peers(sa, t, which == API_RIB_IN, afi, safi, w, max, each, ctx);
}

/* ---- session messages ---- */

static bool established_with(const struct server_peer *p, uint16_t afi, uint8_t safi)
{
	const struct bgp_negotiated *ng = bgp_session_negotiated(p->session);
	return ng && (ng->families & family_bit(afi, safi));
}

/* Sends one message (End-of-RIB, ROUTE-REFRESH) to each target peer established with the
 * family; an error naming what was missing when none could take it. */
static int send_to_targets(struct server_api *sa, const struct api_target *t, uint16_t afi, uint8_t safi,
			   int (*send)(struct server_peer *p, uint16_t afi, uint8_t safi), const char *missing,
			   struct api_error *err)
{
	char name[FAMILY_NAME_MAX];
	size_t sent = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		if (p && established_with(p, afi, safi) && send(p, afi, safi) == 0)
			sent++;
	}
	if (sent == 0) {
		snprintf(err->why, sizeof(err->why), "no selected peer is established with %s%s",
			 family_format(afi, safi, name), missing);
		return -1;
	}
	return 0;
}

int server_api_send_eor(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err)
{
	return send_to_targets(be, t, afi, safi, server_peer_send_eor, "", err);
}

int server_api_send_refresh(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err)
{
	return send_to_targets(be, t, afi, safi, server_peer_send_refresh, " and route refresh", err);
}

/* ---- watchdogs ---- */

struct watchdog_walk {
	struct server *srv;
	const char *name;
	bool announce;
	uint32_t peers;
	size_t count;
};

static int watchdog_each(void *ctx, const struct route *r)
{
	struct watchdog_walk *ww = ctx;
	if (r->watchdog == NULL || strcmp(r->watchdog, ww->name) != 0)
		return 0;
	if (ww->announce)
		rib_route_announce(ww->srv->store, r, ww->peers);
	else
		rib_route_remove(ww->srv->store, &r->nlri, ww->peers);
	ww->count++;
	return 0;
}

int server_api_watchdog(void *be, const struct api_target *t, const char *name, bool announce, struct api_error *err)
{
	struct server_api *sa = be;
	(void)err;
	/* ExaBGP: the routes of the configuration given `watchdog NAME` (those written
	 * `withdraw` start withdrawn) are announced or withdrawn together */
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		if (p == NULL)
			continue;
		struct watchdog_walk ww = {sa->srv, name, announce, adjout_peers(p->adj), 0};
		config_neighbor_routes(p->cfg->config, p->neighbor, watchdog_each, &ww);
	}
	server_routes_changed(sa->srv);
	return 0;
}

/* ---- flush, clear ---- */

int server_api_rib_flush(void *be, const struct api_target *t, struct api_error *err)
{
	struct server_api *sa = be;
	(void)err;
	/* ExaBGP resends as for a ROUTE-REFRESH from the peer: with route refresh, the routes
	 * come between a BoRR and an EoRR per family (RFC 7313 4); a peer not Established has
	 * nothing to resend (its next session sends everything anyway) */
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		if (p)
			server_peer_resend(p);
	}
	return 0;
}

int server_api_rib_clear(void *be, const struct api_target *t, enum api_rib which, struct api_error *err)
{
	struct server_api *sa = be;
	(void)err;
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		if (p == NULL)
			continue;
		if (which == API_RIB_IN) {
			if (p->adj_in)
				adjout_clear(p->adj_in);
		} else {
			adjout_clear(p->adj);
		}
	}
	server_routes_changed(sa->srv);
	return 0;
}
