/* api_peers.c — the API's operations on peers, over the server's peers: choosing them
 * (select / release), what they look like (peer_info, peer_config), closing their sessions
 * (teardown), and dynamic peers (peer_create, peer_delete, saved into the configuration
 * when the server saves).
 *
 * Owns: the reading of a selector against a peer (ExaBGP's: only the peers serving the
 * helper are candidates, each match's fields ANDed, the matches ORed) and targets as
 * lists of peer ids.
 * Must not know: command syntax (src/api parsed it), sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "config/export.h"
#include "config/family_set.h"
#include "config/settings.h"
#include "core/xalloc.h"
#include "server/server_api_internal.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/notification.h"

/* ---- targets ---- */

struct server_peer *server_api_target_peer(struct server_api *sa, const struct api_target *t, size_t i)
{
	const struct server_api_target *st = t->handle;
	if (st == NULL || i >= st->n)
		return NULL;
	struct server *srv = sa->srv;
	for (size_t k = 0; k < srv->npeers; k++)
		if (srv->peers[k]->id == st->id[i])
			return srv->peers[k];
	return NULL;
}

size_t server_api_target_peers(struct server_api *sa, const struct api_target *t, struct server_peer ***out)
{
	struct server_peer **v = xcalloc(t->count ? t->count : 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		if (p)
			v[n++] = p;
	}
	*out = v;
	return n;
}

static bool serves(const struct server_peer *p, const char *service)
{
	if (service == NULL)
		return true; /* the control socket serves every neighbour */
	for (const char *const *n = p->processes; n && *n; n++)
		if (strcmp(*n, service) == 0)
			return true;
	return false;
}

static bool address_is(const struct bgp_address *a, const struct api_address *b)
{
	return a->afi == b->afi && memcmp(a->addr, b->addr, afi_addr_len(a->afi)) == 0;
}

/* Our address on the session: the configured one, else the connection's. */
static void local_address(const struct server_peer *p, struct bgp_address *out)
{
	*out = p->set.local_address;
	if (!bgp_address_set(out) && bgp_address_parse(out, bgp_session_local_text(p->session)) < 0)
		memset(out, 0, sizeof(*out));
}

static uint32_t router_id(const struct server_peer *p)
{
	return p->set.router_id ? p->set.router_id : bgp_session_router_id(p->session);
}

static bool matches(const struct server_peer *p, const struct api_peer_match *m)
{
	if (m->peer.afi && !address_is(&p->set.peer_address, &m->peer))
		return false;
	if (m->fields & API_MATCH_LOCAL_IP) {
		struct bgp_address local;
		local_address(p, &local);
		if (!address_is(&local, &m->local_ip))
			return false;
	}
	if ((m->fields & API_MATCH_LOCAL_AS) && m->local_as != p->set.local_as)
		return false;
	if ((m->fields & API_MATCH_PEER_AS) && m->peer_as != p->set.peer_as)
		return false;
	if (m->fields & API_MATCH_ROUTER_ID) {
		uint32_t id = router_id(p);
		uint32_t want = (uint32_t)m->router_id[0] << 24 | (uint32_t)m->router_id[1] << 16 |
				(uint32_t)m->router_id[2] << 8 | m->router_id[3];
		if (id != want)
			return false;
	}
	if ((m->fields & API_MATCH_FAMILY) && !(p->set.families & family_bit(m->afi, m->safi)))
		return false;
	return true;
}

int server_api_select(void *be, const struct api_selector *sel, struct api_target *t, struct api_error *err)
{
	struct server_api *sa = be;
	struct server *srv = sa->srv;
	struct server_api_target *st = xmalloc(sizeof(*st) + (srv->npeers + 1) * sizeof(st->id[0]));
	(void)err;
	st->n = 0;
	for (size_t i = 0; i < srv->npeers; i++) {
		const struct server_peer *p = srv->peers[i];
		if (!serves(p, sel->service))
			continue;
		bool hit = sel->n == 0;
		for (size_t k = 0; k < sel->n && !hit; k++)
			hit = matches(p, &sel->match[k]);
		if (hit)
			st->id[st->n++] = p->id;
	}
	t->count = st->n;
	t->handle = st;
	return 0;
}

void server_api_release(void *be, struct api_target *t)
{
	(void)be;
	free(t->handle);
	t->handle = NULL;
	t->count = 0;
}

/* ---- what a peer looks like ---- */

static void id_format(uint32_t id, char out[IP_STR_MAX])
{
	uint8_t b[4] = {(uint8_t)(id >> 24), (uint8_t)(id >> 16), (uint8_t)(id >> 8), (uint8_t)id};
	if (id == 0)
		out[0] = '\0';
	else
		ip_format(AFI_IPV4, b, out);
}

static int8_t peer_side(bool up, bool ours, bool negotiated)
{
	if (!up)
		return -1;
	/* what both sides announced is negotiated; when we did not, the peer's is unknown */
	return negotiated ? 1 : ours ? 0 : -1;
}

static void caps(const struct server_peer *p, const struct bgp_negotiated *ng, struct api_peer_info *out)
{
	const struct bgp_session_settings *s = &p->set;
	bool up = ng != NULL;
	struct {
		const char *name;
		bool ours, both;
	} v[] = {
		{"four-bytes-asn", s->asn4, up && ng->asn4},
		{"route-refresh", s->route_refresh, up && ng->refresh != 0},
		{"graceful-restart", s->graceful_restart, up && ng->graceful_restart},
		{"multi-session", s->multisession, up && ng->multisession},
		{"add-path", s->addpath_send || s->addpath_receive, up && (ng->addpath_send || ng->addpath_receive)},
		{"extended-message", s->extended_message, up && ng->extended_message},
		{"operational", s->operational, up && ng->operational},
	};
	out->ncaps = 0;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]) && out->ncaps < API_PEER_CAPS_MAX; i++) {
		out->caps[out->ncaps].name = v[i].name;
		out->caps[out->ncaps].local = v[i].ours;
		out->caps[out->ncaps].peer = peer_side(up, v[i].ours, v[i].both);
		out->ncaps++;
	}
}

int server_api_peer_info(void *be, const struct api_target *t, size_t i, struct api_peer_info *out)
{
	struct server_api *sa = be;
	struct server_peer *p = server_api_target_peer(sa, t, i);
	if (p == NULL)
		return -1;
	struct server_peer_info info;
	server_peer_info(p, &info);
	const struct bgp_negotiated *ng = info.negotiated;
	char addr[BGP_ADDRESS_STR_MAX];

	memset(out, 0, sizeof(*out));
	snprintf(out->peer_address, sizeof(out->peer_address), "%s", bgp_address_format(&p->set.peer_address, addr));
	struct bgp_address local;
	local_address(p, &local);
	if (bgp_address_set(&local))
		snprintf(out->local_address, sizeof(out->local_address), "%s", bgp_address_format(&local, addr));
	out->local_as = p->set.local_as;
	out->peer_as = p->set.peer_as ? p->set.peer_as : ng ? ng->peer_as : 0;
	out->peer_as_known = p->set.peer_as != 0 || ng != NULL;
	id_format(ng ? ng->local_id : router_id(p), out->local_id);
	id_format(ng ? ng->peer_id : 0, out->peer_id);
	out->local_hold = p->set.hold_time;
	out->peer_hold = ng ? ng->hold_time : 0;
	out->state = bgp_state_name(info.state);
	out->up = info.state == BGP_ESTABLISHED;
	if (out->up && info.stats.up_since > 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		double d = (double)ts.tv_sec - info.stats.up_since;
		out->duration = d > 0 ? (uint64_t)d : 0;
	}
	out->description = p->neighbor->settings.description;
	caps(p, ng, out);
	for (int f = 0; f < FAMILY_COUNT && out->nfamilies < FAMILY_COUNT; f++) {
		uint64_t bit = (uint64_t)1 << f;
		if (!(p->set.families & bit))
			continue;
		size_t k = out->nfamilies++;
		out->families[k].afi = family_table[f].afi;
		out->families[k].safi = family_table[f].safi;
		out->families[k].local = true;
		out->families[k].peer = ng && (ng->families & bit);
		out->families[k].addpath_send = ng ? (ng->addpath_send & bit) != 0 : (p->set.addpath_send & bit) != 0;
		out->families[k].addpath_receive = ng ? (ng->addpath_receive & bit) != 0 : (p->set.addpath_receive & bit) != 0;
	}
	static const char *const names[] = {NULL, "open", "update", "notification", "keepalive", "refresh"};
	for (int type = 1; type <= 5; type++) {
		size_t k = out->nmessages++;
		out->messages[k].name = names[type];
		out->messages[k].sent = info.stats.sent[type];
		out->messages[k].received = info.stats.received[type];
	}
	return 0;
}

int server_api_peer_config(void *be, const struct api_target *t, size_t i, struct buf *out, struct api_error *err)
{
	struct server_api *sa = be;
	struct server_peer *p = server_api_target_peer(sa, t, i);
	if (p == NULL) {
		snprintf(err->why, sizeof(err->why), "the peer is gone");
		return -1;
	}
	config_export_neighbor(p->cfg->config, p->neighbor, out);
	return 0;
}

/* ---- sessions ---- */

int server_api_teardown(void *be, const struct api_target *t, uint8_t code, uint8_t subcode, const char *text,
			struct api_error *err)
{
	struct server_api *sa = be;
	if (code != BGP_ERR_CEASE) {
		snprintf(err->why, sizeof(err->why), "a teardown sends a Cease (code 6), not code %u", code);
		return -1;
	}
	for (size_t i = 0; i < t->count; i++) {
		struct server_peer *p = server_api_target_peer(sa, t, i);
		/* ExaBGP: sessions that are not up are left alone */
		if (p && bgp_session_state(p->session) == BGP_ESTABLISHED)
			server_peer_teardown(p, subcode, text && text[0] ? text : NULL);
	}
	return 0;
}

/* ---- dynamic peers ---- */

static void settings_address(struct settings_ip *to, const struct api_address *from)
{
	memset(to, 0, sizeof(*to));
	to->afi = from->afi;
	memcpy(to->addr, from->addr, afi_addr_len(from->afi));
}

int server_api_peer_create(void *be, const struct api_peer_spec *spec, struct api_error *err)
{
	struct server_api *sa = be;
	struct server *srv = sa->srv;
	struct settings_neighbor n;
	struct settings_api api;
	char addr[IP_STR_MAX];

	settings_neighbor_init(&n);
	settings_address(&n.session.peer_address, &spec->peer);
	if (spec->local.afi)
		settings_address(&n.session.local_address, &spec->local);
	n.session.local_as = spec->local_as;
	n.session.peer_as = spec->peer_as;
	if (spec->has_router_id) {
		memcpy(n.session.router_id, spec->router_id, 4);
		n.session.has_router_id = true;
	}
	for (size_t i = 0; i < spec->nfamilies; i++)
		family_set_add(&n.families, spec->families[i].afi, spec->families[i].safi);
	if (spec->graceful_restart >= 0) {
		n.capability.graceful_restart = true;
		n.capability.graceful_restart_time = (uint16_t)spec->graceful_restart;
	}
	if (spec->group_updates >= 0)
		n.group_updates = spec->group_updates != 0;
	if (spec->nprocesses) {
		memset(&api, 0, sizeof(api));
		api.processes = (const char **)spec->processes;
		api.nprocesses = spec->nprocesses;
		n.api = &api;
		n.napi = 1;
	}
	struct bgp_address peer = {0}, local = {0};
	peer.afi = spec->peer.afi;
	memcpy(peer.addr, spec->peer.addr, 16);
	local.afi = spec->local.afi;
	memcpy(local.addr, spec->local.addr, 16);
	if (server_peer_find(srv, &peer, spec->local.afi ? &local : NULL)) {
		snprintf(err->why, sizeof(err->why), "peer %s exists", ip_format(spec->peer.afi, spec->peer.addr, addr));
		return -1;
	}
	char why[400];
	struct server_peer *p = sa->opt.save && srv->nconfigs ? server_peer_create_in(srv, srv->configs[0], &n, why, sizeof(why))
							     : server_peer_create(srv, &n, why, sizeof(why));
	if (p == NULL) {
		snprintf(err->why, sizeof(err->why), "%s", why);
		return -1;
	}
	return 0;
}

int server_api_peer_delete(void *be, const struct api_target *t, struct api_error *err)
{
	struct server_api *sa = be;
	(void)err;
	/* every peer is found first: deleting one does not move the others' ids */
	struct server_peer **v;
	size_t n = server_api_target_peers(sa, t, &v);
	for (size_t i = 0; i < n; i++)
		server_peer_delete_from(sa->srv, v[i], sa->opt.save);
	free(v);
	return 0;
}
