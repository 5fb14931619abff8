/* tunnel_encap.c — see tunnel_encap.h. */
#include "wire/tunnel_encap.h"

int tunnel_tlv_next(struct cursor *c, uint16_t *type, const uint8_t **value, uint16_t *len)
{
	if (cursor_empty(c))
		return 0;
	if (cursor_u16(c, type) < 0 || cursor_u16(c, len) < 0 || cursor_view(c, *len, value) < 0)
		return -1;
	return 1;
}

int tunnel_subtlv_next(struct cursor *c, bool one_octet_lengths, uint8_t *type, const uint8_t **value,
		       uint16_t *len)
{
	uint8_t len8;
	if (cursor_empty(c))
		return 0;
	if (cursor_u8(c, type) < 0)
		return -1;
	if (*type < 128 || one_octet_lengths) {
		if (cursor_u8(c, &len8) < 0)
			return -1;
		*len = len8;
	} else if (cursor_u16(c, len) < 0) {
		return -1;
	}
	return cursor_view(c, *len, value) < 0 ? -1 : 1;
}

static bool segment_list_framed(const uint8_t *value, uint16_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint8_t reserved, type;
	const uint8_t *v;
	uint16_t l;
	int rc;
	if (len == 0)
		return true;
	if (cursor_u8(&c, &reserved) < 0)
		return false;
	while ((rc = tunnel_subtlv_next(&c, true, &type, &v, &l)) > 0)
		;
	return rc == 0;
}

bool tunnel_encap_framed(const uint8_t *value, size_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint16_t ttype, tlen;
	const uint8_t *tval;
	int rc;

	while ((rc = tunnel_tlv_next(&c, &ttype, &tval, &tlen)) > 0) {
		struct cursor s = cursor_make(tval, tlen, 0);
		uint8_t type;
		const uint8_t *v;
		uint16_t l;
		int src;
		while ((src = tunnel_subtlv_next(&s, false, &type, &v, &l)) > 0)
			if (ttype == TUNNEL_TYPE_SR_POLICY && type == SRP_SEGMENT_LIST && !segment_list_framed(v, l))
				return false;
		if (src < 0)
			return false;
	}
	return rc == 0;
}
