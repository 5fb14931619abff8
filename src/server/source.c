/* source.c — the route store as a session's route source (bgp/route_source.h).
 *
 * Owns: the glue between a session's pull interface and its peer's Adj-RIB-Out — session
 * up: the negotiated contexts and next-hop-self addresses handed to adjout_up, which walks
 * the store; produce: one bounded drain packed into chunks and queued — drained together with
 * the other peers whose sessions take the same bytes, so ten like neighbours cost one
 * packing; route refresh:
 * adjout_refresh for the families asked; session down: adjout_down.
 * End-of-RIB is the session's (it sends it when produce first says nothing is left, unless
 * manual-eor), so the store is told not to.
 * Must not know: how the store packs, sockets.
 */
#include <stdio.h>

#include "bgp/chunk.h"
#include "core/xalloc.h"
#include "model/update_collection.h"
#include "server/server_internal.h"
#include "wire/family.h"
#include "wire/notification.h"

/* Octets one produce() call packs (the store finishes the batch it is in): well below the
 * gap between a session's high water mark and its hard bound, so a drain always fits. */
#define PRODUCE_BUDGET (64 * 1024)

static void source_start(void *ctx, struct bgp_session *s, uint64_t families, bool refresh)
{
	struct server_peer *p = ctx;
	if (refresh) {
		for (int i = 0; i < FAMILY_COUNT; i++)
			if (families & ((uint64_t)1 << i))
				adjout_refresh(p->adj, family_table[i].afi, family_table[i].safi);
		return;
	}
	struct adjout_session as = {0};
	for (int i = 0; i < FAMILY_COUNT; i++)
		if (families & ((uint64_t)1 << i))
			as.ctx[i] = bgp_session_context(s, family_table[i].afi, family_table[i].safi);
	struct pack_options o;
	uint8_t self4[4], self6[16], ll[16];
	bgp_session_pack_options(s, &o, self4, self6, ll);
	as.self4 = o.self4;
	as.self6 = o.self6;
	as.link_local = o.link_local;
	as.send_eor = false;
	/* ExaBGP groups routes sharing attributes into one UPDATE for IPv4 unicast and
	 * mcast-vpn only (its Adj-RIB-Out sends every other family one route per UPDATE), and
	 * with group-updates false for none: the corpus checks those bytes (conf-mvpn) */
	as.single = p->set.group_updates ? ~(family_bit(AFI_IPV4, SAFI_UNICAST) | family_bit(AFI_IPV4, SAFI_MCAST_VPN) |
					     family_bit(AFI_IPV6, SAFI_MCAST_VPN))
					 : ~(uint64_t)0;
	adjout_up(p->adj, &as);
}

/* Queue a drain's bytes to a session (the chunk may go to several). false when the session
 * refused them: the store counts those routes as sent, so the session is reset (only a
 * write queue far past its bound gets here). */
static bool queue_bytes(struct server_peer *p, struct bgp_chunk *chunk)
{
	if (bgp_session_queue(p->session, chunk) == 0)
		return true;
	server_log(p->srv, SERVER_LOG_ERROR, "%s: the session refused %zu octets of UPDATEs: resetting it", p->name,
		   chunk->len);
	bgp_session_restart(p->session, BGP_CEASE_OUT_OF_RESOURCES, NULL);
	return false;
}

/* Up to GROUP_MAX peers whose sessions take the same bytes as p's (same contexts, up, with
 * something pending, room in their queue): one packing serves them all (adjout.h). */
#define GROUP_MAX 64

static size_t group_members(struct server_peer *p, struct server_peer **members)
{
	struct server *srv = p->srv;
	size_t n = 0;
	members[n++] = p;
	for (size_t i = 0; i < srv->npeers && n < GROUP_MAX; i++) {
		struct server_peer *q = srv->peers[i];
		if (q != p && adjout_pending(q->adj) && bgp_session_writable(q->session) &&
		    adjout_same_contexts(p->adj, q->adj))
			members[n++] = q;
	}
	return n;
}

static bool source_produce(void *ctx, struct bgp_session *s)
{
	struct server_peer *p = ctx;
	struct server *srv = p->srv;
	struct server_peer *members[GROUP_MAX];
	struct adjout *adj[GROUP_MAX];
	struct wire_error err;
	(void)s;
	wire_error_clear(&err);

	size_t n = group_members(p, members);
	if (srv->ndrain_own < n) {
		srv->drain_own = xrealloc(srv->drain_own, n * sizeof(*srv->drain_own));
		for (size_t i = srv->ndrain_own; i < n; i++)
			buf_init(&srv->drain_own[i]);
		srv->ndrain_own = n;
	}
	for (size_t i = 0; i < n; i++) {
		adj[i] = members[i]->adj;
		buf_reset(&srv->drain_own[i]);
	}
	buf_reset(&p->out);
	int rc = adjout_drain_group(adj, n, PRODUCE_BUDGET, &p->out, n > 1 ? srv->drain_own : NULL, &err);

	/* what all of them are sent (once packed), then what each alone is */
	if (p->out.len) {
		struct bgp_chunk *chunk = bgp_chunk_adopt(&p->out);
		for (size_t i = 0; i < n; i++)
			queue_bytes(members[i], chunk);
		bgp_chunk_unref(chunk);
	}
	for (size_t i = 0; n > 1 && i < n; i++) {
		if (srv->drain_own[i].len == 0)
			continue;
		struct bgp_chunk *chunk = bgp_chunk_adopt(&srv->drain_own[i]);
		queue_bytes(members[i], chunk);
		bgp_chunk_unref(chunk);
	}
	if (rc < 0) {
		/* a route that cannot be packed for these sessions (next-hop self without an
		 * address of the family, too large for the message size): as ExaBGP, a session
		 * is reset rather than sent a partial table */
		for (size_t i = 0; i < n; i++) {
			members[i]->drain_errors++;
			server_log(srv, SERVER_LOG_ERROR, "%s: cannot send a route: %s", members[i]->name, err.why);
			bgp_session_restart(members[i]->session, BGP_CEASE_OTHER_CONFIG_CHANGE, NULL);
		}
		return false;
	}
	/* the others were fed too: their own produce() finds what is left, or ends their table */
	return adjout_pending(p->adj);
}

static void source_stop(void *ctx, struct bgp_session *s)
{
	struct server_peer *p = ctx;
	(void)s;
	adjout_down(p->adj);
}

struct bgp_route_source server_source_hooks(struct server_peer *p)
{
	struct bgp_route_source h = {source_start, source_produce, source_stop, p};
	return h;
}
