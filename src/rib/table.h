/* table.h — an open-addressing hash table of 32-bit ids.
 *
 * Owns: one array of slots {32 bits of the entry's hash, its id} (a zero hash marks an
 * empty slot, so stored hashes have their low bit set), linear probing from a home slot
 * chosen by multiply-shift over any capacity (so a table need not double to a power of
 * two: a million entries take 1.25 to 1.9 million slots, 8 octets each), and removal by
 * backward shift (no tombstones).
 * Must not know: what the ids name. The caller hashes and compares: lookups take an
 * equality callback, called only for a slot whose 32 hash bits match.
 *
 * Keeping the hash in the slot is what makes the table fast at a million entries: a
 * lookup reads one slot line and the one object it finds, growing never touches the
 * objects, and a removal shifts entries back without rehashing them.
 */
#ifndef RIB_TABLE_H
#define RIB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_NONE UINT32_MAX

struct rib_slot {
	uint32_t hash;   /* 0: empty */
	uint32_t id;
};

struct rib_table {
	struct rib_slot *slots;
	uint32_t cap;
	uint32_t count;
};

typedef bool (*table_eq_fn)(void *ctx, uint32_t id, const void *key);

void table_init(struct rib_table *t);
void table_fini(struct rib_table *t);
static inline size_t table_bytes(const struct rib_table *t) { return (size_t)t->cap * sizeof(struct rib_slot); }

/* The 32 bits of a 64-bit hash a slot keeps (never 0). */
static inline uint32_t table_hash32(uint64_t hash) { return (uint32_t)(hash >> 32) | 1u; }

static inline uint32_t table_home(uint32_t hash32, uint32_t cap)
{
	return (uint32_t)(((uint64_t)hash32 * cap) >> 32);
}

/* The slot holding the id whose hash is `hash` and that eq() matches, or TABLE_NONE. */
uint32_t table_find(const struct rib_table *t, uint64_t hash, table_eq_fn eq, void *ctx, const void *key);
/* The slot holding id (whose hash is `hash`), or TABLE_NONE. */
uint32_t table_find_id(const struct rib_table *t, uint64_t hash, uint32_t id);

/* Whether one more entry needs a larger table (load above 80 %) and the capacity to grow
 * to; the same for the way down (below 1/8 full). */
bool table_need_grow(const struct rib_table *t);
uint32_t table_grow_cap(const struct rib_table *t);
bool table_need_shrink(const struct rib_table *t);
uint32_t table_shrink_cap(const struct rib_table *t);

/* Insert an id known to be absent; the table must have room (table_need_grow false). */
void table_insert(struct rib_table *t, uint64_t hash, uint32_t id);
/* Remove the entry at slot. */
void table_remove_slot(struct rib_table *t, uint32_t slot);
/* Rebuild at capacity cap. */
void table_resize(struct rib_table *t, uint32_t cap);
/* Grow or shrink when the load asks for it. */
static inline void table_fit(struct rib_table *t)
{
	if (table_need_grow(t))
		table_resize(t, table_grow_cap(t));
	else if (table_need_shrink(t))
		table_resize(t, table_shrink_cap(t));
}

static inline uint32_t table_id(const struct rib_table *t, uint32_t slot) { return t->slots[slot].id; }

#endif
