/* pool.h — interned objects named by small ids.
 *
 * Owns: the id → object array (ids are reused; id 0 is never handed out and means
 * "none"), the hash table that finds an object by value, and the count and octets of
 * the objects, for the memory report.
 * Must not know: what the objects are; their owners hash, compare and free them.
 *
 * Routes name their attributes and neighbour sets by these ids: 4 octets per reference
 * instead of a pointer's 8.
 */
#ifndef RIB_POOL_H
#define RIB_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "rib/table.h"

struct rib_pool {
	void **objs;           /* by id; NULL for a free id */
	uint32_t n;            /* ids 0 .. n-1 have been handed out */
	uint32_t cap;
	uint32_t *free_ids;
	uint32_t nfree;
	uint32_t free_cap;
	struct rib_table table; /* objects by value, for the pools that intern */
	size_t count;          /* live objects */
	size_t bytes;          /* their octets, as their owner counts them */
};

void pool_init(struct rib_pool *p);
/* Frees the arrays, not the objects (their owner walks them first). */
void pool_fini(struct rib_pool *p);
uint32_t pool_add(struct rib_pool *p, void *obj, size_t bytes);
void pool_del(struct rib_pool *p, uint32_t id, size_t bytes);
static inline void *pool_get(const struct rib_pool *p, uint32_t id) { return p->objs[id]; }
static inline size_t pool_overhead(const struct rib_pool *p)
{
	return (size_t)p->cap * sizeof(void *) + (size_t)p->free_cap * 4 + table_bytes(&p->table);
}

#endif
