/* attr_set.c — attribute sets as values: equality, hashing, copying out of a message.
 *
 * Owns: what "the same attributes" means — the same `present` bits and, for each present
 * attribute, the same value (fixed fields compared as numbers, views as bytes), plus the
 * same raw `unknown` bytes. Fields of absent attributes are ignored, so a set need not be
 * zeroed to compare equal.
 * Must not know: interning tables (rib), routes.
 */
#include <string.h>

#include "core/hash.h"
#include "wire/attr_internal.h"

static bool bytes_equal(struct bytes a, struct bytes b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

#define HAS(s, code) (((s)->present & ATTR_BIT(code)) != 0)

bool attr_set_equal(const struct attr_set *a, const struct attr_set *b)
{
	if (a == b)
		return true;
	if (a->present != b->present)
		return false;
	if (HAS(a, ATTR_ORIGIN) && a->origin != b->origin)
		return false;
	if (HAS(a, ATTR_NEXT_HOP) && memcmp(a->next_hop, b->next_hop, 4) != 0)
		return false;
	if (HAS(a, ATTR_MED) && a->med != b->med)
		return false;
	if (HAS(a, ATTR_LOCAL_PREF) && a->local_pref != b->local_pref)
		return false;
	if (HAS(a, ATTR_AGGREGATOR) &&
	    (a->aggregator_as != b->aggregator_as || memcmp(a->aggregator_ip, b->aggregator_ip, 4) != 0))
		return false;
	if (HAS(a, ATTR_ORIGINATOR_ID) && a->originator_id != b->originator_id)
		return false;
	if (HAS(a, ATTR_OTC) && a->otc != b->otc)
		return false;
	if (HAS(a, ATTR_AS_PATH) && !bytes_equal(a->as_path, b->as_path))
		return false;
	if (HAS(a, ATTR_COMMUNITIES) && !bytes_equal(a->communities, b->communities))
		return false;
	if (HAS(a, ATTR_CLUSTER_LIST) && !bytes_equal(a->cluster_list, b->cluster_list))
		return false;
	if (HAS(a, ATTR_EXT_COMMUNITIES) && !bytes_equal(a->ext_communities, b->ext_communities))
		return false;
	if (HAS(a, ATTR_IPV6_EXT_COMMUNITIES) && !bytes_equal(a->ipv6_ext_communities, b->ipv6_ext_communities))
		return false;
	if (HAS(a, ATTR_LARGE_COMMUNITIES) && !bytes_equal(a->large_communities, b->large_communities))
		return false;
	if (HAS(a, ATTR_AIGP) && !bytes_equal(a->aigp, b->aigp))
		return false;
	return bytes_equal(a->unknown, b->unknown);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return hash_mix(h ^ v) + 0x9e3779b97f4a7c15ULL;
}

static uint64_t mix_bytes(uint64_t h, struct bytes v, uint64_t seed)
{
	return mix(h, v.len ? hash_bytes(v.ptr, v.len, seed) : (uint64_t)0x5bd1e995);
}

uint64_t attr_set_hash(const struct attr_set *s, uint64_t seed)
{
	uint64_t h = mix(seed, s->present);

	if (HAS(s, ATTR_ORIGIN))
		h = mix(h, s->origin);
	if (HAS(s, ATTR_NEXT_HOP))
		h = mix(h, be32_load(s->next_hop));
	if (HAS(s, ATTR_MED))
		h = mix(h, s->med);
	if (HAS(s, ATTR_LOCAL_PREF))
		h = mix(h, s->local_pref);
	if (HAS(s, ATTR_AGGREGATOR))
		h = mix(h, ((uint64_t)s->aggregator_as << 32) | be32_load(s->aggregator_ip));
	if (HAS(s, ATTR_ORIGINATOR_ID))
		h = mix(h, s->originator_id);
	if (HAS(s, ATTR_OTC))
		h = mix(h, s->otc);
	if (HAS(s, ATTR_AS_PATH))
		h = mix_bytes(h, s->as_path, seed);
	if (HAS(s, ATTR_COMMUNITIES))
		h = mix_bytes(h, s->communities, seed);
	if (HAS(s, ATTR_CLUSTER_LIST))
		h = mix_bytes(h, s->cluster_list, seed);
	if (HAS(s, ATTR_EXT_COMMUNITIES))
		h = mix_bytes(h, s->ext_communities, seed);
	if (HAS(s, ATTR_IPV6_EXT_COMMUNITIES))
		h = mix_bytes(h, s->ipv6_ext_communities, seed);
	if (HAS(s, ATTR_LARGE_COMMUNITIES))
		h = mix_bytes(h, s->large_communities, seed);
	if (HAS(s, ATTR_AIGP))
		h = mix_bytes(h, s->aigp, seed);
	return mix_bytes(h, s->unknown, seed);
}

/* Every view of a set and the attribute it belongs to (0: `unknown`, always kept). */
static struct bytes *set_view(struct attr_set *s, size_t i, uint8_t *code)
{
	switch (i) {
	case 0: *code = ATTR_AS_PATH; return &s->as_path;
	case 1: *code = ATTR_COMMUNITIES; return &s->communities;
	case 2: *code = ATTR_CLUSTER_LIST; return &s->cluster_list;
	case 3: *code = ATTR_EXT_COMMUNITIES; return &s->ext_communities;
	case 4: *code = ATTR_IPV6_EXT_COMMUNITIES; return &s->ipv6_ext_communities;
	case 5: *code = ATTR_LARGE_COMMUNITIES; return &s->large_communities;
	case 6: *code = ATTR_AIGP; return &s->aigp;
	case 7: *code = 0; return &s->unknown;
	default: return NULL;
	}
}

void attr_set_copy(struct attr_set *dst, const struct attr_set *src, struct arena *arena)
{
	struct bytes *v;
	uint8_t code;
	size_t total = 0, i;

	if (dst != src)
		*dst = *src;
	/* Views of absent attributes are dropped: whatever they held is not part of the value. */
	for (i = 0; (v = set_view(dst, i, &code)) != NULL; i++) {
		if (code && !HAS(dst, code))
			*v = (struct bytes){NULL, 0};
		total += v->len;
	}
	/* one allocation for all views */
	uint8_t *p = total ? arena_alloc(arena, total) : NULL;
	for (i = 0; (v = set_view(dst, i, &code)) != NULL; i++) {
		if (v->len == 0) {
			v->ptr = NULL;
			continue;
		}
		memcpy(p, v->ptr, v->len);
		v->ptr = p;
		p += v->len;
	}
}

bool attr_raw_next(struct cursor *c, struct attr_raw *out)
{
	uint8_t len8;
	uint16_t len16;
	if (cursor_u8(c, &out->flags) < 0 || cursor_u8(c, &out->code) < 0)
		return false;
	if (out->flags & ATTR_FLAG_EXTENDED) {
		if (cursor_u16(c, &len16) < 0)
			return false;
		out->len = len16;
	} else {
		if (cursor_u8(c, &len8) < 0)
			return false;
		out->len = len8;
	}
	return cursor_view(c, out->len, &out->value) == 0;
}

bool attr_set_unknown_find(const struct attr_set *set, uint8_t code, const uint8_t **value, uint32_t *len)
{
	struct cursor c = cursor_make(set->unknown.ptr, set->unknown.len, 0);
	struct attr_raw a;
	while (attr_raw_next(&c, &a)) {
		if (a.code == code) {
			*value = a.value;
			*len = a.len;
			return true;
		}
	}
	return false;
}
