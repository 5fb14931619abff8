/* table.c — see table.h. */
#include "rib/table.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define TABLE_MIN 16

void table_init(struct rib_table *t)
{
	memset(t, 0, sizeof(*t));
}

void table_fini(struct rib_table *t)
{
	free(t->ids);
	free(t->tags);
	memset(t, 0, sizeof(*t));
}

uint32_t table_find(const struct rib_table *t, uint64_t hash, table_eq_fn eq, void *ctx, const void *key)
{
	if (t->count == 0)
		return TABLE_NONE;
	uint8_t tag = table_tag(hash);
	uint32_t i = table_home(hash, t->cap);
	for (;;) {
		uint8_t here = t->tags[i];
		if (here == 0)
			return TABLE_NONE;
		if (here == tag && eq(ctx, t->ids[i], key))
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

void table_insert(struct rib_table *t, uint64_t hash, uint32_t id)
{
	uint32_t i = table_home(hash, t->cap);
	while (t->tags[i] != 0)
		if (++i == t->cap)
			i = 0;
	t->tags[i] = table_tag(hash);
	t->ids[i] = id;
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

void table_remove_slot(struct rib_table *t, uint32_t slot, table_hash_fn hash_of, void *ctx)
{
	uint32_t hole = slot, j = slot;
	for (;;) {
		if (++j == t->cap)
			j = 0;
		if (t->tags[j] == 0)
			break;
		uint32_t h = table_home(hash_of(ctx, t->ids[j]), t->cap);
		if (home_between(hole, j, h))
			continue;
		t->tags[hole] = t->tags[j];
		t->ids[hole] = t->ids[j];
		hole = j;
	}
	t->tags[hole] = 0;
	t->count--;
}

void table_reset(struct rib_table *t, uint32_t cap)
{
	free(t->ids);
	free(t->tags);
	t->cap = cap < TABLE_MIN ? TABLE_MIN : cap;
	t->ids = xmalloc((size_t)t->cap * sizeof(*t->ids));
	t->tags = xcalloc(t->cap, 1);
	t->count = 0;
}

void table_resize(struct rib_table *t, uint32_t cap, table_hash_fn hash_of, void *ctx)
{
	uint32_t *ids = t->ids, old_cap = t->cap;
	uint8_t *tags = t->tags;
	t->ids = NULL;
	t->tags = NULL;
	table_reset(t, cap);
	for (uint32_t i = 0; i < old_cap; i++)
		if (tags[i])
			table_insert(t, hash_of(ctx, ids[i]), ids[i]);
	free(ids);
	free(tags);
}
