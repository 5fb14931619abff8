/* peerset.c — see peerset.h. */
#include "rib/peerset.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"

/* Direct-mapped: a collision only costs a recomputation. Cleared whenever a set is freed,
 * so an entry never names a dead (or reused) id. */
#define PEERSET_MEMO 4096

struct peerset_memo {
	uint32_t a, b, r;
	uint32_t op;
};

struct words {
	const uint64_t *w;
	uint32_t n;
};

static uint64_t words_hash(const uint64_t *w, uint32_t n, uint64_t seed)
{
	return hash_bytes(w, (size_t)n * sizeof(*w), seed);
}

static bool set_eq(void *ctx, uint32_t id, const void *key)
{
	const struct peersets *ps = ctx;
	const struct words *k = key;
	const struct peerset *s = peerset_get(ps, id);
	return s->nwords == k->n && memcmp(s->words, k->w, (size_t)k->n * sizeof(*k->w)) == 0;
}

static size_t set_bytes(uint32_t nwords)
{
	return sizeof(struct peerset) + (size_t)nwords * sizeof(uint64_t);
}

void peersets_init(struct peersets *ps, uint64_t seed)
{
	memset(ps, 0, sizeof(*ps));
	pool_init(&ps->pool);
	ps->seed = seed;
	ps->memo = xcalloc(PEERSET_MEMO, sizeof(*ps->memo));
}

void peersets_fini(struct peersets *ps)
{
	for (uint32_t id = 1; id < ps->pool.n; id++)
		free(ps->pool.objs[id]);
	pool_fini(&ps->pool);
	free(ps->memo);
	memset(ps, 0, sizeof(*ps));
}

/* The id of the set spelled by w[0..n) (trailing zero words already trimmed), with a
 * reference for the caller. */
static uint32_t set_intern(struct peersets *ps, const uint64_t *w, uint32_t n)
{
	if (n == 0)
		return 0;
	struct words key = {w, n};
	uint64_t hash = words_hash(w, n, ps->seed);
	uint32_t slot = table_find(&ps->pool.table, hash, set_eq, ps, &key);
	if (slot != TABLE_NONE) {
		uint32_t id = table_id(&ps->pool.table, slot);
		peerset_ref(ps, id);
		return id;
	}
	struct peerset *s = xmalloc(set_bytes(n));
	s->refcnt = 1;
	s->hash = hash;
	s->nwords = n;
	s->holders = 0;
	s->count = 0;
	for (uint32_t i = 0; i < n; i++) {
		s->words[i] = w[i];
		s->count += (uint32_t)__builtin_popcountll(w[i]);
	}
	uint32_t id = pool_add(&ps->pool, s, set_bytes(n));
	table_fit(&ps->pool.table);
	table_insert(&ps->pool.table, hash, id);
	return id;
}

size_t peerset_holders_of(const struct peersets *ps, uint32_t member)
{
	size_t n = 0;
	for (uint32_t id = 1; id < ps->pool.n; id++)
		if (ps->pool.objs[id] && peerset_has(ps, id, member))
			n += peerset_get(ps, id)->holders;
	return n;
}

size_t peersets_bytes(const struct peersets *ps)
{
	return ps->pool.bytes + pool_overhead(&ps->pool) + PEERSET_MEMO * sizeof(*ps->memo);
}

void peerset_ref(struct peersets *ps, uint32_t id)
{
	if (id)
		((struct peerset *)pool_get(&ps->pool, id))->refcnt++;
}

void peerset_unref(struct peersets *ps, uint32_t id)
{
	if (id == 0)
		return;
	struct peerset *s = pool_get(&ps->pool, id);
	assert(s->refcnt > 0);
	if (--s->refcnt)
		return;
	table_remove_slot(&ps->pool.table, table_find_id(&ps->pool.table, s->hash, id));
	table_fit(&ps->pool.table);
	pool_del(&ps->pool, id, set_bytes(s->nwords));
	free(s);
	memset(ps->memo, 0, PEERSET_MEMO * sizeof(*ps->memo));
}

static uint32_t compute(struct peersets *ps, enum peerset_op op, uint32_t a, uint32_t b)
{
	const struct peerset *x = a ? peerset_get(ps, a) : NULL, *y = b ? peerset_get(ps, b) : NULL;
	uint32_t nx = x ? x->nwords : 0, ny = y ? y->nwords : 0;
	uint32_t n = nx > ny ? nx : ny;
	uint64_t small[4], *w = n <= 4 ? small : xmalloc((size_t)n * sizeof(*w));

	for (uint32_t i = 0; i < n; i++) {
		uint64_t u = i < nx ? x->words[i] : 0, v = i < ny ? y->words[i] : 0;
		w[i] = op == PEERSET_UNION ? u | v : op == PEERSET_MINUS ? u & ~v : u & v;
	}
	while (n && w[n - 1] == 0)
		n--;
	uint32_t id = set_intern(ps, w, n);
	if (w != small)
		free(w);
	return id;
}

uint32_t peerset_op(struct peersets *ps, enum peerset_op op, uint32_t a, uint32_t b)
{
	/* the cases that need no look-up */
	if (op == PEERSET_UNION && (b == 0 || a == b)) {
		peerset_ref(ps, a);
		return a;
	}
	if (op == PEERSET_UNION && a == 0) {
		peerset_ref(ps, b);
		return b;
	}
	if (op == PEERSET_MINUS && (a == 0 || a == b))
		return 0;
	if (op == PEERSET_MINUS && b == 0) {
		peerset_ref(ps, a);
		return a;
	}
	if (op == PEERSET_AND && (a == 0 || b == 0))
		return 0;
	if (op == PEERSET_AND && a == b) {
		peerset_ref(ps, a);
		return a;
	}

	uint32_t slot = (uint32_t)(hash_mix(((uint64_t)a << 32 | b) ^ ((uint64_t)op << 62)) & (PEERSET_MEMO - 1));
	struct peerset_memo *m = &ps->memo[slot];
	if (m->op == (uint32_t)op && m->a == a && m->b == b) {
		peerset_ref(ps, m->r);
		return m->r;
	}
	uint32_t r = compute(ps, op, a, b);
	*m = (struct peerset_memo){a, b, r, (uint32_t)op};
	return r;
}

void peerset_apply(struct peersets *ps, uint32_t *field, enum peerset_op op, uint32_t b)
{
	uint32_t r = peerset_op(ps, op, *field, b);
	peerset_unref(ps, *field);
	*field = r;
}

uint32_t peerset_single(struct peersets *ps, uint32_t member)
{
	uint32_t n = member / 64 + 1;
	uint64_t small[4], *w = n <= 4 ? small : xcalloc(n, sizeof(*w));
	if (w == small)
		memset(small, 0, sizeof(small));
	w[n - 1] = (uint64_t)1 << (member % 64);
	uint32_t id = set_intern(ps, w, n);
	if (w != small)
		free(w);
	return id;
}

uint32_t peerset_union_count(const struct peersets *ps, uint32_t a, uint32_t b)
{
	if (a == 0 || a == b)
		return peerset_count(ps, b);
	if (b == 0)
		return peerset_count(ps, a);
	const struct peerset *x = peerset_get(ps, a), *y = peerset_get(ps, b);
	uint32_t n = x->nwords > y->nwords ? x->nwords : y->nwords, count = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t u = i < x->nwords ? x->words[i] : 0, v = i < y->nwords ? y->words[i] : 0;
		count += (uint32_t)__builtin_popcountll(u | v);
	}
	return count;
}

bool peerset_intersects(const struct peersets *ps, uint32_t a, uint32_t b)
{
	if (a == 0 || b == 0)
		return false;
	if (a == b)
		return true;
	const struct peerset *x = peerset_get(ps, a), *y = peerset_get(ps, b);
	uint32_t n = x->nwords < y->nwords ? x->nwords : y->nwords;
	for (uint32_t i = 0; i < n; i++)
		if (x->words[i] & y->words[i])
			return true;
	return false;
}

bool peerset_subset(const struct peersets *ps, uint32_t a, uint32_t b)
{
	if (a == 0 || a == b)
		return true;
	if (b == 0)
		return false;
	const struct peerset *x = peerset_get(ps, a), *y = peerset_get(ps, b);
	if (x->nwords > y->nwords)
		return false;
	for (uint32_t i = 0; i < x->nwords; i++)
		if (x->words[i] & ~y->words[i])
			return false;
	return true;
}

uint32_t peerset_next(const struct peersets *ps, uint32_t id, uint32_t from)
{
	if (id == 0)
		return PEERSET_NONE;
	const struct peerset *s = peerset_get(ps, id);
	for (uint32_t i = from / 64; i < s->nwords; i++) {
		uint64_t w = s->words[i];
		if (i == from / 64)
			w &= ~(uint64_t)0 << (from % 64);
		if (w)
			return i * 64 + (uint32_t)__builtin_ctzll(w);
	}
	return PEERSET_NONE;
}
