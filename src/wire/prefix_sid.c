/* prefix_sid.c — the BGP Prefix-SID attribute's TLVs (see prefix_sid.h). */
#include "wire/prefix_sid.h"

#include <string.h>

#include "core/cursor.h"

static int parse_sid_information(struct cursor *v, struct prefix_sid *out)
{
	uint8_t reserved;
	if (out->nsids == PREFIX_SID_SIDS_MAX)
		return -1;
	struct prefix_sid_srv6_sid *s = &out->sids[out->nsids++];
	memset(s, 0, sizeof(*s));
	if (cursor_u8(v, &reserved) < 0 || cursor_bytes(v, s->sid, 16) < 0 || cursor_u8(v, &s->flags) < 0 ||
	    cursor_u16(v, &s->behavior) < 0 || cursor_u8(v, &reserved) < 0)
		return -1;
	while (!cursor_empty(v)) {
		uint8_t type;
		uint16_t len;
		if (cursor_u8(v, &type) < 0 || cursor_u16(v, &len) < 0)
			return -1;
		/* RFC 9252 3.2.1: the SID structure, six octets, at most once */
		if (type != 1 || len != 6 || s->has_structure || cursor_bytes(v, s->structure, 6) < 0)
			return -1;
		s->has_structure = true;
	}
	return 0;
}

static int parse_service(struct cursor *v, uint8_t tlv, struct prefix_sid *out)
{
	uint8_t reserved;
	if (out->service_tlv || cursor_u8(v, &reserved) < 0)
		return -1;
	out->service_tlv = tlv;
	while (!cursor_empty(v)) {
		uint8_t type;
		uint16_t len;
		const uint8_t *sub;
		if (cursor_u8(v, &type) < 0 || cursor_u16(v, &len) < 0 || cursor_view(v, len, &sub) < 0)
			return -1;
		struct cursor s = cursor_make(sub, len, 0);
		if (type != 1 || parse_sid_information(&s, out) < 0)
			return -1;
	}
	return 0;
}

int prefix_sid_parse(const uint8_t *value, size_t len, struct prefix_sid *out)
{
	struct cursor c = cursor_make(value, len, 0);
	memset(out, 0, sizeof(*out));
	while (!cursor_empty(&c)) {
		uint8_t type, reserved;
		uint16_t tlen, flags;
		const uint8_t *tv;
		if (cursor_u8(&c, &type) < 0 || cursor_u16(&c, &tlen) < 0 || cursor_view(&c, tlen, &tv) < 0)
			return -1;
		struct cursor v = cursor_make(tv, tlen, 0);
		switch (type) {
		case PREFIX_SID_TLV_LABEL_INDEX:
			/* RFC 8669 3.1: length 7, at most once */
			if (tlen != 7 || out->has_label_index || cursor_u8(&v, &reserved) < 0 ||
			    cursor_u16(&v, &flags) < 0 || cursor_u32(&v, &out->label_index) < 0)
				return -1;
			out->has_label_index = true;
			break;
		case PREFIX_SID_TLV_SRGB:
			/* RFC 8669 3.2: flags then 6-octet ranges, at most once */
			if (tlen < 2 || (tlen - 2) % 6 || (tlen - 2) / 6 > PREFIX_SID_SRGB_MAX || out->nsrgb ||
			    cursor_u16(&v, &flags) < 0)
				return -1;
			while (!cursor_empty(&v)) {
				cursor_u24(&v, &out->srgb[out->nsrgb][0]);
				cursor_u24(&v, &out->srgb[out->nsrgb][1]);
				out->nsrgb++;
			}
			break;
		case PREFIX_SID_TLV_SRV6_L3:
		case PREFIX_SID_TLV_SRV6_L2:
			if (parse_service(&v, type, out) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

void prefix_sid_pack_label_index(struct buf *out, uint32_t index, const uint32_t (*srgb)[2], size_t nsrgb)
{
	buf_put_u8(out, PREFIX_SID_TLV_LABEL_INDEX);
	buf_put_u16(out, 7);
	buf_put_u8(out, 0);
	buf_put_u16(out, 0);
	buf_put_u32(out, index);
	if (nsrgb == 0)
		return;
	buf_put_u8(out, PREFIX_SID_TLV_SRGB);
	buf_put_u16(out, (uint16_t)(2 + 6 * nsrgb));
	buf_put_u16(out, 0);
	for (size_t i = 0; i < nsrgb; i++)
		for (int k = 0; k < 2; k++) {
			buf_put_u8(out, (uint8_t)(srgb[i][k] >> 16));
			buf_put_u8(out, (uint8_t)(srgb[i][k] >> 8));
			buf_put_u8(out, (uint8_t)srgb[i][k]);
		}
}

void prefix_sid_pack_srv6(struct buf *out, uint8_t tlv, const uint8_t sid[16], uint16_t behavior,
			  const uint8_t *structure)
{
	uint16_t info = (uint16_t)(21 + (structure ? 9 : 0));
	buf_put_u8(out, tlv);
	buf_put_u16(out, (uint16_t)(1 + 3 + info));
	buf_put_u8(out, 0);
	buf_put_u8(out, 1); /* SRv6 SID information sub-TLV */
	buf_put_u16(out, info);
	buf_put_u8(out, 0);
	buf_put(out, sid, 16);
	buf_put_u8(out, 0);
	buf_put_u16(out, behavior);
	buf_put_u8(out, 0);
	if (structure) {
		buf_put_u8(out, 1); /* SRv6 SID structure sub-sub-TLV */
		buf_put_u16(out, 6);
		buf_put(out, structure, 6);
	}
}

bool prefix_sid_is_text(const uint8_t *value, size_t len)
{
	struct prefix_sid ps;
	struct buf b = BUF_INIT;
	if (prefix_sid_parse(value, len, &ps) < 0)
		return false;
	if (ps.has_label_index && !ps.service_tlv)
		prefix_sid_pack_label_index(&b, ps.label_index, (const uint32_t(*)[2])ps.srgb, ps.nsrgb);
	else if (!ps.has_label_index && !ps.nsrgb && ps.service_tlv && ps.nsids == 1)
		prefix_sid_pack_srv6(&b, ps.service_tlv, ps.sids[0].sid, ps.sids[0].behavior,
				     ps.sids[0].has_structure ? ps.sids[0].structure : NULL);
	/* neither form (an empty value, say): nothing the keywords could write */
	bool same = b.len && b.len == len && memcmp(b.data, value, len) == 0;
	buf_free(&b);
	return same;
}
