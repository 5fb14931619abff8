/* update_pack.c — UpdateCollection → wire UPDATE messages for one OpenContext.
 *
 * Owns: the ExaBGP 6 packing rules (see update_collection.h): which routes share a
 * message, default attributes for iBGP/eBGP, where a family's NLRI go (the UPDATE's own
 * fields for IPv4 unicast with an IPv4 next hop, MP_REACH_NLRI / MP_UNREACH_NLRI for the
 * rest), the order of the parts, and splitting at the context's message size.
 *
 * The NLRI sharing a message are sorted as ExaBGP sorts them (route_cmp).
 *
 * Message shapes, byte for byte as ExaBGP writes them:
 *   IPv4 withdraw      [withdrawn prefixes]  [no attributes]
 *   IPv4 announce      [no withdrawn] [attributes incl. NEXT_HOP] [NLRI prefixes]
 *   MP withdraw        [no withdrawn] [MP_UNREACH_NLRI]   (no other attribute for
 *                      unicast/multicast: RFC 4760 3 does not require them; vpls,
 *                      mcast-vpn and mup: the attributes follow, defaults included)
 *   MP announce        [no withdrawn] [attributes ... MP_REACH_NLRI last]
 * NEXT_HOP is among the attributes whenever the next hop is an IPv4 address, even when
 * the routes travel in MP_REACH_NLRI (ExaBGP's choice, kept for byte-identity), except
 * for vpls.
 *
 * Must not know: sessions, text, JSON.
 */
#include "model/update_collection.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/message.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"

/* Room an UPDATE leaves for its fields: header, withdrawn length, attribute length. */
#define UPDATE_FIXED (BGP_HEADER_LEN + 2 + 2)

/* MP_REACH_NLRI header inside the attribute value: AFI(2) SAFI(1) NH length(1) ... reserved(1) */
#define MP_REACH_FIXED 5
#define MP_UNREACH_FIXED 3

void update_pack_eor(uint16_t afi, uint8_t safi, struct buf *out)
{
	size_t start = message_begin(out, BGP_MSG_UPDATE);
	if (afi == AFI_IPV4 && safi == SAFI_UNICAST) {
		/* RFC 4724 2: an UPDATE with no withdrawn routes, no attributes, no NLRI */
		buf_put_u32(out, 0);
	} else {
		/* ExaBGP writes the marker's MP_UNREACH_NLRI with the extended length flag */
		static const uint8_t prefix[] = {0, 0, 0, 7, ATTR_FLAG_OPTIONAL | ATTR_FLAG_EXTENDED,
						 ATTR_MP_UNREACH_NLRI, 0, 3};
		buf_put(out, prefix, sizeof(prefix));
		buf_put_u16(out, afi);
		buf_put_u8(out, safi);
	}
	message_finish(out, start);
}

/* ExaBGP sends these families' withdrawals with the attributes of the route (defaults
 * included) after MP_UNREACH_NLRI, and leaves the NEXT_HOP attribute out of them. */
static bool family_withdraw_attributes(uint16_t afi, uint8_t safi)
{
	return (afi == AFI_L2VPN && safi == SAFI_VPLS) || safi == SAFI_MCAST_VPN || safi == SAFI_MUP ||
	       safi_is_flow(safi);
}

/* vpls and flow routes never carry a NEXT_HOP attribute (a flow's redirect address, when it
 * has one, is in MP_REACH_NLRI) */
static bool family_next_hop_attribute(uint16_t afi, uint8_t safi)
{
	return !(afi == AFI_L2VPN && safi == SAFI_VPLS) && !safi_is_flow(safi) && safi != SAFI_SR_POLICY;
}

/* The next hop to send for a route: `self` resolved for this session. */
static int route_next_hop(const struct route *r, const struct pack_options *opts, struct nexthop *nh,
			  struct wire_error *err)
{
	if (!r->nexthop.self) {
		*nh = r->nexthop;
		/* link-local next hop capability: a global IPv6 next hop travels with our
		 * link-local address beside it (RFC 2545 3) */
		if (opts && opts->link_local && nh->len == 16 && !(nh->addr[0] == 0xfe && (nh->addr[1] & 0xc0) == 0x80)) {
			memcpy(nh->addr + 16, opts->link_local, 16);
			nh->len = 32;
		}
		return 0;
	}
	memset(nh, 0, sizeof(*nh));
	/* ExaBGP resolves `self` to the session's local address: the address family of the
	 * route decides which one we prefer, falling back to the other one. */
	const uint8_t *v4 = opts ? opts->self4 : NULL, *v6 = opts ? opts->self6 : NULL;
	if (r->nlri.afi == AFI_IPV6 && v6) {
		nh->len = 16;
		memcpy(nh->addr, v6, 16);
	} else if (v4) {
		nh->len = 4;
		memcpy(nh->addr, v4, 4);
	} else if (v6) {
		nh->len = 16;
		memcpy(nh->addr, v6, 16);
	} else {
		wire_error_set(err, WIRE_SESSION_RESET, 0, 0, 0,
			       "next-hop self has no local address to resolve to");
		return -1;
	}
	return 0;
}

/*
 * The attributes an announcement carries, with ExaBGP's defaults:
 *   ORIGIN IGP when absent; AS_PATH empty (iBGP) or [local-as] (eBGP) when absent;
 *   LOCAL_PREF 100 for iBGP when absent, never sent to eBGP; NEXT_HOP for IPv4 next hops.
 */
static void pack_announce_attributes(const struct attr_set *attrs, const struct nexthop *nh,
				     const struct open_context *ctx, struct buf *out)
{
	struct attr_set set = *attrs;
	uint8_t ebgp_path[6];
	bool ibgp = open_context_is_ibgp(ctx);

	if (!(set.present & ATTR_BIT(ATTR_ORIGIN))) {
		set.present |= ATTR_BIT(ATTR_ORIGIN);
		set.origin = ORIGIN_IGP;
	}
	if (!(set.present & ATTR_BIT(ATTR_AS_PATH))) {
		set.present |= ATTR_BIT(ATTR_AS_PATH);
		if (ibgp) {
			set.as_path.ptr = NULL;
			set.as_path.len = 0;
		} else {
			ebgp_path[0] = AS_SEQUENCE;
			ebgp_path[1] = 1;
			be32_store(ebgp_path + 2, ctx->local_as);
			set.as_path.ptr = ebgp_path;
			set.as_path.len = sizeof(ebgp_path);
		}
	}
	if (ibgp && !(set.present & ATTR_BIT(ATTR_LOCAL_PREF))) {
		set.present |= ATTR_BIT(ATTR_LOCAL_PREF);
		set.local_pref = 100;
	}
	if (!ibgp)
		set.present &= ~ATTR_BIT(ATTR_LOCAL_PREF);
	if (nh->len == 4 && family_next_hop_attribute(ctx->afi, ctx->safi)) {
		set.present |= ATTR_BIT(ATTR_NEXT_HOP);
		memcpy(set.next_hop, nh->addr, 4);
	} else {
		set.present &= ~ATTR_BIT(ATTR_NEXT_HOP);
	}
	attrs_pack(&set, ctx, NULL, NULL, out);
}

/* Append an MP attribute header for a value of len octets (extended length only when needed). */
static void put_mp_header(struct buf *out, uint8_t code, size_t len)
{
	if (len > 255) {
		buf_put_u8(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_EXTENDED);
		buf_put_u8(out, code);
		buf_put_u16(out, (uint16_t)len);
	} else {
		buf_put_u8(out, ATTR_FLAG_OPTIONAL);
		buf_put_u8(out, code);
		buf_put_u8(out, (uint8_t)len);
	}
}

static size_t mp_header_size(size_t value_len) { return value_len > 255 ? 4 : 3; }

/* A run of routes that go into the same message(s): same kind, attributes and next hop. */
struct pack_group {
	const struct route **routes;
	size_t count;
	struct nexthop nh;
};

/*
 * Emit messages for one group, each within ctx->msg_size.
 *   head/head_len: bytes between the attribute length and the NLRI part that are the same
 *                  in every message of the group (packed path attributes);
 *   mode:          where the NLRI go.
 */
enum nlri_place {
	PLACE_WITHDRAWN,  /* IPv4 unicast withdrawn routes field */
	PLACE_NLRI,       /* IPv4 unicast trailing NLRI field */
	PLACE_MP_REACH,   /* MP_REACH_NLRI, appended after the attributes */
	PLACE_MP_UNREACH, /* MP_UNREACH_NLRI, the only attribute */
};

static int emit_group(const struct pack_group *g, enum nlri_place place, const uint8_t *attrs,
		      size_t attrs_len, const struct open_context *ctx, struct buf *out, size_t *messages,
		      struct wire_error *err)
{
	size_t mp_fixed = 0;
	if (place == PLACE_MP_REACH)
		mp_fixed = MP_REACH_FIXED + (nlri_has_rd(ctx->safi) ? nlri_vpn_nexthop_len(g->nh.len) : g->nh.len);
	else if (place == PLACE_MP_UNREACH)
		mp_fixed = MP_UNREACH_FIXED;

	size_t i = 0;
	while (i < g->count) {
		/* How many NLRI fit: the MP attribute header grows by one octet past 255 */
		size_t budget = ctx->msg_size - UPDATE_FIXED - attrs_len;
		size_t used = 0, n = 0;
		for (size_t k = i; k < g->count; k++) {
			size_t sz = nlri_wire_size(&g->routes[k]->nlri, ctx->addpath);
			size_t total = used + sz;
			size_t need = total;
			if (place == PLACE_MP_REACH || place == PLACE_MP_UNREACH)
				need = mp_header_size(mp_fixed + total) + mp_fixed + total;
			if (need > budget)
				break;
			used = total;
			n++;
		}
		if (n == 0) {
			char prefix[NLRI_PREFIX_STR_MAX];
			nlri_prefix_format(&g->routes[i]->nlri, prefix);
			wire_error_set(err, WIRE_SESSION_RESET, 0, 0, 0,
				       "%s does not fit in a %u-octet UPDATE with its attributes", prefix,
				       ctx->msg_size);
			return -1;
		}

		size_t start = message_begin(out, BGP_MSG_UPDATE);
		if (place == PLACE_WITHDRAWN) {
			buf_put_u16(out, (uint16_t)used);
			for (size_t k = i; k < i + n; k++)
				nlri_put(out, &g->routes[k]->nlri, ctx->addpath);
			buf_put_u16(out, 0);
		} else {
			buf_put_u16(out, 0);
			size_t attr_len_at = buf_reserve_at(out, 2);
			size_t attr_start = out->len;
			if (place == PLACE_MP_UNREACH) {
				put_mp_header(out, ATTR_MP_UNREACH_NLRI, mp_fixed + used);
				buf_put_u16(out, ctx->afi);
				buf_put_u8(out, ctx->safi);
				for (size_t k = i; k < i + n; k++)
					nlri_put(out, &g->routes[k]->nlri, ctx->addpath);
				/* none, but for family_withdraw_attributes and a labelled withdrawal */
				buf_put(out, attrs, attrs_len);
			} else {
				buf_put(out, attrs, attrs_len);
				if (place == PLACE_MP_REACH) {
					put_mp_header(out, ATTR_MP_REACH_NLRI, mp_fixed + used);
					buf_put_u16(out, ctx->afi);
					buf_put_u8(out, ctx->safi);
					if (nlri_has_rd(ctx->safi)) { /* RFC 4364 4.3.2: an RD of zeros first */
						buf_put_u8(out, (uint8_t)nlri_vpn_nexthop_len(g->nh.len));
						nlri_vpn_nexthop_put(out, g->nh.addr, g->nh.len);
					} else {
						buf_put_u8(out, g->nh.len);
						buf_put(out, g->nh.addr, g->nh.len);
					}
					buf_put_u8(out, 0); /* reserved (RFC 4760 3) */
					for (size_t k = i; k < i + n; k++)
						nlri_put(out, &g->routes[k]->nlri, ctx->addpath);
				}
			}
			buf_patch_u16(out, attr_len_at, (uint16_t)(out->len - attr_start));
			if (place == PLACE_NLRI)
				for (size_t k = i; k < i + n; k++)
					nlri_put(out, &g->routes[k]->nlri, ctx->addpath);
		}
		message_finish(out, start);
		if (messages)
			(*messages)++;
		i += n;
	}
	return 0;
}

/* ExaBGP sorts the NLRI of an Update before packing them (Update.messages: sorted(nlris),
 * by NLRI.index(): the path identifier, or "no-pi" without one, then the prefix as packed,
 * length octet first), so routes given in any order leave in one order. */
static int route_cmp(const void *pa, const void *pb)
{
	const struct nlri *a = &(*(const struct route *const *)pa)->nlri;
	const struct nlri *b = &(*(const struct route *const *)pb)->nlri;
	uint8_t ka[5] = "no-pi", kb[5] = "no-pi";
	if (a->has_path_id)
		be32_store(ka, a->path_id);
	if (b->has_path_id)
		be32_store(kb, b->path_id);
	size_t la = a->has_path_id ? 4 : 5, lb = b->has_path_id ? 4 : 5;
	int c = memcmp(ka, kb, la < lb ? la : lb);
	if (c == 0 && la != lb)
		return la < lb ? -1 : 1;
	if (c)
		return c;
	if (nlri_is_labelled(a->afi, a->safi)) { /* ExaBGP's index leaves the labels out */
		uint8_t sa[NLRI_MPLS_MAX], sb[NLRI_MPLS_MAX];
		size_t na = nlri_mpls_sort_key(a, sa), nb = nlri_mpls_sort_key(b, sb);
		c = memcmp(sa, sb, na < nb ? na : nb);
		return c ? c : na < nb ? -1 : na > nb;
	}
	c = memcmp(a->data, b->data, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool attrs_same(const struct attr_set *a, const struct attr_set *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL)
		return false;
	return attr_set_equal(a, b);
}

int update_collection_pack(const struct update_collection *c, const struct open_context *ctx,
			   const struct pack_options *opts, struct buf *out, size_t *messages,
			   struct wire_error *err)
{
	bool group = opts ? opts->group : true;

	/* "attributes ..." without NLRI: one UPDATE carrying only the attributes */
	if (c->count == 0 && c->attrs && !c->eor) {
		struct nexthop none;
		struct buf attrs_only = BUF_INIT;
		memset(&none, 0, sizeof(none));
		pack_announce_attributes(c->attrs, &none, ctx, &attrs_only);
		size_t start = message_begin(out, BGP_MSG_UPDATE);
		buf_put_u16(out, 0);
		buf_put_u16(out, (uint16_t)attrs_only.len);
		buf_put(out, attrs_only.data, attrs_only.len);
		message_finish(out, start);
		buf_free(&attrs_only);
		if (messages)
			(*messages)++;
		return 0;
	}
	bool classic = ctx->afi == AFI_IPV4 && ctx->safi == SAFI_UNICAST;
	bool withdraw_attrs = family_withdraw_attributes(ctx->afi, ctx->safi);
	const struct route **list = xmalloc(sizeof(*list) * (c->count ? c->count : 1));
	bool *done = xcalloc(c->count ? c->count : 1, sizeof(*done));
	struct nexthop *nhs = xmalloc(sizeof(*nhs) * (c->count ? c->count : 1));
	struct buf attrs = BUF_INIT;
	int rc = -1;

	/* Resolve next hops once; a route of another family is not ours to pack */
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (r->nlri.afi != ctx->afi || r->nlri.safi != ctx->safi) {
			done[i] = true;
			continue;
		}
		if (r->action == ROUTE_WITHDRAW && withdraw_attrs) {
			/* "next-hop 0.0.0.0" is how ExaBGP's decoder says a withdrawal has none */
			static const uint8_t zero[4];
			bool none = r->nexthop.self || (r->nexthop.len == 4 && memcmp(r->nexthop.addr, zero, 4) == 0);
			nhs[i] = none ? (struct nexthop){0} : r->nexthop;
		} else if (r->action == ROUTE_ANNOUNCE) {
			if (r->attrs == NULL) {
				wire_error_set(err, WIRE_SESSION_RESET, 0, 0, 0, "announce without attributes");
				goto out;
			}
			if (route_next_hop(r, opts, &nhs[i], err) < 0)
				goto out;
			/* RFC 4760 3: unicast and multicast routes need a next hop */
			if (nhs[i].len == 0 && !safi_is_flow(r->nlri.safi)) {
				char prefix[NLRI_PREFIX_STR_MAX];
				wire_error_set(err, WIRE_SESSION_RESET, 0, 0, 0, "announce requires a next-hop: %s",
					       nlri_prefix_format(&r->nlri, prefix));
				goto out;
			}
		}
	}

	/* Withdrawals first: a prefix withdrawn and re-announced must leave in that order */
	for (int pass = 0; pass < 2; pass++) {
		uint8_t action = pass == 0 ? ROUTE_WITHDRAW : ROUTE_ANNOUNCE;
		for (size_t i = 0; i < c->count; i++) {
			if (done[i] || c->routes[i].action != action)
				continue;
			const struct route *first = &c->routes[i];
			struct pack_group g = {list, 0, {0}};
			if (action == ROUTE_ANNOUNCE || withdraw_attrs)
				g.nh = nhs[i];
			/* Gather the routes sharing this one's attributes and next hop, in order */
			for (size_t k = i; k < c->count; k++) {
				if (done[k] || c->routes[k].action != action)
					continue;
				if (k != i) {
					if (!group)
						break;
					if ((action == ROUTE_ANNOUNCE || withdraw_attrs) &&
					    (!attrs_same(first->attrs, c->routes[k].attrs) ||
					     !nexthop_equal(&g.nh, &nhs[k])))
						continue;
				}
				list[g.count++] = &c->routes[k];
				done[k] = true;
			}

			if (g.count > 1)
				qsort(list, g.count, sizeof(*list), route_cmp);
			enum nlri_place place;
			buf_reset(&attrs);
			if (action == ROUTE_WITHDRAW) {
				place = classic ? PLACE_WITHDRAWN : PLACE_MP_UNREACH;
				if (withdraw_attrs) {
					static const struct attr_set none;
					pack_announce_attributes(first->attrs ? first->attrs : &none, &g.nh, ctx, &attrs);
				} else if (!classic && first->attrs && nlri_is_labelled(ctx->afi, ctx->safi)) {
					/* ExaBGP sends a labelled withdrawal's attributes after MP_UNREACH_NLRI */
					struct nexthop wnh;
					memset(&wnh, 0, sizeof(wnh));
					if (first->attrs->present & ATTR_BIT(ATTR_NEXT_HOP)) {
						wnh.len = 4;
						memcpy(wnh.addr, first->attrs->next_hop, 4);
					}
					pack_announce_attributes(first->attrs, &wnh, ctx, &attrs);
				}
			} else {
				place = classic && g.nh.len == 4 ? PLACE_NLRI : PLACE_MP_REACH;
				pack_announce_attributes(first->attrs, &g.nh, ctx, &attrs);
			}
			if (emit_group(&g, place, attrs.data, attrs.len, ctx, out, messages, err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	buf_free(&attrs);
	free(nhs);
	free(done);
	free(list);
	return rc;
}
