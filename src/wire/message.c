/* message.c — see message.h. */
#include "wire/message.h"

#include <string.h>

#include "core/cursor.h"

const char *bgp_msg_type_name(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return "open";
	case BGP_MSG_UPDATE:
		return "update";
	case BGP_MSG_NOTIFICATION:
		return "notification";
	case BGP_MSG_KEEPALIVE:
		return "keepalive";
	case BGP_MSG_ROUTE_REFRESH:
		return "route-refresh";
	}
	return "unknown";
}

/* RFC 4271 4.2-4.5 and RFC 2918 3: the shortest legal message of each type */
static unsigned type_min_length(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return 29;
	case BGP_MSG_UPDATE:
		return 23;
	case BGP_MSG_NOTIFICATION:
		return 21;
	case BGP_MSG_KEEPALIVE:
		return 19;
	case BGP_MSG_ROUTE_REFRESH:
		return 23;
	}
	return 0;
}

int message_header_check(const uint8_t *data, size_t avail, uint32_t max_size, uint8_t *type,
			 uint16_t *length, struct wire_error *err)
{
	if (avail < BGP_HEADER_LEN)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 0,
				      "%zu octets is shorter than a message header", avail);
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (data[i] != 0xff)
			return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER,
					      BGP_HDR_NOT_SYNCHRONIZED, (size_t)i,
					      "marker octet %d is 0x%02x, not 0xff", i, data[i]);
	uint16_t len = be16_load(data + 16);
	uint8_t t = data[18];
	unsigned min = type_min_length(t);
	if (min == 0) {
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, 18,
			       "unknown message type %u", t);
		if (err) { /* RFC 4271 6.1: Data is the erroneous Type field */
			err->data_offset = 18;
			err->data_len = 1;
		}
		return -1;
	}
	/* RFC 4271 6.1: keepalive must be exactly 19; every type within its minimum and max */
	if (len < min || len > max_size || (t == BGP_MSG_KEEPALIVE && len != BGP_HEADER_LEN)) {
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 16,
			       "%s length %u outside %u..%u", bgp_msg_type_name(t), len, min,
			       t == BGP_MSG_KEEPALIVE ? BGP_HEADER_LEN : max_size);
		if (err) { /* Data is the erroneous Length field */
			err->data_offset = 16;
			err->data_len = 2;
		}
		return -1;
	}
	*type = t;
	*length = len;
	return 0;
}

size_t message_begin(struct buf *out, uint8_t type)
{
	size_t start = out->len;
	buf_reserve(out, BGP_HEADER_LEN);
	memset(out->data + out->len, 0xff, BGP_MARKER_LEN);
	out->len += BGP_MARKER_LEN;
	buf_put_u16(out, 0);
	buf_put_u8(out, type);
	return start;
}

void message_finish(struct buf *out, size_t start)
{
	buf_patch_u16(out, start + 16, (uint16_t)(out->len - start));
}
