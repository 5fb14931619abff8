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
	if (b->long_nlri) {
		arena_free(b->long_nlri);
		free(b->long_nlri);
	}
	free(b->v);
	free(b->slots);
	memset(b, 0, sizeof(*b));
}

/* ---- the index by NLRI ---- */

struct route_key {
	int family;
	bool has_path_id;
	uint32_t path_id;
	const uint8_t *nlri;
	size_t len;
};

/* A record's NLRI bytes: inline, or (CONFIG_ROUTE_LONG_NLRI) in the block's long_nlri. */
static const uint8_t *record_nlri(const struct config_route *cr, size_t *len)
{
	if (cr->flags & CONFIG_ROUTE_LONG_NLRI) {
		const uint8_t *p;
		uint16_t l;
		memcpy(&p, cr->nlri, sizeof(p));
		memcpy(&l, cr->nlri + sizeof(p), sizeof(l));
		*len = l;
		return p;
	}
	*len = cr->nlri_len;
	return cr->nlri;
}

static void key_of_record(const struct config_route *cr, struct route_key *k)
{
	k->family = cr->family;
	k->has_path_id = (cr->flags & CONFIG_ROUTE_PATH_ID) != 0;
	k->path_id = k->has_path_id ? cr->path_id : 0;
	k->nlri = record_nlri(cr, &k->len);
}

static uint64_t key_hash(const struct route_key *k)
{
	uint64_t h = hash_bytes(k->nlri, k->len, 0x6b6579ULL);
	return hash_mix(h ^ ((uint64_t)k->family << 40) ^ ((uint64_t)k->has_path_id << 39) ^ k->path_id);
}

static bool key_is(const struct config_route *cr, const struct route_key *k)
{
	size_t len;
	const uint8_t *nlri = record_nlri(cr, &len);
	return cr->family == k->family && ((cr->flags & CONFIG_ROUTE_PATH_ID) != 0) == k->has_path_id &&
	       (!k->has_path_id || cr->path_id == k->path_id) && len == k->len &&
	       memcmp(nlri, k->nlri, k->len) == 0;
}

static void index_drop(struct config_routes *b)
{
	free(b->slots);
	b->slots = NULL;
	b->nslots = 0;
}

/* The slot holding k, or the empty slot where it would go. */
static size_t index_slot(const struct config_routes *b, const struct route_key *k)
{
	size_t mask = b->nslots - 1;
	size_t i = key_hash(k) & mask;
	while (b->slots[i] && !key_is(&b->v[b->slots[i] - 1], k))
		i = (i + 1) & mask;
	return i;
}

static void index_make(struct config_routes *b, size_t want)
{
	size_t n = 64;
	while (n < 2 * want + 2)
		n *= 2;
	free(b->slots);
	b->slots = xcalloc(n, sizeof(*b->slots));
	b->nslots = n;
	/* later routes win: an earlier one with the same NLRI is marked, then dropped */
	bool dropped = false;
	for (size_t i = 0; i < b->count; i++) {
		struct route_key k;
		key_of_record(&b->v[i], &k);
		size_t slot = index_slot(b, &k);
		if (b->slots[slot]) {
			b->v[b->slots[slot] - 1].nlri_len = 0xff; /* marked: no prefix is that long */
			dropped = true;
		}
		b->slots[slot] = (uint32_t)i + 1;
	}
	if (!dropped)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < b->count; i++)
		if (b->v[i].nlri_len != 0xff)
			b->v[kept++] = b->v[i];
	b->count = kept;
	index_make(b, want);
}

static void index_need(struct config_routes *b)
{
	if (b->slots == NULL || 2 * (b->count + 1) > b->nslots)
		index_make(b, b->count + 1);
}

static bool key_of_nlri(const struct nlri *n, struct route_key *k)
{
	k->family = config_family_index(n->afi, n->safi);
	k->has_path_id = n->has_path_id;
	k->path_id = n->has_path_id ? n->path_id : 0;
	k->nlri = n->data;
	k->len = n->len;
	return k->family >= 0 && n->len <= CONFIG_NLRI_MAX;
}

long config_routes_find(struct config_routes *b, const struct nlri *n)
{
	struct route_key k;
	if (!key_of_nlri(n, &k))
		return -1;
	index_need(b);
	size_t slot = index_slot(b, &k);
	return b->slots[slot] ? (long)b->slots[slot] - 1 : -1;
}

int config_routes_set(struct config_routes *b, const struct route *r, uint32_t attrs)
{
	struct route_key k;
	if (!key_of_nlri(&r->nlri, &k))
		return -1;
	index_need(b);
	size_t slot = index_slot(b, &k);
	if (b->slots[slot]) {
		/* the same route, new attributes: in place */
		struct config_route *cr = &b->v[b->slots[slot] - 1];
		cr->attrs = attrs;
		cr->flags = (uint8_t)((cr->flags & ~CONFIG_ROUTE_START_WITHDRAWN) |
				      (r->start_withdrawn ? CONFIG_ROUTE_START_WITHDRAWN : 0));
		return 0;
	}
	/* add, keeping the index (config_routes_add drops it) */
	uint32_t *slots = b->slots;
	size_t nslots = b->nslots;
	b->slots = NULL;
	int rc = config_routes_add(b, r, attrs);
	b->slots = slots;
	b->nslots = nslots;
	if (rc == 0)
		b->slots[slot] = (uint32_t)b->count;
	return rc;
}

/* Empty slot i, moving back the entries of its cluster that would no longer be found
 * (linear probing's deletion without tombstones). */
static void index_erase(struct config_routes *b, size_t i)
{
	size_t mask = b->nslots - 1;
	size_t j = i;
	for (;;) {
		j = (j + 1) & mask;
		if (b->slots[j] == 0)
			break;
		struct route_key k;
		key_of_record(&b->v[b->slots[j] - 1], &k);
		size_t home = key_hash(&k) & mask;
		/* j's entry may move to i when its home is not in (i, j] (cyclically) */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			b->slots[i] = b->slots[j];
			i = j;
		}
	}
	b->slots[i] = 0;
}

int config_routes_unset(struct config_routes *b, const struct nlri *n)
{
	struct route_key k;
	if (!key_of_nlri(n, &k))
		return 0;
	index_need(b);
	size_t slot = index_slot(b, &k);
	if (b->slots[slot] == 0)
		return 0;
	size_t pos = b->slots[slot] - 1, last = b->count - 1;
	index_erase(b, slot);
	if (pos != last) {
		/* the last route moves into the hole: its slot follows */
		struct route_key lk;
		key_of_record(&b->v[last], &lk);
		size_t ls = index_slot(b, &lk);
		b->v[pos] = b->v[last];
		b->slots[ls] = (uint32_t)pos + 1;
	}
	b->count--;
	return 1;
}

int config_routes_add(struct config_routes *b, const struct route *r, uint32_t attrs)
{
	index_drop(b);
	int family = config_family_index(r->nlri.afi, r->nlri.safi);
	if (family < 0 || r->nlri.len > CONFIG_NLRI_MAX)
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
	if (r->nlri.len > NLRI_PREFIX_MAX) {
		if (b->long_nlri == NULL) {
			b->long_nlri = xmalloc(sizeof(*b->long_nlri));
			arena_init(b->long_nlri, 4096);
		}
		const uint8_t *p = arena_dup(b->long_nlri, r->nlri.data, r->nlri.len);
		uint16_t l = r->nlri.len;
		cr->flags |= CONFIG_ROUTE_LONG_NLRI;
		memcpy(cr->nlri, &p, sizeof(p));
		memcpy(cr->nlri + sizeof(p), &l, sizeof(l));
		return 0;
	}
	cr->nlri_len = (uint8_t)r->nlri.len;
	memcpy(cr->nlri, r->nlri.data, r->nlri.len);
	return 0;
}

static bool same_nlri(const struct config_route *cr, const struct route *r)
{
	int family = config_family_index(r->nlri.afi, r->nlri.safi);
	size_t len;
	const uint8_t *nlri = record_nlri(cr, &len);
	if (family != cr->family || len != r->nlri.len)
		return false;
	if (((cr->flags & CONFIG_ROUTE_PATH_ID) != 0) != r->nlri.has_path_id)
		return false;
	if (r->nlri.has_path_id && cr->path_id != r->nlri.path_id)
		return false;
	return memcmp(nlri, r->nlri.data, len) == 0;
}

size_t config_routes_remove(struct config_routes *b, const struct route *r)
{
	index_drop(b);
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
	size_t len;
	out->nlri.data = record_nlri(cr, &len);
	out->nlri.len = (uint16_t)len;
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
	size_t la, lb;
	const uint8_t *na = record_nlri(a, &la), *nb = record_nlri(b, &lb);
	if (a->family != b->family || a->flags != b->flags || a->path_id != b->path_id || la != lb ||
	    memcmp(na, nb, la) != 0)
		return false;
	const struct config_route_attrs *x = ta->v[a->attrs], *y = tb->v[b->attrs];
	return entry_equal(x, &y->set, &y->nexthop, y->watchdog, y->name);
}
