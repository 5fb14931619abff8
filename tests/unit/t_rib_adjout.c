/* t_rib_adjout.c — Adj-RIB-Out per neighbour: pending changes drained into UPDATEs
 * (checked by parsing them back), next-hop self resolved per session, changes coalesced,
 * replace sent again, down/up resending from the store, route refresh, families a session
 * did not negotiate, shared packing for alike sessions, the log's overflow into a walk,
 * and ExaBGP's withdraws (none in a session's first UPDATEs, every one asked for after). */
#include "t_rib_util.h"

static struct rib_store *s;
static struct open_context_pool *pool;
static const struct open_context *v4, *v6;
static struct buf out = BUF_INIT;
static struct wire_error err;

static const uint8_t local_a[4] = {10, 0, 0, 1}, local_b[4] = {10, 0, 0, 2};
static const uint8_t local_a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x0a};

static struct adjout_session session(const uint8_t *self4, const uint8_t *self6, bool with_v6)
{
	struct adjout_session ss;
	memset(&ss, 0, sizeof(ss));
	ss.ctx[family_index(AFI_IPV4, SAFI_UNICAST)] = v4;
	if (with_v6)
		ss.ctx[family_index(AFI_IPV6, SAFI_UNICAST)] = v6;
	ss.self4 = self4;
	ss.self6 = self6;
	ss.send_eor = true;
	return ss;
}

/* Drain a and describe what it sent. */
static const char *drained(struct adjout *a)
{
	buf_reset(&out);
	if (adjout_drain(a, 0, &out, &err) < 0)
		return err.why;
	return updates_text(&out, v4, 0);
}

static void add(const char *text, struct adjout *const *who, size_t n)
{
	uint32_t peers = rib_peers_of(s, who, n);
	if (rib_route_announce(s, route_of(text), peers) < 0)
		printf("# add failed: %s\n", text);
	rib_peers_unref(s, peers);
}

static void del(const char *text, struct adjout *const *who, size_t n)
{
	uint32_t peers = rib_peers_of(s, who, n);
	rib_route_remove(s, nlri_of(text), peers);
	rib_peers_unref(s, peers);
}

static void test_next_hop_self_and_queues(void)
{
	struct adjout *A = adjout_new(s), *B = adjout_new(s);
	struct adjout *AB[] = {A, B};
	struct adjout_session sa = session(local_a, local_a6, true), sb = session(local_b, NULL, false);

	add("route 10.0.0.0/24 next-hop self med 7", AB, 2);
	ok(!adjout_pending(A), "session down: nothing pending");
	adjout_up(A, &sa);
	adjout_up(B, &sb);
	ok(adjout_pending(A) && adjout_pending(B), "sessions up: the walk is pending");

	is_str(drained(A), "+10.0.0.0/24>10.0.0.1 | EOR | EOR", "A: next-hop self is A's local address, then End-of-RIB per family");
	is_str(drained(B), "+10.0.0.0/24>10.0.0.2 | EOR", "B: the same stored route, B's local address");
	const struct rib_route *e = rib_route_find(s, nlri_of("route 10.0.0.0/24 next-hop self"));
	ok(rib_path_nexthop(s, rib_route_path(s, e, A))->self, "the store still holds next-hop self, unresolved");
	is_str(drained(A), "", "A drained: nothing more");
	ok(!adjout_pending(A), "nothing pending");

	/* the same route announced again once sent (api-nexthop-self.run sends 2.2.0.1/32 three
	 * times; ExaBGP's peer gets it once): the peers have it, nothing is sent */
	add("route 10.0.0.0/24 next-hop self med 7", AB, 2);
	add("route 10.0.0.0/24 next-hop self med 7", &A, 1);
	ok(!adjout_pending(A) && !adjout_pending(B), "an identical route announced again: nothing pending");
	is_str(drained(A), "", "... nothing sent to A");
	is_str(drained(B), "", "... nor to B");

	/* per-neighbour queues */
	add("route 10.0.1.0/24 next-hop 1.1.1.1", &A, 1);
	is_str(drained(B), "", "a route for A is not in B's queue");
	is_str(drained(A), "+10.0.1.0/24>1.1.1.1", "A gets it");
	del("route 10.0.0.0/24 next-hop self", &A, 1);
	is_str(drained(B), "", "A's removal is not B's");
	is_str(drained(A), "-10.0.0.0/24", "A withdraws it");
	ok(rib_route_find(s, nlri_of("route 10.0.0.0/24 next-hop self")) != NULL, "B still holds it: still stored");

	/* several changes before a drain: the latest state, once */
	add("route 10.0.2.0/24 next-hop 2.2.2.2", &A, 1);
	add("route 10.0.2.0/24 next-hop 2.2.2.3", &A, 1);
	add("route 10.0.2.0/24 next-hop 2.2.2.4", &A, 1);
	add("route 10.0.3.0/24 next-hop 3.3.3.3", &A, 1);
	del("route 10.0.3.0/24 next-hop 3.3.3.3", &A, 1);
	is_str(drained(A), "-10.0.3.0/24 | +10.0.2.0/24>2.2.2.4",
	       "three changes: the last one, once; added and removed after the first UPDATEs: withdrawn, as ExaBGP");
	ok(rib_route_find(s, nlri_of("route 10.0.3.0/24 next-hop 3.3.3.3")) == NULL, "the route added and removed is gone");

	/* a replace of a route already sent is sent again */
	const struct route *r9 = route_of("route 10.0.1.0/24 next-hop 1.1.1.9");
	uint32_t p9 = rib_path_intern(s, r9->attrs, &r9->nexthop);
	ok(rib_route_replace(s, &r9->nlri, p9) == 0, "replace 10.0.1.0/24");
	rib_path_unref(s, p9);
	is_str(drained(A), "+10.0.1.0/24>1.1.1.9", "replaced after it was sent: sent again with the new next hop");

	/* grouping: routes sharing attributes share an UPDATE, withdraws come first */
	add("route 10.1.0.0/24 next-hop 1.1.1.1 med 5", &A, 1);
	add("route 10.1.1.0/24 next-hop 1.1.1.1 med 6", &A, 1);
	add("route 10.1.2.0/24 next-hop 1.1.1.1 med 5", &A, 1);
	del("route 10.0.2.0/24 next-hop 2.2.2.4", &A, 1);
	is_str(drained(A), "-10.0.2.0/24 | +10.1.0.0/24>1.1.1.1 +10.1.2.0/24>1.1.1.1 | +10.1.1.0/24>1.1.1.1",
	       "a withdraw, then one UPDATE per attribute set");

	/* IPv6 next-hop self and a family B did not negotiate */
	add("route 2001:db8:1::/48 next-hop self", AB, 2);
	buf_reset(&out);
	adjout_drain(A, 0, &out, &err);
	is_str(updates_text(&out, v6, 0), "+2001:db8:1::/48>2001:db8::a", "A: IPv6 next-hop self is A's IPv6 address");
	is_str(drained(B), "", "B did not negotiate IPv6: nothing sent");
	struct adjout_stats st;
	adjout_stats(B, &st);
	is_int(st.routes, 2, "... but B's Adj-RIB-Out holds it (for a later session)");

	/* down and up: everything resent from the store */
	adjout_down(A);
	ok(!adjout_pending(A), "down: nothing pending");
	add("route 10.2.0.0/24 next-hop 1.1.1.1", &A, 1);
	adjout_up(A, &sa);
	buf_reset(&out);
	ok(adjout_drain(A, 0, &out, &err) == 0, "up again: drained");
	is_int(updates_count(&out), 7, "up again: 1 IPv4 (route 10.0.1/24) + 1 (10.1.0/24, 10.1.2/24) + 1 (10.1.1/24) + 1 (10.2.0/24) + 1 IPv6 + 2 EOR");
	adjout_stats(A, &st);
	is_int(st.routes, 6, "A's Adj-RIB-Out: six routes");

	/* route refresh */
	adjout_refresh(A, AFI_IPV4, SAFI_UNICAST);
	/* (UPDATEs come in the walk's order, store order: 10.2.0.0/24 took a freed place) */
	is_str(drained(A), "+10.0.1.0/24>1.1.1.9 | +10.2.0.0/24>1.1.1.1 | +10.1.0.0/24>1.1.1.1 +10.1.2.0/24>1.1.1.1 | +10.1.1.0/24>1.1.1.1",
	       "route refresh for IPv4 unicast: every IPv4 route again, no End-of-RIB");
	is_str(drained(A), "", "then nothing");

	/* a route waiting only for its withdraw is released once sent */
	add("route 10.3.0.0/24 next-hop 1.1.1.1", &A, 1);
	drained(A);
	del("route 10.3.0.0/24 next-hop 1.1.1.1", &A, 1);
	ok(rib_route_find(s, nlri_of("route 10.3.0.0/24 next-hop 1.1.1.1")) != NULL, "removed but not yet withdrawn: kept");
	is_int(rib_route_refcount(s, rib_route_find(s, nlri_of("route 10.3.0.0/24 next-hop 1.1.1.1"))), 1,
	       "... referred to by the neighbour that must withdraw it");
	is_str(drained(A), "-10.3.0.0/24", "withdrawn");
	ok(rib_route_find(s, nlri_of("route 10.3.0.0/24 next-hop 1.1.1.1")) == NULL, "then released");

	/* next-hop self without an address of the kind needed */
	struct adjout *N = adjout_new(s);
	struct adjout_session sn = session(NULL, NULL, false);
	adjout_up(N, &sn);
	add("route 10.4.0.0/24 next-hop self", &N, 1);
	buf_reset(&out);
	ok(adjout_drain(N, 0, &out, &err) == -1, "next-hop self without a local address: an error");
	adjout_free(N);

	adjout_free(A);
	adjout_free(B);
}

static void test_shared_packing(void)
{
	struct adjout *C = adjout_new(s), *D = adjout_new(s), *E = adjout_new(s);
	struct adjout *CD[] = {C, D}, *CDE[] = {C, D, E};
	struct adjout_session sc = session(local_a, NULL, false), se = session(local_b, NULL, false);
	struct buf own[2] = {BUF_INIT, BUF_INIT};

	add("route 10.0.0.0/24 next-hop self", CDE, 3);
	add("route 10.0.1.0/24 next-hop 1.1.1.1", CDE, 3);
	adjout_up(C, &sc);
	adjout_up(D, &sc);
	adjout_up(E, &se);
	ok(adjout_same_contexts(C, D) && adjout_same_self(C, D), "C and D: same contexts, same local address");
	ok(adjout_same_contexts(C, E) && !adjout_same_self(C, E), "E: same contexts, resolves next-hop self differently");

	buf_reset(&out);
	ok(adjout_drain_group(CD, 2, 0, &out, own, &err) == 0, "C and D drained as a group");
	is_str(updates_text(&out, v4, 0), "+10.0.0.0/24>10.0.0.1 | +10.0.1.0/24>1.1.1.1", "shared: packed once for both");
	is_str(updates_text(&own[0], v4, 0), "EOR", "C's own: its End-of-RIB");
	is_str(updates_text(&own[1], v4, 0), "EOR", "D's own: its End-of-RIB");
	is_str(drained(E), "+10.0.0.0/24>10.0.0.2 | +10.0.1.0/24>1.1.1.1 | EOR", "E packed alone with its own address");

	/* what differs goes to each member's own buffer */
	add("route 10.0.2.0/24 next-hop 2.2.2.2", &C, 1);
	add("route 10.0.1.0/24 next-hop 1.1.1.7", &D, 1);
	add("route 10.0.3.0/24 next-hop 3.3.3.3", CD, 2);
	buf_reset(&out);
	buf_reset(&own[0]);
	buf_reset(&own[1]);
	ok(adjout_drain_group(CD, 2, 0, &out, own, &err) == 0, "group drained again");
	is_str(updates_text(&out, v4, 0), "+10.0.3.0/24>3.3.3.3", "shared: the route both got");
	is_str(updates_text(&own[0], v4, 0), "+10.0.2.0/24>2.2.2.2", "C's own: its route");
	is_str(updates_text(&own[1], v4, 0), "+10.0.1.0/24>1.1.1.7", "D's own: its new version of 10.0.1.0/24");
	const struct rib_route *e = rib_route_find(s, nlri_of("route 10.0.1.0/24 next-hop 1.1.1.1"));
	is_int(rib_route_versions(s, e), 2, "10.0.1.0/24: C and E on one version, D on another");
	is_str(drained(E), "", "E: nothing new");

	/* members at different places: C refreshed, D in step */
	adjout_refresh(C, 0, 0);
	buf_reset(&out);
	buf_reset(&own[0]);
	buf_reset(&own[1]);
	ok(adjout_drain_group(CD, 2, 0, &out, own, &err) == 0, "group with one member refreshing");
	is_str(updates_text(&out, v4, 0), "", "nothing shared");
	const char *c_own = updates_text(&own[0], v4, 0);
	ok(strstr(c_own, "+10.0.0.0/24>10.0.0.1") && strstr(c_own, "+10.0.1.0/24>1.1.1.1") &&
		   strstr(c_own, "+10.0.2.0/24>2.2.2.2") && strstr(c_own, "+10.0.3.0/24>3.3.3.3"),
	   "C's own: its four routes again (%s)", c_own);
	is_int(own[1].len, 0, "D: nothing");

	/* a group whose members resolve next-hop self differently: only `self` routes differ */
	struct adjout *CE[] = {C, E};
	add("route 10.0.4.0/24 next-hop self", CE, 2);
	add("route 10.0.5.0/24 next-hop 5.5.5.5", CE, 2);
	buf_reset(&out);
	buf_reset(&own[0]);
	buf_reset(&own[1]);
	ok(adjout_drain_group(CE, 2, 0, &out, own, &err) == 0, "C and E drained as a group");
	is_str(updates_text(&out, v4, 0), "+10.0.5.0/24>5.5.5.5", "shared: the route with a plain next hop");
	is_str(updates_text(&own[0], v4, 0), "+10.0.4.0/24>10.0.0.1", "C's own: next-hop self as C's address");
	is_str(updates_text(&own[1], v4, 0), "+10.0.4.0/24>10.0.0.2", "E's own: next-hop self as E's address");

	/* a neighbour with other contexts cannot join */
	struct adjout *F = adjout_new(s);
	struct adjout_session sf = session(local_a, NULL, false);
	sf.ctx[family_index(AFI_IPV4, SAFI_UNICAST)] =
		open_context_get(pool, AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65001, 65002);
	adjout_up(F, &sf);
	struct adjout *CF[] = {C, F};
	ok(!adjout_same_contexts(C, F), "F's session is eBGP: other contexts");
	ok(adjout_drain_group(CF, 2, 0, &out, own, &err) == -1, "C and F cannot share a packing");
	adjout_free(F);

	buf_free(&own[0]);
	buf_free(&own[1]);
	adjout_free(C);
	adjout_free(D);
	adjout_free(E);
}

static void test_budget(void)
{
	struct adjout *A = adjout_new(s);
	struct adjout_session sa = session(local_a, NULL, false);
	uint32_t pa = adjout_peers(A);
	const struct route *r = route_of("route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 65002 ]");
	uint32_t path = rib_path_intern(s, r->attrs, &r->nexthop);
	uint8_t data[4] = {24, 0, 0, 0};
	struct nlri n = {AFI_IPV4, SAFI_UNICAST, false, 4, 0, data};
	for (uint32_t i = 0; i < 20000; i++) {
		data[1] = (uint8_t)(20 + (i >> 16));
		data[2] = (uint8_t)(i >> 8);
		data[3] = (uint8_t)i;
		rib_route_add(s, &n, path, pa);
	}
	adjout_up(A, &sa);
	buf_reset(&out);
	int rc = adjout_drain(A, 16384, &out, &err);
	ok(rc == 1 && out.len >= 16384 && out.len < 200000, "a budget of 16 KiB: stops early (%zu octets), more pending",
	   out.len);
	size_t total = out.len, calls = 1;
	while (rc == 1) {
		buf_reset(&out);
		rc = adjout_drain(A, 16384, &out, &err);
		total += out.len;
		calls++;
	}
	is_int(rc, 0, "drained in the end");
	ok(calls > 3, "in %zu calls, %zu octets", calls, total);
	struct adjout_stats st;
	adjout_stats(A, &st);
	is_int(st.announced, 20000, "20,000 routes announced");
	ok(st.messages >= 20000 * 4 / 4096, "in %llu UPDATEs", (unsigned long long)st.messages);
	rib_path_unref(s, path);
	adjout_free(A);
}

static void test_log_overflow(void)
{
	/* A never drains, B drains after every change: the log grows behind A until A is
	 * moved to a walk of the store */
	struct adjout *A = adjout_new(s), *B = adjout_new(s);
	struct adjout *AB[] = {A, B};
	struct adjout_session sa = session(local_a, NULL, false);
	adjout_up(A, &sa);
	adjout_up(B, &sa);
	drained(A);
	drained(B);
	const struct route *r = route_of("route 10.9.0.0/24 next-hop 1.1.1.1");
	uint32_t peers = rib_peers_of(s, AB, 2);
	for (int i = 0; i < 40000; i++) {
		rib_route_announce(s, r, peers);
		drained(B);
		rib_route_remove(s, &r->nlri, peers);
		drained(B);
	}
	rib_route_announce(s, r, peers);
	struct rib_memory m;
	rib_store_memory(s, &m);
	ok(m.log_entries <= 65536 + 2, "the log was cut back (%zu entries)", m.log_entries);
	is_str(drained(A), "+10.9.0.0/24>1.1.1.1", "A, moved to a walk, sends the route's state once");
	is_str(drained(B), "+10.9.0.0/24>1.1.1.1", "B as usual");
	rib_store_memory(s, &m);
	is_int(m.log_entries, 0, "both drained: the log is empty");
	rib_peers_unref(s, peers);
	adjout_free(A);
	adjout_free(B);
}

/* ExaBGP (reactor/peer.py, include_withdraw) drops the withdraws of a session's first
 * batch of UPDATEs and sends every withdraw queued after it, whether the announce went out
 * or not: ExaBGP's api-fast case checks both. */
static void withdraw(const char *text, struct adjout *const *who, size_t n, int held)
{
	uint32_t peers = rib_peers_of(s, who, n);
	is_int(rib_route_withdraw(s, nlri_of(text), peers), held, "withdraw %s: %s", text, held ? "held" : "not held");
	rib_peers_unref(s, peers);
}

static void test_exabgp_withdraws(void)
{
	struct adjout *A = adjout_new(s), *B = adjout_new(s), *C = adjout_new(s);
	struct adjout *AB[] = {A, B};
	struct adjout_session sa = session(local_a, NULL, false), sv6 = session(local_a, local_a6, true);
	adjout_up(A, &sa);
	is_str(drained(A), "EOR", "an empty table: End-of-RIB");

	/* the first UPDATEs of the session: a route added and removed is not sent at all, nor
	 * is a withdraw of a route never announced (api-fast's first write) */
	add("route 1.1.0.0/24 next-hop 101.1.101.1", &A, 1);
	add("route 1.1.0.0/25 next-hop 101.1.101.1", &A, 1);
	del("route 1.1.0.0/24 next-hop 101.1.101.1", &A, 1);
	withdraw("route 1.2.0.0/24 next-hop 1.1.1.1", &A, 1, 0);
	is_str(drained(A), "+1.1.0.0/25>101.1.101.1", "first UPDATEs: the announce only");

	/* after them, every withdraw goes out (api-fast's second write) */
	add("route 2.2.0.0/25 next-hop 101.1.101.1", &A, 1);
	add("route 2.2.0.0/24 next-hop 101.1.101.1", &A, 1);
	withdraw("route 2.2.0.0/25 next-hop 101.1.101.1", &A, 1, 1);
	ok(rib_route_find(s, nlri_of("route 2.2.0.0/25 next-hop 1.1.1.1")) != NULL, "the withdraw owed keeps the route");
	is_str(drained(A), "-2.2.0.0/25 | +2.2.0.0/24>101.1.101.1", "then: announced and withdrawn, sent as a withdraw");
	ok(rib_route_find(s, nlri_of("route 2.2.0.0/25 next-hop 1.1.1.1")) == NULL, "released once withdrawn");
	withdraw("route 3.3.0.0/24 next-hop 1.1.1.1", &A, 1, 0);
	is_str(drained(A), "-3.3.0.0/24", "a withdraw of a route never announced is sent too");
	is_str(drained(A), "", "once");
	del("route 3.3.0.0/24 next-hop 1.1.1.1", &A, 1);
	is_str(drained(A), "", "a removal of what the Adj-RIB-Out does not hold is no withdraw (watchdogs, reloads)");

	/* owed a withdraw, then announced again before a drain: the announce goes out */
	add("route 4.4.0.0/24 next-hop 1.1.1.1", &A, 1);
	del("route 4.4.0.0/24 next-hop 1.1.1.1", &A, 1);
	add("route 4.4.0.0/24 next-hop 1.1.1.1", &A, 1);
	is_str(drained(A), "+4.4.0.0/24>1.1.1.1", "removed and added again: announced");
	is_str(drained(A), "", "and in step");

	/* a neighbour whose session is in its first UPDATEs, beside a settled one */
	adjout_up(B, &sa);
	withdraw("route 4.4.0.0/24 next-hop 1.1.1.1", AB, 2, 1);
	is_str(drained(A), "-4.4.0.0/24", "A: withdrawn");
	is_str(drained(B), "EOR", "B, that never had it: the withdraw was its first UPDATEs (dropped), End-of-RIB");
	withdraw("route 5.5.0.0/24 next-hop 1.1.1.1", AB, 2, 0);
	is_str(drained(B), "-5.5.0.0/24", "then B is sent withdraws too");
	is_str(drained(A), "-5.5.0.0/24", "and A");

	/* a session down and up again starts over */
	adjout_down(A);
	adjout_up(A, &sa);
	is_str(drained(A), "+2.2.0.0/24>101.1.101.1 +1.1.0.0/25>101.1.101.1 | EOR", "up again: the table, End-of-RIB");
	add("route 6.6.0.0/24 next-hop 1.1.1.1", &A, 1);
	del("route 6.6.0.0/24 next-hop 1.1.1.1", &A, 1);
	is_str(drained(A), "-6.6.0.0/24", "the walk was its first UPDATEs: withdraws are sent");
	adjout_down(A);
	adjout_up(A, &sa);
	del("route 1.1.0.0/25 next-hop 1.1.1.1", &A, 1);
	del("route 2.2.0.0/24 next-hop 1.1.1.1", &A, 1);
	is_str(drained(A), "EOR", "removed before the walk: nothing, End-of-RIB");

	/* a family the session did not negotiate: nothing sent, nothing kept */
	adjout_up(C, &sv6);
	add("route 7.7.0.0/24 next-hop 1.1.1.1", &C, 1);
	drained(C);
	withdraw("route 2001:db8:7::/48 next-hop ::1", &A, 1, 0);
	withdraw("route 2001:db8:7::/48 next-hop ::1", &C, 1, 0);
	ok(rib_route_find(s, nlri_of("route 2001:db8:7::/48 next-hop ::1")) != NULL, "IPv6 withdraws owed");
	is_str(drained(A), "", "A did not negotiate IPv6: nothing");
	buf_reset(&out);
	adjout_drain(C, 0, &out, &err);
	is_str(updates_text(&out, v6, 0), "-2001:db8:7::/48", "C did: withdrawn");
	ok(rib_route_find(s, nlri_of("route 2001:db8:7::/48 next-hop ::1")) == NULL, "then nothing kept");

	adjout_free(A);
	adjout_free(B);
	adjout_free(C);
}

/* A withdrawal keeps the attributes it was given until it is sent (ExaBGP sends a mcast-vpn
 * withdraw command's NEXT_HOP and extended communities after MP_UNREACH_NLRI): the drain
 * packs what `attobgp encode` packs for the command. */
static bool has_octets(const struct buf *b, const uint8_t *v, size_t n)
{
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, v, n) == 0)
			return true;
	return false;
}

static void test_withdraw_attributes(void)
{
	static const char ann[] = "announce ipv4 mcast-vpn source-ad source 10.99.12.4 group 239.251.255.228 rd 65000:99999 "
				  "next-hop 10.10.6.4 extended-community [target:65000:99999]";
	static const char wd[] = "withdraw ipv4 mcast-vpn source-ad source 10.99.12.4 group 239.251.255.228 rd 65000:99999 "
				 "next-hop 10.10.6.4 extended-community [target:65000:99999]";
	static const uint8_t target[] = {0xC0, 0x10, 0x08, 0x00, 0x02, 0xFD, 0xE8, 0x00, 0x01, 0x86, 0x9F};
	const struct open_context *mv = open_context_for_family(pool, v4, AFI_IPV4, SAFI_MCAST_VPN, false);
	struct adjout *A = adjout_new(s);
	struct adjout_session sa = session(local_a, NULL, false);
	sa.ctx[family_index(AFI_IPV4, SAFI_MCAST_VPN)] = mv;
	adjout_up(A, &sa);
	drained(A);
	add(ann, &A, 1);
	drained(A);

	const struct route *w = route_of(wd);
	uint32_t peers = rib_peers_of(s, &A, 1);
	uint32_t path = rib_path_intern(s, w->attrs, &w->nexthop);
	is_int(rib_route_withdraw_path(s, &w->nlri, path, peers), 1, "withdrawn with its attributes");
	rib_path_unref(s, path);
	rib_peers_unref(s, peers);
	buf_reset(&out);
	adjout_drain(A, 0, &out, &err);
	struct update_collection c;
	struct route_text_error e;
	struct buf want = BUF_INIT;
	update_collection_init(&c);
	route_text_parse(&c, wd, strlen(wd), NULL, &e);
	update_collection_pack(&c, mv, NULL, &want, NULL, &err);
	ok(out.len == want.len && memcmp(out.data, want.data, out.len) == 0, "sent as attobgp encode packs the command");
	ok(has_octets(&out, target, sizeof(target)), "its extended community goes out with it");
	ok(rib_route_find(s, &w->nlri) == NULL, "released once sent (with its path)");

	/* withdrawn with attributes, announced again before a drain: the announce, then a
	 * plain removal is sent without them */
	add(ann, &A, 1);
	drained(A);
	peers = rib_peers_of(s, &A, 1);
	path = rib_path_intern(s, w->attrs, &w->nexthop);
	rib_route_withdraw_path(s, &w->nlri, path, peers);
	rib_path_unref(s, path);
	add(ann, &A, 1);
	ok(drained(A)[0] == '+', "announced again: the announce goes out");
	del(ann, &A, 1);
	buf_reset(&out);
	adjout_drain(A, 0, &out, &err);
	ok(out.len > 0 && !has_octets(&out, target, sizeof(target)), "a removal: the withdrawal carries none of them");
	rib_peers_unref(s, peers);
	update_collection_fini(&c);
	buf_free(&want);
	adjout_free(A);
}

int main(void)
{
	pool = open_context_pool_new();
	v4 = open_context_get(pool, AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65001, 65001);
	v6 = open_context_for_family(pool, v4, AFI_IPV6, SAFI_UNICAST, false);
	s = rib_store_new();

	test_next_hop_self_and_queues();
	test_shared_packing();
	test_budget();
	test_log_overflow();
	test_exabgp_withdraws();
	test_withdraw_attributes();

	struct rib_memory m;
	rib_store_memory(s, &m);
	is_int(m.routes + m.paths + m.attr_sets + m.peer_sets + m.log_entries, 0, "every neighbour freed: the store is empty");
	rib_store_free(s);
	open_context_pool_free(pool);
	buf_free(&out);
	rib_texts_free();
	return done_testing();
}
