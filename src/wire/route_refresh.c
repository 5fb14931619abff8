/* route_refresh.c — see route_refresh.h. */
#include "wire/route_refresh.h"

#include "core/cursor.h"
#include "wire/message.h"

int route_refresh_parse(const uint8_t *body, size_t len, size_t base, struct route_refresh *out,
			struct wire_error *err)
{
	struct cursor c = cursor_make(body, len, base);

	/* RFC 7313 5: "If the length, excluding the fixed-size message header, of the received
	 * ROUTE-REFRESH message with Message Subtype 1 and 2 is not 4, then the BGP speaker MUST
	 * send a NOTIFICATION message with the Error Code of "ROUTE-REFRESH Message Error" and
	 * the subcode of "Invalid Message Length". The Data field of the NOTIFICATION message
	 * MUST contain the complete ROUTE-REFRESH message." A normal route refresh of another
	 * length is no better formed (RFC 2918 3 fixes it at 4), so it is refused the same way. */
	if (len != ROUTE_REFRESH_BODY_LEN) {
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_ROUTE_REFRESH, BGP_RR_INVALID_LENGTH,
			       base >= 3 ? base - 3 : 0, "ROUTE-REFRESH body of %zu octets, not 4", len);
		if (err && base >= BGP_HEADER_LEN) {
			err->data_offset = (uint32_t)(base - BGP_HEADER_LEN);
			err->data_len = (uint32_t)(BGP_HEADER_LEN + len);
		}
		return -1;
	}
	cursor_u16(&c, &out->afi);
	cursor_u8(&c, &out->subtype);
	cursor_u8(&c, &out->safi);
	return 0;
}

void route_refresh_pack(struct buf *out, uint16_t afi, uint8_t safi, uint8_t subtype)
{
	size_t start = message_begin(out, BGP_MSG_ROUTE_REFRESH);
	buf_put_u16(out, afi);
	buf_put_u8(out, subtype);
	buf_put_u8(out, safi);
	message_finish(out, start);
}

const char *route_refresh_subtype_name(uint8_t subtype)
{
	switch (subtype) {
	case ROUTE_REFRESH_NORMAL:
		return "query";
	case ROUTE_REFRESH_BORR:
		return "begin";
	case ROUTE_REFRESH_EORR:
		return "end";
	}
	return "invalid";
}
