/* drain.c — a neighbour's (or a group's) pending changes into UPDATE messages.
 *
 * Owns: deciding, for each route a member may have to send, what to send —
 *     held (want) and not sent, or forced          → announce the path it holds
 *     not held and sent (or owing a withdraw)      → withdraw
 *     anything else                                → nothing (it is in step)
 * — from the route's state alone; where the candidates come from (the change log from the
 * member's cursor, then a walk of the whole store after a session start, a refresh or a
 * log overflow); batching them by (member, family, path) into update_collections packed
 * with the session's context; sharing the packing between members that must all be sent
 * the same thing; releasing routes whose last withdraw went out; telling the store when
 * a member's first UPDATEs of a session were taken (store_internal.h: withdraws owed).
 * Must not know: sockets (the caller writes the bytes), configuration.
 */
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"
#include "rib/adjout.h"
#include "rib/store_internal.h"

/* Items per batch: one pack pass. Visits per batch are bounded too, so a drain that finds
 * nothing to send in a large store still returns to the event loop now and then. */
#define DRAIN_ITEMS 4096
#define DRAIN_VISITS 65536
/* The log is cut back when longer than this or twice the store. */
#define LOG_MIN 65536

enum { ACT_NONE, ACT_ANNOUNCE, ACT_WITHDRAW };

struct drain_item {
	uint32_t route;
	uint32_t path;     /* 0: withdraw */
	uint32_t target;   /* member index, or n: every member (shared) */
	uint32_t fam;
	uint32_t next;     /* the next item of its run (DRAIN_END: last) */
};

/* A run: the items of one (target, family, path), chained in the order they came. */
struct drain_run {
	uint64_t key;      /* 0: free slot */
	uint32_t head, tail;
};

#define DRAIN_END UINT32_MAX
#define DRAIN_RUNS (2 * DRAIN_ITEMS) /* power of two, at most half full */

/* What a drain needs besides its members, kept by the store between drains (allocated at
 * the first one): a daemon drains after every write, so nothing here is allocated per call. */
struct drain_scratch {
	struct drain_item *items;
	struct drain_run *runs;        /* open addressing by key; every key 0 between drains */
	uint32_t *order;               /* run slots in the order they were opened */
	uint32_t *dead;                /* routes withdrawn in a batch: released after packing */
	size_t deadcap;
	uint8_t *kind;                 /* per member, for the route being visited */
	uint32_t *path;
	bool *walking;                 /* per member, before the batch: EOR when its walk ends */
	bool *found;                   /* per member: the drain found something to send it */
	size_t members;                /* room in kind, path, walking, found */
	struct update_collection c;
};

struct drain {
	struct rib_store *s;
	struct adjout *const *m;
	size_t n;
	uint32_t group;                /* the members as a set (referenced) */
	struct drain_item *items;
	size_t count;
	struct drain_run *runs;
	uint32_t *order;
	size_t nruns;
	uint32_t *dead;
	size_t ndead, deadcap;
	uint8_t *kind;
	uint32_t *path;
	bool *walking;
	bool *found;
	struct update_collection *c;
	bool same_self;                /* next-hop self resolves the same for every member */
	struct buf *shared;
	struct buf *own;
	struct wire_error *err;
};

static uint64_t run_key(uint32_t target, uint32_t fam, uint32_t path)
{
	/* never 0: the family index is offset by one */
	return (uint64_t)target << 40 | (uint64_t)(fam + 1) << 32 | path;
}

/* The path a withdrawal of route r is sent with (store_internal.h), or 0. */
static uint32_t withdraw_path(const struct rib_route *r)
{
	return r->flags & ROUTE_WITHDRAW_PATH ? r->v.path : 0;
}

/* Add an item to its run: routes sharing a path go into one update_collection, so they
 * share UPDATEs (grouping in linear time; the walk and the log mostly bring a path's
 * routes together anyway). */
static void push(struct drain *d, uint32_t route, uint32_t path, size_t target, uint32_t fam)
{
	uint32_t i = (uint32_t)d->count++;
	d->items[i] = (struct drain_item){route, path, (uint32_t)target, fam, DRAIN_END};
	uint64_t key = run_key((uint32_t)target, fam, path);
	if (path == 0) /* withdrawals sharing their attributes, apart from announces (bit 39) */
		key = run_key((uint32_t)target, fam, withdraw_path(route_ptr(d->s, route))) | (uint64_t)1 << 39;
	uint32_t slot = (uint32_t)(hash_mix(key) & (DRAIN_RUNS - 1));
	while (d->runs[slot].key && d->runs[slot].key != key)
		slot = (slot + 1) & (DRAIN_RUNS - 1);
	struct drain_run *run = &d->runs[slot];
	if (run->key == 0) {
		*run = (struct drain_run){key, i, i};
		d->order[d->nruns++] = slot;
	} else {
		d->items[run->tail].next = i;
		run->tail = i;
	}
}

static void mark_dead(struct drain *d, uint32_t id)
{
	if (d->ndead == d->deadcap) {
		d->deadcap = d->deadcap ? d->deadcap * 2 : 256;
		d->dead = xrealloc(d->dead, d->deadcap * sizeof(*d->dead));
		d->s->drain->dead = d->dead;
		d->s->drain->deadcap = d->deadcap;
	}
	d->dead[d->ndead++] = id;
}

/* What each member must be sent for route id, applied to the route's sent set at once (so
 * a later visit of the same route in this batch finds it in step). */
static void visit(struct drain *d, uint32_t id, struct rib_route *r, bool from_log, uint64_t pos, uint32_t force)
{
	struct rib_store *s = d->s;
	struct peersets *ps = &s->peers;
	uint32_t fam = r->fam;
	if (d->m[0]->ctx[fam] == NULL) {
		/* not negotiated by these sessions: nothing of the family was sent, so a withdraw
		 * owed (rib_route_withdraw) has nothing to take back */
		if (peerset_intersects(ps, r->sent, d->group)) {
			peerset_apply(ps, &r->sent, PEERSET_MINUS, d->group);
			mark_dead(d, id);
		}
		return;
	}

	bool same = true;
	for (size_t i = 0; i < d->n; i++) {
		const struct adjout *a = d->m[i];
		bool wanted = peerset_has(ps, r->v.want, a->num), sent = peerset_has(ps, r->sent, a->num);
		bool forced;
		if (from_log)
			forced = force && pos >= a->cursor && peerset_has(ps, force, a->num);
		else
			forced = a->walk != WALK_DONE && id >= a->walk && (a->walk_force >> fam & 1);
		d->kind[i] = ACT_NONE;
		d->path[i] = 0;
		if (wanted && (!sent || forced)) {
			d->kind[i] = ACT_ANNOUNCE;
			d->path[i] = route_path_of(s, r, a->num);
		} else if (!wanted && sent) {
			d->kind[i] = ACT_WITHDRAW;
		}
		if (d->kind[i] != ACT_NONE)
			d->found[i] = true;
		if (i && (d->kind[i] != d->kind[0] || d->path[i] != d->path[0]))
			same = false;
	}
	/* one packing for all only if the next hop resolves the same for all */
	if (same && d->kind[0] == ACT_ANNOUNCE && !d->same_self && path_get(&s->in, d->path[0])->nh.self)
		same = false;

	if (same) {
		if (d->kind[0] == ACT_NONE)
			return;
		push(d, id, d->path[0], d->n, fam);
		peerset_apply(ps, &r->sent, d->kind[0] == ACT_ANNOUNCE ? PEERSET_UNION : PEERSET_MINUS, d->group);
		for (size_t i = 0; i < d->n; i++) {
			if (d->kind[0] == ACT_ANNOUNCE)
				d->m[i]->announced++;
			else
				d->m[i]->withdrawn++;
		}
		if (d->kind[0] == ACT_WITHDRAW)
			mark_dead(d, id);
		return;
	}
	bool withdrawn = false;
	for (size_t i = 0; i < d->n; i++) {
		struct adjout *a = d->m[i];
		if (d->kind[i] == ACT_NONE)
			continue;
		push(d, id, d->path[i], i, fam);
		peerset_apply(ps, &r->sent, d->kind[i] == ACT_ANNOUNCE ? PEERSET_UNION : PEERSET_MINUS, a->self);
		if (d->kind[i] == ACT_ANNOUNCE) {
			a->announced++;
		} else {
			a->withdrawn++;
			withdrawn = true;
		}
	}
	if (withdrawn)
		mark_dead(d, id);
}

static void count_messages(struct drain *d, uint32_t target, size_t msgs)
{
	if (target == d->n) {
		for (size_t i = 0; i < d->n; i++)
			d->m[i]->messages += msgs;
	} else {
		d->m[target]->messages += msgs;
	}
}

/* Pack the batch: one update_collection per run, so every collection holds routes
 * sharing one attribute set and next hop; then release the routes nobody refers to any
 * more (their bytes were needed until now). */
static int flush(struct drain *d)
{
	struct rib_store *s = d->s;
	int rc = 0;
	/* withdraws first (as ExaBGP orders a collection), then announces as they came */
	for (size_t k = 0; k < 2 * d->nruns && rc == 0; k++) {
		struct drain_run *run = &d->runs[d->order[k % d->nruns]];
		const struct drain_item *first = &d->items[run->head];
		if ((first->path == 0) != (k < d->nruns))
			continue;
		update_collection_reset(d->c);
		for (uint32_t i = run->head; i != DRAIN_END; i = d->items[i].next) {
			struct route *rt = update_collection_add(d->c);
			const struct rib_route *r = route_ptr(s, d->items[i].route);
			rib_route_model(s, r, first->path, rt);
			uint32_t wpath = first->path ? 0 : withdraw_path(r);
			if (wpath) { /* a withdrawal with its attributes */
				const struct rib_path *p = path_get(&s->in, wpath);
				rt->nexthop = p->nh;
				rt->attrs = &p->attrs->set;
			}
		}
		struct buf *out = first->target == d->n ? d->shared : &d->own[first->target];
		size_t msgs = 0;
		/* a member's own run resolves next-hop self with its own addresses */
		const struct adjout *a = d->m[first->target == d->n ? 0 : first->target];
		struct pack_options opts = a->pack;
		opts.group = !(a->single >> first->fam & 1);
		if (update_collection_pack(d->c, a->ctx[first->fam], &opts, out, &msgs, d->err) < 0)
			rc = -1;
		else
			count_messages(d, first->target, msgs);
	}
	for (size_t k = 0; k < d->nruns; k++)
		d->runs[d->order[k]].key = 0;
	d->nruns = 0;
	d->count = 0;
	for (size_t i = 0; i < d->ndead; i++)
		if (route_get(s, d->dead[i]))
			route_release(s, d->dead[i]);
	d->ndead = 0;
	return rc;
}

static void emit_eor(struct drain *d, size_t i)
{
	struct adjout *a = d->m[i];
	struct buf *out = d->n == 1 ? d->shared : &d->own[i];
	for (int f = 0; f < FAMILY_COUNT; f++) {
		if (!a->ctx[f])
			continue;
		update_pack_eor(family_table[f].afi, family_table[f].safi, out);
		a->messages++;
	}
	a->eor_due = false;
}

static size_t produced(const struct drain *d)
{
	size_t len = d->shared->len;
	if (d->n > 1)
		for (size_t i = 0; i < d->n; i++)
			len += d->own[i].len;
	return len;
}

/* One batch from the log. Returns whether there was anything to look at. */
static bool batch_log(struct drain *d)
{
	struct rib_store *s = d->s;
	uint64_t pos = s->log.end;
	for (size_t i = 0; i < d->n; i++)
		if (d->m[i]->cursor < pos)
			pos = d->m[i]->cursor;
	if (pos == s->log.end)
		return false;
	for (size_t visits = 0; pos < s->log.end && d->count + d->n + 1 <= DRAIN_ITEMS && visits < DRAIN_VISITS;
	     visits++) {
		uint32_t force;
		uint64_t next;
		uint32_t id = log_read(&s->log, pos, &force, &next);
		struct rib_route *r = route_get(s, id);
		if (r)
			visit(d, id, r, true, pos, force);
		pos = next;
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->m[i]->cursor < pos)
			d->m[i]->cursor = pos;
	return true;
}

/* One batch of the walk of the store. Returns whether a member was walking. */
static bool batch_walk(struct drain *d)
{
	struct rib_store *s = d->s;
	uint32_t from = WALK_DONE;
	for (size_t i = 0; i < d->n; i++)
		if (d->m[i]->walk < from)
			from = d->m[i]->walk;
	if (from == WALK_DONE)
		return false;
	uint32_t id = route_next(s, from);
	for (size_t visits = 0; id != ROUTE_NONE && d->count + d->n + 1 <= DRAIN_ITEMS && visits < DRAIN_VISITS;
	     visits++) {
		visit(d, id, route_ptr(s, id), false, 0, 0);
		id = route_next(s, id + 1);
	}
	for (size_t i = 0; i < d->n; i++) {
		struct adjout *a = d->m[i];
		if (a->walk == WALK_DONE)
			continue;
		if (id == ROUTE_NONE) {
			a->walk = WALK_DONE;
			a->walk_force = 0;
		} else if (a->walk < id) {
			a->walk = id;
		}
	}
	return true;
}

int adjout_drain_group(struct adjout *const *members, size_t n, size_t budget, struct buf *shared, struct buf *own,
		       struct wire_error *err)
{
	if (n == 0)
		return 0;
	struct rib_store *s = members[0]->store;
	for (size_t i = 0; i < n; i++) {
		if (!members[i]->up || members[i]->store != s || !adjout_same_contexts(members[0], members[i]) ||
		    (n > 1 && own == NULL)) {
			wire_error_set(err, WIRE_SESSION_RESET, 0, 0, 0,
				       "drain: a group needs up neighbours with the same contexts");
			return -1;
		}
	}

	struct drain_scratch *x = s->drain;
	if (x == NULL) {
		x = s->drain = xcalloc(1, sizeof(*x));
		x->items = xmalloc(DRAIN_ITEMS * sizeof(*x->items));
		x->runs = xcalloc(DRAIN_RUNS, sizeof(*x->runs));
		x->order = xmalloc(DRAIN_ITEMS * sizeof(*x->order));
		update_collection_init(&x->c);
	}
	if (x->members < n) {
		x->kind = xrealloc(x->kind, n);
		x->path = xrealloc(x->path, n * sizeof(*x->path));
		x->walking = xrealloc(x->walking, n * sizeof(*x->walking));
		x->found = xrealloc(x->found, n * sizeof(*x->found));
		x->members = n;
	}
	struct drain d;
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.m = members;
	d.n = n;
	d.group = rib_peers_of(s, members, n);
	d.items = x->items;
	d.runs = x->runs;
	d.order = x->order;
	d.dead = x->dead;
	d.deadcap = x->deadcap;
	d.kind = x->kind;
	d.path = x->path;
	d.walking = x->walking;
	d.found = x->found;
	memset(d.found, 0, n * sizeof(*d.found));
	d.c = &x->c;
	d.same_self = true;
	for (size_t i = 1; i < n; i++)
		d.same_self &= adjout_same_self(members[0], members[i]);
	d.shared = shared;
	d.own = own;
	d.err = err;

	size_t start = produced(&d);
	int rc = 0;
	for (;;) {
		for (size_t i = 0; i < n; i++)
			d.walking[i] = members[i]->walk != WALK_DONE;
		if (!batch_log(&d) && !batch_walk(&d))
			break;
		if (flush(&d) < 0) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (d.walking[i] && members[i]->walk == WALK_DONE && members[i]->eor_due)
				emit_eor(&d, i);
		if (budget && produced(&d) - start >= budget)
			break;
	}

	/* a member whose first UPDATEs were queued (or found, by its walk after its session
	 * came up) has had them taken: from now on it is sent every withdraw (ExaBGP's
	 * include_withdraw) */
	for (size_t i = 0; i < n; i++)
		if (d.found[i] || peerset_has(&s->peers, s->first, members[i]->num))
			store_peer_settled(s, members[i]);
	store_log_trim(s);
	update_collection_reset(d.c);
	rib_peers_unref(s, d.group);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (adjout_pending(members[i]))
			return 1;
	return 0;
}

void drain_scratch_free(struct rib_store *s)
{
	struct drain_scratch *x = s->drain;
	if (x == NULL)
		return;
	update_collection_fini(&x->c);
	free(x->items);
	free(x->runs);
	free(x->order);
	free(x->dead);
	free(x->kind);
	free(x->path);
	free(x->walking);
	free(x->found);
	free(x);
	s->drain = NULL;
}

size_t drain_scratch_bytes(const struct rib_store *s)
{
	const struct drain_scratch *x = s->drain;
	if (x == NULL)
		return 0;
	return sizeof(*x) + DRAIN_ITEMS * (sizeof(*x->items) + sizeof(*x->order)) + DRAIN_RUNS * sizeof(*x->runs) +
	       x->deadcap * sizeof(*x->dead) + x->members * (1 + sizeof(*x->path) + sizeof(*x->walking) + sizeof(*x->found)) +
	       x->c.cap * sizeof(*x->c.routes) + x->c.arena.bytes;
}

int adjout_drain(struct adjout *a, size_t budget, struct buf *out, struct wire_error *err)
{
	return adjout_drain_group(&a, 1, budget, out, NULL, err);
}

/* ---- the log's length ---- */

/* Whether neighbour a has a force entry for it in the log from its cursor on. */
static bool forced_ahead(const struct rib_store *s, const struct adjout *a)
{
	for (uint64_t pos = a->cursor; pos < s->log.end;) {
		uint32_t force;
		uint64_t next;
		log_read(&s->log, pos, &force, &next);
		if (force && peerset_has(&s->peers, force, a->num))
			return true;
		pos = next;
	}
	return false;
}

void store_log_check(struct rib_store *s)
{
	uint64_t limit = (uint64_t)s->routes.count * 2;
	if (limit < LOG_MIN)
		limit = LOG_MIN;
	if (s->log.end - s->log.start <= limit)
		return;
	/* A neighbour this far behind is better served by a walk of the store: it finds
	 * every route out of step from the routes' state, so the entries can go. Forced
	 * entries (replaced routes) cannot be found that way: a neighbour with one ahead
	 * resends everything. */
	for (uint32_t i = 0; i < s->nadj; i++) {
		struct adjout *a = s->adj[i];
		if (!a || !a->up || s->log.end - a->cursor <= limit / 2)
			continue;
		if (forced_ahead(s, a))
			a->walk_force = ~(uint64_t)0;
		a->walk = 0;
		a->cursor = s->log.end;
	}
	store_log_trim(s);
}
