/* attr_aspath.c — AS_PATH and AS4_PATH: validation, the canonical 4-octet form, RFC 6793.
 *
 * Owns: the AS path value layout, RFC 7606 7.2 validation, conversion of 2-octet paths to
 * the canonical form (4-octet ASNs) kept in attr_set.as_path, the RFC 6793 4.2.3
 * reconstruction of the path from AS_PATH and AS4_PATH, and packing for either AS number
 * size (AS_TRANS and AS4_PATH for a 2-octet peer, RFC 6793 4.2.2).
 * Must not know: loop detection, prepending our AS (model), what the path means.
 *
 * A value is a run of segments:
 *
 *   +-----------+-----------+-----------------------------------------+
 *   | type (1)  | count (1) | count AS numbers, 2 or 4 octets each    |
 *   +-----------+-----------+-----------------------------------------+
 *
 * type: 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET (RFC 5065).
 * The canonical form always has 4-octet ASNs, counts of 1..255 and known types, so views
 * can be walked without checks (aspath_iter) and compared as bytes. A 4-octet session's
 * AS_PATH is already canonical once validated: the view points into the message.
 */
#include <string.h>

#include "wire/attr_internal.h"

static bool segment_is_confed(uint8_t type)
{
	return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
}

int aspath_check(const struct cursor *v, unsigned asn_size, size_t *segments, size_t *asns, size_t *bad_at,
		 const char **why)
{
	struct cursor c = *v;
	size_t nseg = 0, nasn = 0;

	while (!cursor_empty(&c)) {
		size_t at = cursor_offset(&c);
		uint8_t type, count;

		/* RFC 7606 7.2: a single octet left after the last segment is an underrun */
		if (cursor_u8(&c, &type) < 0 || cursor_u8(&c, &count) < 0) {
			*bad_at = at;
			*why = "segment header truncated";
			return -1;
		}
		/* RFC 7606 7.2: an unrecognized segment type makes the path malformed */
		if (type < AS_SET || type > AS_CONFED_SET) {
			*bad_at = at;
			*why = "unknown segment type";
			return -1;
		}
		/* RFC 7606 7.2: a Path Segment Length of zero is malformed */
		if (count == 0) {
			*bad_at = at;
			*why = "empty segment";
			return -1;
		}
		/* RFC 7606 7.2: a segment running past the attribute is an overrun */
		if (cursor_skip(&c, (size_t)count * asn_size) < 0) {
			*bad_at = at;
			*why = "segment overruns the attribute";
			return -1;
		}
		nseg++;
		nasn += count;
	}
	*segments = nseg;
	*asns = nasn;
	return 0;
}

/*
 * AS_PATH (2). RFC 7606 7.2: malformed: treat-as-withdraw, subcode Malformed AS_PATH.
 * 4-octet session: the value is the canonical form; no copy. 2-octet session: converted
 * into arena (the only allocation on this path, RFC 6793 4.2.3 merging aside).
 */
int attr_as_path_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
		       struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	unsigned asn_size = ctx->asn4 ? 4 : 2;
	size_t segments, asns, bad_at, len = cursor_left(v);
	const char *why;
	const uint8_t *src;
	(void)flags;

	if (aspath_check(v, asn_size, &segments, &asns, &bad_at, &why) < 0)
		return attr_fail(err, ATTR_AS_PATH, BGP_UPD_MALFORMED_AS_PATH, bad_at, "malformed AS_PATH: %s", why);
	cursor_view(v, len, &src);
	if (ctx->asn4) {
		out->as_path.ptr = src;
		out->as_path.len = (uint32_t)len;
		return 0;
	}

	/* Widen every ASN to 4 octets. The canonical form must still fit one attribute, or it
	 * could not be sent on to a 4-octet peer (only possible with extended messages). */
	size_t wide = 2 * segments + 4 * asns;
	if (wide > 0xffff)
		return attr_fail(err, ATTR_AS_PATH, BGP_UPD_MALFORMED_AS_PATH, cursor_offset(v) - len,
				 "AS_PATH of %zu ASNs too long for 4-octet AS numbers", asns);
	uint8_t *dst = arena_alloc(arena, wide ? wide : 1);
	struct cursor c = cursor_make(src, len, 0);
	size_t w = 0;
	while (!cursor_empty(&c)) {
		uint8_t type = 0, count = 0;
		cursor_u8(&c, &type);
		cursor_u8(&c, &count);
		dst[w++] = type;
		dst[w++] = count;
		for (unsigned i = 0; i < count; i++) {
			uint16_t asn = 0;
			cursor_u16(&c, &asn);
			be32_store(dst + w, asn);
			w += 4;
		}
	}
	out->as_path.ptr = dst;
	out->as_path.len = (uint32_t)w;
	return 0;
}

/*
 * Packing. 4-octet peer: the canonical bytes as they are. 2-octet peer (RFC 6793 4.2.2):
 * every ASN above 65535 becomes AS_TRANS in AS_PATH, and when there was one, AS4_PATH
 * carries the real path without its confederation segments ("MUST exclude such path
 * segments"). ExaBGP writes AS4_PATH right after AS_PATH rather than at its type-code
 * position (aspath.py pack_attribute); we do the same so the bytes match. An AS4_PATH
 * left empty (every large ASN was in a confederation segment) is not written, as ExaBGP
 * writes no empty optional attribute.
 */
void attr_as_path_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;

	if (ctx->asn4) {
		attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_AS_PATH, set->as_path.ptr, set->as_path.len);
		return;
	}

	size_t len2 = 0, len4 = 0;
	bool large = false;
	aspath_iter_init(&it, set->as_path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		len2 += 2 + 2 * (size_t)count;
		if (!segment_is_confed(type))
			len4 += 2 + 4 * (size_t)count;
		for (unsigned i = 0; i < count; i++)
			large |= be32_load(asns + 4 * i) > 0xffff;
	}

	attr_header_put(out, ATTR_FLAG_TRANSITIVE, ATTR_AS_PATH, len2);
	aspath_iter_init(&it, set->as_path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		buf_put_u8(out, type);
		buf_put_u8(out, count);
		for (unsigned i = 0; i < count; i++) {
			uint32_t asn = be32_load(asns + 4 * i);
			buf_put_u16(out, asn > 0xffff ? AS_TRANS : (uint16_t)asn);
		}
	}
	if (!large || len4 == 0)
		return;

	attr_header_put(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AS4_PATH, len4);
	aspath_iter_init(&it, set->as_path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		if (segment_is_confed(type))
			continue;
		buf_put_u8(out, type);
		buf_put_u8(out, count);
		buf_put(out, asns, 4 * (size_t)count);
	}
}

size_t aspath_length(struct bytes path)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;
	size_t n = 0;

	aspath_iter_init(&it, path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		if (type == AS_SEQUENCE)
			n += count;
		else if (type == AS_SET)
			n += 1;
	}
	return n;
}

/*
 * RFC 6793 4.2.3: "If the number of AS numbers in the AS_PATH attribute is less than the
 * number of AS numbers in the AS4_PATH attribute, then the AS4_PATH attribute SHALL be
 * ignored [...]. If [it] is larger than or equal to [...], then the AS path information SHALL
 * be constructed by taking as many AS numbers and path segments as necessary from the
 * leading part of the AS_PATH attribute, and then prepending them to the AS4_PATH attribute
 * so that the AS path information has a number of AS numbers identical to that of the
 * AS_PATH attribute. Note that a valid AS_CONFED_SEQUENCE or AS_CONFED_SET path segment
 * SHALL be prepended if it is either the leading path segment or is adjacent to a path
 * segment that is prepended."
 *
 * Counting is RFC 4271 9.1.2.2's (a set counts one) with RFC 5065's confederation segments
 * counting zero. AS4_PATH's own confederation segments are dropped (RFC 6793 6). Where the
 * last segment taken from AS_PATH and the first of AS4_PATH are both AS_SEQUENCE, they are
 * joined (while the count fits one segment), so [1 AS_TRANS] + AS4 [70000] reads [1 70000].
 */
int aspath_merge_as4(struct bytes as_path, struct bytes as4_path, struct arena *arena, struct bytes *out)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;
	size_t n2 = aspath_length(as_path), n4 = aspath_length(as4_path);

	if (n2 < n4)
		return 1;

	size_t need = n2 - n4, bound = (size_t)as_path.len + as4_path.len, w = 0;
	uint8_t *dst = arena_alloc(arena, bound ? bound : 1);
	uint8_t *last = NULL; /* header of the last segment written */
	bool first = true, prev_taken = false;

	aspath_iter_init(&it, as_path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		unsigned take;
		if (segment_is_confed(type)) {
			/* leading, after a prepended segment, or before one (more ASNs to take) */
			if (!(first || prev_taken || need > 0))
				break;
			take = count;
		} else if (need == 0) {
			break;
		} else if (type == AS_SET) {
			take = count;
			need -= 1;
		} else {
			take = count < need ? count : (unsigned)need;
			need -= take;
		}
		last = dst + w;
		dst[w++] = type;
		dst[w++] = (uint8_t)take;
		memcpy(dst + w, asns, 4 * (size_t)take);
		w += 4 * (size_t)take;
		first = false;
		prev_taken = true;
		if (take < count)
			break;
	}

	bool seam = true;
	aspath_iter_init(&it, as4_path);
	while (aspath_iter_next(&it, &type, &count, &asns)) {
		if (segment_is_confed(type))
			continue;
		if (seam && last && last[0] == AS_SEQUENCE && type == AS_SEQUENCE && last[1] + count <= 255) {
			last[1] = (uint8_t)(last[1] + count);
		} else {
			dst[w++] = type;
			dst[w++] = count;
		}
		seam = false;
		memcpy(dst + w, asns, 4 * (size_t)count);
		w += 4 * (size_t)count;
	}
	if (w > 0xffff)
		return -1;
	out->ptr = dst;
	out->len = (uint32_t)w;
	return 0;
}

void aspath_iter_init(struct aspath_iter *it, struct bytes path)
{
	it->cur = cursor_make(path.ptr, path.len, 0);
}

int aspath_iter_next(struct aspath_iter *it, uint8_t *type, uint8_t *count, const uint8_t **asns)
{
	/* Canonical views are valid by construction; the cursor still refuses to overrun. */
	if (cursor_u8(&it->cur, type) < 0 || cursor_u8(&it->cur, count) < 0 ||
	    cursor_view(&it->cur, 4 * (size_t)*count, asns) < 0)
		return 0;
	return 1;
}

void aspath_put_segment(struct buf *out, uint8_t type, const uint32_t *asns, size_t n)
{
	/* ExaBGP (aspath.py _segment): no empty segment; more than 255 ASNs are split into
	 * segments of 255 of the same type, in order. */
	while (n > 0) {
		size_t chunk = n > 255 ? 255 : n;
		buf_put_u8(out, type);
		buf_put_u8(out, (uint8_t)chunk);
		for (size_t i = 0; i < chunk; i++)
			buf_put_u32(out, asns[i]);
		asns += chunk;
		n -= chunk;
	}
}
