/* source.c — the route store as a session's route source (bgp/route_source.h).
 *
 * Owns: the glue between a session's pull interface and its peer's Adj-RIB-Out — session
 * up: the negotiated contexts and next-hop-self addresses handed to adjout_up, which walks
 * the store; produce: one bounded drain packed into a chunk and queued; route refresh:
 * adjout_refresh for the families asked; session down: adjout_down.
 * End-of-RIB is the session's (it sends it when produce first says nothing is left, unless
 * manual-eor), so the store is told not to.
 * Must not know: how the store packs, sockets.
 */
#include <stdio.h>

#include "bgp/chunk.h"
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
	/* ExaBGP groups routes sharing attributes into one UPDATE for IPv4 unicast only (its
	 * Adj-RIB-Out sends every other family one route per UPDATE), and with group-updates
	 * false for none: the corpus checks those bytes */
	as.single = p->set.group_updates ? ~family_bit(AFI_IPV4, SAFI_UNICAST) : ~(uint64_t)0;
	adjout_up(p->adj, &as);
}

static bool source_produce(void *ctx, struct bgp_session *s)
{
	struct server_peer *p = ctx;
	struct wire_error err;
	wire_error_clear(&err);
	buf_reset(&p->out);
	int rc = adjout_drain(p->adj, PRODUCE_BUDGET, &p->out, &err);
	if (p->out.len) {
		size_t len = p->out.len;
		struct bgp_chunk *chunk = bgp_chunk_adopt(&p->out);
		int queued = bgp_session_queue(s, chunk);
		bgp_chunk_unref(chunk);
		if (queued < 0) {
			/* the store counts these routes as sent: the session cannot go on without
			 * them (only a write queue far past its bound gets here) */
			server_log(p->srv, SERVER_LOG_ERROR, "%s: the session refused %zu octets of UPDATEs: resetting it",
				   p->name, len);
			bgp_session_restart(s, BGP_CEASE_OUT_OF_RESOURCES, NULL);
			return false;
		}
	}
	if (rc < 0) {
		/* a route that cannot be packed for this session (next-hop self without an
		 * address of the family, too large for the message size): as ExaBGP, the session
		 * is reset rather than sending a partial table */
		p->drain_errors++;
		server_log(p->srv, SERVER_LOG_ERROR, "%s: cannot send a route: %s", p->name, err.why);
		bgp_session_restart(s, BGP_CEASE_OTHER_CONFIG_CHANGE, NULL);
		return false;
	}
	return rc == 1;
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
