/* adjout.c — a neighbour's life cycle in the store: its number, its session going up and
 * down, refresh and clear. Draining is drain.c.
 *
 * Owns: handing out neighbour numbers (the lowest free one, so sets stay one word for
 * the first 64 neighbours) and the walks of the whole store that a neighbour's events need.
 * Must not know: packing.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "rib/adjout.h"
#include "rib/store_internal.h"

struct adjout *adjout_new(struct rib_store *s)
{
	uint32_t num = 0;
	while (num < s->nadj && s->adj[num])
		num++;
	if (num == s->nadj) {
		if (s->nadj == s->adjcap) {
			s->adjcap = s->adjcap ? s->adjcap * 2 : 16;
			s->adj = xrealloc(s->adj, s->adjcap * sizeof(*s->adj));
		}
		s->nadj++;
	}
	struct adjout *a = xcalloc(1, sizeof(*a));
	a->store = s;
	a->num = num;
	a->self = peerset_single(&s->peers, num);
	a->walk = WALK_DONE;
	s->adj[num] = a;
	peerset_apply(&s->peers, &s->all, PEERSET_UNION, a->self);
	return a;
}

void adjout_free(struct adjout *a)
{
	if (a == NULL)
		return;
	struct rib_store *s = a->store;
	adjout_down(a);
	for (uint32_t id = route_next(s, 0); id != ROUTE_NONE; id = route_next(s, id + 1)) {
		const struct rib_route *r = route_ptr(s, id);
		if (peerset_has(&s->peers, r->v.want, a->num) || peerset_has(&s->peers, r->sent, a->num))
			route_drop_peer(s, id, a->self, false);
	}
	peerset_apply(&s->peers, &s->all, PEERSET_MINUS, a->self);
	peerset_unref(&s->peers, a->self);
	s->adj[a->num] = NULL;
	while (s->nadj && s->adj[s->nadj - 1] == NULL)
		s->nadj--;
	free(a);
}

uint32_t adjout_peers(const struct adjout *a)
{
	return a->self;
}

void adjout_up(struct adjout *a, const struct adjout_session *session)
{
	struct rib_store *s = a->store;
	if (a->up)
		adjout_down(a);
	memcpy(a->ctx, session->ctx, sizeof(a->ctx));
	memset(&a->pack, 0, sizeof(a->pack));
	a->pack.group = true;
	a->single = session->single;
	if (session->self4) {
		memcpy(a->self4, session->self4, 4);
		a->pack.self4 = a->self4;
	}
	if (session->self6) {
		memcpy(a->self6, session->self6, 16);
		a->pack.self6 = a->self6;
	}
	if (session->link_local) {
		memcpy(a->link_local, session->link_local, 16);
		a->pack.link_local = a->link_local;
	}
	a->send_eor = session->send_eor;
	a->up = true;
	store_peer_up(s, a, true);
	/* everything logged so far is covered by the walk */
	a->cursor = s->log.end;
	a->walk = 0;
	a->walk_force = 0;
	a->eor_due = session->send_eor;
}

void adjout_down(struct adjout *a)
{
	struct rib_store *s = a->store;
	if (!a->up)
		return;
	a->up = false;
	store_peer_up(s, a, false);
	a->walk = WALK_DONE;
	a->walk_force = 0;
	a->eor_due = false;
	a->cursor = 0;
	for (uint32_t id = route_next(s, 0); id != ROUTE_NONE; id = route_next(s, id + 1))
		if (peerset_has(&s->peers, route_ptr(s, id)->sent, a->num))
			route_drop_peer(s, id, a->self, true);
	store_log_trim(s);
}

void adjout_refresh(struct adjout *a, uint16_t afi, uint8_t safi)
{
	if (!a->up)
		return;
	uint64_t fams = ~(uint64_t)0;
	if (afi) {
		int f = family_index(afi, safi);
		if (f < 0)
			return;
		fams = (uint64_t)1 << f;
	}
	a->walk_force |= fams;
	a->walk = 0;
}

void adjout_clear(struct adjout *a)
{
	struct rib_store *s = a->store;
	for (uint32_t id = route_next(s, 0); id != ROUTE_NONE; id = route_next(s, id + 1))
		if (peerset_has(&s->peers, route_ptr(s, id)->v.want, a->num))
			route_remove(s, id, a->self);
}

bool adjout_pending(const struct adjout *a)
{
	return a->up && (a->walk != WALK_DONE || a->cursor < a->store->log.end);
}

bool adjout_same_contexts(const struct adjout *a, const struct adjout *b)
{
	if (a == b)
		return true;
	if (memcmp(a->ctx, b->ctx, sizeof(a->ctx)) != 0 || a->single != b->single)
		return false;
	return !a->pack.link_local == !b->pack.link_local &&
	       (!a->pack.link_local || memcmp(a->link_local, b->link_local, 16) == 0);
}

bool adjout_same_self(const struct adjout *a, const struct adjout *b)
{
	if (a == b)
		return true;
	if (!a->pack.self4 != !b->pack.self4 || (a->pack.self4 && memcmp(a->self4, b->self4, 4)))
		return false;
	return !a->pack.self6 == !b->pack.self6 && (!a->pack.self6 || memcmp(a->self6, b->self6, 16) == 0);
}

void adjout_stats(const struct adjout *a, struct adjout_stats *st)
{
	st->routes = peerset_holders_of(&a->store->peers, a->num);
	st->messages = a->messages;
	st->announced = a->announced;
	st->withdrawn = a->withdrawn;
	st->up = a->up;
	st->walking = a->up && a->walk != WALK_DONE;
}
