/* neighbor.c — a neighbour's configuration (ExaBGP's statements, resolved) as the settings
 * of the session engine: addresses and ports, ASes, router-id, timers, capabilities,
 * ADD-PATH and next-hop families, TCP MD5, TTL security, max-prefix, behaviour.
 *
 * Owns: the mapping, what has no engine counterpart yet (reported, never silently
 * dropped), and where a neighbour wants us to listen.
 * Must not know: sockets, the state machine, routes.
 */
#include <stdio.h>
#include <string.h>

#include "config/family_set.h"
#include "config/settings.h"
#include "server/server_internal.h"
#include "wire/family.h"
#include "wire/ip.h"

/* RFC 4648 base64 (md5-base64). Returns the decoded length, or -1. */
static long base64_decode(const char *in, uint8_t *out, size_t cap)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '=')
			break;
		const char *at = strchr(alphabet, *p);
		if (at == NULL)
			return -1;
		acc = (acc << 6) | (uint32_t)(at - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return (long)n;
}

static void warn(struct buf *w, const char *text)
{
	if (w == NULL)
		return;
	if (w->len)
		buf_puts(w, "; ");
	buf_puts(w, text);
}

static void copy_address(struct bgp_address *to, const struct settings_ip *from)
{
	memset(to, 0, sizeof(*to));
	if (from->afi == 0)
		return;
	to->afi = from->afi;
	memcpy(to->addr, from->addr, afi_addr_len(from->afi));
}

/* config families (config_family_table order) as the wire layer's family_bit mask */
static uint64_t wire_bits(struct family_set s) { return family_set_wire_bits(s); }

static void capabilities(const struct server *srv, const struct settings_neighbor *n,
			 struct bgp_session_settings *o, struct buf *w)
{
	const struct settings_capability *c = &n->capability;

	o->families = wire_bits(n->families);
	if (c->add_path != ADD_PATH_DISABLE) {
		uint64_t ap = wire_bits(n->addpath);
		if (c->add_path & ADD_PATH_SEND)
			o->addpath_send = ap;
		if (c->add_path & ADD_PATH_RECEIVE)
			o->addpath_receive = ap;
	}
	o->asn4 = c->asn4 != CAPA_DISABLE;
	o->route_refresh = c->route_refresh != CAPA_DISABLE;
	o->extended_message = c->extended_message != CAPA_DISABLE;
	o->multisession = c->multi_session;
	o->operational = c->operational != CAPA_DISABLE;
	o->graceful_restart = c->graceful_restart;
	o->graceful_restart_time = c->graceful_restart_time > 0xfff ? 0xfff : c->graceful_restart_time;

	/* the hostname capability is announced when the block names us */
	if (n->given & (SETTINGS_BIT(SF_HOST_NAME) | SETTINGS_BIT(SF_DOMAIN_NAME))) {
		o->hostname = true;
		const char *host = n->host_name ? n->host_name : srv->host;
		const char *domain = n->domain_name ? n->domain_name : "";
		if (strlen(host) >= sizeof(o->host_name) || strlen(domain) >= sizeof(o->domain_name))
			warn(w, "host-name or domain-name cut to 63 characters");
		memcpy(o->host_name, host, strnlen(host, sizeof(o->host_name) - 1));
		memcpy(o->domain_name, domain, strnlen(domain, sizeof(o->domain_name) - 1));
	}
	if (c->software_version != CAPA_DISABLE)
		snprintf(o->software_version, sizeof(o->software_version), "%s", srv->software);

	/* RFC 8950: each nexthop family may carry a next hop of the other AFI */
	if (c->nexthop != CAPA_DISABLE) {
		for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
			if (!family_set_has_index(n->nexthop, i))
				continue;
			const struct config_family *f = &config_family_table[i];
			if (o->nexthop_count == BGP_NEXTHOP_FAMILIES) {
				warn(w, "more nexthop families than the engine announces (8)");
				break;
			}
			struct bgp_nexthop_family *nf = &o->nexthop[o->nexthop_count++];
			nf->afi = f->afi;
			nf->safi = f->safi;
			nf->nh_afi = f->afi == AFI_IPV4 ? AFI_IPV6 : AFI_IPV4;
		}
	}
	if (c->link_local_nexthop != CAPA_DISABLE) {
		o->link_local_nexthop = true;
		if (n->given & SETTINGS_BIT(SF_LOCAL_LINK_LOCAL))
			memcpy(o->link_local, n->session.local_link_local, 16);
	}

	/* offered, but not required of the peer (RFC 5492 3 "require" is not in the engine) */
	if (c->asn4 == CAPA_REQUIRE || c->route_refresh == CAPA_REQUIRE || c->extended_message == CAPA_REQUIRE ||
	    c->nexthop == CAPA_REQUIRE || c->operational == CAPA_REQUIRE || c->software_version == CAPA_REQUIRE ||
	    c->link_local_nexthop == CAPA_REQUIRE)
		warn(w, "capability 'require' is treated as 'enable'");
	if (c->aigp)
		warn(w, "capability aigp is not announced (no such capability on the wire)");
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++)
		if (n->paths_limit[i]) {
			warn(w, "add-path paths limits are not announced yet");
			break;
		}
}

int server_neighbor_settings(const struct server *srv, const struct settings_neighbor *n,
			     struct bgp_session_settings *o, struct buf *w, char *err, size_t errlen)
{
	const struct settings_session *ss = &n->session;

	/* zeroed first: settings are compared with memcmp on reload */
	memset(o, 0, sizeof(*o));
	bgp_session_settings_init(o);

	if (ss->peer_prefix_len != afi_addr_len(ss->peer_address.afi) * 8) {
		snprintf(err, errlen, "a range of peers (/%u) is not supported yet", ss->peer_prefix_len);
		return -1;
	}
	if (ss->local_as_auto) {
		snprintf(err, errlen, "local-as auto is not supported yet");
		return -1;
	}
	if (ss->tcp_ao_password) {
		snprintf(err, errlen, "TCP-AO is not supported yet");
		return -1;
	}
	copy_address(&o->peer_address, &ss->peer_address);
	copy_address(&o->local_address, &ss->local_address);
	o->peer_port = ss->connect;
	o->passive = ss->passive;
	o->local_as = ss->local_as;
	o->peer_as = ss->peer_as_auto ? 0 : ss->peer_as;
	if (ss->has_router_id)
		o->router_id = (uint32_t)ss->router_id[0] << 24 | (uint32_t)ss->router_id[1] << 16 |
			       (uint32_t)ss->router_id[2] << 8 | ss->router_id[3];
	o->hold_time = n->hold_time;
	if (ss->outgoing_ttl > 0)
		o->outgoing_ttl = (uint8_t)(ss->outgoing_ttl > 255 ? 255 : ss->outgoing_ttl);
	if (ss->incoming_ttl > 0)
		o->incoming_ttl = (uint8_t)(ss->incoming_ttl > 255 ? 255 : ss->incoming_ttl);
	if (ss->md5_password) {
		if (ss->md5_base64) {
			long len = base64_decode(ss->md5_password, o->md5_key, sizeof(o->md5_key));
			if (len < 0) {
				snprintf(err, errlen, "md5-password is not valid base64");
				return -1;
			}
			o->md5_len = (uint8_t)len;
		} else {
			size_t len = strlen(ss->md5_password);
			if (len > sizeof(o->md5_key)) {
				snprintf(err, errlen, "md5-password is longer than %zu octets", sizeof(o->md5_key));
				return -1;
			}
			memcpy(o->md5_key, ss->md5_password, len);
			o->md5_len = (uint8_t)len;
		}
		if (ss->md5_ip.afi && ss->local_address.afi && !settings_ip_equal(&ss->md5_ip, &ss->local_address))
			warn(w, "md5-ip is not used (the key is set for the peer's address)");
	}
	if (ss->source_interface)
		warn(w, "source-interface is not supported yet (use local-address)");

	capabilities(srv, n, o, w);

	o->manual_eor = n->manual_eor;
	o->group_updates = n->group_updates;
	o->adj_rib_in = n->adj_rib_in;
	if (n->rate_limit)
		warn(w, "rate-limit is not applied yet");
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
		if (!n->prefix_limit[i])
			continue;
		int fi = family_index(config_family_table[i].afi, config_family_table[i].safi);
		if (fi >= 0)
			o->max_prefix[fi] = n->prefix_limit[i];
	}
	o->connect_retry_min_ms = srv->opt.retry_min_ms;
	o->connect_retry_max_ms = srv->opt.retry_max_ms;
	return 0;
}

bool server_settings_same(const struct bgp_session_settings *a, const struct bgp_session_settings *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

int server_neighbor_listen(const struct server *srv, const struct server_peer *p, struct server_listen *out)
{
	const struct settings_session *ss = &p->neighbor->settings.session;
	if (!p->set.passive && ss->listen == 0)
		return -1;
	memset(out, 0, sizeof(*out));
	if (bgp_address_set(&p->set.local_address))
		out->addr = p->set.local_address;
	else
		out->addr.afi = p->set.peer_address.afi; /* any address of the family */
	out->port = ss->listen ? ss->listen : srv->opt.env.port;
	return 0;
}
