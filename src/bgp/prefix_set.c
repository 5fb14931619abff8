/* prefix_set.c — see prefix_set.h. Linear probing with backward-shift deletion (no
 * tombstones, so a long-lived session's set does not degrade). */
#include "bgp/prefix_set.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"

void bgp_prefix_set_init(struct bgp_prefix_set *p, uint64_t seed)
{
	memset(p, 0, sizeof(*p));
	p->seed = seed;
}

void bgp_prefix_set_fini(struct bgp_prefix_set *p)
{
	free(p->keys);
	bgp_prefix_set_init(p, p->seed);
}

void bgp_prefix_set_clear(struct bgp_prefix_set *p)
{
	if (p->keys)
		memset(p->keys, 0, p->cap * sizeof(*p->keys));
	p->len = 0;
}

static uint64_t fingerprint(const struct bgp_prefix_set *p, const struct nlri *n)
{
	uint8_t head[8];
	head[0] = (uint8_t)(n->afi >> 8);
	head[1] = (uint8_t)n->afi;
	head[2] = n->safi;
	head[3] = n->has_path_id;
	head[4] = (uint8_t)(n->path_id >> 24);
	head[5] = (uint8_t)(n->path_id >> 16);
	head[6] = (uint8_t)(n->path_id >> 8);
	head[7] = (uint8_t)n->path_id;
	uint64_t h = hash_bytes(n->data, n->len, hash_bytes(head, sizeof(head), p->seed));
	return h ? h : 1;
}

static void grow(struct bgp_prefix_set *p)
{
	size_t cap = p->cap ? p->cap * 2 : 64;
	uint64_t *keys = xcalloc(cap, sizeof(*keys));
	for (size_t i = 0; i < p->cap; i++) {
		uint64_t k = p->keys[i];
		if (k == 0)
			continue;
		size_t j = k & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = k;
	}
	free(p->keys);
	p->keys = keys;
	p->cap = cap;
}

bool bgp_prefix_set_add(struct bgp_prefix_set *p, const struct nlri *n)
{
	if ((p->len + 1) * 2 > p->cap)
		grow(p);
	uint64_t k = fingerprint(p, n);
	size_t i = k & (p->cap - 1);
	while (p->keys[i]) {
		if (p->keys[i] == k)
			return false;
		i = (i + 1) & (p->cap - 1);
	}
	p->keys[i] = k;
	p->len++;
	return true;
}

bool bgp_prefix_set_remove(struct bgp_prefix_set *p, const struct nlri *n)
{
	if (p->cap == 0)
		return false;
	uint64_t k = fingerprint(p, n);
	size_t mask = p->cap - 1, i = k & mask;
	while (p->keys[i] != k) {
		if (p->keys[i] == 0)
			return false;
		i = (i + 1) & mask;
	}
	/* backward shift: pull later members of the probe run into the hole */
	size_t hole = i;
	for (size_t j = (i + 1) & mask; p->keys[j]; j = (j + 1) & mask) {
		size_t home = p->keys[j] & mask;
		/* j's key may move to hole when hole lies on its probe path (home .. j) */
		bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
		if (movable) {
			p->keys[hole] = p->keys[j];
			hole = j;
		}
	}
	p->keys[hole] = 0;
	p->len--;
	return true;
}
