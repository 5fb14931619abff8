/* nlri_vpls.c — see nlri_vpls.h. */
#include "wire/nlri_vpls.h"

#include <string.h>

#include "wire/family.h"

int nlri_vpls_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint16_t length;

	if (nlri_read_begin(c, AFI_L2VPN, SAFI_VPLS, addpath, out, &at, "l2vpn vpls", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c);
	if (cursor_u16(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "l2vpn vpls: truncated NLRI length");
	/* RFC 4761 3.2.2 gives 17 octets; another length cannot be read as VPLS, and the NLRI
	 * after it cannot be found with confidence (RFC 7606 5.3) */
	if (length != VPLS_NLRI_LEN - 2)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "l2vpn vpls: NLRI length %u, not 17", length);
	if (cursor_skip(c, length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "l2vpn vpls: NLRI of 17 octets, %zu left", cursor_left(c));
	out->data = start;
	out->len = VPLS_NLRI_LEN;
	return 0;
}

void vpls_pack(const struct vpls *v, uint8_t out[VPLS_NLRI_LEN])
{
	uint32_t label = (v->base & VPLS_LABEL_MAX) << 4 | 1; /* bottom of stack */
	be16_store(out, VPLS_NLRI_LEN - 2);
	memcpy(out + 2, v->rd, RD_LEN);
	be16_store(out + 10, v->endpoint);
	be16_store(out + 12, v->offset);
	be16_store(out + 14, v->size);
	out[16] = (uint8_t)(label >> 16);
	out[17] = (uint8_t)(label >> 8);
	out[18] = (uint8_t)label;
}

int vpls_unpack(const struct nlri *n, struct vpls *v)
{
	if (n->len != VPLS_NLRI_LEN || n->data == NULL)
		return -1;
	struct cursor c = cursor_make(n->data + 2, VPLS_NLRI_LEN - 2, 0);
	uint32_t label;
	cursor_bytes(&c, v->rd, RD_LEN);
	cursor_u16(&c, &v->endpoint);
	cursor_u16(&c, &v->offset);
	cursor_u16(&c, &v->size);
	cursor_u24(&c, &label);
	v->base = label >> 4;
	return 0;
}
