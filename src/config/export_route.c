/* export_route.c — one route as configuration text that reads back to the same route.
 *
 * Owns: the lossless spelling of a configuration route. Unlike the API command printer
 * (model/route_text_print.c, ExaBGP's decoder output, which flattens AS sets and leaves
 * attributes out), every attribute is written: AS path segments as their groups
 * ([ ] sequence, ( ) set, { } confederation — quoted, since braces end statements in a
 * configuration), AIGP as `aigp N` when it is one metric TLV, and OTC, IPv6 extended
 * communities and unknown attributes as `attribute [ 0xCODE 0xFLAGS 0xDATA ]`.
 * Must not know: blocks, neighbours.
 */
#include <string.h>

#include "config/export.h"
#include "config/fields.h"
#include "core/cursor.h"
#include "core/hex.h"
#include "model/attr_text.h"
#include "model/flow_text.h"
#include "model/mpls_text.h"
#include "model/mup_text.h"
#include "model/srpolicy_text.h"
#include "model/mvpn_text.h"
#include "model/vpls_text.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"
#include "wire/prefix_sid.h"

bool config_route_static_form(const struct route *r)
{
	const struct nlri *n = &r->nlri;
	if (nlri_is_labelled(n->afi, n->safi)) /* `rd` / `label` say the family */
		return true;
	if (n->afi == AFI_IPV4) {
		/* ExaBGP's IP.tosafi: 224.0.0.0/4 reads as multicast */
		bool multicast = n->len >= 2 && n->data[1] >= 224 && n->data[1] <= 239;
		return n->safi == (multicast ? SAFI_MULTICAST : SAFI_UNICAST);
	}
	/* an IPv4-mapped multicast prefix reads as multicast only in dotted form: not printed */
	return n->afi == AFI_IPV6 && n->safi == SAFI_UNICAST;
}

static void put_hex_value(struct buf *out, const uint8_t *p, size_t len)
{
	buf_puts(out, "0x");
	hex_put(out, p, len, false);
}

static void put_generic(struct buf *out, uint8_t code, uint8_t flags, const uint8_t *value, size_t len)
{
	buf_printf(out, " attribute [ 0x%02x 0x%02x ", code, flags);
	put_hex_value(out, value, len);
	buf_puts(out, " ]");
}

static bool aspath_has_confed(struct bytes path)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;
	aspath_iter_init(&it, path);
	while (aspath_iter_next(&it, &type, &count, &asns))
		if (type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET)
			return true;
	return false;
}

static void put_aspath(struct buf *out, struct bytes path)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;
	bool quoted = aspath_has_confed(path), any = false;

	buf_puts(out, quoted ? " as-path \"" : " as-path ");
	aspath_iter_init(&it, path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		const char *open, *close;
		switch (type) {
		case AS_SET: open = "( "; close = ")"; break;
		case AS_CONFED_SEQUENCE: open = "[ { "; close = "} ]"; break;
		case AS_CONFED_SET: open = "( { "; close = "} )"; break;
		default: open = "[ "; close = "]"; break;
		}
		if (any)
			buf_putc(out, ' ');
		any = true;
		buf_puts(out, open);
		for (uint8_t i = 0; i < count; i++) {
			buf_put_uint(out, be32_load(asns + 4 * i));
			buf_putc(out, ' ');
		}
		buf_puts(out, close);
	}
	if (!any)
		buf_puts(out, "[ ]");
	if (quoted)
		buf_putc(out, '"');
}

/* Whether the keyword would read the items back in this order: it sorts communities and
 * extended communities, and sorts and drops repeats of large communities (as ExaBGP). */
static bool in_keyword_order(struct bytes v, size_t size, bool strict)
{
	for (size_t i = size; i + size <= v.len; i += size) {
		int order = memcmp(v.ptr + i - size, v.ptr + i, size);
		if (order > 0 || (strict && order == 0))
			return false;
	}
	return true;
}

static void put_list(struct buf *out, const char *kw, struct bytes v, size_t size,
		     void (*item)(struct buf *, const uint8_t *))
{
	buf_printf(out, " %s [ ", kw);
	for (size_t i = 0; i + size <= v.len; i += size) {
		item(out, v.ptr + i);
		buf_putc(out, ' ');
	}
	buf_putc(out, ']');
}

static void item_community(struct buf *out, const uint8_t *p)
{
	community_format(out, be32_load(p));
}

static void item_large(struct buf *out, const uint8_t *p)
{
	large_community_format(out, p);
}

static void item_ipv4(struct buf *out, const uint8_t *p)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(AFI_IPV4, p, ip));
}

/* An extended community as its name when the name reads back to the same octets, else
 * as its raw octets. */
static void item_ext(struct buf *out, const uint8_t *p)
{
	uint8_t back[8];
	size_t start = out->len;
	if (ext_community_known(p)) {
		ext_community_format(out, p);
		const char *s = (const char *)out->data + start;
		size_t len = out->len - start;
		bool plain = len > 0 && memchr(s, ' ', len) == NULL && memchr(s, ';', len) == NULL &&
			     memchr(s, '[', len) == NULL && memchr(s, ']', len) == NULL;
		if (plain && ext_community_parse(s, len, back) == 0 && memcmp(back, p, 8) == 0)
			return;
		out->len = start;
	}
	put_hex_value(out, p, 8);
}

static void put_aigp(struct buf *out, struct bytes v)
{
	/* RFC 7311 3: one TLV, type 1, length 11, an 8-octet metric */
	if (v.len == 11 && v.ptr[0] == 1 && be16_load(v.ptr + 1) == 11) {
		buf_puts(out, " aigp ");
		buf_put_uint(out, ((uint64_t)be32_load(v.ptr + 3) << 32) | be32_load(v.ptr + 7));
		return;
	}
	put_generic(out, ATTR_AIGP, ATTR_FLAG_OPTIONAL, v.ptr, v.len);
}

static void put_unknown(struct buf *out, struct bytes unknown)
{
	struct cursor c = cursor_make(unknown.ptr, unknown.len, 0);
	struct attr_raw a;
	while (attr_raw_next(&c, &a)) {
		uint8_t flags = a.flags, code = a.code;
		uint32_t len = a.len;
		const uint8_t *value = a.value;
		if (code == ATTR_PREFIX_SID && flags == (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE) &&
		    prefix_sid_is_text(value, len) &&
		    mpls_text_put_prefix_sid(out, value, len))
			continue;
		if (code == ATTR_TUNNEL_ENCAP && srpolicy_text_put_tunnel_exact(out, flags, value, len))
			continue;
		/* the flags as given: route_text keeps them (adding extended length for long values) */
		put_generic(out, code, flags, value, len);
	}
}

static void put_attributes(struct buf *out, const struct attr_set *a)
{
	char ip[IP_STR_MAX];
#define HAS(code) ((a->present & ATTR_BIT(code)) != 0)
	if (HAS(ATTR_ORIGIN)) {
		buf_puts(out, " origin ");
		origin_format(out, a->origin);
	}
	if (HAS(ATTR_AS_PATH))
		put_aspath(out, a->as_path);
	if (HAS(ATTR_MED)) {
		buf_puts(out, " med ");
		buf_put_uint(out, a->med);
	}
	if (HAS(ATTR_LOCAL_PREF)) {
		buf_puts(out, " local-preference ");
		buf_put_uint(out, a->local_pref);
	}
	if (HAS(ATTR_ATOMIC_AGGREGATE))
		buf_puts(out, " atomic-aggregate");
	if (HAS(ATTR_AGGREGATOR))
		buf_printf(out, " aggregator ( %u:%s )", a->aggregator_as, ip_format(AFI_IPV4, a->aggregator_ip, ip));
	/* a list given in another order (as a generic attribute) keeps it as one */
	if (HAS(ATTR_COMMUNITIES) && in_keyword_order(a->communities, 4, false))
		put_list(out, "community", a->communities, 4, item_community);
	else if (HAS(ATTR_COMMUNITIES))
		put_generic(out, ATTR_COMMUNITIES, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, a->communities.ptr,
			    a->communities.len);
	if (HAS(ATTR_LARGE_COMMUNITIES) && in_keyword_order(a->large_communities, 12, true))
		put_list(out, "large-community", a->large_communities, 12, item_large);
	else if (HAS(ATTR_LARGE_COMMUNITIES))
		put_generic(out, ATTR_LARGE_COMMUNITIES, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE,
			    a->large_communities.ptr, a->large_communities.len);
	if (HAS(ATTR_EXT_COMMUNITIES) && in_keyword_order(a->ext_communities, 8, false))
		put_list(out, "extended-community", a->ext_communities, 8, item_ext);
	else if (HAS(ATTR_EXT_COMMUNITIES))
		put_generic(out, ATTR_EXT_COMMUNITIES, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, a->ext_communities.ptr,
			    a->ext_communities.len);
	if (HAS(ATTR_ORIGINATOR_ID)) {
		buf_puts(out, " originator-id ");
		buf_puts(out, ipv4_format_u32(a->originator_id, ip));
	}
	if (HAS(ATTR_CLUSTER_LIST))
		put_list(out, "cluster-list", a->cluster_list, 4, item_ipv4);
	if (HAS(ATTR_AIGP))
		put_aigp(out, a->aigp);
	if (HAS(ATTR_OTC)) {
		uint8_t v[4];
		be32_store(v, a->otc);
		put_generic(out, ATTR_OTC, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, v, 4);
	}
	if (HAS(ATTR_IPV6_EXT_COMMUNITIES))
		put_generic(out, ATTR_IPV6_EXT_COMMUNITIES, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE,
			    a->ipv6_ext_communities.ptr, a->ipv6_ext_communities.len);
	if (a->unknown.len)
		put_unknown(out, a->unknown);
#undef HAS
}

void config_route_format(struct buf *out, const struct route *r, bool family_form)
{
	char text[NLRI_PREFIX_STR_MAX], ip[IP_STR_MAX];

	if (family_form)
		buf_puts(out, safi_name(r->nlri.safi));
	else
		buf_puts(out, "route");
	if (nlri_is_flow(&r->nlri)) { /* "flow RULES [rd RD]": the rules come with their space */
		flow_text_rules(out, &r->nlri);
	} else {
		buf_putc(out, ' ');
		if (r->nlri.afi == AFI_L2VPN && r->nlri.safi == SAFI_VPLS)
			vpls_text_format(out, &r->nlri);
		else if (r->nlri.safi == SAFI_MCAST_VPN)
			mvpn_text_format(out, &r->nlri);
		else if (r->nlri.safi == SAFI_MUP)
			mup_text_format(out, &r->nlri);
		else if (r->nlri.safi == SAFI_SR_POLICY)
			srpolicy_text_format(out, &r->nlri);
		else
			buf_puts(out, nlri_prefix_format(&r->nlri, text));
	}
	if (r->nlri.has_path_id) {
		buf_puts(out, " path-information ");
		buf_puts(out, ipv4_format_u32(r->nlri.path_id, ip));
	}
	if (nlri_is_labelled(r->nlri.afi, r->nlri.safi))
		mpls_text_put(out, &r->nlri);
	if (r->nexthop.self) {
		buf_puts(out, " next-hop self");
	} else if (r->nexthop.len == 4) {
		buf_puts(out, " next-hop ");
		buf_puts(out, ip_format(AFI_IPV4, r->nexthop.addr, ip));
	} else if (r->nexthop.len >= 16) {
		buf_puts(out, " next-hop ");
		buf_puts(out, ip_format(AFI_IPV6, r->nexthop.addr, ip));
	}
	if (r->attrs)
		put_attributes(out, r->attrs);
	/* names are route text words: quoted where a configuration would cut them ('#', quotes) */
	if (r->watchdog) {
		buf_puts(out, " watchdog ");
		cfg_word_put(out, r->watchdog, strlen(r->watchdog));
	}
	if (r->name) {
		buf_puts(out, " name ");
		cfg_word_put(out, r->name, strlen(r->name));
	}
	if (r->start_withdrawn)
		buf_puts(out, " withdraw");
}
