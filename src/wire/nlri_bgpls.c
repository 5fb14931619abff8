/* nlri_bgpls.c — see nlri_bgpls.h. */
#include "wire/nlri_bgpls.h"

#include <string.h>

#include "wire/family.h"

int bgpls_tlv_next(struct cursor *c, uint16_t *type, const uint8_t **value, uint16_t *len)
{
	if (cursor_empty(c))
		return 0;
	if (cursor_u16(c, type) < 0 || cursor_u16(c, len) < 0 || cursor_view(c, *len, value) < 0)
		return -1;
	return 1;
}

static bool tlvs_framed(const uint8_t *p, size_t len)
{
	struct cursor c = cursor_make(p, len, 0);
	uint16_t type, l;
	const uint8_t *v;
	int rc;
	while ((rc = bgpls_tlv_next(&c, &type, &v, &l)) > 0)
		;
	return rc == 0;
}

int nlri_bgpls_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint16_t type, length;

	if (nlri_read_begin(c, AFI_BGPLS, SAFI_BGPLS, addpath, out, &at, "bgp-ls", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c), *body;
	if (cursor_u16(c, &type) < 0 || cursor_u16(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "bgp-ls: truncated NLRI type and length");
	if (cursor_view(c, length, &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "bgp-ls: NLRI of %u octets, %zu left", length, cursor_left(c));
	out->data = start;
	out->len = (uint16_t)(4 + length);
	if (type < BGPLS_NODE || type > BGPLS_PREFIX_V6)
		return 1;
	if (length < 9 || !tlvs_framed(body + 9, length - 9u))
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "bgp-ls: NLRI type %u of %u octets: its TLVs do not end with it", type, length);
	return 0;
}
