/* route_text_print.c — routes printed back as the API commands ExaBGP 6 writes for them.
 *
 * Owns: the text of `exabgp decode --command` (ExaBGP's decode_to_api_command, which
 * builds it from its own JSON): the order of the attributes, which of them are printed at
 * all, bracket and spacing rules, the "route" / "ipv6 unicast" family word, the
 * `announce attributes ... nlri ...` form for several prefixes sharing a next hop, and
 * `group attributes ... ; withdraw ...` for withdraws carrying attributes.
 * Must not know: sessions, JSON, how the routes were made.
 *
 * ExaBGP's printing, quirks included (each reproduced on purpose):
 *   - attributes in this order: origin, as-path, next-hop (withdraws only), local-preference,
 *     med, atomic-aggregate, aggregator, community, large-community, extended-community,
 *     originator-id, cluster-list, then generic `attribute [0xCC 0xFF 0xDATA]`;
 *   - as-path, community, large-community, extended-community and cluster-list always in
 *     brackets, even for one value; empty ones are not printed; the AS path is flattened
 *     (sets and confederation segments lose their brackets);
 *   - communities as ASN:VALUE numbers (no well-known names), sorted; large communities
 *     sorted without repeats (ExaBGP sorts them as it decodes); extended communities and
 *     the cluster list in the order received;
 *   - every IPv4 family prints as "route" (so IPv4 multicast reads back as unicast unless
 *     the prefix is a multicast address);
 *   - path-information is printed after next-hop for announces, never for withdraws;
 *   - AIGP, OTC and IPv6 extended communities are not printed (ExaBGP's JSON has them under
 *     names its command printer does not read).
 */
#include "model/route_text.h"

#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "core/xalloc.h"
#include "model/attr_text.h"
#include "model/bgpls_json.h"
#include "model/evpn_text.h"
#include "model/flow_text.h"
#include "model/mpls_text.h"
#include "model/mup_text.h"
#include "model/mvpn_text.h"
#include "model/srpolicy_text.h"
#include "model/vpls_text.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"

static void put_family(struct buf *out, const struct nlri *n)
{
	char name[FAMILY_NAME_MAX];
	if (nlri_is_flow(n)) { /* flow-vpn too: its rd is among the rules */
		buf_puts(out, n->afi == AFI_IPV6 ? "ipv6 flow" : "ipv4 flow");
		return;
	}
	if (n->afi == AFI_L2VPN && n->safi == SAFI_VPLS) {
		buf_puts(out, "vpls");
		return;
	}
	/* ExaBGP's family_to_api_format: anything IPv4 is "route" */
	buf_puts(out, n->afi == AFI_IPV4 && n->safi != SAFI_MCAST_VPN && n->safi != SAFI_MUP && n->safi != SAFI_SR_POLICY ? "route" : family_format(n->afi, n->safi, name));
}

static void put_prefix(struct buf *out, const struct nlri *n)
{
	char text[NLRI_PREFIX_STR_MAX];
	if (nlri_is_flow(n)) {
		/* the rules come with a leading space each; the caller wrote one already */
		size_t at = out->len;
		flow_text_rules(out, n);
		if (out->len > at) {
			memmove(out->data + at, out->data + at + 1, out->len - at - 1);
			out->len--;
		}
		return;
	}
	if (n->afi == AFI_L2VPN && n->safi == SAFI_VPLS) {
		vpls_text_format(out, n);
		return;
	}
	if (n->safi == SAFI_MCAST_VPN) {
		mvpn_text_format(out, n);
		return;
	}
	if (n->safi == SAFI_MUP) {
		mup_text_format(out, n);
		return;
	}
	if (n->safi == SAFI_SR_POLICY) {
		srpolicy_text_format(out, n);
		return;
	}
	if (n->afi == AFI_L2VPN && n->safi == SAFI_EVPN) {
		evpn_text_format(out, n);
		return;
	}
	if (n->afi == AFI_BGPLS) {
		bgpls_text_format(out, n);
		return;
	}
	buf_puts(out, nlri_prefix_format(n, text));
}

static void put_ipv4_u32(struct buf *out, uint32_t v)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ipv4_format_u32(v, ip));
}

static void put_nexthop(struct buf *out, const struct nexthop *nh)
{
	char ip[IP_STR_MAX];
	if (nh->self)
		buf_puts(out, "self");
	else if (nh->len == 4)
		buf_puts(out, ip_format(AFI_IPV4, nh->addr, ip));
	else /* 16, or 32: ExaBGP shows the global address only, not the link-local one */
		buf_puts(out, ip_format(AFI_IPV6, nh->addr, ip));
}

static bool nexthop_printable(const struct nexthop *nh)
{
	return nh->self || nh->len == 4 || nh->len == 16 || nh->len == 32;
}

/* Extended communities in a command: ExaBGP writes the string of the types its route
 * grammar reads back, and the raw value ("0x" and 16 lower-case digits) otherwise. We
 * write the string whenever our parser turns it back into the same octets (that covers
 * target:, origin:, l2info:, redirect:, redirect-to-nexthop, rate-limit:, ... as in
 * ExaBGP's corpus), and ExaBGP's route target / origin strings always, as it does. */
static void put_ext_community_command(struct buf *out, const uint8_t v[8])
{
	uint8_t back[8];
	size_t start = out->len;

	if (!ext_community_known(v)) {
		buf_puts(out, "0x");
		hex_put(out, v, 8, false);
		return;
	}
	if ((v[0] & 0x0F) == 0x07 && v[1] == 0x02) {
		/* interface-set: the command names the transitivity the JSON string leaves out */
		buf_puts(out, v[0] & 0x40 ? "interface-set:non-transitive:" : "interface-set:transitive:");
		size_t mark = out->len;
		ext_community_format(out, v);
		size_t skip = strlen("interface-set:");
		memmove(out->data + mark, out->data + mark + skip, out->len - mark - skip);
		out->len -= skip;
	} else {
		ext_community_format(out, v);
	}
	/* written straight into out, checked there, taken back if it does not read back */
	const char *str = (const char *)out->data + start;
	size_t len = out->len - start;
	bool always = (len >= 7 && (memcmp(str, "target:", 7) == 0 || memcmp(str, "origin:", 7) == 0 ||
				    memcmp(str, "l2info:", 7) == 0)) ||
		      (len >= 19 && memcmp(str, "redirect-to-nexthop", 19) == 0);
	if (always || (ext_community_parse(str, len, back) == 0 && memcmp(back, v, 8) == 0))
		return;
	const char *space = memchr(str, ' ', len); /* flowspec's "mark 10", "action sample" */
	if (space && flow_ext_pair_parse(str, (size_t)(space - str), space + 1, len - (size_t)(space - str) - 1,
					 back) == 0 && memcmp(back, v, 8) == 0)
		return;
	out->len = start;
	buf_puts(out, "0x");
	hex_put(out, v, 8, false);
}

static void put_generic(struct buf *out, struct bytes unknown)
{
	/* whole attributes: flags(1) code(1) length(1|2) value; the view is ours (validated
	 * when built) but read through the cursor all the same */
	struct cursor c = cursor_make(unknown.ptr, unknown.len, 0);
	struct attr_raw a;
	while (attr_raw_next(&c, &a)) {
		uint8_t flags = a.flags, code = a.code;
		uint32_t len = a.len;
		const uint8_t *value = a.value;
		if (code == ATTR_PREFIX_SID && mpls_text_put_prefix_sid(out, value, len))
			continue;
		if (code == ATTR_TUNNEL_ENCAP && srpolicy_text_put_tunnel(out, value, len))
			continue;
		buf_printf(out, " attribute [0x%02x 0x%02x 0x", code, flags);
		hex_put(out, value, len, false);
		buf_putc(out, ']');
	}
}

static int cmp4(const void *a, const void *b) { return memcmp(a, b, 4); }
static int cmp12(const void *a, const void *b) { return memcmp(a, b, 12); }

/* ExaBGP sorts communities as it decodes them (Communities.add) and drops repeated large
 * communities, so its JSON and commands show them that way whatever the wire order.
 * Returns the n items in that order: v itself when already so (the usual case, and always
 * for routes made from text), else a malloc'd sorted copy stored in *copy as well. */
static const uint8_t *sorted_items(struct bytes v, size_t size, bool unique, size_t *n, uint8_t **copy)
{
	*copy = NULL;
	bool in_order = true;
	for (size_t i = 1; i < *n && in_order; i++) {
		int c = memcmp(v.ptr + (i - 1) * size, v.ptr + i * size, size);
		in_order = unique ? c < 0 : c <= 0;
	}
	if (in_order)
		return v.ptr;
	uint8_t *items = xmemdup(v.ptr, *n * size);
	qsort(items, *n, size, size == 4 ? cmp4 : cmp12);
	if (unique) {
		size_t kept = 1;
		for (size_t i = 1; i < *n; i++)
			if (memcmp(items + (kept - 1) * size, items + i * size, size) != 0)
				memmove(items + kept++ * size, items + i * size, size);
		*n = kept;
	}
	*copy = items;
	return items;
}

/* " community [A:B ...]" as ExaBGP's decoder writes it: sorted, always numbers (its JSON
 * pair, never "no-export") */
static void put_communities(struct buf *out, const struct attr_set *a)
{
	if (!(a->present & ATTR_BIT(ATTR_COMMUNITIES)) || a->communities.len < 4)
		return;
	size_t n = a->communities.len / 4;
	uint8_t *copy;
	const uint8_t *sorted = sorted_items(a->communities, 4, false, &n, &copy);
	buf_puts(out, " community [");
	for (size_t i = 0; i < n; i++) {
		uint32_t v = be32_load(sorted + 4 * i);
		if (i)
			buf_putc(out, ' ');
		buf_put_uint(out, v >> 16);
		buf_putc(out, ':');
		buf_put_uint(out, v & 0xFFFF);
	}
	buf_putc(out, ']');
	free(copy);
}

/* " extended-community [...]", each by name where ExaBGP's command has one */
static void put_ext_communities(struct buf *out, const struct attr_set *a)
{
	if (!(a->present & ATTR_BIT(ATTR_EXT_COMMUNITIES)) || a->ext_communities.len < 8)
		return;
	buf_puts(out, " extended-community [");
	for (uint32_t i = 0; i + 8 <= a->ext_communities.len; i += 8) {
		if (i)
			buf_putc(out, ' ');
		put_ext_community_command(out, a->ext_communities.ptr + i);
	}
	buf_putc(out, ']');
}

/* The attributes ExaBGP's decoder counts as "more than a withdraw normally carries". */
static bool attrs_extra_for_withdraw(const struct attr_set *a)
{
	uint64_t extra = ATTR_BIT(ATTR_ORIGIN) | ATTR_BIT(ATTR_NEXT_HOP) | ATTR_BIT(ATTR_LOCAL_PREF) |
			 ATTR_BIT(ATTR_MED) | ATTR_BIT(ATTR_ATOMIC_AGGREGATE) | ATTR_BIT(ATTR_AGGREGATOR) |
			 ATTR_BIT(ATTR_ORIGINATOR_ID);
	if (a->present & extra)
		return true;
	/* these appear in ExaBGP's JSON only when not empty */
	if ((a->present & ATTR_BIT(ATTR_AS_PATH)) && a->as_path.len)
		return true;
	if ((a->present & ATTR_BIT(ATTR_CLUSTER_LIST)) && a->cluster_list.len)
		return true;
	if ((a->present & ATTR_BIT(ATTR_LARGE_COMMUNITIES)) && a->large_communities.len)
		return true;
	return false;
}

/* " origin igp as-path [...] ..." — each part with its leading space. */
static void put_attributes(struct buf *out, const struct attr_set *a, bool nexthop_attr)
{
	char ip[IP_STR_MAX];
	if (a == NULL)
		return;
	if (a->present & ATTR_BIT(ATTR_ORIGIN)) {
		buf_puts(out, " origin ");
		origin_format(out, a->origin);
	}
	if ((a->present & ATTR_BIT(ATTR_AS_PATH)) && a->as_path.len) {
		/* canonical segments: type(1) count(1) asn(4)*count; ExaBGP flattens them all */
		struct cursor seg = cursor_make(a->as_path.ptr, a->as_path.len, 0);
		uint8_t type, count;
		uint32_t asn;
		bool first = true;
		buf_puts(out, " as-path [");
		while (cursor_u8(&seg, &type) == 0 && cursor_u8(&seg, &count) == 0)
			for (unsigned i = 0; i < count && cursor_u32(&seg, &asn) == 0; i++) {
				if (!first)
					buf_putc(out, ' ');
				first = false;
				buf_put_uint(out, asn);
			}
		buf_putc(out, ']');
	}
	if (nexthop_attr && (a->present & ATTR_BIT(ATTR_NEXT_HOP))) {
		buf_puts(out, " next-hop ");
		buf_puts(out, ip_format(AFI_IPV4, a->next_hop, ip));
	}
	if (a->present & ATTR_BIT(ATTR_LOCAL_PREF)) {
		buf_puts(out, " local-preference ");
		buf_put_uint(out, a->local_pref);
	}
	if (a->present & ATTR_BIT(ATTR_MED)) {
		buf_puts(out, " med ");
		buf_put_uint(out, a->med);
	}
	if (a->present & ATTR_BIT(ATTR_ATOMIC_AGGREGATE))
		buf_puts(out, " atomic-aggregate");
	if (a->present & ATTR_BIT(ATTR_AGGREGATOR)) {
		buf_puts(out, " aggregator ");
		buf_put_uint(out, a->aggregator_as);
		buf_putc(out, ':');
		buf_puts(out, ip_format(AFI_IPV4, a->aggregator_ip, ip));
	}
	put_communities(out, a);
	if ((a->present & ATTR_BIT(ATTR_LARGE_COMMUNITIES)) && a->large_communities.len >= 12) {
		size_t n = a->large_communities.len / 12;
		uint8_t *copy;
		const uint8_t *sorted = sorted_items(a->large_communities, 12, true, &n, &copy);
		buf_puts(out, " large-community [");
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(out, ' ');
			large_community_format(out, sorted + 12 * i);
		}
		buf_putc(out, ']');
		free(copy);
	}
	put_ext_communities(out, a);
	if (a->present & ATTR_BIT(ATTR_ORIGINATOR_ID)) {
		buf_puts(out, " originator-id ");
		put_ipv4_u32(out, a->originator_id);
	}
	if ((a->present & ATTR_BIT(ATTR_CLUSTER_LIST)) && a->cluster_list.len >= 4) {
		buf_puts(out, " cluster-list [");
		for (uint32_t i = 0; i + 4 <= a->cluster_list.len; i += 4) {
			if (i)
				buf_putc(out, ' ');
			buf_puts(out, ip_format(AFI_IPV4, a->cluster_list.ptr + i, ip));
		}
		buf_putc(out, ']');
	}
	if (a->unknown.len)
		put_generic(out, a->unknown);
}

/* What only our grammar knows (ExaBGP's decoder never sees it): keeps a route made from
 * text printable back into the same route. */
static void put_local_keywords(struct buf *out, const struct route *r)
{
	if (r->watchdog) {
		buf_puts(out, " watchdog ");
		buf_puts(out, r->watchdog);
	}
	if (r->name) {
		buf_puts(out, " name ");
		buf_puts(out, r->name);
	}
	if (r->start_withdrawn)
		buf_puts(out, " withdraw");
}

/* ExaBGP's format_flow_announce: a flow route prints its rules, its next hop, and only
 * its extended communities, communities and generic attributes (the origin and local
 * preference every flow UPDATE has are the defaults the encoder adds back). */
static void format_flow(struct buf *out, const struct route *r, bool withdraw_command)
{
	const struct attr_set *a = r->attrs;
	put_family(out, &r->nlri);
	flow_text_rules(out, &r->nlri);
	if (withdraw_command) {
		buf_puts(out, " next-hop 0.0.0.0");
	} else if (nexthop_printable(&r->nexthop)) {
		buf_puts(out, " next-hop ");
		put_nexthop(out, &r->nexthop);
	}
	if (a) {
		put_ext_communities(out, a);
		put_communities(out, a);
	}
	if (a && (a->present & ATTR_BIT(ATTR_IPV6_EXT_COMMUNITIES)) && a->ipv6_ext_communities.len) {
		/* ExaBGP's command has no keyword for them: the generic form */
		buf_puts(out, " attribute [0x19 0xc0 0x");
		hex_put(out, a->ipv6_ext_communities.ptr, a->ipv6_ext_communities.len, false);
		buf_putc(out, ']');
	}
	if (a && a->unknown.len)
		put_generic(out, a->unknown);
	put_local_keywords(out, r);
}

/* A flow withdraw with attributes: the group form, extended communities as raw values
 * (as ExaBGP's API programs write them). */
static void format_flow_withdraw_group(struct buf *out, const struct route *r)
{
	struct attr_set a = *r->attrs;
	a.present &= ~ATTR_BIT(ATTR_EXT_COMMUNITIES);
	buf_puts(out, "group attributes");
	put_attributes(out, &a, true);
	if ((r->attrs->present & ATTR_BIT(ATTR_EXT_COMMUNITIES)) && r->attrs->ext_communities.len >= 8) {
		buf_puts(out, " extended-community [");
		for (uint32_t i = 0; i + 8 <= r->attrs->ext_communities.len; i += 8) {
			if (i)
				buf_putc(out, ' ');
			buf_puts(out, "0x");
			hex_put(out, r->attrs->ext_communities.ptr + i, 8, false);
		}
		buf_putc(out, ']');
	}
	buf_puts(out, " ; withdraw ");
	put_family(out, &r->nlri);
	buf_putc(out, ' ');
	put_prefix(out, &r->nlri);
}

/* A flow withdraw whose attributes are the encoder's defaults reads back from
 * "withdraw ipv4 flow ... next-hop 0.0.0.0"; any other needs the group form. */
static bool flow_withdraw_plain(const struct attr_set *a)
{
	if (a == NULL)
		return true;
	uint64_t plain = ATTR_BIT(ATTR_ORIGIN) | ATTR_BIT(ATTR_AS_PATH) | ATTR_BIT(ATTR_LOCAL_PREF);
	return (a->present & ~plain) == 0 && a->unknown.len == 0 &&
	       (!(a->present & ATTR_BIT(ATTR_ORIGIN)) || a->origin == ORIGIN_IGP) &&
	       (!(a->present & ATTR_BIT(ATTR_AS_PATH)) || a->as_path.len == 0) &&
	       (!(a->present & ATTR_BIT(ATTR_LOCAL_PREF)) || a->local_pref == 100);
}

void route_text_format(struct buf *out, const struct route *r)
{
	if (nlri_is_flow(&r->nlri)) {
		format_flow(out, r, false);
		return;
	}
	put_family(out, &r->nlri);
	buf_putc(out, ' ');
	put_prefix(out, &r->nlri);
	if (nexthop_printable(&r->nexthop)) {
		buf_puts(out, " next-hop ");
		put_nexthop(out, &r->nexthop);
	}
	if (r->nlri.has_path_id) {
		buf_puts(out, " path-information ");
		put_ipv4_u32(out, r->nlri.path_id);
	}
	if (nlri_is_labelled(r->nlri.afi, r->nlri.safi))
		mpls_text_put(out, &r->nlri);
	put_attributes(out, r->attrs, false);
	put_local_keywords(out, r);
}

/* A mup withdrawal names a next hop after its NLRI, as ExaBGP's decoder writes it */
static void put_withdraw_next_hop(struct buf *out, const struct route *r)
{
	if (r->nlri.safi != SAFI_MUP)
		return;
	buf_puts(out, " next-hop ");
	if (nexthop_printable(&r->nexthop))
		put_nexthop(out, &r->nexthop);
	else
		buf_puts(out, "0.0.0.0");
}

static void format_withdraw_attrs(struct buf *out, const struct route *r, const struct attr_set *attrs);

static void format_withdraw(struct buf *out, const struct route *r)
{
	format_withdraw_attrs(out, r, r->attrs);
}

static void format_withdraw_attrs(struct buf *out, const struct route *r, const struct attr_set *attrs)
{
	if (nlri_is_flow(&r->nlri) && flow_withdraw_plain(r->attrs)) {
		buf_puts(out, "withdraw ");
		format_flow(out, r, true);
		return;
	}
	if (nlri_is_flow(&r->nlri)) {
		format_flow_withdraw_group(out, r);
		return;
	}
	if (r->nlri.afi == AFI_L2VPN && r->nlri.safi == SAFI_VPLS) {
		/* ExaBGP's decoder: the NLRI and a zero next hop, never an attribute */
		buf_puts(out, "withdraw vpls ");
		vpls_text_format(out, &r->nlri);
		buf_puts(out, " next-hop 0.0.0.0");
		return;
	}
	if (r->nlri.safi == SAFI_MCAST_VPN) {
		mvpn_format_command(out, r, r->attrs);
		return;
	}
	if (attrs && attrs_extra_for_withdraw(attrs)) {
		/* a withdraw cannot carry these: ExaBGP sets them for the message with a group */
		buf_puts(out, "group attributes");
		put_attributes(out, attrs, true);
		buf_puts(out, " ; withdraw ");
		put_family(out, &r->nlri);
		buf_putc(out, ' ');
		put_prefix(out, &r->nlri);
		put_withdraw_next_hop(out, r);
		if (nlri_is_labelled(r->nlri.afi, r->nlri.safi))
			mpls_text_put(out, &r->nlri);
		return;
	}
	buf_puts(out, "withdraw ");
	put_family(out, &r->nlri);
	buf_putc(out, ' ');
	put_prefix(out, &r->nlri);
	put_withdraw_next_hop(out, r);
	if (nlri_is_labelled(r->nlri.afi, r->nlri.safi))
		mpls_text_put(out, &r->nlri);
	put_attributes(out, attrs, false);
}

void route_text_format_command(struct buf *out, const struct route *r)
{
	if (r->action == ROUTE_WITHDRAW) {
		format_withdraw(out, r);
		return;
	}
	buf_puts(out, "announce ");
	route_text_format(out, r);
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_announce_group(const struct route *a, const struct route *b)
{
	/* labelled routes each carry their own labels and RD: one command each */
	if (a != b && nlri_is_labelled(a->nlri.afi, a->nlri.safi))
		return false;
	return a->nlri.afi == b->nlri.afi && a->nlri.safi == b->nlri.safi && a->attrs == b->attrs &&
	       nexthop_equal(&a->nexthop, &b->nexthop) && same_string(a->watchdog, b->watchdog) &&
	       same_string(a->name, b->name) && a->start_withdrawn == b->start_withdrawn;
}

/* Several prefixes with one next hop: "announce attributes [path-information X] next-hop N
 * ATTRIBUTES nlri P1 P2 ...". The path identifier is printed when every prefix has the
 * same one (ExaBGP loses it otherwise). */
static void format_announce_group(struct buf *out, const struct update_collection *c, size_t first,
				  bool *done)
{
	const struct route *r0 = &c->routes[first];
	size_t n = 0;
	bool same_path = true;

	if (nlri_is_flow(&r0->nlri)) { /* one command per flow route */
		done[first] = true;
		route_text_format_command(out, r0);
		buf_putc(out, '\n');
		return;
	}
	if (r0->nlri.safi == SAFI_MCAST_VPN) {
		mvpn_format_announce_group(out, c, first, done);
		return;
	}
	if (r0->nlri.safi == SAFI_MUP || r0->nlri.safi == SAFI_SR_POLICY) { /* one command per route, as ExaBGP's decoder */
		done[first] = true;
		size_t before = out->len;
		if (r0->nlri.safi == SAFI_MUP)
			mup_format_announce(out, r0);
		else
			srpolicy_format_announce(out, r0);
		if (out->len != before)
			buf_putc(out, '\n');
		return;
	}

	for (size_t i = first; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (done[i] || r->action != ROUTE_ANNOUNCE || !same_announce_group(r0, r))
			continue;
		n++;
		if (r->nlri.has_path_id != r0->nlri.has_path_id ||
		    (r->nlri.has_path_id && r->nlri.path_id != r0->nlri.path_id))
			same_path = false;
	}
	if (n == 1 || (r0->nlri.afi == AFI_L2VPN && r0->nlri.safi == SAFI_VPLS)) {
		/* a vpls route is one command of its own (ExaBGP has no `nlri` list for it) */
		done[first] = true;
		route_text_format_command(out, r0);
		buf_putc(out, '\n');
		return;
	}
	buf_puts(out, "announce attributes");
	if (r0->nlri.has_path_id && same_path) {
		buf_puts(out, " path-information ");
		put_ipv4_u32(out, r0->nlri.path_id);
	}
	if (nexthop_printable(&r0->nexthop)) {
		buf_puts(out, " next-hop ");
		put_nexthop(out, &r0->nexthop);
	}
	put_attributes(out, r0->attrs, false);
	put_local_keywords(out, r0);
	buf_puts(out, " nlri");
	for (size_t i = first; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (done[i] || r->action != ROUTE_ANNOUNCE || !same_announce_group(r0, r))
			continue;
		done[i] = true;
		buf_putc(out, ' ');
		put_prefix(out, &r->nlri);
	}
	buf_putc(out, '\n');
}

void route_text_format_collection(struct buf *out, const struct update_collection *c)
{
	char name[FAMILY_NAME_MAX];

	if (c->eor) {
		buf_puts(out, "announce eor ");
		buf_puts(out, family_format(c->eor_afi, c->eor_safi, name));
		buf_putc(out, '\n');
		return;
	}
	if (c->count == 0) {
		/* an UPDATE with attributes and no NLRI: ExaBGP prints "attributes ..." */
		if (c->attrs && (c->attrs->present || c->attrs->unknown.len)) {
			buf_puts(out, "attributes");
			put_attributes(out, c->attrs, false);
			buf_putc(out, '\n');
		}
		return;
	}
	/* one flag per route: on the stack for an UPDATE's worth of routes */
	bool small[512] = {false};
	bool *done = c->count <= sizeof(small) / sizeof(small[0]) ? small : xcalloc(c->count, sizeof(*done));
	/* announces first, grouped by family then next hop in order of appearance (ExaBGP
	 * walks its JSON: family -> next hop -> prefixes) */
	for (size_t i = 0; i < c->count; i++)
		if (!done[i] && c->routes[i].action == ROUTE_ANNOUNCE)
			format_announce_group(out, c, i, done);
	/* then withdraws, one command each, family by family */
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r0 = &c->routes[i];
		if (done[i])
			continue;
		for (size_t j = i; j < c->count; j++) {
			const struct route *r = &c->routes[j];
			if (done[j] || r->nlri.afi != r0->nlri.afi || r->nlri.safi != r0->nlri.safi)
				continue;
			done[j] = true;
			if (r->nlri.safi == SAFI_MCAST_VPN) {
				mvpn_format_command(out, r, r->attrs ? r->attrs : c->attrs);
				buf_putc(out, '\n');
				continue;
			}
			if (r->nlri.safi == SAFI_MUP) { /* with the UPDATE's attributes */
				format_withdraw_attrs(out, r, r->attrs ? r->attrs : c->attrs);
				buf_putc(out, '\n');
				continue;
			}
			route_text_format_command(out, r);
			buf_putc(out, '\n');
		}
	}
	if (done != small)
		free(done);
}
