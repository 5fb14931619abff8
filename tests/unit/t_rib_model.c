/* t_rib_model.c — the store and its Adj-RIB-Outs against a reference model, under random
 * operations: adds, removes and replaces for random sets of neighbours, sessions going up
 * and down, route refreshes, drains alone and in a group.
 *
 * The model keeps, per neighbour, the Adj-RIB-Out it should have (prefix → next hop) and
 * the routes its peer holds, rebuilt from the UPDATEs the drains produce (parsed back),
 * and ExaBGP's withdraws: once a session's first UPDATEs are drained, every route taken
 * out of the neighbour's Adj-RIB-Out (and every withdraw asked for, held or not) is sent as
 * a withdraw even if its announce never went out; before, none is.
 * Checked throughout: after a drain, a peer holds exactly its neighbour's Adj-RIB-Out (for
 * the families its session carries) and was sent every withdraw it was owed and no other;
 * the store holds an entry for a prefix exactly when some neighbour refers to it, with the
 * reference count the model predicts; iteration per neighbour lists its Adj-RIB-Out. */
#include "t_rib_util.h"

/* next hops 1..4 are 192.0.2.N / 2001:db8::N; 5 is `self`, which peer m's session resolves
 * to 192.0.2.(9 + m) */
enum { PEERS = 4, PREFIXES = 48, NEXTHOPS = 5, SELF = 5, STEPS = 30000 };

static struct rib_store *s;
static struct adjout *adj[PEERS];
static bool up[PEERS];
static int want[PEERS][PREFIXES];   /* 0: not in the Adj-RIB-Out; else next hop 1..NEXTHOPS */
static int view[PEERS][PREFIXES];   /* what the peer was sent: 0 none, else next hop */
static bool owed[PEERS][PREFIXES];  /* a withdraw the peer must be sent although it holds nothing */
enum { FRESH, FIRST, SETTLED };
static int stage[PEERS];            /* the session's: nothing queued yet, first UPDATEs queued, past them */
static uint32_t path_of[NEXTHOPS + 1], path6[NEXTHOPS + 1];
static struct nlri prefix[PREFIXES];
static uint8_t prefix_bytes[PREFIXES][17];
static struct open_context_pool *pool;
static const struct open_context *v4;
static struct adjout_session sessions[PEERS];
static uint64_t rng = 88172645463325252ULL;
static int failures;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static bool is_v6(int p) { return p >= PREFIXES - 8; }

/* D (peer 3) negotiated IPv4 only */
static bool carries(int m, int p) { return !(m == 3 && is_v6(p)); }

static int prefix_find(const struct nlri *n)
{
	for (int p = 0; p < PREFIXES; p++)
		if (prefix[p].afi == n->afi && prefix[p].len == n->len && memcmp(prefix[p].data, n->data, n->len) == 0)
			return p;
	return -1;
}

static int nexthop_find(const struct route *r)
{
	/* next hops are 192.0.2.N (IPv4 routes) or 2001:db8::N (IPv6) */
	if (r->nexthop.len == 4)
		return r->nexthop.addr[3];
	if (r->nexthop.len >= 16)
		return r->nexthop.addr[15];
	return -1;
}

/* Apply UPDATE bytes to peer m's view. */
static void apply(int m, const struct buf *b)
{
	struct update_collection c;
	update_collection_init(&c);
	for (size_t off = 0; off + BGP_HEADER_LEN <= b->len;) {
		size_t len = be16_load(b->data + off + 16);
		if (update_collection_parse(&c, b->data + off, len, v4, 0) < 0) {
			printf("# unparseable UPDATE\n");
			failures++;
			break;
		}
		for (size_t i = 0; i < c.count; i++) {
			int p = prefix_find(&c.routes[i].nlri);
			if (p < 0) {
				failures++;
				continue;
			}
			if (c.routes[i].action != ROUTE_ANNOUNCE && view[m][p] == 0 && !owed[m][p]) {
				printf("# peer %d prefix %d: a withdraw it was not owed\n", m, p);
				failures++;
			}
			if (c.routes[i].action != ROUTE_ANNOUNCE)
				owed[m][p] = false;
			view[m][p] = c.routes[i].action == ROUTE_ANNOUNCE ? nexthop_find(&c.routes[i]) : 0;
		}
		off += len;
	}
	update_collection_fini(&c);
}

static void check_peer(int m, const char *when)
{
	if (!up[m])
		return;
	for (int p = 0; p < PREFIXES; p++) {
		int expect = carries(m, p) ? want[m][p] : 0;
		if (expect == SELF)
			expect = 9 + m;
		if (view[m][p] != expect) {
			printf("# %s: peer %d prefix %d: sent %d, Adj-RIB-Out %d\n", when, m, p, view[m][p], expect);
			failures++;
		}
		if (owed[m][p] && carries(m, p)) {
			printf("# %s: peer %d prefix %d: the withdraw owed was not sent\n", when, m, p);
			failures++;
		}
		owed[m][p] = false; /* a family the session did not negotiate owes nothing */
	}
}

static void check_store(const char *when)
{
	for (int p = 0; p < PREFIXES; p++) {
		uint32_t refs = 0;
		for (int m = 0; m < PEERS; m++)
			refs += want[m][p] || (up[m] && (view[m][p] || owed[m][p]));
		const struct rib_route *e = rib_route_find(s, &prefix[p]);
		if ((e != NULL) != (refs > 0) || (e && rib_route_refcount(s, e) != refs)) {
			printf("# %s: prefix %d: %s, refcount %u, model %u\n", when, p, e ? "stored" : "absent",
			       e ? rib_route_refcount(s, e) : 0, refs);
			failures++;
			continue;
		}
		for (int m = 0; e && m < PEERS; m++) {
			uint32_t path = rib_route_path(s, e, adj[m]);
			uint32_t expect = want[m][p] ? (is_v6(p) ? path6 : path_of)[want[m][p]] : 0;
			if (path != expect) {
				printf("# %s: prefix %d, peer %d holds path %u\n", when, p, m, path);
				failures++;
			}
		}
	}
	/* iteration per neighbour lists exactly its Adj-RIB-Out */
	for (int m = 0; m < PEERS; m++) {
		bool seen[PREFIXES] = {false};
		struct rib_iter it;
		const struct rib_route *e;
		rib_iter_init(&it, 0, 0, adj[m]);
		while ((e = rib_iter_next(s, &it)) != NULL) {
			struct nlri n;
			rib_route_nlri(e, &n);
			int p = prefix_find(&n);
			if (p < 0 || seen[p] || !want[m][p])
				failures++;
			else
				seen[p] = true;
		}
		for (int p = 0; p < PREFIXES; p++)
			if (want[m][p] && !seen[p]) {
				printf("# %s: peer %d: prefix %d not iterated\n", when, m, p);
				failures++;
			}
		struct adjout_stats st;
		adjout_stats(adj[m], &st);
		size_t count = 0;
		for (int p = 0; p < PREFIXES; p++)
			count += want[m][p] != 0;
		if (st.routes != count) {
			printf("# %s: peer %d counts %zu routes, model %zu\n", when, m, st.routes, count);
			failures++;
		}
	}
}

static uint32_t random_peers(bool who[PEERS])
{
	struct adjout *list[PEERS];
	size_t n = 0;
	for (int m = 0; m < PEERS; m++) {
		who[m] = rnd(2);
		if (who[m])
			list[n++] = adj[m];
	}
	return rib_peers_of(s, list, n);
}

/* Changes were queued for peer m. */
static void queued(int m)
{
	if (up[m] && stage[m] == FRESH)
		stage[m] = FIRST;
}

/* Peer k leaves the route p (a remove, a clear, a withdraw of a route it held). */
static void leave(int k, int p)
{
	if (want[k][p] == 0)
		return;
	queued(k);
	if (up[k] && stage[k] == SETTLED)
		owed[k][p] = true;
	want[k][p] = 0;
}

/* What a drain of peer m takes: its first UPDATEs if they were queued or its walk finds any. */
static void drained_stage(int m)
{
	bool any = false;
	for (int p = 0; p < PREFIXES; p++)
		any |= want[m][p] && carries(m, p);
	if (stage[m] == FIRST || (stage[m] == FRESH && any))
		stage[m] = SETTLED;
}

static void drain_one(int m)
{
	struct buf out = BUF_INIT;
	struct wire_error err;
	int rc;
	drained_stage(m);
	do {
		rc = adjout_drain(adj[m], 1 + rnd(3000), &out, &err);
		apply(m, &out);
		buf_reset(&out);
	} while (rc == 1);
	if (rc < 0) {
		printf("# drain: %s\n", err.why);
		failures++;
	}
	buf_free(&out);
	check_peer(m, "drain");
}

static void drain_group(void)
{
	/* A and B have the same contexts (and resolve next-hop self differently) */
	struct adjout *g[2] = {adj[0], adj[1]};
	struct buf shared = BUF_INIT, own[2] = {BUF_INIT, BUF_INIT};
	struct wire_error err;
	int rc;
	drained_stage(0);
	drained_stage(1);
	do {
		rc = adjout_drain_group(g, 2, 1 + rnd(3000), &shared, own, &err);
		for (int i = 0; i < 2; i++) {
			apply(i, &shared);
			apply(i, &own[i]);
			buf_reset(&own[i]);
		}
		buf_reset(&shared);
	} while (rc == 1);
	if (rc < 0) {
		printf("# group drain: %s\n", err.why);
		failures++;
	}
	buf_free(&shared);
	buf_free(&own[0]);
	buf_free(&own[1]);
	check_peer(0, "group drain");
	check_peer(1, "group drain");
}

int main(void)
{
	/* RIB_MODEL_SEED=N runs another sequence (the default one is checked in every build) */
	const char *seed = getenv("RIB_MODEL_SEED");
	if (seed)
		rng = strtoull(seed, NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	pool = open_context_pool_new();
	v4 = open_context_get(pool, AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65001, 65001);
	const struct open_context *v6 = open_context_for_family(pool, v4, AFI_IPV6, SAFI_UNICAST, false);
	s = rib_store_new();
	static uint8_t self4[PEERS][4];
	for (int m = 0; m < PEERS; m++) {
		memcpy(self4[m], (uint8_t[4]){192, 0, 2, (uint8_t)(9 + m)}, 4);
		adj[m] = adjout_new(s);
		memset(&sessions[m], 0, sizeof(sessions[m]));
		sessions[m].ctx[family_index(AFI_IPV4, SAFI_UNICAST)] = v4;
		if (m != 3)
			sessions[m].ctx[family_index(AFI_IPV6, SAFI_UNICAST)] = v6;
		sessions[m].self4 = self4[m];
		sessions[m].send_eor = true;
	}
	for (int h = 1; h <= NEXTHOPS; h++) {
		char text[128];
		if (h == SELF)
			snprintf(text, sizeof(text), "route 10.0.0.0/24 next-hop self med %d", h);
		else
			snprintf(text, sizeof(text), "route 10.0.0.0/24 next-hop 192.0.2.%d med %d", h, h);
		const struct route *r = route_of(text);
		path_of[h] = rib_path_intern(s, r->attrs, &r->nexthop);
	}
	/* IPv6 routes: the same attributes with an IPv6 next hop */
	for (int h = 1; h <= NEXTHOPS; h++) {
		char text[128];
		if (h == SELF)
			snprintf(text, sizeof(text), "route 2001:db8::/32 next-hop self med %d", h);
		else
			snprintf(text, sizeof(text), "route 2001:db8::/32 next-hop 2001:db8::%d med %d", h, h);
		const struct route *r = route_of(text);
		path6[h] = rib_path_intern(s, r->attrs, &r->nexthop);
	}
	for (int p = 0; p < PREFIXES; p++) {
		uint8_t addr[16] = {0};
		if (is_v6(p)) {
			addr[0] = 0x20;
			addr[1] = 0x01;
			addr[2] = 0x0d;
			addr[3] = 0xb8;
			addr[5] = (uint8_t)p;
			nlri_prefix_make(&prefix[p], prefix_bytes[p], AFI_IPV6, SAFI_UNICAST, addr, 48);
		} else {
			addr[0] = 10;
			addr[1] = (uint8_t)(p / 8);
			addr[2] = (uint8_t)(p * 32);
			nlri_prefix_make(&prefix[p], prefix_bytes[p], AFI_IPV4, SAFI_UNICAST, addr, 19 + p % 6);
		}
	}

	size_t counts[10] = {0};
	for (int step = 0; step < STEPS; step++) {
		uint32_t op = rnd(100);
		int p = (int)rnd(PREFIXES), m = (int)rnd(PEERS);
		int h = 1 + (int)rnd(NEXTHOPS);
		bool who[PEERS];
		uint32_t path = is_v6(p) ? path6[h] : path_of[h];
		if (op < 35) { /* add */
			uint32_t peers = random_peers(who);
			rib_route_add(s, &prefix[p], path, peers);
			rib_peers_unref(s, peers);
			for (int k = 0; k < PEERS; k++) {
				if (!who[k])
					continue;
				if (want[k][p] != h)
					queued(k);
				want[k][p] = h;
				owed[k][p] = false; /* announced again instead */
			}
			counts[0]++;
		} else if (op < 52) { /* remove */
			uint32_t peers = random_peers(who);
			rib_route_remove(s, &prefix[p], peers);
			rib_peers_unref(s, peers);
			for (int k = 0; k < PEERS; k++)
				if (who[k])
					leave(k, p);
			counts[1]++;
		} else if (op < 60) { /* withdraw: sent to settled peers even if they never held it */
			uint32_t peers = random_peers(who);
			rib_route_withdraw(s, &prefix[p], peers);
			rib_peers_unref(s, peers);
			for (int k = 0; k < PEERS; k++) {
				if (!who[k])
					continue;
				leave(k, p);
				queued(k);
				if (up[k] && stage[k] == SETTLED && view[k][p] == 0)
					owed[k][p] = true;
			}
			counts[8]++;
		} else if (op < 68) { /* replace */
			bool held = false;
			for (int k = 0; k < PEERS; k++)
				held |= want[k][p] != 0;
			if ((rib_route_replace(s, &prefix[p], path) == 0) != held)
				failures++;
			for (int k = 0; k < PEERS; k++)
				if (want[k][p]) {
					if (want[k][p] != h)
						queued(k);
					want[k][p] = h;
				}
			counts[2]++;
		} else if (op < 73) { /* session up or down */
			if (up[m]) {
				adjout_down(adj[m]);
				up[m] = false;
				memset(view[m], 0, sizeof(view[m]));
				memset(owed[m], 0, sizeof(owed[m]));
			} else {
				adjout_up(adj[m], &sessions[m]);
				up[m] = true;
				stage[m] = FRESH;
			}
			counts[3]++;
		} else if (op < 75) { /* route refresh */
			adjout_refresh(adj[m], 0, 0);
			counts[4]++;
		} else if (op < 90) { /* drain one */
			if (up[m])
				drain_one(m);
			counts[5]++;
		} else if (op < 95) { /* drain the group */
			if (up[0] && up[1])
				drain_group();
			counts[6]++;
		} else if (op < 96) { /* clear an Adj-RIB-Out */
			adjout_clear(adj[m]);
			for (int q = 0; q < PREFIXES; q++)
				leave(m, q);
			counts[7]++;
		} else {
			check_store("check");
		}
		if (failures > 20)
			break;
	}
	for (int m = 0; m < PEERS; m++)
		if (up[m])
			drain_one(m);
	check_store("end");
	is_int(failures, 0, "%d random steps (%zu adds, %zu removes, %zu withdraws, %zu replaces, %zu ups/downs, "
			    "%zu refreshes, %zu drains, %zu group drains, %zu clears): the peers and the store follow the model",
	       STEPS, counts[0], counts[1], counts[8], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7]);

	for (int h = 1; h <= NEXTHOPS; h++) {
		rib_path_unref(s, path_of[h]);
		rib_path_unref(s, path6[h]);
	}
	for (int m = 0; m < PEERS; m++)
		adjout_free(adj[m]);
	struct rib_memory mem;
	rib_store_memory(s, &mem);
	is_int(mem.routes + mem.paths + mem.attr_sets + mem.peer_sets + mem.log_entries + mem.versions, 0,
	       "everything freed");
	rib_store_free(s);
	open_context_pool_free(pool);
	rib_texts_free();
	return done_testing();
}
