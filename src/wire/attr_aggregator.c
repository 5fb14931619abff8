/* attr_aggregator.c — AGGREGATOR (7) and its RFC 6793 companion AS4_AGGREGATOR (18).
 *
 * Owns: the value layouts, the RFC 7606 7.7 length rule, and packing for either AS number
 * size (AS_TRANS plus AS4_AGGREGATOR for a 2-octet peer, RFC 6793 4.2.2). Reconciling a
 * received AS4_AGGREGATOR with AGGREGATOR is done by the parse loop (attr.c), which sees
 * both.
 * Must not know: aggregation policy.
 *
 *   AGGREGATOR      +----------------------------+------------------+
 *                   | AS (2, or 4 when both ends | IPv4 address (4) |
 *                   | announced 4-octet ASNs)    |                  |
 *                   +----------------------------+------------------+
 *   AS4_AGGREGATOR  | AS (4)                     | IPv4 address (4) |
 *                   +----------------------------+------------------+
 */
#include "wire/attr_internal.h"

/* RFC 7606 7.7: malformed when its length is not 6 (2-octet session) or not 8 (4-octet
 * session): attribute discard. ExaBGP 6 (aggregator.py from_packet) has the same rule,
 * so the 8-octet AGGREGATOR of its decoding test ipv4-unicast-2 reads 11141290:10.10.10.10
 * on a 4-octet session. */
int attr_aggregator_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			  struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	size_t want = ctx->asn4 ? 8 : 6;
	uint32_t asn = 0;
	(void)flags, (void)arena;

	if (cursor_left(v) != want)
		return attr_fail(err, ATTR_AGGREGATOR, BGP_UPD_ATTR_LENGTH, cursor_offset(v),
				 "AGGREGATOR length %zu, expected %zu on a %u-octet AS session", cursor_left(v), want,
				 ctx->asn4 ? 4 : 2);
	if (ctx->asn4) {
		cursor_u32(v, &asn);
	} else {
		uint16_t asn2;
		cursor_u16(v, &asn2);
		asn = asn2;
	}
	out->aggregator_as = asn;
	cursor_bytes(v, out->aggregator_ip, 4);
	return 0;
}

/* 4-octet peer: 8 octets. 2-octet peer: 6 octets, AS_TRANS for a large AS and then
 * AS4_AGGREGATOR with the real one (RFC 6793 4.2.2), written right after AGGREGATOR as
 * ExaBGP does (aggregator.py pack_attribute) rather than at code 18's position. */
void attr_aggregator_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	const uint8_t flags = ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
	uint32_t asn = set->aggregator_as;

	if (ctx->asn4) {
		attr_header_put(out, flags, ATTR_AGGREGATOR, 8);
		buf_put_u32(out, asn);
		buf_put(out, set->aggregator_ip, 4);
		return;
	}
	attr_header_put(out, flags, ATTR_AGGREGATOR, 6);
	buf_put_u16(out, asn > 0xffff ? AS_TRANS : (uint16_t)asn);
	buf_put(out, set->aggregator_ip, 4);
	if (asn > 0xffff) {
		attr_header_put(out, flags, ATTR_AS4_AGGREGATOR, 8);
		buf_put_u32(out, asn);
		buf_put(out, set->aggregator_ip, 4);
	}
}
