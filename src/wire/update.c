/* update.c — see update.h. */
#include "wire/update.h"

#include <string.h>

#include "core/xalloc.h"
#include "wire/attr.h"

struct wire_update *wire_update_new(const uint8_t *msg, size_t len, const struct open_context *ctx,
				    uint64_t addpath_families)
{
	struct wire_update *u = xmalloc(sizeof(*u) + len);
	u->ctx = ctx;
	u->addpath_families = addpath_families;
	u->len = (uint32_t)len;
	memcpy(u->bytes, msg, len);
	return u;
}

int update_fields_split(const uint8_t *body, size_t len, size_t base, struct update_fields *out,
			struct wire_error *err)
{
	struct cursor c = cursor_make(body, len, base);
	uint16_t withdrawn_len, attr_len;

	/* RFC 4271 6.1: an UPDATE shorter than 23 octets is a header (length) error */
	if (cursor_u16(&c, &withdrawn_len) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, 2, base,
				      "UPDATE body of %zu octets is too short", len);
	/* RFC 4271 6.3 / RFC 7606 5: lengths inconsistent with the message: Malformed Attribute List */
	if (cursor_sub(&c, withdrawn_len, &out->withdrawn) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTR_LIST,
				      base, "withdrawn routes length %u exceeds the message", withdrawn_len);
	size_t attr_len_at = cursor_offset(&c);
	if (cursor_u16(&c, &attr_len) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTR_LIST,
				      attr_len_at, "no room for the total path attribute length");
	if (cursor_sub(&c, attr_len, &out->attributes) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTR_LIST,
				      attr_len_at, "total path attribute length %u exceeds the message",
				      attr_len);
	cursor_sub(&c, cursor_left(&c), &out->nlri);
	return 0;
}

bool update_body_is_eor(const uint8_t *body, size_t len, uint16_t *afi, uint8_t *safi)
{
	static const uint8_t empty[4] = {0, 0, 0, 0};
	if (len == 4 && memcmp(body, empty, 4) == 0) {
		*afi = 1;  /* AFI_IPV4 */
		*safi = 1; /* SAFI_UNICAST */
		return true;
	}
	/* 0000 0006|0007 then MP_UNREACH_NLRI with exactly AFI + SAFI (3 octets) */
	if (len == 10 && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 6 &&
	    (body[4] & ~ATTR_FLAG_PARTIAL) == (ATTR_FLAG_OPTIONAL) && body[5] == ATTR_MP_UNREACH_NLRI &&
	    body[6] == 3) {
		*afi = be16_load(body + 7);
		*safi = body[9];
		return true;
	}
	if (len == 11 && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 7 &&
	    (body[4] & ATTR_FLAG_EXTENDED) && body[5] == ATTR_MP_UNREACH_NLRI && body[6] == 0 &&
	    body[7] == 3) {
		*afi = be16_load(body + 8);
		*safi = body[10];
		return true;
	}
	return false;
}
