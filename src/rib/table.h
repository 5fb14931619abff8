/* table.h — an open-addressing hash table of 32-bit ids.
 *
 * Owns: two arrays, the ids and one tag octet per slot (0: empty; else 8 bits of the
 * entry's hash), linear probing from a home slot chosen by multiply-shift over any
 * capacity (so a table need not double to a power of two: a million entries take 1.25
 * to 1.9 million slots, 5 octets each), and removal by backward shift (no tombstones).
 * Must not know: what the ids name. The caller hashes and compares: lookups take an
 * equality callback, removal and growth a callback giving an id's hash.
 *
 * The tags keep a probe from touching an object whose hash differs in those bits, so
 * a lookup in a large table costs about one cache miss in the tags, one in the ids and
 * one in the object found.
 */
#ifndef RIB_TABLE_H
#define RIB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_NONE UINT32_MAX

struct rib_table {
	uint32_t *ids;
	uint8_t *tags;
	uint32_t cap;
	uint32_t count;
};

typedef bool (*table_eq_fn)(void *ctx, uint32_t id, const void *key);
typedef uint64_t (*table_hash_fn)(void *ctx, uint32_t id);

void table_init(struct rib_table *t);
void table_fini(struct rib_table *t);
static inline size_t table_bytes(const struct rib_table *t) { return (size_t)t->cap * 5; }

static inline uint32_t table_home(uint64_t hash, uint32_t cap)
{
	return (uint32_t)(((hash >> 32) * (uint64_t)cap) >> 32);
}

static inline uint8_t table_tag(uint64_t hash)
{
	uint8_t t = (uint8_t)hash;
	return t ? t : 1;
}

/* The slot holding the id whose hash is `hash` and that eq() matches, or TABLE_NONE. */
uint32_t table_find(const struct rib_table *t, uint64_t hash, table_eq_fn eq, void *ctx, const void *key);

/* Whether one more entry needs a larger table (load above 80 %); table_need_grow's new
 * capacity, and table_need_shrink for the way down (below 1/8 full). */
bool table_need_grow(const struct rib_table *t);
uint32_t table_grow_cap(const struct rib_table *t);
bool table_need_shrink(const struct rib_table *t);
uint32_t table_shrink_cap(const struct rib_table *t);

/* Insert an id known to be absent; the table must have room (table_need_grow false). */
void table_insert(struct rib_table *t, uint64_t hash, uint32_t id);
/* Remove the entry at slot; hash_of gives the hash of the entries shifted back. */
void table_remove_slot(struct rib_table *t, uint32_t slot, table_hash_fn hash_of, void *ctx);
/* Rebuild at capacity cap, rehashing every entry with hash_of. */
void table_resize(struct rib_table *t, uint32_t cap, table_hash_fn hash_of, void *ctx);
/* Forget everything and take capacity cap (the caller re-inserts: the route table does it
 * walking its slabs in order, which is faster than chasing ids). */
void table_reset(struct rib_table *t, uint32_t cap);

#endif
