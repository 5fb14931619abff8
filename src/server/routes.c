/* routes.c — a neighbour's configured routes into the route store, and, on reload, its
 * Adj-RIB-Out brought in step with a new reading of the configuration.
 *
 * Owns: the translation from configuration route records (28-byte records pointing at
 * interned attributes) to store paths — each distinct attribute entry of a configuration is
 * interned in the store once per load, and runs of routes sharing it are added together
 * (rib_route_add_many) — and the reload difference.
 * Must not know: sessions (the caller wakes them), configuration syntax.
 *
 * Reload: the new routes are first given to a scratch neighbour of the store, which is
 * then a set to test the old Adj-RIB-Out against, and so are the routes of the reading the
 * peer was configured by: every route the peer holds that the old reading configured and
 * the new one does not is removed (a withdraw is queued if it was sent) — a route a helper
 * announced through the API is no file's and stays, as in ExaBGP (its reload replaces the
 * previous configuration's changes with the new one's, nothing else); then the new routes
 * are added to the peer, which the store turns into nothing for a route held with the same
 * path, a replacement for a changed one, an announce for a new one.
 */
#include <stdlib.h>
#include <string.h>

#include "config/routes.h"
#include "core/xalloc.h"
#include "server/server_internal.h"

#define RUN_MAX 256 /* routes added by one rib_route_add_many call */

/* The store path of each attribute entry of one configuration, interned on first use. */
struct path_cache {
	struct rib_store *store;
	const struct config_attr_table *attrs;
	uint32_t *path;   /* by attribute index; 0: not interned yet */
	size_t count;
};

static void cache_init(struct path_cache *pc, struct rib_store *s, const struct config *c)
{
	pc->store = s;
	pc->attrs = &c->attrs;
	pc->count = c->attrs.count;
	pc->path = xcalloc(pc->count ? pc->count : 1, sizeof(*pc->path));
}

static uint32_t cache_path(struct path_cache *pc, uint32_t attrs)
{
	if (attrs >= pc->count)
		return 0;
	if (pc->path[attrs] == 0) {
		const struct config_route_attrs *e = pc->attrs->v[attrs];
		pc->path[attrs] = rib_path_intern(pc->store, &e->set, &e->nexthop);
	}
	return pc->path[attrs];
}

/* The routes keep their own references: the cache gives its back. */
static void cache_fini(struct path_cache *pc)
{
	for (size_t i = 0; i < pc->count; i++)
		if (pc->path[i])
			rib_path_unref(pc->store, pc->path[i]);
	free(pc->path);
}

/* A run of routes sharing a path, added at once. */
struct run {
	struct nlri nlri[RUN_MAX];
	const struct nlri *ptr[RUN_MAX];
	size_t count;
	uint32_t path;
	size_t refused;
};

static void run_flush(struct rib_store *s, struct run *r, uint32_t peers)
{
	if (r->count)
		r->refused += rib_route_add_many(s, r->ptr, r->count, r->path, peers);
	r->count = 0;
}

static size_t load_blocks(struct rib_store *s, struct path_cache *pc, const struct config_neighbor *n,
			  uint32_t peers)
{
	struct run *r = xcalloc(1, sizeof(*r));
	for (size_t i = 0; i < RUN_MAX; i++)
		r->ptr[i] = &r->nlri[i];
	for (size_t b = 0; b < n->nblocks; b++) {
		const struct config_routes *block = n->blocks[b];
		for (size_t i = 0; i < block->count; i++) {
			const struct config_route *cr = &block->v[i];
			/* `withdraw` routes wait for their watchdog (an API command) */
			if (cr->flags & CONFIG_ROUTE_START_WITHDRAWN)
				continue;
			uint32_t path = cache_path(pc, cr->attrs);
			if (path != r->path || r->count == RUN_MAX) {
				run_flush(s, r, peers);
				r->path = path;
			}
			struct route view;
			config_route_view(cr, pc->attrs, &view);
			r->nlri[r->count++] = view.nlri;
		}
	}
	run_flush(s, r, peers);
	size_t refused = r->refused;
	free(r);
	return refused;
}

bool server_routes_shared(const struct config_neighbor *a, const struct config_neighbor *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->nblocks && a->blocks[i]->count == 0)
			i++;
		while (j < b->nblocks && b->blocks[j]->count == 0)
			j++;
		if (i == a->nblocks || j == b->nblocks)
			return i == a->nblocks && j == b->nblocks;
		if (a->blocks[i++] != b->blocks[j++])
			return false;
	}
}

size_t server_routes_load(struct server *srv, const struct config *c, const struct config_neighbor *n,
			  uint32_t peers)
{
	struct path_cache pc;
	cache_init(&pc, srv->store, c);
	size_t refused = load_blocks(srv->store, &pc, n, peers);
	cache_fini(&pc);
	return refused;
}

/* The routes of a peer's current configuration reading, held by a scratch neighbour: one
 * per distinct set of route blocks among the peers (ten neighbours of one template: one). */
struct previous {
	const struct config_neighbor *n;
	struct adjout *held;
};

static struct adjout *previous_of(struct rib_store *s, struct previous *prev, size_t *nprev,
				  const struct server_peer *p)
{
	for (size_t i = 0; i < *nprev; i++)
		if (server_routes_shared(prev[i].n, p->neighbor))
			return prev[i].held;
	struct path_cache pc;
	cache_init(&pc, s, p->cfg->config);
	struct adjout *held = adjout_new(s);
	load_blocks(s, &pc, p->neighbor, adjout_peers(held));
	cache_fini(&pc);
	prev[(*nprev)++] = (struct previous){p->neighbor, held};
	return held;
}

void server_routes_sync(struct server *srv, struct server_peer *const *peers, size_t np, const struct config *c,
			const struct config_neighbor *n, size_t *added, size_t *removed)
{
	struct rib_store *s = srv->store;
	struct path_cache pc;
	cache_init(&pc, s, c);

	/* the new routes, held by a scratch neighbour */
	struct adjout *next = adjout_new(s);
	load_blocks(s, &pc, n, adjout_peers(next));

	/* what a peer holds, the old reading configured and the new one does not: out */
	struct previous *prev = xcalloc(np ? np : 1, sizeof(*prev));
	size_t nprev = 0;
	size_t gone = 0, changed = 0;
	struct rib_iter it;
	const struct rib_route *r;
	for (size_t i = 0; i < np; i++) {
		struct adjout *before = previous_of(s, prev, &nprev, peers[i]);
		rib_iter_init(&it, 0, 0, peers[i]->adj);
		while ((r = rib_iter_next(s, &it)) != NULL) {
			if (rib_route_path(s, r, next) != 0 || rib_route_path(s, r, before) == 0)
				continue;
			struct nlri nl;
			rib_route_nlri(r, &nl);
			gone += (size_t)rib_route_remove(s, &nl, adjout_peers(peers[i]->adj));
		}
	}
	for (size_t i = 0; i < nprev; i++)
		adjout_free(prev[i].held);
	free(prev);
	/* the new routes to the peers at once: in step ones cost nothing (the store logs a
	 * change only for the peers that did not hold that path) */
	struct adjout **adj = xcalloc(np ? np : 1, sizeof(*adj));
	for (size_t i = 0; i < np; i++)
		adj[i] = peers[i]->adj;
	uint32_t group = rib_peers_of(s, adj, np);
	rib_iter_init(&it, 0, 0, next);
	while ((r = rib_iter_next(s, &it)) != NULL) {
		uint32_t want = rib_route_path(s, r, next);
		size_t differ = 0;
		for (size_t i = 0; i < np; i++)
			differ += rib_route_path(s, r, adj[i]) != want;
		if (differ == 0)
			continue;
		struct nlri nl;
		rib_route_nlri(r, &nl); /* the entry exists: adding to it moves nothing */
		if (rib_route_add(s, &nl, want, group) == 0)
			changed += differ;
	}
	rib_peers_unref(s, group);
	free(adj);
	adjout_free(next);
	cache_fini(&pc);
	*added = changed;
	*removed = gone;
}
