/* t_rib_store.c — the global route store: interning of attributes, reference counts
 * through add / share / remove, replace, different attributes per neighbour, no mutation
 * of shared routes, lookups by NLRI and by index, iteration, memory counters, and the
 * tables at scale. Sessions are down here: t_rib_adjout covers what gets sent. */
#include "t_rib_util.h"

static struct rib_store *s;
static struct adjout *A, *B, *C;

static void setup(void)
{
	s = rib_store_new();
	A = adjout_new(s);
	B = adjout_new(s);
	C = adjout_new(s);
}

static void teardown(void)
{
	adjout_free(A);
	adjout_free(B);
	adjout_free(C);
	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.routes + m.paths + m.attr_sets + m.as_paths + m.communities + m.peer_sets, 0,
	       "every neighbour gone: nothing left in the store");
	rib_store_free(s);
}

static uint32_t path_of(const char *text)
{
	const struct route *r = route_of(text);
	return rib_path_intern(s, r->attrs, &r->nexthop);
}

static void test_interning(void)
{
	setup();
	uint32_t p1 = path_of("route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 65002 ] community [ 65000:1 ]");
	uint32_t p2 = path_of("route 10.9.0.0/16 next-hop 1.1.1.1 as-path [ 65001 65002 ] community [ 65000:1 ]");
	ok(p1 == p2, "equal attributes and next hop from two parses: one path");
	uint32_t p3 = path_of("route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 65002 ] community [ 65000:1 ] med 5");
	ok(p3 != p1, "another MED: another path");
	ok(!rib_path_same_attrs(s, p1, p3), "... and another attribute set");
	uint32_t p4 = path_of("route 10.0.0.0/24 next-hop 2.2.2.2 as-path [ 65001 65002 ] community [ 65000:1 ]");
	ok(p4 != p1 && rib_path_same_attrs(s, p1, p4), "another next hop: another path, the same attribute set");
	uint32_t p5 = path_of("route 10.0.0.0/24 next-hop self as-path [ 65001 65002 ] community [ 65000:1 ]");
	ok(p5 != p4 && rib_path_nexthop(s, p5)->self, "next-hop self is kept as the flag, unresolved");

	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.paths, 4, "four paths");
	is_int(m.attr_sets, 2, "two attribute sets");
	is_int(m.as_paths, 1, "one AS path shared by both sets");
	is_int(m.communities, 1, "one community list shared by both sets");

	const struct attr_set *a = rib_path_attrs(s, p1);
	const struct route *text = route_of("route 1.0.0.0/8 next-hop 1.1.1.1 as-path [ 65001 65002 ] community [ 65000:1 ]");
	ok(attr_set_equal(a, text->attrs), "the interned set equals the parsed one");
	ok(a->as_path.ptr != text->attrs->as_path.ptr, "... and owns its bytes (a copy, not a view into the text's arena)");

	rib_path_unref(s, p1);
	rib_path_unref(s, p2);
	rib_path_unref(s, p3);
	rib_path_unref(s, p4);
	rib_path_unref(s, p5);
	rib_store_memory(s, &m);
	is_int(m.paths + m.attr_sets + m.as_paths + m.communities, 0, "last references gone: everything freed");
	teardown();
}

static void test_refcounts(void)
{
	setup();
	const struct route *r = route_of("route 10.0.0.0/24 next-hop 1.1.1.1 med 10");
	uint32_t pa = rib_peers_of(s, &A, 1), pb = rib_peers_of(s, &B, 1);

	ok(rib_route_announce(s, r, pa) == 0, "add to A");
	const struct rib_route *e = rib_route_find(s, &r->nlri);
	ok(e != NULL, "found by its NLRI");
	is_int(rib_route_refcount(s, e), 1, "one neighbour refers to it");

	ok(rib_route_announce(s, route_of("route 10.0.0.0/24 next-hop 1.1.1.1 med 10"), pb) == 0,
	   "add the same route (another parse) to B");
	ok(rib_route_find(s, &r->nlri) == e, "shared: the same entry");
	is_int(rib_route_refcount(s, e), 2, "two neighbours refer to it");
	is_int(rib_route_versions(s, e), 1, "one version: both hold the same path");
	ok(rib_route_path(s, e, A) == rib_route_path(s, e, B), "A and B hold the same path id");

	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.routes, 1, "one route stored for two neighbours");
	is_int(m.paths, 1, "one path");

	is_int(rib_route_remove(s, &r->nlri, pa), 1, "remove from A");
	is_int(rib_route_refcount(s, rib_route_find(s, &r->nlri)), 1, "B still refers to it");
	ok(rib_route_path(s, rib_route_find(s, &r->nlri), A) == 0, "A's Adj-RIB-Out no longer holds it");
	is_int(rib_route_remove(s, &r->nlri, pa), 0, "removing it from A again: nothing to remove");
	is_int(rib_route_remove(s, &r->nlri, pb), 1, "remove from B");
	ok(rib_route_find(s, &r->nlri) == NULL, "no neighbour refers to it: it left the store");
	rib_store_memory(s, &m);
	is_int(m.routes + m.paths + m.attr_sets, 0, "its path and attributes left too");

	/* "peer *": all neighbours at once */
	uint32_t all = rib_peers_all(s);
	is_int(rib_peers_count(s, all), 3, "three neighbours");
	ok(rib_route_announce(s, r, all) == 0, "add to every neighbour");
	is_int(rib_route_refcount(s, rib_route_find(s, &r->nlri)), 3, "three references, one entry");
	struct adjout_stats st;
	adjout_stats(C, &st);
	is_int(st.routes, 1, "C's Adj-RIB-Out counts it");
	adjout_free(C);
	C = adjout_new(s);
	is_int(rib_route_refcount(s, rib_route_find(s, &r->nlri)), 2, "a neighbour deleted drops its reference");
	adjout_stats(C, &st);
	is_int(st.routes, 0, "a new neighbour (reusing the number) starts empty");
	is_int(rib_route_remove(s, &r->nlri, all), 1, "remove from every neighbour");
	ok(rib_route_find(s, &r->nlri) == NULL, "gone");

	/* adding to nobody stores nothing */
	ok(rib_route_announce(s, r, 0) == 0 && rib_route_find(s, &r->nlri) == NULL, "added to no neighbour: not stored");

	rib_peers_unref(s, all);
	rib_peers_unref(s, pa);
	rib_peers_unref(s, pb);
	teardown();
}

static void test_replace_and_versions(void)
{
	setup();
	uint32_t ab[2];
	struct adjout *list[] = {A, B};
	uint32_t pab = rib_peers_of(s, list, 2), pb = rib_peers_of(s, &B, 1);
	const struct nlri *n = nlri_of("route 10.0.0.0/24 next-hop 1.1.1.1");
	uint32_t p1 = path_of("route 10.0.0.0/24 next-hop 1.1.1.1 med 1");
	uint32_t p2 = path_of("route 10.0.0.0/24 next-hop 1.1.1.1 med 2");
	uint32_t p3 = path_of("route 10.0.0.0/24 next-hop 3.3.3.3 med 3");

	ok(rib_route_add(s, n, p1, pab) == 0, "A and B hold path 1");
	const struct rib_route *e = rib_route_find(s, n);

	/* no mutation of shared routes: path 1's attributes are the same object, same bytes */
	const struct attr_set *shared = rib_path_attrs(s, p1);
	struct attr_set before = *shared;

	ok(rib_route_replace(s, n, p2) == 0, "replace: same index, new attributes");
	ok(rib_route_find(s, n) == e, "the same entry");
	ok(rib_route_path(s, e, A) == p2 && rib_route_path(s, e, B) == p2, "both neighbours hold path 2");
	is_int(rib_route_versions(s, e), 1, "one version");
	ok(rib_path_attrs(s, p1) == shared && memcmp(shared, &before, sizeof(before)) == 0 &&
		   rib_path_attrs(s, p1)->med == 1,
	   "path 1 (still referenced by the test) is untouched");

	ok(rib_route_add(s, n, p3, pb) == 0, "B alone gets path 3 for the same index");
	is_int(rib_route_versions(s, e), 2, "two versions now: A on path 2, B on path 3");
	ok(rib_route_path(s, e, A) == p2, "A still holds path 2");
	ok(rib_route_path(s, e, B) == p3, "B holds path 3");
	is_int(rib_route_refcount(s, e), 2, "still two references");
	ok(rib_path_attrs(s, p2)->med == 2, "path 2 was not changed by B's");

	ok(rib_route_replace(s, n, p1) == 0, "replace for every holder");
	ok(rib_route_path(s, e, A) == p1 && rib_route_path(s, e, B) == p1, "both on path 1 again");
	is_int(rib_route_versions(s, e), 1, "back to one version");

	ok(rib_route_add(s, n, p3, pb) == 0, "B on path 3 again");
	is_int(rib_route_remove(s, n, pb), 1, "B removes it");
	is_int(rib_route_versions(s, e), 1, "A's version remains");
	ok(rib_route_path(s, e, A) == p1 && rib_route_path(s, e, B) == 0, "A on path 1, B holds nothing");

	ok(rib_route_replace(s, nlri_of("route 10.9.9.0/24 next-hop 1.1.1.1"), p1) == -1,
	   "replacing a route nobody holds fails");
	ok(rib_route_add(s, n, 0, pab) == -1, "path 0 is refused");
	is_int(rib_route_remove(s, n, pab), 1, "remove");

	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.versions, 0, "no version block left");
	(void)ab;
	rib_path_unref(s, p1);
	rib_path_unref(s, p2);
	rib_path_unref(s, p3);
	rib_peers_unref(s, pab);
	rib_peers_unref(s, pb);
	teardown();
}

static void test_three_versions(void)
{
	setup();
	const struct nlri *n = nlri_of("route 10.0.0.0/24 next-hop 1.1.1.1");
	uint32_t pa = adjout_peers(A), pb = adjout_peers(B), pc = adjout_peers(C);
	uint32_t p[3] = {path_of("route 10.0.0.0/24 next-hop 1.1.1.1"), path_of("route 10.0.0.0/24 next-hop 2.2.2.2"),
			 path_of("route 10.0.0.0/24 next-hop 3.3.3.3")};
	rib_route_add(s, n, p[0], pa);
	rib_route_add(s, n, p[1], pb);
	rib_route_add(s, n, p[2], pc);
	const struct rib_route *e = rib_route_find(s, n);
	is_int(rib_route_versions(s, e), 3, "three neighbours, three next hops: three versions");
	ok(rib_route_path(s, e, A) == p[0] && rib_route_path(s, e, B) == p[1] && rib_route_path(s, e, C) == p[2],
	   "each neighbour holds its own");
	struct route model;
	rib_route_model(s, e, rib_route_path(s, e, B), &model);
	ok(model.nexthop.len == 4 && model.nexthop.addr[0] == 2, "the model route of B's version has B's next hop");
	rib_route_remove(s, n, pb);
	is_int(rib_route_versions(s, e), 2, "B gone: two versions");
	rib_route_remove(s, n, pa);
	is_int(rib_route_versions(s, e), 1, "A gone: one");
	ok(rib_route_path(s, e, C) == p[2], "C keeps its version");
	rib_route_remove(s, n, pc);
	ok(rib_route_find(s, n) == NULL, "all gone");
	for (int i = 0; i < 3; i++)
		rib_path_unref(s, p[i]);
	teardown();
}

static void test_find_and_index(void)
{
	setup();
	uint32_t pa = adjout_peers(A);
	rib_route_announce(s, route_of("route 10.0.0.0/24 next-hop 1.1.1.1"), pa);
	rib_route_announce(s, route_of("route 10.0.0.0/24 next-hop 1.1.1.1 path-information 7"), pa);
	rib_route_announce(s, route_of("route 2001:db8::/32 next-hop 2001:db8::1"), pa);

	const struct rib_route *e = rib_route_find_index(s, "0101180a000000", 14);
	ok(e != NULL, "found by the seed's index");
	uint8_t idx[RIB_INDEX_MAX];
	char hex[2 * RIB_INDEX_MAX + 1];
	is_str(rib_index_hex(idx, rib_route_index(e, idx), hex), "0101180a000000", "its index, back");
	const struct rib_route *e7 = rib_route_find_index(s, "010100000007180a000000", 22);
	ok(e7 != NULL && e7 != e, "the add-path route is another entry");
	ok(rib_route_find_index(s, "010100000008180a000000", 22) == NULL, "another path id: not found");
	ok(rib_route_find_index(s, "0201" "20" "20010db8000000000000000000000000", 38) != NULL, "IPv6 by index");
	ok(rib_route_find_index(s, "zz", 2) == NULL, "bad index: NULL");

	/* a prefix written with bits past its length is the same prefix */
	uint8_t raw[] = {23, 10, 0, 1};
	struct nlri dirty = {AFI_IPV4, SAFI_UNICAST, false, sizeof(raw), 0, raw};
	rib_route_announce(s, route_of("route 10.0.0.0/23 next-hop 1.1.1.1"), pa);
	ok(rib_route_find(s, &dirty) == rib_route_find(s, nlri_of("route 10.0.0.0/23 next-hop 1.1.1.1")),
	   "10.0.1.0/23 on the wire is 10.0.0.0/23");
	uint8_t bad[] = {33, 10, 0, 0, 0, 0};
	struct nlri toolong = {AFI_IPV4, SAFI_UNICAST, false, sizeof(bad), 0, bad};
	uint32_t p = path_of("route 10.0.0.0/23 next-hop 1.1.1.1");
	ok(rib_route_add(s, &toolong, p, pa) == -1, "a /33 is refused");
	uint8_t shortp[] = {24, 10, 0};
	struct nlri cut = {AFI_IPV4, SAFI_UNICAST, false, sizeof(shortp), 0, shortp};
	ok(rib_route_add(s, &cut, p, pa) == -1, "a /24 with two octets is refused");
	rib_path_unref(s, p);
	teardown();
}

static void test_iteration(void)
{
	setup();
	uint32_t pa = adjout_peers(A), pb = adjout_peers(B);
	const char *v4[] = {"route 10.0.0.0/24 next-hop 1.1.1.1", "route 10.0.1.0/24 next-hop 1.1.1.1",
			    "route 10.0.2.0/24 next-hop 1.1.1.1"};
	for (int i = 0; i < 3; i++)
		rib_route_announce(s, route_of(v4[i]), i == 1 ? pb : pa);
	rib_route_announce(s, route_of("route 2001:db8::/32 next-hop 2001:db8::1"), pa);
	rib_route_announce(s, route_of("announce ipv4 multicast 224.0.0.0/8 next-hop 1.1.1.1"), pb);

	struct rib_iter it;
	const struct rib_route *e;
	char line[512];
	struct buf out = BUF_INIT;
	struct nlri n;
	char prefix[NLRI_PREFIX_STR_MAX];

#define LIST(afi, safi, peer)                                                                       \
	do {                                                                                        \
		buf_reset(&out);                                                                    \
		rib_iter_init(&it, afi, safi, peer);                                                \
		while ((e = rib_iter_next(s, &it)) != NULL) {                                       \
			rib_route_nlri(e, &n);                                                      \
			snprintf(line, sizeof(line), "%s%s", out.len ? " " : "", nlri_prefix_format(&n, prefix)); \
			buf_puts(&out, line);                                                       \
		}                                                                                   \
	} while (0)

	LIST(0, 0, NULL);
	is_str(buf_cstr(&out), "10.0.0.0/24 10.0.1.0/24 10.0.2.0/24 224.0.0.0/8 2001:db8::/32",
	       "every route, in store order (slab classes by size, then insertion)");
	LIST(AFI_IPV4, SAFI_UNICAST, NULL);
	is_str(buf_cstr(&out), "10.0.0.0/24 10.0.1.0/24 10.0.2.0/24", "IPv4 unicast");
	LIST(AFI_IPV4, 0, NULL);
	is_str(buf_cstr(&out), "10.0.0.0/24 10.0.1.0/24 10.0.2.0/24 224.0.0.0/8", "every IPv4 SAFI");
	LIST(AFI_IPV6, SAFI_UNICAST, NULL);
	is_str(buf_cstr(&out), "2001:db8::/32", "IPv6 unicast");
	LIST(0, 0, B);
	is_str(buf_cstr(&out), "10.0.1.0/24 224.0.0.0/8", "B's Adj-RIB-Out");
	LIST(AFI_IPV4, SAFI_UNICAST, A);
	is_str(buf_cstr(&out), "10.0.0.0/24 10.0.2.0/24", "A's IPv4 unicast");

	/* stable: the same again after a removal and an addition */
	rib_route_remove(s, nlri_of(v4[0]), pa);
	rib_route_announce(s, route_of("route 10.0.3.0/24 next-hop 1.1.1.1"), pa);
	LIST(AFI_IPV4, SAFI_UNICAST, NULL);
	is_str(buf_cstr(&out), "10.0.3.0/24 10.0.1.0/24 10.0.2.0/24",
	       "a new route takes the freed place; the others keep their order");

	/* resumable while the store changes */
	rib_iter_init(&it, AFI_IPV4, SAFI_UNICAST, NULL);
	e = rib_iter_next(s, &it);
	rib_route_remove(s, nlri_of(v4[1]), pb);
	e = rib_iter_next(s, &it);
	rib_route_nlri(e, &n);
	is_str(nlri_prefix_format(&n, prefix), "10.0.2.0/24", "a route removed ahead of the iterator is skipped");
	ok(rib_iter_next(s, &it) == NULL, "then the end");
	buf_free(&out);
#undef LIST
	teardown();
}

static void test_scale(void)
{
	setup();
	uint32_t all = rib_peers_all(s);
	const struct route *r = route_of("route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 ]");
	uint32_t path = rib_path_intern(s, r->attrs, &r->nexthop);
	enum { N = 100000 };
	uint8_t data[4] = {24, 0, 0, 0};
	struct nlri n = {AFI_IPV4, SAFI_UNICAST, false, 4, 0, data};
	int bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		data[1] = (uint8_t)(i >> 16);
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		bad += rib_route_add(s, &n, path, all) != 0;
	}
	is_int(bad, 0, "100,000 routes added");
	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.routes, N, "100,000 entries");
	is_int(m.paths, 1, "one path");
	is_int(m.peer_sets, 4, "four neighbour sets (three singles and `all`)");
	printf("# %zu routes: %zu octets of entries, %zu of index (%.1f octets a route)\n", m.routes, m.route_bytes,
	       m.index_bytes, (double)(m.route_bytes + m.index_bytes) / (double)m.routes);
	int missing = 0;
	for (uint32_t i = 0; i < N; i++) {
		data[1] = (uint8_t)(i >> 16);
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		missing += rib_route_find(s, &n) == NULL;
	}
	is_int(missing, 0, "every one found");
	/* remove the even ones, check the odd ones, then the rest */
	for (uint32_t i = 0; i < N; i += 2) {
		data[1] = (uint8_t)(i >> 16);
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		bad += rib_route_remove(s, &n, all) != 1;
	}
	for (uint32_t i = 0; i < N; i++) {
		data[1] = (uint8_t)(i >> 16);
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		missing += (rib_route_find(s, &n) == NULL) != (i % 2 == 0);
	}
	is_int(bad + missing, 0, "half removed: the other half still found, the removed ones not");
	for (uint32_t i = 1; i < N; i += 2) {
		data[1] = (uint8_t)(i >> 16);
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		bad += rib_route_remove(s, &n, all) != 1;
	}
	is_int(bad, 0, "all removed");
	rib_store_memory(s, &m);
	is_int(m.routes, 0, "no entry left");
	ok(m.route_bytes < 200000 && m.index_bytes < 10000, "pages and table given back (%zu + %zu octets left)",
	   m.route_bytes, m.index_bytes);
	rib_path_unref(s, path);
	rib_peers_unref(s, all);
	teardown();
}

static void test_many_neighbours(void)
{
	struct rib_store *st = rib_store_new();
	enum { N = 100 };
	struct adjout *adj[N];
	for (int i = 0; i < N; i++)
		adj[i] = adjout_new(st);
	const struct route *r = route_of("route 10.0.0.0/24 next-hop 1.1.1.1");
	uint32_t all = rib_peers_all(st);
	ok(rib_route_announce(st, r, all) == 0, "a route for 100 neighbours");
	const struct rib_route *e = rib_route_find(st, &r->nlri);
	is_int(rib_route_refcount(st, e), N, "100 references");
	for (int i = 1; i < N; i += 2)
		rib_route_remove(st, &r->nlri, adjout_peers(adj[i]));
	is_int(rib_route_refcount(st, e), N / 2, "50 after removing the odd ones");
	struct rib_iter it;
	rib_iter_init(&it, 0, 0, adj[98]);
	ok(rib_iter_next(st, &it) == e, "neighbour 98 (third word of the set) holds it");
	rib_iter_init(&it, 0, 0, adj[99]);
	ok(rib_iter_next(st, &it) == NULL, "neighbour 99 does not");
	struct adjout_stats as;
	adjout_stats(adj[64], &as);
	is_int(as.routes, 1, "neighbour 64 counts one route");
	for (int i = 0; i < N; i++)
		adjout_free(adj[i]);
	ok(rib_route_find(st, &r->nlri) == NULL, "every neighbour gone: the route too");
	rib_peers_unref(st, all);
	rib_store_free(st);
}

static void test_add_many(void)
{
	setup();
	uint32_t pa = adjout_peers(A);
	uint32_t path = path_of("route 10.0.0.0/24 next-hop 1.1.1.1");
	enum { N = 100 };
	uint8_t data[N][5];
	struct nlri nl[N];
	const struct nlri *np[N];
	for (int i = 0; i < N; i++) {
		data[i][0] = 24;
		data[i][1] = 10;
		data[i][2] = 1;
		data[i][3] = (uint8_t)i;
		nl[i] = (struct nlri){AFI_IPV4, SAFI_UNICAST, false, 4, 0, data[i]};
		np[i] = &nl[i];
	}
	data[7][0] = 40; /* not a prefix */
	is_int(rib_route_add_many(s, np, N, path, pa), 1, "100 NLRI sharing a path: one refused");
	struct adjout_stats st;
	adjout_stats(A, &st);
	is_int(st.routes, N - 1, "99 in A's Adj-RIB-Out");
	ok(rib_route_path(s, rib_route_find(s, np[50]), A) == path, "with the path");
	is_int(rib_route_add_many(s, np, N, 0, pa), N, "path 0: none");
	rib_path_unref(s, path);
	teardown();
}

int main(void)
{
	test_interning();
	test_refcounts();
	test_replace_and_versions();
	test_three_versions();
	test_find_and_index();
	test_iteration();
	test_scale();
	test_many_neighbours();
	test_add_many();
	rib_texts_free();
	return done_testing();
}
