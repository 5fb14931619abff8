/* open_context.c — see open_context.h.
 *
 * A session negotiates a handful of contexts and a server a few per neighbour, so the pool
 * is an open-addressing table that grows by doubling; lookups happen when sessions come up,
 * not per route.
 */
#include "wire/open_context.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"

struct open_context_pool {
	struct open_context **slots;
	size_t cap;
	size_t count;
};

struct open_context_pool *open_context_pool_new(void)
{
	struct open_context_pool *pool = xcalloc(1, sizeof(*pool));
	pool->cap = 16;
	pool->slots = xcalloc(pool->cap, sizeof(*pool->slots));
	return pool;
}

void open_context_pool_free(struct open_context_pool *pool)
{
	if (pool == NULL)
		return;
	for (size_t i = 0; i < pool->cap; i++)
		free(pool->slots[i]);
	free(pool->slots);
	free(pool);
}

static uint64_t context_hash(const struct open_context *c)
{
	uint64_t h = ((uint64_t)c->afi << 48) ^ ((uint64_t)c->safi << 40) ^ ((uint64_t)c->addpath << 33) ^
		     ((uint64_t)c->asn4 << 32) ^ c->msg_size;
	h = hash_mix(h) ^ (((uint64_t)c->local_as << 32) | c->peer_as);
	return hash_mix(h);
}

static bool context_equal(const struct open_context *a, const struct open_context *b)
{
	return a->afi == b->afi && a->safi == b->safi && a->addpath == b->addpath && a->asn4 == b->asn4 &&
	       a->msg_size == b->msg_size && a->local_as == b->local_as && a->peer_as == b->peer_as;
}

static void pool_insert(struct open_context_pool *pool, struct open_context *c)
{
	size_t mask = pool->cap - 1;
	size_t i = context_hash(c) & mask;
	while (pool->slots[i])
		i = (i + 1) & mask;
	pool->slots[i] = c;
}

const struct open_context *open_context_intern(struct open_context_pool *pool,
					       const struct open_context *proto)
{
	size_t mask = pool->cap - 1;
	for (size_t i = context_hash(proto) & mask; pool->slots[i]; i = (i + 1) & mask)
		if (context_equal(pool->slots[i], proto))
			return pool->slots[i];

	if ((pool->count + 1) * 2 > pool->cap) {
		struct open_context **old = pool->slots;
		size_t old_cap = pool->cap;
		pool->cap *= 2;
		pool->slots = xcalloc(pool->cap, sizeof(*pool->slots));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i])
				pool_insert(pool, old[i]);
		free(old);
	}
	struct open_context *c = xmalloc(sizeof(*c));
	memset(c, 0, sizeof(*c)); /* padding too: contexts may be hashed as bytes by callers */
	c->afi = proto->afi;
	c->safi = proto->safi;
	c->addpath = proto->addpath;
	c->asn4 = proto->asn4;
	c->msg_size = proto->msg_size;
	c->local_as = proto->local_as;
	c->peer_as = proto->peer_as;
	pool_insert(pool, c);
	pool->count++;
	return c;
}

const struct open_context *open_context_get(struct open_context_pool *pool, uint16_t afi, uint8_t safi,
					    bool addpath, bool asn4, uint32_t msg_size, uint32_t local_as,
					    uint32_t peer_as)
{
	struct open_context c = {afi, safi, addpath, asn4, msg_size, local_as, peer_as};
	return open_context_intern(pool, &c);
}

const struct open_context *open_context_for_family(struct open_context_pool *pool,
						   const struct open_context *base, uint16_t afi,
						   uint8_t safi, bool addpath)
{
	return open_context_get(pool, afi, safi, addpath, base->asn4, base->msg_size, base->local_as,
				base->peer_as);
}
