/* store.c — the store's life cycle, its table of routes keyed by NLRI, finding and
 * releasing entries, paths and neighbour selections.
 *
 * Owns: the key of an entry (family, path id, NLRI as packed — the index is derived from
 * it, rib/index.h) and its hash; the size classes of entries; the route table, grown and
 * shrunk by walking the slabs in order (sequential memory, no pointer chasing).
 * Must not know: how routes move between neighbours (route.c), draining (drain.c).
 */
#include "rib/store_internal.h"

#include <assert.h>
#include <malloc.h>
#if defined(__SANITIZE_ADDRESS__)
/* sanitizer/allocator_interface.h, which this compiler does not ship */
void __sanitizer_purge_allocator(void);
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/hash.h"
#include "core/xalloc.h"
#include "rib/adjout.h"
#include "rib/index.h"
#include "wire/nlri_flow.h"

/* Entry sizes: header (16) + path id (0 or 4) + NLRI. An IPv4 /24 takes the first class. */
static const uint16_t class_size[ROUTE_CLASSES] = {20, 24, 28, 32, 36, 40, 44, 48,
						   56, 64, 80, 96, 128, 256, 1024, 4128};


static uint64_t key_hash(const struct rib_store *s, uint8_t fam, uint8_t flags, uint32_t path_id,
			 const uint8_t *data, size_t len)
{
	return hash_bytes(data, len, s->seed ^ ((uint64_t)fam << 40) ^ ((uint64_t)flags << 32) ^ path_id);
}

static uint32_t route_path_id(const struct rib_route *r)
{
	if (!(r->flags & ROUTE_PATH_ID))
		return 0;
	return (uint32_t)r->data[0] << 24 | (uint32_t)r->data[1] << 16 | (uint32_t)r->data[2] << 8 | r->data[3];
}

static uint64_t route_hash(const struct rib_store *s, const struct rib_route *r)
{
	return key_hash(s, r->fam, r->flags & ROUTE_PATH_ID, route_path_id(r), route_nlri_data(r), r->len);
}

static bool route_eq(void *ctx, uint32_t id, const void *key)
{
	const struct rib_route *r = route_ptr(ctx, id);
	const struct route_key *k = key;
	return r->fam == k->fam && (r->flags & ROUTE_PATH_ID) == k->flags && r->len == k->len &&
	       route_path_id(r) == k->path_id && memcmp(route_nlri_data(r), k->data, k->len) == 0;
}

static int fam_of(uint16_t afi, uint8_t safi)
{
	if (safi == SAFI_UNICAST && afi == AFI_IPV4)
		return 0;
	return family_index(afi, safi);
}

/* The key of n. A prefix's bits past its length are cleared (into scratch when n has
 * some), so a prefix has one key whatever a peer or a user wrote there. */
int route_key_of(const struct rib_store *s, const struct nlri *n, struct route_key *k,
		  uint8_t scratch[NLRI_PREFIX_MAX])
{
	int fam = fam_of(n->afi, n->safi);
	if (fam < 0 || n->len == 0 || n->len > RIB_NLRI_MAX || n->data == NULL)
		return -1;
	k->fam = (uint8_t)fam;
	k->flags = n->has_path_id ? ROUTE_PATH_ID : 0;
	k->path_id = n->has_path_id ? n->path_id : 0;
	k->len = n->len;
	k->data = n->data;
	if (family_supported(n->afi, n->safi) && !safi_is_flow(n->safi)) { /* a prefix */
		unsigned bits = n->data[0];
		if (bits > afi_addr_len(n->afi) * 8 || n->len != 1 + (bits + 7) / 8)
			return -1;
		if (bits % 8) {
			uint8_t mask = (uint8_t)(0xff00u >> (bits % 8));
			if (n->data[n->len - 1] & ~mask) {
				memcpy(scratch, n->data, n->len);
				scratch[n->len - 1] &= mask;
				k->data = scratch;
			}
		}
	}
	k->hash = key_hash(s, k->fam, k->flags, k->path_id, k->data, k->len);
	return 0;
}

uint32_t route_next(const struct rib_store *s, uint32_t from)
{
	for (uint32_t c = from >> ROUTE_CLASS_SHIFT; c < ROUTE_CLASSES; c++) {
		uint32_t start = c == from >> ROUTE_CLASS_SHIFT ? from & ROUTE_SLAB_MASK : 0;
		uint32_t id = slab_next(&s->slabs[c], start);
		if (id != SLAB_NONE)
			return c << ROUTE_CLASS_SHIFT | id;
	}
	return ROUTE_NONE;
}

static uint32_t route_find_slot(const struct rib_store *s, const struct route_key *k)
{
	return table_find(&s->routes, k->hash, route_eq, (void *)(uintptr_t)s, k);
}

static uint32_t route_find_id(const struct rib_store *s, const struct route_key *k)
{
	uint32_t slot = route_find_slot(s, k);
	return slot == TABLE_NONE ? ROUTE_NONE : table_id(&s->routes, slot);
}

uint32_t store_route_get(struct rib_store *s, const struct nlri *n, bool create)
{
	struct route_key k;
	uint8_t scratch[NLRI_PREFIX_MAX];
	if (route_key_of(s, n, &k, scratch) < 0)
		return ROUTE_NONE;
	return store_route_lookup(s, &k, create);
}

void route_key_prefetch(const struct rib_store *s, const struct route_key *k)
{
	if (s->routes.cap)
		__builtin_prefetch(&s->routes.slots[table_home(table_hash32(k->hash), s->routes.cap)]);
}

uint32_t store_route_lookup(struct rib_store *s, const struct route_key *key, bool create)
{
	const struct route_key k = *key;
	uint32_t slot = route_find_slot(s, &k);
	if (slot != TABLE_NONE) {
		s->hint = slot; /* a removal usually follows: route_release starts there */
		return table_id(&s->routes, slot);
	}
	if (!create)
		return ROUTE_NONE;

	size_t size = sizeof(struct rib_route) + (k.flags ? 4 : 0) + k.len;
	uint32_t c = 0;
	while (class_size[c] < size)
		c++;
	table_fit(&s->routes);
	uint32_t sid;
	struct rib_route *r = slab_alloc(&s->slabs[c], &sid);
	uint32_t id = c << ROUTE_CLASS_SHIFT | sid;
	memset(r, 0, sizeof(*r));
	r->fam = k.fam;
	r->flags = k.flags;
	r->len = k.len;
	uint8_t *p = r->data;
	if (k.flags) {
		p[0] = (uint8_t)(k.path_id >> 24);
		p[1] = (uint8_t)(k.path_id >> 16);
		p[2] = (uint8_t)(k.path_id >> 8);
		p[3] = (uint8_t)k.path_id;
		p += 4;
	}
	memcpy(p, k.data, k.len);
	table_insert(&s->routes, k.hash, id);
	return id;
}

void route_release(struct rib_store *s, uint32_t id)
{
	struct rib_route *r = route_ptr(s, id);
	if (r->v.want || r->sent)
		return;
	/* a block with no version does not outlive its last one (route.c collapses it) */
	assert(!(r->flags & ROUTE_MULTI));
	/* the slot of the last look-up, if it still holds this route (nothing moved since) */
	uint32_t slot = s->hint;
	if (slot >= s->routes.cap || s->routes.slots[slot].hash == 0 || s->routes.slots[slot].id != id)
		slot = table_find_id(&s->routes, route_hash(s, r), id);
	assert(slot != TABLE_NONE);
	table_remove_slot(&s->routes, slot);
	if (r->v.path)
		path_unref(&s->in, r->v.path);
	slab_free(&s->slabs[id >> ROUTE_CLASS_SHIFT], id & ROUTE_SLAB_MASK);
	table_fit(&s->routes);
}

/* ---- life cycle ---- */

static uint64_t store_seed(void)
{
	uint64_t seed;
	/* per-process random: a peer must not be able to aim collisions at the tables */
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = hash_mix((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 32 ^ (uint64_t)(uintptr_t)&ts);
	}
	return seed;
}

struct rib_store *rib_store_new(void)
{
	struct rib_store *s = xcalloc(1, sizeof(*s));
	s->seed = store_seed();
	for (int c = 0; c < ROUTE_CLASSES; c++)
		slab_init(&s->slabs[c], class_size[c]);
	table_init(&s->routes);
	interner_init(&s->in, hash_mix(s->seed + 1));
	pool_init(&s->versions);
	peersets_init(&s->peers, hash_mix(s->seed + 2));
	log_init(&s->log);
	return s;
}

void rib_store_free(struct rib_store *s)
{
	if (s == NULL)
		return;
	for (uint32_t i = 0; i < s->nadj; i++)
		assert(s->adj[i] == NULL); /* adjout_free every neighbour first */
	for (uint32_t id = 1; id < s->versions.n; id++)
		free(s->versions.objs[id]);
	pool_fini(&s->versions);
	log_fini(&s->log, &s->peers);
	drain_scratch_free(s);
	for (int c = 0; c < ROUTE_CLASSES; c++)
		slab_fini(&s->slabs[c]);
	table_fini(&s->routes);
	interner_fini(&s->in);
	peersets_fini(&s->peers);
	free(s->adj);
	free(s);
}

void rib_store_trim(struct rib_store *s)
{
	(void)s;
#if defined(__SANITIZE_ADDRESS__)
	/* ASan's allocator holds freed memory in its quarantine and caches; this is its
	 * malloc_trim (so the sanitizer build's test sees the memory come back too) */
	__sanitizer_purge_allocator();
#elif defined(__GLIBC__)
	malloc_trim(0);
#endif
}

/* ---- finding ---- */

const struct rib_route *rib_route_find(const struct rib_store *s, const struct nlri *n)
{
	struct route_key k;
	uint8_t scratch[NLRI_PREFIX_MAX];
	if (route_key_of(s, n, &k, scratch) < 0)
		return NULL;
	uint32_t id = route_find_id(s, &k);
	return id == ROUTE_NONE ? NULL : route_ptr(s, id);
}

const struct rib_route *rib_route_find_index(const struct rib_store *s, const char *hex, size_t len)
{
	struct nlri n;
	uint8_t storage[RIB_NLRI_MAX + 1];
	if (rib_index_parse(hex, len, &n, storage) < 0)
		return NULL;
	return rib_route_find(s, &n);
}

/* ---- paths ---- */

uint32_t rib_path_intern(struct rib_store *s, const struct attr_set *attrs, const struct nexthop *nh)
{
	return path_intern(&s->in, attrs, nh);
}

void rib_path_unref(struct rib_store *s, uint32_t path)
{
	if (path)
		path_unref(&s->in, path);
}

const struct attr_set *rib_path_attrs(const struct rib_store *s, uint32_t path)
{
	return &path_get(&s->in, path)->attrs->set;
}

const struct nexthop *rib_path_nexthop(const struct rib_store *s, uint32_t path)
{
	return &path_get(&s->in, path)->nh;
}

bool rib_path_same_attrs(const struct rib_store *s, uint32_t a, uint32_t b)
{
	return path_get(&s->in, a)->attrs == path_get(&s->in, b)->attrs;
}

/* ---- neighbour selections ---- */

uint32_t rib_peers_all(struct rib_store *s)
{
	peerset_ref(&s->peers, s->all);
	return s->all;
}

uint32_t rib_peers_of(struct rib_store *s, struct adjout *const *list, size_t n)
{
	uint32_t set = 0;
	for (size_t i = 0; i < n; i++)
		peerset_apply(&s->peers, &set, PEERSET_UNION, list[i]->self);
	return set;
}

void rib_peers_unref(struct rib_store *s, uint32_t peers)
{
	peerset_unref(&s->peers, peers);
}

uint32_t rib_peers_count(const struct rib_store *s, uint32_t peers)
{
	return peerset_count(&s->peers, peers);
}

/* ---- sessions and the log ---- */

void store_peer_up(struct rib_store *s, struct adjout *a, bool up)
{
	struct peersets *ps = &s->peers;
	peerset_apply(ps, &s->up, up ? PEERSET_UNION : PEERSET_MINUS, a->self);
	if (up) {
		peerset_apply(ps, &s->fresh, PEERSET_UNION, a->self);
		return;
	}
	peerset_apply(ps, &s->fresh, PEERSET_MINUS, a->self);
	peerset_apply(ps, &s->first, PEERSET_MINUS, a->self);
	peerset_apply(ps, &s->settled, PEERSET_MINUS, a->self);
}

void store_peers_queued(struct rib_store *s, uint32_t peers)
{
	struct peersets *ps = &s->peers;
	if (s->fresh == 0 || !peerset_intersects(ps, peers, s->fresh))
		return; /* the common case: every session is past its start */
	uint32_t moved = peerset_op(ps, PEERSET_AND, peers, s->fresh);
	peerset_apply(ps, &s->fresh, PEERSET_MINUS, moved);
	peerset_apply(ps, &s->first, PEERSET_UNION, moved);
	peerset_unref(ps, moved);
}

void store_peer_settled(struct rib_store *s, struct adjout *a)
{
	struct peersets *ps = &s->peers;
	if (peerset_has(ps, s->settled, a->num) || !peerset_has(ps, s->up, a->num))
		return;
	peerset_apply(ps, &s->fresh, PEERSET_MINUS, a->self);
	peerset_apply(ps, &s->first, PEERSET_MINUS, a->self);
	peerset_apply(ps, &s->settled, PEERSET_UNION, a->self);
}

void store_log_trim(struct rib_store *s)
{
	uint64_t upto = s->log.end;
	for (uint32_t i = 0; i < s->nadj; i++) {
		const struct adjout *a = s->adj[i];
		if (a && a->up && a->cursor < upto)
			upto = a->cursor;
	}
	log_trim(&s->log, upto, &s->peers);
}
