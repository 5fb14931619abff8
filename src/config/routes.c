/* routes.c — see routes.h. */
#include "config/routes.h"

#include <stdlib.h>
#include <string.h>

#include "config/family_set.h"
#include "core/hash.h"
#include "core/xalloc.h"

_Static_assert(sizeof(struct config_route) == 28, "a stored route is 28 bytes");

#define ATTR_ARENA_CHUNK 16384

void config_attr_table_init(struct config_attr_table *t, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena, ATTR_ARENA_CHUNK);
	t->seed = seed;
}

void config_attr_table_fini(struct config_attr_table *t)
{
	arena_free(&t->arena);
	free(t->v);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static uint64_t str_hash(uint64_t h, const char *s, uint64_t seed)
{
	return hash_mix(h ^ (s ? hash_bytes(s, strlen(s), seed) : 0x9e3779b97f4a7c15ULL));
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static uint64_t entry_hash(const struct config_attr_table *t, const struct attr_set *set, const struct nexthop *nh,
			   const char *watchdog, const char *name)
{
	uint64_t h = attr_set_hash(set, t->seed);
	h = hash_mix(h ^ hash_bytes(nh, offsetof(struct nexthop, addr), t->seed));
	h = hash_mix(h ^ hash_bytes(nh->addr, nh->len, t->seed));
	h = str_hash(h, watchdog, t->seed);
	return str_hash(h, name, t->seed);
}

static bool entry_equal(const struct config_route_attrs *e, const struct attr_set *set, const struct nexthop *nh,
			const char *watchdog, const char *name)
{
	return nexthop_equal(&e->nexthop, nh) && attr_set_equal(&e->set, set) && str_same(e->watchdog, watchdog) &&
	       str_same(e->name, name);
}

static void table_grow(struct config_attr_table *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 256;
	uint32_t *slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < t->count; i++) {
		size_t k = t->v[i]->hash & (n - 1);
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
}

uint32_t config_attr_intern(struct config_attr_table *t, const struct attr_set *set, const struct nexthop *nh,
			    const char *watchdog, const char *name)
{
	static const struct attr_set empty;
	struct nexthop clean;

	if (set == NULL)
		set = &empty;
	/* bytes past the next hop's length carry nothing: zero them so equal hops hash equal */
	memset(&clean, 0, sizeof(clean));
	clean.len = nh->len;
	clean.self = nh->self;
	memcpy(clean.addr, nh->addr, nh->len <= sizeof(clean.addr) ? nh->len : sizeof(clean.addr));
	uint64_t h = entry_hash(t, set, &clean, watchdog, name);
	if (t->count * 2 >= t->nslots)
		table_grow(t);
	size_t k = h & (t->nslots - 1);
	while (t->slots[k]) {
		const struct config_route_attrs *e = t->v[t->slots[k] - 1];
		if (e->hash == h && entry_equal(e, set, &clean, watchdog, name))
			return t->slots[k] - 1;
		k = (k + 1) & (t->nslots - 1);
	}
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	/* entries live in the arena: a pointer to one stays valid while the table lives */
	struct config_route_attrs *e = arena_alloc(&t->arena, sizeof(*e));
	t->v[t->count] = e;
	attr_set_copy(&e->set, set, &t->arena);
	e->nexthop = clean;
	e->watchdog = watchdog ? arena_strndup(&t->arena, watchdog, strlen(watchdog)) : NULL;
	e->name = name ? arena_strndup(&t->arena, name, strlen(name)) : NULL;
	e->hash = h;
	t->slots[k] = (uint32_t)t->count + 1;
	return (uint32_t)t->count++;
}

void config_routes_init(struct config_routes *b)
{
	memset(b, 0, sizeof(*b));
}

void config_routes_fini(struct config_routes *b)
{
	free(b->v);
	memset(b, 0, sizeof(*b));
}

int config_routes_add(struct config_routes *b, const struct route *r, uint32_t attrs)
{
	int family = config_family_index(r->nlri.afi, r->nlri.safi);
	if (family < 0 || r->nlri.len > NLRI_PREFIX_MAX)
		return -1;
	if (b->count == b->cap) {
		/* growth by half: realloc of a large block moves pages, not bytes, and the peak
		 * stays near the final size */
		b->cap = b->cap ? b->cap + b->cap / 2 : 64;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	struct config_route *cr = &b->v[b->count++];
	memset(cr, 0, sizeof(*cr));
	cr->attrs = attrs;
	cr->family = (uint8_t)family;
	if (r->nlri.has_path_id) {
		cr->flags |= CONFIG_ROUTE_PATH_ID;
		cr->path_id = r->nlri.path_id;
	}
	if (r->start_withdrawn)
		cr->flags |= CONFIG_ROUTE_START_WITHDRAWN;
	cr->nlri_len = (uint8_t)r->nlri.len;
	memcpy(cr->nlri, r->nlri.data, r->nlri.len);
	return 0;
}

static bool same_nlri(const struct config_route *cr, const struct route *r)
{
	int family = config_family_index(r->nlri.afi, r->nlri.safi);
	if (family != cr->family || cr->nlri_len != r->nlri.len)
		return false;
	if (((cr->flags & CONFIG_ROUTE_PATH_ID) != 0) != r->nlri.has_path_id)
		return false;
	if (r->nlri.has_path_id && cr->path_id != r->nlri.path_id)
		return false;
	return memcmp(cr->nlri, r->nlri.data, cr->nlri_len) == 0;
}

size_t config_routes_remove(struct config_routes *b, const struct route *r)
{
	size_t kept = 0;
	for (size_t i = 0; i < b->count; i++)
		if (!same_nlri(&b->v[i], r))
			b->v[kept++] = b->v[i];
	size_t removed = b->count - kept;
	b->count = kept;
	return removed;
}

void config_route_view(const struct config_route *cr, const struct config_attr_table *t, struct route *out)
{
	const struct config_route_attrs *e = t->v[cr->attrs];
	memset(out, 0, sizeof(*out));
	out->nlri.afi = config_family_table[cr->family].afi;
	out->nlri.safi = config_family_table[cr->family].safi;
	out->nlri.has_path_id = (cr->flags & CONFIG_ROUTE_PATH_ID) != 0;
	out->nlri.path_id = cr->path_id;
	out->nlri.len = cr->nlri_len;
	out->nlri.data = cr->nlri;
	out->nexthop = e->nexthop;
	out->attrs = &e->set;
	out->action = ROUTE_ANNOUNCE;
	out->watchdog = e->watchdog;
	out->name = e->name;
	out->start_withdrawn = (cr->flags & CONFIG_ROUTE_START_WITHDRAWN) != 0;
}

bool config_route_equal(const struct config_route *a, const struct config_attr_table *ta,
			const struct config_route *b, const struct config_attr_table *tb)
{
	if (a->family != b->family || a->flags != b->flags || a->path_id != b->path_id ||
	    a->nlri_len != b->nlri_len || memcmp(a->nlri, b->nlri, a->nlri_len) != 0)
		return false;
	const struct config_route_attrs *x = ta->v[a->attrs], *y = tb->v[b->attrs];
	return entry_equal(x, &y->set, &y->nexthop, y->watchdog, y->name);
}
