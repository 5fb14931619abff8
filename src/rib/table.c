/* table.c — see table.h. */
#include "rib/table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/xalloc.h"

#define TABLE_MIN 16

void table_init(struct rib_table *t)
{
	memset(t, 0, sizeof(*t));
}

void table_fini(struct rib_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

uint32_t table_find(const struct rib_table *t, uint64_t hash, table_eq_fn eq, void *ctx, const void *key)
{
	if (t->count == 0)
		return TABLE_NONE;
	uint32_t h = table_hash32(hash);
	uint32_t i = table_home(h, t->cap);
	for (;;) {
		uint32_t here = t->slots[i].hash;
		if (here == 0)
			return TABLE_NONE;
		if (here == h && eq(ctx, t->slots[i].id, key))
			return i;
		if (++i == t->cap)
			i = 0;
	}
}

uint32_t table_find_id(const struct rib_table *t, uint64_t hash, uint32_t id)
{
	if (t->count == 0)
		return TABLE_NONE;
	uint32_t h = table_hash32(hash);
	for (uint32_t i = table_home(h, t->cap);;) {
		if (t->slots[i].hash == 0)
			return TABLE_NONE;
		if (t->slots[i].id == id)
			return i;
		if (++i == t->cap)
			i = 0;
	}
}

bool table_need_grow(const struct rib_table *t)
{
	return ((uint64_t)t->count + 1) * 5 > (uint64_t)t->cap * 4;
}

uint32_t table_grow_cap(const struct rib_table *t)
{
	/* x1.5: the load stays between 53 % and 80 % while growing */
	uint64_t cap = t->cap < TABLE_MIN ? TABLE_MIN : (uint64_t)t->cap + t->cap / 2;
	return cap > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)cap;
}

bool table_need_shrink(const struct rib_table *t)
{
	return t->cap > TABLE_MIN * 4 && (uint64_t)t->count * 8 < t->cap;
}

uint32_t table_shrink_cap(const struct rib_table *t)
{
	uint32_t cap = t->cap / 3;
	return cap < TABLE_MIN ? TABLE_MIN : cap;
}

static void put(struct rib_slot *slots, uint32_t cap, uint32_t h, uint32_t id)
{
	uint32_t i = table_home(h, cap);
	while (slots[i].hash != 0)
		if (++i == cap)
			i = 0;
	slots[i].hash = h;
	slots[i].id = id;
}

void table_insert(struct rib_table *t, uint64_t hash, uint32_t id)
{
	put(t->slots, t->cap, table_hash32(hash), id);
	t->count++;
}

/* Whether the home slot h lies cyclically in (hole, j]: then the entry at j cannot move
 * back into the hole without becoming unreachable from its home. */
static bool home_between(uint32_t hole, uint32_t j, uint32_t h)
{
	if (hole <= j)
		return hole < h && h <= j;
	return hole < h || h <= j;
}

void table_remove_slot(struct rib_table *t, uint32_t slot)
{
	uint32_t hole = slot, j = slot;
	for (;;) {
		if (++j == t->cap)
			j = 0;
		if (t->slots[j].hash == 0)
			break;
		if (home_between(hole, j, table_home(t->slots[j].hash, t->cap)))
			continue;
		t->slots[hole] = t->slots[j];
		hole = j;
	}
	t->slots[hole].hash = 0;
	t->count--;
}

void table_resize(struct rib_table *t, uint32_t cap)
{
	if (cap < TABLE_MIN)
		cap = TABLE_MIN;
	size_t bytes = (size_t)cap * sizeof(struct rib_slot);
	struct rib_slot *slots = xcalloc(cap, sizeof(*slots));
#ifdef MADV_HUGEPAGE
	/* a large table is read at random: 2 MiB pages spare most TLB misses (a hint; the
	 * kernel ignores it unless transparent huge pages are enabled for madvise) */
	if (bytes >= (4u << 20)) {
		uintptr_t lo = ((uintptr_t)slots + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
		uintptr_t hi = ((uintptr_t)slots + bytes) & ~(uintptr_t)((2u << 20) - 1);
		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
#endif
	for (uint32_t i = 0; i < t->cap; i++)
		if (t->slots[i].hash)
			put(slots, cap, t->slots[i].hash, t->slots[i].id);
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}
