/* iter.c — walking the store for export, `routes list`, `show adj-rib out`.
 *
 * Owns: the order (route ids: slab order, see store.h) and the filters (family, neighbour).
 * Must not know: what the caller prints.
 */
#include "rib/adjout.h"
#include "rib/store_internal.h"

void rib_iter_init(struct rib_iter *it, uint16_t afi, uint8_t safi, const struct adjout *peer)
{
	it->next = 0;
	it->afi = afi;
	it->safi = afi ? safi : 0;
	it->peer = peer ? (int)peer->num : -1;
}

const struct rib_route *rib_iter_next(const struct rib_store *s, struct rib_iter *it)
{
	while (it->next != ROUTE_NONE) {
		uint32_t id = route_next(s, it->next);
		if (id == ROUTE_NONE) {
			it->next = ROUTE_NONE;
			break;
		}
		it->next = id + 1;
		const struct rib_route *r = route_ptr(s, id);
		const struct family *f = &family_table[r->fam];
		if (it->afi && (f->afi != it->afi || (it->safi && f->safi != it->safi)))
			continue;
		if (it->peer < 0 ? r->v.want == 0 : !peerset_has(&s->peers, r->v.want, (uint32_t)it->peer))
			continue;
		return r;
	}
	return NULL;
}
