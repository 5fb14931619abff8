/* attr_list.c — attributes that are lists of fixed-size items, and AIGP.
 *
 * Owns: COMMUNITIES (RFC 1997, 4 octets each), CLUSTER_LIST (RFC 4456, 4), EXTENDED
 * COMMUNITIES (RFC 4360, 8), IPv6 ADDRESS SPECIFIC EXTENDED COMMUNITIES (RFC 5701, 20),
 * LARGE COMMUNITIES (RFC 8092, 12): their length rules and the views kept in attr_set,
 * which point straight into the message (no copy, no allocation); AIGP (RFC 7311), whose
 * TLVs are checked and kept raw.
 * Must not know: what a community means or how it is written (model/attr_text).
 *
 * Packing follows ExaBGP: items are written in the order of the view (ExaBGP sorts
 * communities, extended and large communities when it builds them; that order is the
 * builder's business), and an optional attribute with an empty value is not written at all
 * (Attribute._attribute returns nothing for it).
 */
#include "wire/attr_internal.h"

/* RFC 7606 7.8 / 7.10 / 7.14 / 7.15, RFC 8092 6: "malformed if its length is not a non-zero
 * multiple of N"; the row's action applies (treat-as-withdraw for all of these). */
static int list_parse(struct cursor *v, uint8_t code, size_t item, const char *name, struct bytes *out,
		      struct wire_error *err)
{
	size_t len = cursor_left(v);
	const uint8_t *p;

	if (len == 0 || len % item != 0)
		return attr_fail(err, code, BGP_UPD_ATTR_LENGTH, cursor_offset(v),
				 "%s length %zu is not a non-zero multiple of %zu", name, len, item);
	cursor_view(v, len, &p);
	out->ptr = p;
	out->len = (uint32_t)len;
	return 0;
}

static void list_pack(struct buf *out, uint8_t flags, uint8_t code, struct bytes view)
{
	if (view.len == 0)
		return;
	attr_put(out, flags, code, view.ptr, view.len);
}

/*
 * COMMUNITIES (8): n * { AS (2) | value (2) }
 */
int attr_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			   struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	return list_parse(v, ATTR_COMMUNITIES, 4, "COMMUNITIES", &out->communities, err);
}

void attr_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_COMMUNITIES, set->communities);
}

/*
 * CLUSTER_LIST (10): n * CLUSTER_ID (4)
 */
int attr_cluster_list_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			    struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	return list_parse(v, ATTR_CLUSTER_LIST, 4, "CLUSTER_LIST", &out->cluster_list, err);
}

void attr_cluster_list_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL, ATTR_CLUSTER_LIST, set->cluster_list);
}

/*
 * EXTENDED COMMUNITIES (16): n * { type (1) | sub-type (1) | value (6) }
 * RFC 7606 7.14: an unknown type or sub-type is not an error.
 */
int attr_ext_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			       struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	return list_parse(v, ATTR_EXT_COMMUNITIES, 8, "EXTENDED_COMMUNITIES", &out->ext_communities, err);
}

void attr_ext_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_EXT_COMMUNITIES, set->ext_communities);
}

/*
 * IPv6 ADDRESS SPECIFIC EXTENDED COMMUNITIES (25):
 *   n * { type (1) | sub-type (1) | global administrator (16) | local administrator (2) }
 */
int attr_ipv6_ext_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				    struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	return list_parse(v, ATTR_IPV6_EXT_COMMUNITIES, 20, "IPV6_EXT_COMMUNITIES", &out->ipv6_ext_communities,
			  err);
}

void attr_ipv6_ext_communities_pack(const struct attr_set *set, const struct open_context *ctx,
				    struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_IPV6_EXT_COMMUNITIES,
		  set->ipv6_ext_communities);
}

/*
 * LARGE COMMUNITIES (32): n * { global administrator (4) | local 1 (4) | local 2 (4) }
 * RFC 8092 6: duplicates are not an error (a receiver MAY drop them); we keep the bytes.
 */
int attr_large_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				 struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	return list_parse(v, ATTR_LARGE_COMMUNITIES, 12, "LARGE_COMMUNITIES", &out->large_communities, err);
}

void attr_large_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_LARGE_COMMUNITIES, set->large_communities);
}

/*
 * AIGP (26, RFC 7311 3): a sequence of TLVs
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |         Length                |  Value (Length - 3) ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Length counts the 3-octet header. Type 1 (AIGP) carries an 8-octet metric, so its Length
 * is 11. RFC 7311 3: a malformed AIGP attribute is treated as an unrecognized non-transitive
 * attribute: discarded (row action). Unknown TLV types are kept as they are.
 */
int attr_aigp_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		    struct arena *arena, struct wire_error *err)
{
	struct cursor c = *v;
	const uint8_t *p;
	(void)flags, (void)ctx, (void)arena;

	if (cursor_empty(&c))
		return attr_fail(err, ATTR_AIGP, BGP_UPD_ATTR_LENGTH, cursor_offset(&c), "empty AIGP");
	while (!cursor_empty(&c)) {
		size_t at = cursor_offset(&c);
		uint8_t type;
		uint16_t len;

		if (cursor_u8(&c, &type) < 0 || cursor_u16(&c, &len) < 0)
			return attr_fail(err, ATTR_AIGP, BGP_UPD_OPTIONAL_ATTR, at, "AIGP TLV header truncated");
		if (len < 3 || cursor_skip(&c, (size_t)len - 3) < 0)
			return attr_fail(err, ATTR_AIGP, BGP_UPD_OPTIONAL_ATTR, at,
					 "AIGP TLV length %u overruns the attribute", len);
		if (type == 1 && len != 11)
			return attr_fail(err, ATTR_AIGP, BGP_UPD_OPTIONAL_ATTR, at, "AIGP TLV length %u, expected 11",
					 len);
	}
	size_t len = cursor_left(v);
	cursor_view(v, len, &p);
	out->aigp.ptr = p;
	out->aigp.len = (uint32_t)len;
	return 0;
}

void attr_aigp_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	list_pack(out, ATTR_FLAG_OPTIONAL, ATTR_AIGP, set->aigp);
}
