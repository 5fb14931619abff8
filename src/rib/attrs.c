/* attrs.c — see attrs.h. OpenBGPD's aspath_get/aspath_put and BIRD's rta_lookup in one
 * shape: look up by value, take a reference, free on the last unref. */
#include "rib/attrs.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"

#define HAS(s, code) (((s)->present & ATTR_BIT(code)) != 0)

/* ---- blobs ---- */

struct blob_key {
	uint8_t kind;
	const uint8_t *data;
	uint32_t len;
};

static size_t blob_size(uint32_t len) { return sizeof(struct rib_blob) + len; }

static bool blob_eq(void *ctx, uint32_t id, const void *key)
{
	const struct rib_blob *b = pool_get(&((struct rib_interner *)ctx)->blobs, id);
	const struct blob_key *k = key;
	return b->kind == k->kind && b->len == k->len && memcmp(b->data, k->data, k->len) == 0;
}

static struct rib_blob *blob_intern(struct rib_interner *in, uint8_t kind, struct bytes v)
{
	struct blob_key key = {kind, v.ptr, v.len};
	uint64_t hash = hash_bytes(v.ptr, v.len, in->seed + kind);
	uint32_t slot = table_find(&in->blobs.table, hash, blob_eq, in, &key);
	if (slot != TABLE_NONE) {
		struct rib_blob *b = pool_get(&in->blobs, table_id(&in->blobs.table, slot));
		b->refcnt++;
		return b;
	}
	struct rib_blob *b = xmalloc(blob_size(v.len));
	memset(b, 0, sizeof(*b));
	b->refcnt = 1;
	b->hash = hash;
	b->len = v.len;
	b->kind = kind;
	memcpy(b->data, v.ptr, v.len);
	b->id = pool_add(&in->blobs, b, blob_size(v.len));
	in->blob_count[kind]++;
	in->blob_bytes[kind] += blob_size(v.len);
	table_fit(&in->blobs.table);
	table_insert(&in->blobs.table, hash, b->id);
	return b;
}

static struct rib_blob *blob_of(const uint8_t *data)
{
	return (struct rib_blob *)(void *)(data - offsetof(struct rib_blob, data));
}

static void blob_unref(struct rib_interner *in, struct rib_blob *b)
{
	assert(b->refcnt > 0);
	if (--b->refcnt)
		return;
	table_remove_slot(&in->blobs.table, table_find_id(&in->blobs.table, b->hash, b->id));
	table_fit(&in->blobs.table);
	in->blob_count[b->kind]--;
	in->blob_bytes[b->kind] -= blob_size(b->len);
	pool_del(&in->blobs, b->id, blob_size(b->len));
	free(b);
}

/* ---- attribute sets ---- */

/* Every view of a set by blob kind, with its attribute code (0: `unknown`, kept whenever
 * not empty). */
static const struct {
	uint8_t code;
	size_t offset;
} views[RIB_BLOB_KINDS] = {
	[RIB_BLOB_AS_PATH] = {ATTR_AS_PATH, offsetof(struct attr_set, as_path)},
	[RIB_BLOB_COMMUNITIES] = {ATTR_COMMUNITIES, offsetof(struct attr_set, communities)},
	[RIB_BLOB_CLUSTER_LIST] = {ATTR_CLUSTER_LIST, offsetof(struct attr_set, cluster_list)},
	[RIB_BLOB_EXT_COMMUNITIES] = {ATTR_EXT_COMMUNITIES, offsetof(struct attr_set, ext_communities)},
	[RIB_BLOB_IPV6_EXT_COMMUNITIES] = {ATTR_IPV6_EXT_COMMUNITIES, offsetof(struct attr_set, ipv6_ext_communities)},
	[RIB_BLOB_LARGE_COMMUNITIES] = {ATTR_LARGE_COMMUNITIES, offsetof(struct attr_set, large_communities)},
	[RIB_BLOB_AIGP] = {ATTR_AIGP, offsetof(struct attr_set, aigp)},
	[RIB_BLOB_UNKNOWN] = {0, offsetof(struct attr_set, unknown)},
};

static struct bytes view_get(const struct attr_set *s, int kind)
{
	struct bytes v;
	memcpy(&v, (const char *)s + views[kind].offset, sizeof(v));
	return v;
}

static void view_set(struct attr_set *s, int kind, struct bytes v)
{
	memcpy((char *)s + views[kind].offset, &v, sizeof(v));
}

static bool attrs_eq(void *ctx, uint32_t id, const void *key)
{
	const struct rib_attrs *a = pool_get(&((struct rib_interner *)ctx)->attrs, id);
	return attr_set_equal(&a->set, key);
}

/* The canonical form of src: fixed fields of absent attributes zero, so the stored value
 * does not depend on whatever the caller left in them. */
static void set_canonical(struct attr_set *dst, const struct attr_set *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->present = src->present;
	if (HAS(src, ATTR_ORIGIN))
		dst->origin = src->origin;
	if (HAS(src, ATTR_NEXT_HOP))
		memcpy(dst->next_hop, src->next_hop, 4);
	if (HAS(src, ATTR_MED))
		dst->med = src->med;
	if (HAS(src, ATTR_LOCAL_PREF))
		dst->local_pref = src->local_pref;
	if (HAS(src, ATTR_AGGREGATOR)) {
		dst->aggregator_as = src->aggregator_as;
		memcpy(dst->aggregator_ip, src->aggregator_ip, 4);
	}
	if (HAS(src, ATTR_ORIGINATOR_ID))
		dst->originator_id = src->originator_id;
	if (HAS(src, ATTR_OTC))
		dst->otc = src->otc;
}

static struct rib_attrs *attrs_intern(struct rib_interner *in, const struct attr_set *set)
{
	uint64_t hash = attr_set_hash(set, in->seed);
	uint32_t slot = table_find(&in->attrs.table, hash, attrs_eq, in, set);
	if (slot != TABLE_NONE) {
		struct rib_attrs *a = pool_get(&in->attrs, table_id(&in->attrs.table, slot));
		a->refcnt++;
		return a;
	}
	struct rib_attrs *a = xmalloc(sizeof(*a));
	a->refcnt = 1;
	a->hash = hash;
	set_canonical(&a->set, set);
	for (int i = 0; i < RIB_BLOB_KINDS; i++) {
		struct bytes v = view_get(set, i);
		if ((views[i].code && !HAS(set, views[i].code)) || v.len == 0)
			continue;
		view_set(&a->set, i, (struct bytes){blob_intern(in, (uint8_t)i, v)->data, v.len});
	}
	a->id = pool_add(&in->attrs, a, sizeof(*a));
	table_fit(&in->attrs.table);
	table_insert(&in->attrs.table, hash, a->id);
	return a;
}

static void attrs_unref(struct rib_interner *in, struct rib_attrs *a)
{
	assert(a->refcnt > 0);
	if (--a->refcnt)
		return;
	table_remove_slot(&in->attrs.table, table_find_id(&in->attrs.table, a->hash, a->id));
	table_fit(&in->attrs.table);
	for (int i = 0; i < RIB_BLOB_KINDS; i++) {
		struct bytes v = view_get(&a->set, i);
		if (v.len)
			blob_unref(in, blob_of(v.ptr));
	}
	pool_del(&in->attrs, a->id, sizeof(*a));
	free(a);
}

/* ---- paths ---- */

struct path_key {
	const struct rib_attrs *attrs;
	const struct nexthop *nh;
};

static bool path_eq(void *ctx, uint32_t id, const void *key)
{
	const struct rib_path *p = path_get(ctx, id);
	const struct path_key *k = key;
	return p->attrs == k->attrs && nexthop_equal(&p->nh, k->nh);
}

uint32_t path_intern(struct rib_interner *in, const struct attr_set *attrs, const struct nexthop *nh)
{
	struct nexthop canon;
	memset(&canon, 0, sizeof(canon));
	canon.len = nh->len > sizeof(canon.addr) ? sizeof(canon.addr) : nh->len;
	canon.self = nh->self;
	memcpy(canon.addr, nh->addr, canon.len);

	struct rib_attrs *a = attrs_intern(in, attrs);
	struct path_key key = {a, &canon};
	uint64_t hash = hash_bytes(&canon, sizeof(canon), in->seed ^ a->hash);
	uint32_t slot = table_find(&in->paths.table, hash, path_eq, in, &key);
	if (slot != TABLE_NONE) {
		uint32_t id = table_id(&in->paths.table, slot);
		attrs_unref(in, a); /* the path already holds one */
		path_ref(in, id);
		return id;
	}
	struct rib_path *p = xmalloc(sizeof(*p));
	p->refcnt = 1;
	p->hash = hash;
	p->attrs = a;
	p->nh = canon;
	p->id = pool_add(&in->paths, p, sizeof(*p));
	table_fit(&in->paths.table);
	table_insert(&in->paths.table, hash, p->id);
	return p->id;
}

void path_ref(struct rib_interner *in, uint32_t id)
{
	((struct rib_path *)pool_get(&in->paths, id))->refcnt++;
}

void path_unref(struct rib_interner *in, uint32_t id)
{
	struct rib_path *p = pool_get(&in->paths, id);
	assert(p->refcnt > 0);
	if (--p->refcnt)
		return;
	table_remove_slot(&in->paths.table, table_find_id(&in->paths.table, p->hash, id));
	table_fit(&in->paths.table);
	attrs_unref(in, p->attrs);
	pool_del(&in->paths, id, sizeof(*p));
	free(p);
}

/* ---- life cycle ---- */

void interner_init(struct rib_interner *in, uint64_t seed)
{
	memset(in, 0, sizeof(*in));
	in->seed = seed;
	pool_init(&in->blobs);
	pool_init(&in->attrs);
	pool_init(&in->paths);
}

void interner_fini(struct rib_interner *in)
{
	for (uint32_t id = 1; id < in->paths.n; id++)
		free(in->paths.objs[id]);
	for (uint32_t id = 1; id < in->attrs.n; id++)
		free(in->attrs.objs[id]);
	for (uint32_t id = 1; id < in->blobs.n; id++)
		free(in->blobs.objs[id]);
	pool_fini(&in->paths);
	pool_fini(&in->attrs);
	pool_fini(&in->blobs);
	memset(in, 0, sizeof(*in));
}
