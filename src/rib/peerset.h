/* peerset.h — interned sets of neighbours, named by 32-bit ids.
 *
 * Owns: every distinct set of neighbour numbers (the bit numbers adjout_new hands out)
 * that some route uses, hash-consed and refcounted; id 0 is the empty set and is never
 * allocated. Set operations are memoised, so moving a million routes from one set to the
 * same next set (every route gaining the same ten neighbours, or one neighbour's session
 * sending them all) costs a table look-up per route, not a bitmap per route.
 * Must not know: routes, sessions.
 *
 * This is OpenBGPD's "one entry per prefix with a bitmap of peers" taken one step further:
 * the bitmaps themselves are shared, so the cost per (route, neighbour) is zero octets —
 * a route pays 4 octets per set it refers to, whatever the number of neighbours.
 */
#ifndef RIB_PEERSET_H
#define RIB_PEERSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rib/pool.h"

#define PEERSET_NONE UINT32_MAX

struct peerset {
	uint32_t refcnt;
	uint32_t count;      /* members */
	uint64_t hash;
	uint32_t nwords;     /* words[nwords - 1] != 0: one spelling per set */
	uint32_t holders;    /* routes whose `want` is this set: a neighbour's route count is
			      * the sum over the sets it is in (no per-route, per-neighbour work) */
	uint64_t words[];
};

struct peerset_memo;

struct peersets {
	struct rib_pool pool;
	uint64_t seed;
	struct peerset_memo *memo;
};

enum peerset_op {
	PEERSET_UNION = 1,
	PEERSET_MINUS = 2,   /* a \ b */
	PEERSET_AND = 3,
};

void peersets_init(struct peersets *ps, uint64_t seed);
/* Frees every set, whatever its count. */
void peersets_fini(struct peersets *ps);

/* a op b, with a reference the caller owns (0, the empty set, needs none). */
uint32_t peerset_op(struct peersets *ps, enum peerset_op op, uint32_t a, uint32_t b);
/* {member}, referenced. */
uint32_t peerset_single(struct peersets *ps, uint32_t member);
/* *field = *field op b, moving the field's reference. */
void peerset_apply(struct peersets *ps, uint32_t *field, enum peerset_op op, uint32_t b);

/* A route's want set changed from old to now: move it between the sets' holder counts. */
static inline void peerset_holders_move(struct peersets *ps, uint32_t old, uint32_t now)
{
	if (old == now)
		return;
	if (old)
		((struct peerset *)pool_get(&ps->pool, old))->holders--;
	if (now)
		((struct peerset *)pool_get(&ps->pool, now))->holders++;
}
/* Routes held by member: the sum of the holders of the sets it is in. */
size_t peerset_holders_of(const struct peersets *ps, uint32_t member);

/* Octets held: the sets, their table and the memo. */
size_t peersets_bytes(const struct peersets *ps);

void peerset_ref(struct peersets *ps, uint32_t id);
void peerset_unref(struct peersets *ps, uint32_t id);

static inline const struct peerset *peerset_get(const struct peersets *ps, uint32_t id)
{
	return (const struct peerset *)pool_get(&ps->pool, id);
}

static inline bool peerset_has(const struct peersets *ps, uint32_t id, uint32_t member)
{
	if (id == 0)
		return false;
	const struct peerset *s = peerset_get(ps, id);
	return member / 64 < s->nwords && (s->words[member / 64] >> (member % 64)) & 1;
}

static inline uint32_t peerset_count(const struct peersets *ps, uint32_t id)
{
	return id ? peerset_get(ps, id)->count : 0;
}

/* |a ∪ b|, without making the set. */
uint32_t peerset_union_count(const struct peersets *ps, uint32_t a, uint32_t b);
bool peerset_intersects(const struct peersets *ps, uint32_t a, uint32_t b);
/* a ⊆ b */
bool peerset_subset(const struct peersets *ps, uint32_t a, uint32_t b);
/* The first member >= from, or PEERSET_NONE. */
uint32_t peerset_next(const struct peersets *ps, uint32_t id, uint32_t from);

#endif
