/* update_parse.c — a wire UPDATE → a new UpdateCollection.
 *
 * Owns: walking the three fields of an UPDATE and the MP attributes into routes, and the
 * RFC 7606 outcome for the whole message (treat-as-withdraw turns the announcements into
 * withdrawals; session reset fails the parse). The attribute rules themselves are the wire
 * layer's (attrs_parse).
 *
 *   MP_REACH_NLRI value (RFC 4760 3):          MP_UNREACH_NLRI value (RFC 4760 4):
 *   +---------------------------------+        +---------------------------------+
 *   | AFI (2) | SAFI (1)              |        | AFI (2) | SAFI (1)              |
 *   | Next hop length (1)             |        | Withdrawn routes (variable)     |
 *   | Next hop (variable)             |        +---------------------------------+
 *   | Reserved (1)                    |
 *   | NLRI (variable)                 |
 *   +---------------------------------+
 *
 * Must not know: sessions, text, JSON.
 */
#include "model/update_collection.h"

#include <string.h>

#include "core/cursor.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/message.h"
#include "wire/nlri_any.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"
#include "wire/update.h"

static bool family_addpath(uint64_t addpath_families, uint16_t afi, uint8_t safi)
{
	return (addpath_families & family_bit(afi, safi)) != 0;
}

/* Read a run of prefixes of one family into routes of the given action. */
static int read_prefixes(struct update_collection *c, struct cursor *field, uint16_t afi, uint8_t safi,
			 bool addpath, uint8_t action, const struct attr_set *attrs,
			 const struct nexthop *nh)
{
	while (!cursor_empty(field)) {
		struct nlri n;
		int rc = nlri_read_any(field, afi, safi, addpath, action == ROUTE_WITHDRAW, &n, &c->error);
		if (rc < 0)
			return -1;
		/* RFC 7606 5.4: an announced NLRI of an unrecognised route type is discarded; a flow
		 * with malformed components is skipped either way (the UPDATE is treated as withdraw) */
		if (rc > 0 && (action == ROUTE_ANNOUNCE || safi_is_flow(safi)))
			continue;
		struct route *r = update_collection_add(c);
		r->nlri = n;
		r->action = action;
		r->attrs = attrs;
		if (nh)
			r->nexthop = *nh;
	}
	return 0;
}

/* Whether we can read the NLRI of this family; others are skipped and reported. */
static bool family_readable(uint16_t afi, uint8_t safi)
{
	return family_supported(afi, safi);
}

static void note_unsupported(struct update_collection *c, uint16_t afi, uint8_t safi)
{
	if (!c->skipped) {
		c->skipped = true;
		c->skipped_afi = afi;
		c->skipped_safi = safi;
	}
}

static int parse_mp_unreach(struct update_collection *c, const struct attr_mp *mp, const struct attr_set *attrs,
			    uint64_t addpath_families)
{
	struct cursor v = cursor_make(mp->unreach.ptr, mp->unreach.len, mp->unreach_offset);
	uint16_t afi;
	uint8_t safi;
	if (cursor_u16(&v, &afi) < 0 || cursor_u8(&v, &safi) < 0)
		return wire_error_set(&c->error, WIRE_SESSION_RESET, BGP_ERR_UPDATE,
				      BGP_UPD_OPTIONAL_ATTR, mp->unreach_offset,
				      "MP_UNREACH_NLRI of %u octets has no AFI/SAFI", mp->unreach.len);
	if (!family_readable(afi, safi)) {
		note_unsupported(c, afi, safi);
		return 0;
	}
	/* a labelled withdrawal keeps the attributes sent with it (ExaBGP's decoder shows them),
	 * and a flow withdraw the UPDATE's: ExaBGP sends them with it */
	const struct attr_set *kept = nlri_is_labelled(afi, safi) && attrs->present ? attrs
				      : safi_is_flow(safi)			   ? attrs
										   : NULL;
	return read_prefixes(c, &v, afi, safi, family_addpath(addpath_families, afi, safi), ROUTE_WITHDRAW,
			     kept, NULL);
}

/* RFC 4760 3 / RFC 8950: the next hop lengths a prefix family may carry. */
static bool next_hop_length_valid(uint16_t afi, uint8_t safi, uint8_t len)
{
	if (safi_is_flow(safi)) /* none, or ExaBGP's redirect-to-nexthop address */
		return len == 0 || len == 4 || len == 16;
	if (nlri_has_rd(safi)) /* RFC 4364 4.3.2, RFC 4659 3.2.1.1, RFC 8950 */
		return len == 12 || len == 24 || len == 48;
	if (afi == AFI_IPV4)
		return len == 4 || len == 16 || len == 32; /* RFC 8950: IPv6 next hop for IPv4 */
	return len == 16 || len == 32 || len == 4;         /* ExaBGP accepts an IPv4 next hop here */
}

static int parse_mp_reach(struct update_collection *c, const struct attr_mp *mp, const struct attr_set *attrs,
			  uint64_t addpath_families)
{
	struct cursor v = cursor_make(mp->reach.ptr, mp->reach.len, mp->reach_offset);
	uint16_t afi;
	uint8_t safi, nh_len, reserved;
	struct nexthop nh;

	memset(&nh, 0, sizeof(nh));
	if (cursor_u16(&v, &afi) < 0 || cursor_u8(&v, &safi) < 0 || cursor_u8(&v, &nh_len) < 0)
		goto truncated;
	if (!family_readable(afi, safi)) {
		note_unsupported(c, afi, safi);
		return 0;
	}
	/* RFC 7606 7.11: a next hop length the family cannot have makes the attribute malformed;
	 * MP_REACH_NLRI errors reset the session (RFC 7606 3 j, "or AFI/SAFI disable") */
	if (!next_hop_length_valid(afi, safi, nh_len))
		return wire_error_set(&c->error, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_OPTIONAL_ATTR,
				      cursor_offset(&v) - 1, "MP_REACH_NLRI next hop length %u for %s", nh_len,
				      afi == AFI_IPV4 ? "ipv4" : "ipv6");
	if (cursor_bytes(&v, nh.addr, nh_len) < 0 || cursor_u8(&v, &reserved) < 0)
		goto truncated;
	nh.len = nh_len;
	if (nlri_has_rd(safi)) {
		uint8_t addr[32];
		int len = nlri_vpn_nexthop_strip(nh.addr, nh_len, addr);
		if (len < 0)
			return wire_error_set(&c->error, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_OPTIONAL_ATTR,
					      mp->reach_offset, "MP_REACH_NLRI VPN next hop has a non-zero RD");
		memset(nh.addr, 0, sizeof(nh.addr));
		memcpy(nh.addr, addr, (size_t)len);
		nh.len = (uint8_t)len;
	}
	return read_prefixes(c, &v, afi, safi, family_addpath(addpath_families, afi, safi), ROUTE_ANNOUNCE,
			     attrs, &nh);
truncated:
	return wire_error_set(&c->error, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_OPTIONAL_ATTR,
			      mp->reach_offset, "MP_REACH_NLRI of %u octets is truncated", mp->reach.len);
}

int update_collection_parse(struct update_collection *c, const uint8_t *msg, size_t len,
			    const struct open_context *ctx, uint64_t addpath_families)
{
	struct update_fields f;
	struct attr_mp mp;
	uint8_t type;
	uint16_t length;

	update_collection_reset(c);
	if (message_header_check(msg, len, ctx->msg_size, &type, &length, &c->error) < 0)
		return -1;
	if (type != BGP_MSG_UPDATE || length != len)
		return wire_error_set(&c->error, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 16,
				      "not one whole UPDATE message (type %u, length %u of %zu octets)", type,
				      length, len);

	/* Everything the routes point to lives in the collection: copy the message once */
	const uint8_t *copy = arena_dup(&c->arena, msg, len);
	const uint8_t *body = copy + BGP_HEADER_LEN;
	size_t body_len = len - BGP_HEADER_LEN;

	uint16_t eor_afi;
	uint8_t eor_safi;
	if (update_body_is_eor(body, body_len, &eor_afi, &eor_safi)) {
		c->eor = true;
		c->eor_afi = eor_afi;
		c->eor_safi = eor_safi;
		return 0;
	}
	if (update_fields_split(body, body_len, BGP_HEADER_LEN, &f, &c->error) < 0)
		return -1;

	struct attr_set *attrs = arena_alloc(&c->arena, sizeof(*attrs));
	memset(&mp, 0, sizeof(mp));
	if (attrs_parse(&f.attributes, ctx, !cursor_empty(&f.nlri), attrs, &mp, &c->arena, &c->error) < 0)
		return -1;
	c->attrs = attrs;

	bool v4_addpath = family_addpath(addpath_families, AFI_IPV4, SAFI_UNICAST);
	if (read_prefixes(c, &f.withdrawn, AFI_IPV4, SAFI_UNICAST, v4_addpath, ROUTE_WITHDRAW, NULL, NULL) < 0)
		return -1;
	if (mp.has_unreach && parse_mp_unreach(c, &mp, attrs, addpath_families) < 0)
		return -1;
	if (!cursor_empty(&f.nlri)) {
		struct nexthop nh;
		memset(&nh, 0, sizeof(nh));
		if (attrs->present & ATTR_BIT(ATTR_NEXT_HOP)) {
			nh.len = 4;
			memcpy(nh.addr, attrs->next_hop, 4);
		}
		if (read_prefixes(c, &f.nlri, AFI_IPV4, SAFI_UNICAST, v4_addpath, ROUTE_ANNOUNCE, attrs, &nh) < 0)
			return -1;
	}
	if (mp.has_reach && parse_mp_reach(c, &mp, attrs, addpath_families) < 0)
		return -1;

	/* RFC 7606 2: treat-as-withdraw — every route the UPDATE announced is withdrawn */
	if (c->error.action == WIRE_TREAT_AS_WITHDRAW)
		for (size_t i = 0; i < c->count; i++)
			c->routes[i].action = ROUTE_WITHDRAW;
	return 0;
}
