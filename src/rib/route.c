/* route.c — moving neighbours between the versions of a route: add, replace, remove;
 * what a change queues for the neighbours whose session is up; the accessors of an entry.
 *
 * Owns: the rules that keep an entry consistent —
 *   - a neighbour holds at most one version (a path) of a route: adding moves it;
 *   - an entry normally has one version, inline; a second path held by other neighbours
 *     turns the entry into a block of (path, want) pairs, and a block of one version
 *     turns back into the inline form;
 *   - a change is logged once for all the up neighbours it concerns, with a "force" set
 *     for the neighbours whose peer holds an older path (they are "in step" by the sent
 *     bit but must be sent the new path, or owe a withdraw for a route they must now
 *     announce);
 *   - a neighbour past its session's first UPDATEs is sent every withdraw, as ExaBGP does
 *     (store_internal.h): taking a route out of its Adj-RIB-Out puts it in `sent`;
 *   - nothing a shared route points at is changed in place: paths are swapped, never
 *     edited.
 * Must not know: packing, sessions (drain.c and adjout.c act on the log).
 */
#include <assert.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "rib/index.h"
#include "rib/store_internal.h"

static size_t block_bytes(uint32_t cap)
{
	return sizeof(struct rib_versions) + (size_t)cap * sizeof(struct rib_version);
}

static struct rib_versions *block_of(const struct rib_store *s, const struct rib_route *r)
{
	return pool_get(&s->versions, r->v.path);
}

/* Inline version → a block holding it (the entry's want stays the union). */
static void to_multi(struct rib_store *s, struct rib_route *r)
{
	struct rib_versions *b = xmalloc(block_bytes(4));
	b->n = 1;
	b->cap = 4;
	b->v[0].path = r->v.path;                /* the path's reference moves */
	b->v[0].want = r->v.want;
	peerset_ref(&s->peers, r->v.want);       /* r->v.want keeps its own */
	r->v.path = pool_add(&s->versions, b, block_bytes(4));
	r->flags |= ROUTE_MULTI;
}

/* Drop versions nobody holds, recompute the union of the wants; a block down to one version
 * (or none) goes back inline. */
static void multi_settle(struct rib_store *s, struct rib_route *r)
{
	struct peersets *ps = &s->peers;
	struct rib_versions *b = block_of(s, r);
	uint32_t all = 0;
	for (uint32_t i = 0; i < b->n;) {
		if (b->v[i].want == 0) {
			path_unref(&s->in, b->v[i].path);
			b->v[i] = b->v[--b->n];
			continue;
		}
		peerset_apply(ps, &all, PEERSET_UNION, b->v[i].want);
		i++;
	}
	peerset_unref(ps, r->v.want);
	r->v.want = all;
	if (b->n > 1)
		return;
	uint32_t path = 0;
	if (b->n == 1) {
		path = b->v[0].path;
		peerset_unref(ps, b->v[0].want);
	}
	pool_del(&s->versions, r->v.path, block_bytes(b->cap));
	free(b);
	r->v.path = path;
	r->flags &= ~ROUTE_MULTI;
}

/* Take peers out of every version but the one with keep_path (0: none), dropping the
 * versions nobody holds any more. */
static void multi_minus(struct rib_store *s, struct rib_route *r, uint32_t peers, uint32_t keep_path)
{
	struct rib_versions *b = block_of(s, r);
	for (uint32_t i = 0; i < b->n;) {
		struct rib_version *v = &b->v[i];
		if (v->path != keep_path && peerset_intersects(&s->peers, v->want, peers)) {
			peerset_apply(&s->peers, &v->want, PEERSET_MINUS, peers);
			if (v->want == 0) {
				path_unref(&s->in, v->path);
				b->v[i] = b->v[--b->n];
				continue;
			}
		}
		i++;
	}
}

/* peers hold path in a block entry. Returns who held path before (referenced). */
static uint32_t multi_set(struct rib_store *s, struct rib_route *r, uint32_t path, uint32_t peers)
{
	uint32_t before = 0;
	multi_minus(s, r, peers, path);
	struct rib_versions *b = block_of(s, r);
	uint32_t i;
	for (i = 0; i < b->n; i++)
		if (b->v[i].path == path)
			break;
	if (i < b->n) {
		before = b->v[i].want;
		peerset_ref(&s->peers, before);
		peerset_apply(&s->peers, &b->v[i].want, PEERSET_UNION, peers);
	} else {
		if (b->n == b->cap) {
			uint32_t cap = b->cap * 2;
			s->versions.bytes += block_bytes(cap) - block_bytes(b->cap);
			b = xrealloc(b, block_bytes(cap));
			b->cap = cap;
			s->versions.objs[r->v.path] = b;
		}
		path_ref(&s->in, path);
		peerset_ref(&s->peers, peers);
		b->v[b->n++] = (struct rib_version){path, peers};
	}
	multi_settle(s, r);
	return before;
}

/* Per-neighbour route counts follow want (peerset.h: counted per set, not per neighbour). */
static void count_change(struct rib_store *s, uint32_t old, uint32_t now)
{
	peerset_holders_move(&s->peers, old, now);
}

static void log_change(struct rib_store *s, uint32_t id, uint32_t force)
{
	log_append(&s->log, id, force);
	store_log_check(s);
}

/* peers now hold (r, path). */
static void route_set(struct rib_store *s, uint32_t id, struct rib_route *r, uint32_t path, uint32_t peers)
{
	struct peersets *ps = &s->peers;

	if (peers == 0)
		return; /* nobody gets it: nothing changes */
	r->flags &= ~ROUTE_WITHDRAW_PATH; /* announced again: its path is a version's */
	if (r->v.want == 0 && r->sent == 0) {
		/* a new entry (the bulk of a load): no version to compare with, nothing sent */
		if (r->v.path != path) {
			path_ref(&s->in, path);
			if (r->v.path)
				path_unref(&s->in, r->v.path);
			r->v.path = path;
		}
		peerset_ref(ps, peers);
		r->v.want = peers;
		count_change(s, 0, peers);
		if (peerset_intersects(ps, peers, s->up)) {
			log_change(s, id, 0);
			store_peers_queued(s, peers);
		}
		return;
	}

	uint32_t old = r->v.want, before;
	peerset_ref(ps, old);

	if (!(r->flags & ROUTE_MULTI) &&
	    (r->v.path == path || r->v.want == 0 || peerset_subset(ps, r->v.want, peers))) {
		/* one version still: every holder has (or moves to) path */
		before = r->v.path == path ? r->v.want : 0;
		peerset_ref(ps, before);
		if (r->v.path != path) {
			path_ref(&s->in, path);
			if (r->v.path)
				path_unref(&s->in, r->v.path);
			r->v.path = path;
		}
		peerset_apply(ps, &r->v.want, PEERSET_UNION, peers);
	} else {
		if (!(r->flags & ROUTE_MULTI))
			to_multi(s, r);
		before = multi_set(s, r, path, peers);
	}

	/* Up neighbours that did not hold path have something to send; those whose peer has
	 * another version of the route must send it although their sent bit is set. */
	uint32_t up = peerset_op(ps, PEERSET_AND, peers, s->up);
	uint32_t changed = peerset_op(ps, PEERSET_MINUS, up, before);
	if (changed) {
		log_change(s, id, peerset_op(ps, PEERSET_AND, changed, r->sent));
		store_peers_queued(s, changed);
	}
	peerset_unref(ps, changed);
	peerset_unref(ps, up);

	count_change(s, old, r->v.want);
	peerset_unref(ps, before);
	peerset_unref(ps, old);
}

int rib_route_add(struct rib_store *s, const struct nlri *n, uint32_t path, uint32_t peers)
{
	if (path == 0)
		return -1;
	uint32_t id = store_route_get(s, n, true);
	if (id == ROUTE_NONE)
		return -1;
	route_set(s, id, route_ptr(s, id), path, peers);
	route_release(s, id); /* only when peers was empty and the entry new */
	return 0;
}

size_t rib_route_add_many(struct rib_store *s, const struct nlri *const *n, size_t count, uint32_t path,
			  uint32_t peers)
{
	enum { AHEAD = 16 };
	struct route_key k[AHEAD];
	uint8_t scratch[AHEAD][NLRI_PREFIX_MAX];
	bool valid[AHEAD];
	size_t failed = 0;
	if (path == 0)
		return count;
	/* Keys and table slots of a group first, then the adds: the group's cache misses on
	 * the table overlap instead of queueing one behind the other. */
	for (size_t base = 0; base < count; base += AHEAD) {
		size_t g = count - base < AHEAD ? count - base : AHEAD;
		for (size_t i = 0; i < g; i++) {
			valid[i] = route_key_of(s, n[base + i], &k[i], scratch[i]) == 0;
			if (valid[i])
				route_key_prefetch(s, &k[i]);
		}
		for (size_t i = 0; i < g; i++) {
			uint32_t id = valid[i] ? store_route_lookup(s, &k[i], true) : ROUTE_NONE;
			if (id == ROUTE_NONE) {
				failed++;
				continue;
			}
			route_set(s, id, route_ptr(s, id), path, peers);
			route_release(s, id);
		}
	}
	return failed;
}

int rib_route_announce(struct rib_store *s, const struct route *r, uint32_t peers)
{
	if (r->attrs == NULL)
		return -1;
	uint32_t path = rib_path_intern(s, r->attrs, &r->nexthop);
	int rc = rib_route_add(s, &r->nlri, path, peers);
	rib_path_unref(s, path);
	return rc;
}

int route_remove(struct rib_store *s, uint32_t id, uint32_t peers)
{
	struct peersets *ps = &s->peers;
	struct rib_route *r = route_ptr(s, id);
	uint32_t had = peerset_op(ps, PEERSET_AND, peers, r->v.want);
	if (had == 0)
		return 0;
	uint32_t old = r->v.want;
	peerset_ref(ps, old);
	if (r->flags & ROUTE_MULTI) {
		multi_minus(s, r, peers, 0);
		multi_settle(s, r);
	} else {
		peerset_apply(ps, &r->v.want, PEERSET_MINUS, peers);
	}
	/* settled peers are sent the withdraw even if the announce is still to go (then
	 * never goes): ExaBGP's Adj-RIB-Out queues the withdraw in its place */
	if (s->settled && peerset_intersects(ps, had, s->settled) && !peerset_subset(ps, had, r->sent)) {
		uint32_t owe = peerset_op(ps, PEERSET_AND, had, s->settled);
		peerset_apply(ps, &r->sent, PEERSET_UNION, owe);
		peerset_unref(ps, owe);
	}
	store_peers_queued(s, had);
	/* the peers that were sent it (or owe it) need a withdraw (sent implies up) */
	if (peerset_intersects(ps, had, r->sent))
		log_change(s, id, 0);
	count_change(s, old, r->v.want);
	peerset_unref(ps, old);
	peerset_unref(ps, had);
	route_release(s, id);
	return 1;
}

int rib_route_remove(struct rib_store *s, const struct nlri *n, uint32_t peers)
{
	uint32_t id = store_route_get(s, n, false);
	return id == ROUTE_NONE ? 0 : route_remove(s, id, peers);
}

int rib_route_withdraw(struct rib_store *s, const struct nlri *n, uint32_t peers)
{
	return rib_route_withdraw_path(s, n, 0, peers);
}

/* The latest withdrawal's path, in an entry no neighbour holds (store_internal.h). */
static void withdraw_path_set(struct rib_store *s, uint32_t id, uint32_t path)
{
	struct rib_route *r = route_ptr(s, id);
	if (r->v.want || (r->flags & ROUTE_MULTI))
		return; /* held by others: the path is their version's */
	if (r->v.path != path) {
		if (path)
			path_ref(&s->in, path);
		if (r->v.path)
			path_unref(&s->in, r->v.path);
		r->v.path = path;
	}
	if (path)
		r->flags |= ROUTE_WITHDRAW_PATH;
	else
		r->flags &= ~ROUTE_WITHDRAW_PATH;
}

static int withdraw(struct rib_store *s, const struct nlri *n, uint32_t peers);

int rib_route_withdraw_path(struct rib_store *s, const struct nlri *n, uint32_t path, uint32_t peers)
{
	int held = withdraw(s, n, peers);
	/* the entry stays while a withdraw is owed (its sent bits); else it is gone already */
	uint32_t id = store_route_get(s, n, false);
	if (id != ROUTE_NONE)
		withdraw_path_set(s, id, path);
	return held;
}

static int withdraw(struct rib_store *s, const struct nlri *n, uint32_t peers)
{
	struct peersets *ps = &s->peers;
	uint32_t id = store_route_get(s, n, false);
	/* the settled peers that do not hold it (those that do are route_remove's) */
	uint32_t owe = 0;
	if (s->settled && peerset_intersects(ps, peers, s->settled)) {
		owe = peerset_op(ps, PEERSET_AND, peers, s->settled);
		if (id != ROUTE_NONE)
			peerset_apply(ps, &owe, PEERSET_MINUS, route_ptr(s, id)->v.want);
	}
	int held = id == ROUTE_NONE ? 0 : route_remove(s, id, peers);
	store_peers_queued(s, peers); /* a withdraw queued for them, even if none is sent */
	if (owe == 0)
		return held;
	/* an entry with no version (made if need be), kept by their sent bits until the
	 * withdraw is out; those with a withdraw still to go already have theirs */
	id = store_route_get(s, n, true);
	if (id != ROUTE_NONE) {
		struct rib_route *r = route_ptr(s, id);
		peerset_apply(ps, &owe, PEERSET_MINUS, r->sent);
		if (owe) {
			peerset_apply(ps, &r->sent, PEERSET_UNION, owe);
			log_change(s, id, 0);
		}
		route_release(s, id);
	}
	peerset_unref(ps, owe);
	return held;
}

int rib_route_replace(struct rib_store *s, const struct nlri *n, uint32_t path)
{
	if (path == 0)
		return -1;
	uint32_t id = store_route_get(s, n, false);
	if (id == ROUTE_NONE)
		return -1;
	struct rib_route *r = route_ptr(s, id);
	uint32_t holders = r->v.want;
	if (holders == 0)
		return -1;
	peerset_ref(&s->peers, holders);
	route_set(s, id, r, path, holders);
	peerset_unref(&s->peers, holders);
	return 0;
}

void route_drop_peer(struct rib_store *s, uint32_t id, uint32_t self, bool keep_want)
{
	struct peersets *ps = &s->peers;
	struct rib_route *r = route_ptr(s, id);
	if (peerset_intersects(ps, r->sent, self))
		peerset_apply(ps, &r->sent, PEERSET_MINUS, self);
	if (!keep_want && peerset_intersects(ps, r->v.want, self)) {
		uint32_t old = r->v.want;
		peerset_ref(ps, old);
		if (r->flags & ROUTE_MULTI) {
			multi_minus(s, r, self, 0);
			multi_settle(s, r);
		} else {
			peerset_apply(ps, &r->v.want, PEERSET_MINUS, self);
		}
		count_change(s, old, r->v.want);
		peerset_unref(ps, old);
	}
	route_release(s, id);
}

/* ---- accessors ---- */

uint32_t route_path_of(const struct rib_store *s, const struct rib_route *r, uint32_t num)
{
	if (!peerset_has(&s->peers, r->v.want, num))
		return 0;
	if (!(r->flags & ROUTE_MULTI))
		return r->v.path;
	const struct rib_versions *b = block_of(s, r);
	for (uint32_t i = 0; i < b->n; i++)
		if (peerset_has(&s->peers, b->v[i].want, num))
			return b->v[i].path;
	return 0;
}

void rib_route_nlri(const struct rib_route *r, struct nlri *out)
{
	memset(out, 0, sizeof(*out));
	out->afi = family_table[r->fam].afi;
	out->safi = family_table[r->fam].safi;
	out->has_path_id = (r->flags & ROUTE_PATH_ID) != 0;
	if (out->has_path_id)
		out->path_id = (uint32_t)r->data[0] << 24 | (uint32_t)r->data[1] << 16 |
			       (uint32_t)r->data[2] << 8 | r->data[3];
	out->len = r->len;
	out->data = route_nlri_data(r);
}

size_t rib_route_index(const struct rib_route *r, uint8_t *out)
{
	struct nlri n;
	rib_route_nlri(r, &n);
	return rib_index_make(&n, out);
}

uint32_t rib_route_refcount(const struct rib_store *s, const struct rib_route *r)
{
	return peerset_union_count(&s->peers, r->v.want, r->sent);
}

uint32_t rib_route_path(const struct rib_store *s, const struct rib_route *r, const struct adjout *peer)
{
	if (peer)
		return route_path_of(s, r, peer->num);
	uint32_t n;
	const struct rib_version *v = route_versions(s, r, &n);
	return n ? v[0].path : 0;
}

uint32_t rib_route_versions(const struct rib_store *s, const struct rib_route *r)
{
	uint32_t n;
	route_versions(s, r, &n);
	return n;
}

void rib_route_model(const struct rib_store *s, const struct rib_route *r, uint32_t path, struct route *out)
{
	memset(out, 0, sizeof(*out));
	rib_route_nlri(r, &out->nlri);
	out->action = ROUTE_ANNOUNCE;
	if (path) {
		const struct rib_path *p = path_get(&s->in, path);
		out->nexthop = p->nh;
		out->attrs = &p->attrs->set;
	} else {
		out->action = ROUTE_WITHDRAW;
	}
}
