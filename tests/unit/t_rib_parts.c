/* t_rib_parts.c — the store's building blocks on their own: the id slab (ids, reuse, pages
 * given back, walking), the open-addressing table (collisions, removal by backward shift
 * across the end of the array, growth and shrinking), interned neighbour sets (identity,
 * operations, more than 64 neighbours, counts), the change log (positions across blocks,
 * force sets released by trimming). */
#include <stdlib.h>

#include "rib/log.h"
#include "rib/peerset.h"
#include "rib/slab.h"
#include "rib/table.h"
#include "tap.h"

static void test_slab(void)
{
	struct slab s;
	slab_init(&s, 20);
	uint32_t per = 1u << s.shift, ids[5000];
	ok(per >= 1024 && (size_t)per * 20 <= 65536, "a page holds %u objects of 20 octets", per);
	for (uint32_t i = 0; i < 5000; i++) {
		uint32_t *o = slab_alloc(&s, &ids[i]);
		*o = i;
	}
	bool dense = true;
	for (uint32_t i = 0; i < 5000; i++)
		dense &= ids[i] == i;
	ok(dense, "ids are handed out densely, in order");
	is_int(s.live, 5000, "5000 live");
	ok(slab_get(&s, 4999) && *(uint32_t *)slab_get(&s, 4999) == 4999, "an object by its id");
	ok(slab_get(&s, 5000) == NULL && slab_get(&s, 1u << 26) == NULL, "ids never handed out: NULL");

	slab_free(&s, 17);
	slab_free(&s, 3);
	ok(slab_get(&s, 3) == NULL, "a freed id: NULL");
	is_int(slab_next(&s, 3), 4, "the walk skips it");
	uint32_t id;
	slab_alloc(&s, &id);
	is_int(id, 3, "the lowest freed id is reused first");
	slab_alloc(&s, &id);
	is_int(id, 17, "then the next one");

	size_t full = s.bytes;
	for (uint32_t i = 0; i < per; i++)
		slab_free(&s, i); /* the first page, emptied */
	ok(s.bytes == full, "an emptied page is kept as the spare");
	ok(slab_get(&s, 0) == NULL, "its ids are gone");
	for (uint32_t i = per; i < 2 * per; i++)
		slab_free(&s, i);
	ok(s.bytes < full, "a second emptied page is given back (%zu < %zu octets)", s.bytes, full);
	is_int(slab_next(&s, 0), 2 * per, "the walk starts at the first live page");
	slab_alloc(&s, &id);
	is_int(id, 0, "new objects fill the lowest page again");
	for (uint32_t i = 2 * per; i < 5000; i++)
		slab_free(&s, i);
	slab_free(&s, 0);
	is_int(s.live, 0, "all freed");
	is_int(s.npages, 0, "no page in use");
	slab_fini(&s);
}

/* a table of ids whose "objects" are their own hashes, chosen to collide */
static uint64_t hashes[4096];

static bool eq(void *ctx, uint32_t id, const void *key)
{
	(void)ctx;
	return id == *(const uint32_t *)key;
}

static void test_table(void)
{
	struct rib_table t;
	table_init(&t);
	table_resize(&t, 16);
	/* ten ids homed on the last slots: the cluster wraps around the end */
	for (uint32_t id = 0; id < 10; id++) {
		hashes[id] = (uint64_t)0xfffffff0u << 32 | id;
		table_insert(&t, hashes[id], id);
	}
	bool all = true;
	for (uint32_t id = 0; id < 10; id++)
		all &= table_find(&t, hashes[id], eq, NULL, &id) != TABLE_NONE;
	ok(all, "a cluster wrapping around the end: every id found");
	for (uint32_t id = 0; id < 10; id += 3)
		table_remove_slot(&t, table_find_id(&t, hashes[id], id));
	all = true;
	for (uint32_t id = 0; id < 10; id++) {
		bool found = table_find(&t, hashes[id], eq, NULL, &id) != TABLE_NONE;
		all &= found == (id % 3 != 0);
	}
	ok(all, "removals inside the wrapped cluster: the others still found, the removed not");
	is_int(t.count, 6, "six left");

	/* growth and shrinking with many colliding hashes */
	for (uint32_t id = 10; id < 4096; id++) {
		hashes[id] = (uint64_t)(id % 7) << 61 | (uint64_t)id * 0x9e3779b97f4a7c15ULL >> 40;
		table_fit(&t);
		table_insert(&t, hashes[id], id);
	}
	ok(t.cap > 4096 && t.count * 5 <= (uint64_t)t.cap * 4, "grown: %u entries in %u slots", t.count, t.cap);
	all = true;
	for (uint32_t id = 10; id < 4096; id++)
		all &= table_find(&t, hashes[id], eq, NULL, &id) != TABLE_NONE;
	ok(all, "every id found after growing");
	for (uint32_t id = 10; id < 4000; id++) {
		table_remove_slot(&t, table_find_id(&t, hashes[id], id));
		table_fit(&t);
	}
	ok(t.cap < 1024, "shrunk: %u entries in %u slots", t.count, t.cap);
	all = true;
	for (uint32_t id = 4000; id < 4096; id++)
		all &= table_find(&t, hashes[id], eq, NULL, &id) != TABLE_NONE;
	ok(all, "the rest still found after shrinking");
	table_fini(&t);
}

static void test_peersets(void)
{
	struct peersets ps;
	peersets_init(&ps, 42);
	uint32_t a = peerset_single(&ps, 1), b = peerset_single(&ps, 2), a2 = peerset_single(&ps, 1);
	ok(a == a2 && a != b, "one id per set");
	uint32_t ab = peerset_op(&ps, PEERSET_UNION, a, b), ba = peerset_op(&ps, PEERSET_UNION, b, a);
	ok(ab == ba, "{1} ∪ {2} = {2} ∪ {1}: one set");
	is_int(peerset_count(&ps, ab), 2, "two members");
	uint32_t back = peerset_op(&ps, PEERSET_MINUS, ab, b);
	ok(back == a, "{1,2} \\ {2} = {1}, the same id");
	ok(peerset_op(&ps, PEERSET_MINUS, a, ab) == 0, "{1} \\ {1,2} is the empty set, id 0");
	ok(peerset_subset(&ps, a, ab) && !peerset_subset(&ps, ab, a), "subsets");
	ok(peerset_intersects(&ps, a, ab) && !peerset_intersects(&ps, a, b), "intersections");

	/* beyond one word */
	uint32_t big = 0;
	for (uint32_t m = 0; m < 130; m += 3) {
		uint32_t one = peerset_single(&ps, m);
		peerset_apply(&ps, &big, PEERSET_UNION, one);
		peerset_unref(&ps, one);
	}
	is_int(peerset_count(&ps, big), 44, "44 members up to 129");
	ok(peerset_has(&ps, big, 129) && !peerset_has(&ps, big, 128) && peerset_has(&ps, big, 0), "membership past 64");
	uint32_t m = 0, n = 0;
	for (m = peerset_next(&ps, big, 0); m != PEERSET_NONE; m = peerset_next(&ps, big, m + 1))
		n++;
	is_int(n, 44, "iterated");
	uint32_t high = peerset_single(&ps, 129);
	uint32_t low = peerset_op(&ps, PEERSET_MINUS, big, high);
	ok(!peerset_has(&ps, low, 129) && peerset_get(&ps, low)->nwords == 2, "removing 129 leaves 126 the highest member: two words");
	is_int(peerset_union_count(&ps, low, high), 44, "|low ∪ {129}| without making it");

	peerset_unref(&ps, low);
	peerset_unref(&ps, high);
	peerset_unref(&ps, big);
	peerset_unref(&ps, back);
	peerset_unref(&ps, ab);
	peerset_unref(&ps, ba);
	peerset_unref(&ps, a2);
	peerset_unref(&ps, a);
	peerset_unref(&ps, b);
	is_int(ps.pool.count, 0, "every reference given back: no set left");
	peersets_fini(&ps);
}

static void test_log(void)
{
	struct peersets ps;
	struct rib_log l;
	peersets_init(&ps, 7);
	log_init(&l);
	for (uint32_t i = 0; i < 3 * LOG_BLOCK; i++)
		log_append(&l, i, i % 1000 == 999 ? peerset_single(&ps, (i / 1000) % 5) : 0);
	is_int(ps.pool.count, 5, "force sets referenced by the log");
	uint64_t pos = 0, n = 0, forced = 0;
	bool order = true;
	while (pos < l.end) {
		uint32_t force;
		uint64_t next;
		uint32_t id = log_read(&l, pos, &force, &next);
		order &= id == n;
		forced += force != 0;
		n++;
		pos = next;
	}
	ok(order && n == 3 * LOG_BLOCK, "every entry read back in order across blocks");
	is_int(forced, 12, "with their force sets");
	log_trim(&l, LOG_BLOCK + 5, &ps);
	is_int(l.nblocks - l.head, 3, "trimmed inside the second block: the first goes back");
	log_trim(&l, l.end, &ps);
	is_int(ps.pool.count, 0, "trimmed to the end: every force set released");
	log_append(&l, 1, 0);
	uint32_t force;
	uint64_t next;
	ok(log_read(&l, l.end - 1, &force, &next) == 1 && force == 0, "appending after a full trim");
	log_fini(&l, &ps);
	peersets_fini(&ps);
}

int main(void)
{
	test_slab();
	test_table();
	test_peersets();
	test_log();
	return done_testing();
}
