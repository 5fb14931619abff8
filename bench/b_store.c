/* b_store.c — the route store at scale: memory and speed of add, lookup, drain, remove.
 *
 *   b_store [N4 [N6 [NEIGHBOURS]]]     defaults 1,000,000 IPv4 /24, 200,000 IPv6 /48, 10
 *
 * Routes get realistic attribute diversity: 8192 attribute templates drawn from 4096 AS
 * paths (1 to 8 ASNs), 256 community lists (0 to 6 communities), 16 MEDs (absent for a
 * third), 8 IPv4 / 4 IPv6 next hops and `next-hop self` for a tenth; consecutive prefixes
 * share a template in runs of 16, as prefixes of one origin do. The generator is the same
 * formula as bench/exabgp_store.py's, so both hold the same routes.
 *
 * Steps (every neighbour holds every route, as ten neighbours inheriting one template):
 *   load      N4 IPv4 routes with rib_route_add (paths interned once per template), then
 *             N6 IPv6 routes with rib_route_announce (attributes interned per route, as an
 *             API command's are), sessions down;
 *   lookup    N4 look-ups of present prefixes in a scattered order, N4 of absent ones, and
 *             a sample by index text;
 *   up+drain  sessions up: 5 iBGP neighbours alike (one shared packing) and 5 eBGP ones
 *             (each its own AS and local address), drained into UPDATEs (discarded);
 *   remove    every route withdrawn from every neighbour, then the withdraws drained;
 *   trim      malloc_trim, and RSS compared with the start.
 * Prints a table, then "key value" lines for bench/store_report.py. Exit status 1 when a
 * check fails (counts, memory left, RSS not back near the baseline).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "model/route_text.h"
#include "rib/adjout.h"
#include "rib/index.h"
#include "rib/store.h"
#include "wire/family.h"

#define TEMPLATES 8192
#define AS_PATHS 4096
#define COMMUNITY_LISTS 256
#define RUN 16
#define MAX_NEIGHBOURS 64

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* VmRSS or VmHWM in KiB */
static long status_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t klen = strlen(key);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':')
			v = strtol(line + klen + 1, NULL, 10);
	fclose(f);
	return v;
}

static uint32_t H(uint32_t x)
{
	return (uint32_t)((uint64_t)x * 2654435761u);
}

/* The text of template t for a family: the same formula as exabgp_store.py. */
static void template_text(struct buf *b, uint32_t t, bool v6)
{
	uint32_t a = H(t ^ 0x5bd1) % AS_PATHS, c = H(t + 77) % COMMUNITY_LISTS;
	buf_reset(b);
	if (v6)
		buf_puts(b, "route 2400::/48 next-hop ");
	else
		buf_puts(b, "route 1.0.0.0/24 next-hop ");
	if (t % 10 == 0)
		buf_puts(b, "self");
	else if (v6)
		buf_printf(b, "2001:db8::%u", 1 + t % 4);
	else
		buf_printf(b, "192.0.2.%u", 1 + t % 8);
	buf_puts(b, " as-path [");
	for (uint32_t j = 0, n = 1 + H(a) % 8; j < n; j++)
		buf_printf(b, " %u", 1000 + H(a * 8 + j) % 60000);
	buf_puts(b, " ]");
	if (t % 3)
		buf_printf(b, " med %u", t % 16);
	if (c % 7) {
		buf_puts(b, " community [");
		for (uint32_t j = 0; j < c % 7; j++)
			buf_printf(b, " 65000:%u", H(c * 16 + j) % 65536);
		buf_puts(b, " ]");
	}
}

static void v4_prefix(uint8_t data[4], uint32_t i)
{
	data[0] = 24;
	data[1] = (uint8_t)(1 + (i >> 16));
	data[2] = (uint8_t)(i >> 8);
	data[3] = (uint8_t)i;
}

static void v6_prefix(uint8_t data[7], uint32_t i)
{
	data[0] = 48;
	data[1] = 0x24;
	data[2] = 0x00;
	data[3] = (uint8_t)(i >> 24);
	data[4] = (uint8_t)(i >> 16);
	data[5] = (uint8_t)(i >> 8);
	data[6] = (uint8_t)i;
}

static uint32_t template_of(uint32_t i, bool v6)
{
	return H(i / RUN + (v6 ? 1000003u : 0)) % TEMPLATES;
}

static int failures;

static void check(bool cond, const char *what)
{
	if (!cond) {
		printf("FAILED: %s\n", what);
		failures++;
	}
}

struct drained {
	size_t messages, bytes;
	double seconds;
};

/* Drain every neighbour: the alike ones as one group, the others one by one. */
static int drain_all(struct adjout **group, size_t ngroup, struct adjout **single, size_t nsingle, struct drained *d)
{
	struct buf shared = BUF_INIT, own[MAX_NEIGHBOURS];
	struct wire_error err;
	for (size_t i = 0; i < MAX_NEIGHBOURS; i++)
		buf_init(&own[i]);
	double t0 = now();
	int rc;
	do {
		rc = adjout_drain_group(group, ngroup, 1 << 20, &shared, own, &err);
		/* the bytes would go to every member's socket: count them as sent per member */
		d->bytes += shared.len * ngroup;
		for (size_t i = 0; i < ngroup; i++) {
			d->bytes += own[i].len;
			buf_reset(&own[i]);
		}
		buf_reset(&shared);
	} while (rc == 1);
	for (size_t k = 0; k < nsingle && rc == 0; k++) {
		do {
			rc = adjout_drain(single[k], 1 << 20, &shared, &err);
			d->bytes += shared.len;
			buf_reset(&shared);
		} while (rc == 1);
	}
	d->seconds = now() - t0;
	if (rc < 0)
		printf("drain: %s\n", err.why);
	buf_free(&shared);
	for (size_t i = 0; i < MAX_NEIGHBOURS; i++)
		buf_free(&own[i]);
	return rc;
}

static void print_memory(const struct rib_memory *m, size_t nroutes)
{
	printf("  %-30s %12s %14s\n", "store objects", "count", "octets");
	printf("  %-30s %12zu %14zu\n", "routes (slab pages)", m->routes, m->route_bytes);
	printf("  %-30s %12s %14zu\n", "index table", "", m->index_bytes);
	printf("  %-30s %12zu %14zu\n", "paths (attributes + next hop)", m->paths, m->path_bytes);
	printf("  %-30s %12zu %14zu\n", "attribute sets", m->attr_sets, m->attr_set_bytes);
	printf("  %-30s %12zu %14zu\n", "AS paths", m->as_paths, m->as_path_bytes);
	printf("  %-30s %12zu %14zu\n", "community lists", m->communities, m->community_bytes);
	printf("  %-30s %12zu %14zu\n", "neighbour sets", m->peer_sets, m->peer_set_bytes);
	printf("  %-30s %12zu %14zu\n", "log (pending changes)", m->log_entries, m->log_bytes);
	printf("  %-30s %12zu %14zu\n", "version blocks", m->versions, m->version_bytes);
	printf("  %-30s %12s %14zu  (%.1f a route)\n", "total", "", m->total_bytes,
	       nroutes ? (double)m->total_bytes / (double)nroutes : 0.0);
}

int main(int argc, char **argv)
{
	uint32_t n4 = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000;
	uint32_t n6 = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 200000;
	uint32_t nn = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 10;
	if (nn < 2 || nn > MAX_NEIGHBOURS || n4 > (200u << 16)) {
		fprintf(stderr, "usage: b_store [N4 (<= 13107200) [N6 [NEIGHBOURS (2..64)]]]\n");
		return 2;
	}

	long rss_start = status_kib("VmRSS");

	/* ---- setup: templates (bench input, kept until the load is done) ---- */
	struct rib_store *s = rib_store_new();
	struct update_collection tpl;
	struct buf text = BUF_INIT;
	struct route_text_error terr;
	update_collection_init(&tpl);
	for (uint32_t t = 0; t < 2 * TEMPLATES; t++) {
		template_text(&text, t % TEMPLATES, t >= TEMPLATES);
		if (route_text_parse(&tpl, (const char *)text.data, text.len, NULL, &terr) < 0) {
			fprintf(stderr, "b_store: %s: %s\n", buf_cstr(&text), terr.why);
			return 1;
		}
	}
	uint32_t *path4 = malloc(TEMPLATES * sizeof(*path4));
	for (uint32_t t = 0; t < TEMPLATES; t++)
		path4[t] = rib_path_intern(s, tpl.routes[t].attrs, &tpl.routes[t].nexthop);

	struct adjout *adj[MAX_NEIGHBOURS];
	for (uint32_t i = 0; i < nn; i++)
		adj[i] = adjout_new(s);
	uint32_t all = rib_peers_all(s);
	long rss_base = status_kib("VmRSS");

	/* ---- load: in runs sharing a path (an UPDATE's NLRI), then one at a time ---- */
	uint8_t d4[RUN][4], d6[7];
	struct nlri n = {AFI_IPV4, SAFI_UNICAST, false, 4, 0, d4[0]};
	struct nlri run[RUN];
	const struct nlri *runp[RUN];
	for (int k = 0; k < RUN; k++) {
		run[k] = n;
		run[k].data = d4[k];
		runp[k] = &run[k];
	}
	double t0 = now();
	for (uint32_t i = 0; i < n4; i += RUN) {
		uint32_t count = n4 - i < RUN ? n4 - i : RUN;
		for (uint32_t k = 0; k < count; k++)
			v4_prefix(d4[k], i + k);
		failures += (int)rib_route_add_many(s, runp, count, path4[template_of(i, false)], all);
	}
	double t_add_many = now() - t0;
	long rss_v4 = status_kib("VmRSS");
	struct rib_memory m4;
	rib_store_memory(s, &m4);

	t0 = now();
	for (uint32_t i = 0; i < n4; i++) {
		v4_prefix(d4[0], i);
		if (rib_route_remove(s, &n, all) != 1)
			failures++;
	}
	double t_remove_down = now() - t0;
	struct rib_memory m0;
	rib_store_memory(s, &m0);
	check(m0.routes == 0, "IPv4 removed with the sessions down: store empty");

	t0 = now();
	for (uint32_t i = 0; i < n4; i++) {
		v4_prefix(d4[0], i);
		if (rib_route_add(s, &n, path4[template_of(i, false)], all) < 0)
			failures++;
	}
	double t_add = now() - t0;

	struct route r6;
	t0 = now();
	for (uint32_t i = 0; i < n6; i++) {
		const struct route *tr = &tpl.routes[TEMPLATES + template_of(i, true)];
		v6_prefix(d6, i);
		r6 = *tr;
		r6.nlri.data = d6;
		r6.nlri.len = 7;
		if (rib_route_announce(s, &r6, all) < 0)
			failures++;
	}
	double t_announce = now() - t0;
	for (uint32_t t = 0; t < TEMPLATES; t++)
		rib_path_unref(s, path4[t]);
	free(path4);
	update_collection_fini(&tpl);
	buf_free(&text);
	rib_store_trim(s);
	long rss_loaded = status_kib("VmRSS");
	struct rib_memory ml;
	rib_store_memory(s, &ml);
	check(ml.routes == (size_t)n4 + n6, "every route stored once");

	/* ---- lookup ---- */
	size_t found = 0;
	t0 = now();
	for (uint32_t k = 0; k < n4; k++) {
		v4_prefix(d4[0], (uint32_t)(((uint64_t)k * 2654435761u) % n4));
		found += rib_route_find(s, &n) != NULL;
	}
	double t_lookup = now() - t0;
	check(found == n4, "every IPv4 route found");
	/* the same addresses as /25: none stored */
	found = 0;
	t0 = now();
	for (uint32_t k = 0; k < n4; k++) {
		v4_prefix(d4[0], (uint32_t)(((uint64_t)k * 2654435761u) % n4));
		d4[0][0] = 25;
		n.len = 5;
		found += rib_route_find(s, &n) != NULL;
	}
	n.len = 4;
	double t_miss = now() - t0;
	check(found == 0, "absent prefixes not found");
	char hex[2 * RIB_INDEX_MAX + 1];
	uint8_t idx[RIB_INDEX_MAX];
	uint32_t sample = n4 < 100000 ? n4 : 100000;
	found = 0;
	t0 = now();
	for (uint32_t k = 0; k < sample; k++) {
		v4_prefix(d4[0], (uint32_t)(((uint64_t)k * 40503u) % n4));
		size_t len = rib_index_make(&n, idx);
		rib_index_hex(idx, len, hex);
		found += rib_route_find_index(s, hex, 2 * len) != NULL;
	}
	double t_index = now() - t0;
	check(found == sample, "every sampled index found");

	/* ---- sessions up, drained ---- */
	struct open_context_pool *pool = open_context_pool_new();
	struct adjout *group[MAX_NEIGHBOURS], *single[MAX_NEIGHBOURS];
	size_t ngroup = 0, nsingle = 0;
	static const uint8_t self6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0xfe};
	uint8_t self4[MAX_NEIGHBOURS][4];
	for (uint32_t i = 0; i < nn; i++) {
		bool ibgp = i < nn / 2;
		struct adjout_session ss;
		memset(&ss, 0, sizeof(ss));
		const struct open_context *c4 =
			open_context_get(pool, AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65000, ibgp ? 65000 : 65100 + i);
		ss.ctx[family_index(AFI_IPV4, SAFI_UNICAST)] = c4;
		ss.ctx[family_index(AFI_IPV6, SAFI_UNICAST)] = open_context_for_family(pool, c4, AFI_IPV6, SAFI_UNICAST, false);
		memcpy(self4[i], (uint8_t[4]){192, 0, 2, (uint8_t)(ibgp ? 254 : 100 + i)}, 4);
		ss.self4 = self4[i];
		ss.self6 = self6;
		ss.send_eor = true;
		adjout_up(adj[i], &ss);
		if (ibgp)
			group[ngroup++] = adj[i];
		else
			single[nsingle++] = adj[i];
	}
	struct drained up = {0, 0, 0};
	check(drain_all(group, ngroup, single, nsingle, &up) == 0, "drain after up");
	size_t messages = 0;
	for (uint32_t i = 0; i < nn; i++) {
		struct adjout_stats st;
		adjout_stats(adj[i], &st);
		check(st.announced == (uint64_t)n4 + n6, "every route announced to every neighbour");
		messages += st.messages;
	}
	up.messages = messages;
	long rss_sent = status_kib("VmRSS");
	struct rib_memory ms;
	rib_store_memory(s, &ms);

	/* ---- remove, withdraws drained ---- */
	t0 = now();
	for (uint32_t i = 0; i < n4; i++) {
		v4_prefix(d4[0], i);
		if (rib_route_remove(s, &n, all) != 1)
			failures++;
	}
	struct nlri n6v = {AFI_IPV6, SAFI_UNICAST, false, 7, 0, d6};
	for (uint32_t i = 0; i < n6; i++) {
		v6_prefix(d6, i);
		if (rib_route_remove(s, &n6v, all) != 1)
			failures++;
	}
	double t_remove = now() - t0;
	struct rib_memory mr;
	rib_store_memory(s, &mr);
	struct drained down = {0, 0, 0};
	check(drain_all(group, ngroup, single, nsingle, &down) == 0, "drain of the withdraws");
	messages = 0;
	for (uint32_t i = 0; i < nn; i++) {
		struct adjout_stats st;
		adjout_stats(adj[i], &st);
		check(st.withdrawn == (uint64_t)n4 + n6 && st.routes == 0, "every route withdrawn from every neighbour");
		messages += st.messages;
	}
	down.messages = messages - up.messages;
	struct rib_memory me;
	rib_store_memory(s, &me);
	check(me.routes == 0 && me.paths == 0 && me.attr_sets == 0 && me.log_entries == 0, "store empty");
	rib_store_trim(s);
	long rss_end = status_kib("VmRSS"), rss_peak = status_kib("VmHWM");
#if defined(__SANITIZE_ADDRESS__)
	/* ASan keeps the shadow of every page ever used and its allocator's metadata: there
	 * the return is judged against the growth, not the start */
	long slack = (rss_peak - rss_start) / 3;
#else
	long slack = 4096;
#endif
	check(rss_end - rss_start < slack, "RSS back near the program's start after withdraw-all");

	uint64_t total = (uint64_t)n4 + n6;
	printf("route store: %u IPv4 /24 + %u IPv6 /48 routes, each held by %u neighbours; %d templates\n", n4, n6, nn,
	       TEMPLATES);
	printf("  %-44s %10.1f MiB\n", "RSS at start", rss_start / 1024.0);
	printf("  %-44s %10.1f MiB\n", "RSS baseline (store empty, bench input made)", rss_base / 1024.0);
	printf("  %-44s %10.1f MiB  (%.1f octets a route over the baseline)\n", "RSS, IPv4 routes x neighbours loaded",
	       rss_v4 / 1024.0, n4 ? (rss_v4 - rss_base) * 1024.0 / n4 : 0.0);
	printf("  %-44s %10.1f MiB  (%.1f octets a route over the start)\n", "RSS, IPv4 + IPv6 loaded (input freed)",
	       rss_loaded / 1024.0, total ? (rss_loaded - rss_start) * 1024.0 / (double)total : 0.0);
	printf("  %-44s %10.1f MiB\n", "RSS, every route sent to every neighbour", rss_sent / 1024.0);
	printf("  %-44s %10.1f MiB\n", "RSS peak (VmHWM)", rss_peak / 1024.0);
	printf("  %-44s %10.1f MiB  (malloc_trim after the last withdraw)\n", "RSS after withdraw-all", rss_end / 1024.0);
	printf("  %-44s %10.1f ns  (%.2f M/s)\n", "add, runs of 16 sharing a path (add_many)",
	       t_add_many * 1e9 / n4, n4 / t_add_many / 1e6);
	printf("  %-44s %10.1f ns  (%.2f M/s)\n", "add, one at a time (path interned once)", t_add * 1e9 / n4,
	       n4 / t_add / 1e6);
	printf("  %-44s %10.1f ns  (%.2f M/s)\n", "announce (attributes interned per route)",
	       n6 ? t_announce * 1e9 / n6 : 0.0, n6 ? n6 / t_announce / 1e6 : 0.0);
	printf("  %-44s %10.1f ns\n", "lookup, present (scattered)", t_lookup * 1e9 / n4);
	printf("  %-44s %10.1f ns\n", "lookup, absent", t_miss * 1e9 / n4);
	printf("  %-44s %10.1f ns\n", "lookup by index text (hex parse included)", t_index * 1e9 / sample);
	printf("  %-44s %10.1f ns\n", "remove, sessions down", t_remove_down * 1e9 / n4);
	printf("  %-44s %10.1f ns  (withdraws queued for %u neighbours)\n", "remove, sessions up",
	       t_remove * 1e9 / (double)total, nn);
	printf("  %-44s %10.2f s   %zu UPDATEs, %.1f MiB, %.2f M route-sends/s\n", "drain after up (all neighbours)",
	       up.seconds, up.messages, up.bytes / 1048576.0, (double)total * nn / up.seconds / 1e6);
	printf("  %-44s %10.2f s   %zu UPDATEs, %.1f MiB\n", "drain of the withdraws", down.seconds, down.messages,
	       down.bytes / 1048576.0);
	printf("store objects with IPv4 loaded:\n");
	print_memory(&m4, n4);
	printf("store objects with everything sent:\n");
	print_memory(&ms, total);

	printf("n4 %u\nn6 %u\nneighbours %u\n", n4, n6, nn);
	printf("rss_start_kib %ld\n", rss_start);
	printf("rss_base_kib %ld\nrss_v4_kib %ld\nrss_loaded_kib %ld\nrss_sent_kib %ld\nrss_peak_kib %ld\nrss_end_kib %ld\n",
	       rss_base, rss_v4, rss_loaded, rss_sent, rss_peak, rss_end);
	printf("store_bytes_v4 %zu\nstore_bytes_sent %zu\n", m4.total_bytes, ms.total_bytes);
	printf("add_many_ns %.1f\nremove_down_ns %.1f\n", t_add_many * 1e9 / n4, t_remove_down * 1e9 / n4);
	printf("add_ns %.1f\nannounce_ns %.1f\nlookup_ns %.1f\nmiss_ns %.1f\nindex_ns %.1f\nremove_ns %.1f\n", t_add * 1e9 / n4,
	       n6 ? t_announce * 1e9 / n6 : 0.0, t_lookup * 1e9 / n4, t_miss * 1e9 / n4, t_index * 1e9 / sample,
	       t_remove * 1e9 / (double)total);
	printf("drain_s %.3f\ndrain_updates %zu\nwithdraw_drain_s %.3f\n", up.seconds, up.messages, down.seconds);
	printf("paths %zu\nattr_sets %zu\nas_paths %zu\ncommunity_lists %zu\n", m4.paths, m4.attr_sets, m4.as_paths,
	       m4.communities);
	printf("failures %d\n", failures);

	for (uint32_t i = 0; i < nn; i++)
		adjout_free(adj[i]);
	rib_peers_unref(s, all);
	rib_store_free(s);
	open_context_pool_free(pool);
	(void)mr;
	return failures ? 1 : 0;
}
