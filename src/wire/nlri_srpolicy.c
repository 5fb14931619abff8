/* nlri_srpolicy.c — see nlri_srpolicy.h. */
#include "wire/nlri_srpolicy.h"

#include <string.h>

#include "wire/family.h"

static unsigned body_len(uint16_t afi)
{
	return 8u + (afi == AFI_IPV6 ? 16u : 4u);
}

int nlri_srpolicy_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint8_t bits;

	if (nlri_read_begin(c, afi, SAFI_SR_POLICY, addpath, out, &at, "sr-policy", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c), *body;
	if (cursor_u8(c, &bits) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "sr-policy: truncated length");
	if (bits != body_len(afi) * 8)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "sr-policy: NLRI of %u bits, the family's is %u", bits, body_len(afi) * 8);
	if (cursor_view(c, body_len(afi), &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "sr-policy: NLRI of %u octets, %zu left", body_len(afi), cursor_left(c));
	out->data = start;
	out->len = (uint16_t)(1 + body_len(afi));
	return 0;
}

size_t srpolicy_pack(const struct srpolicy *v, uint8_t out[SRPOLICY_NLRI_MAX])
{
	unsigned len = body_len(v->afi);
	out[0] = (uint8_t)(len * 8);
	be32_store(out + 1, v->distinguisher);
	be32_store(out + 5, v->color);
	memcpy(out + 9, v->endpoint, len - 8);
	return 1 + len;
}

int srpolicy_unpack(const struct nlri *n, struct srpolicy *v)
{
	unsigned len = body_len(n->afi);
	if (n->data == NULL || n->len != 1 + len || n->data[0] != len * 8)
		return -1;
	memset(v, 0, sizeof(*v));
	v->afi = n->afi;
	v->distinguisher = be32_load(n->data + 1);
	v->color = be32_load(n->data + 5);
	memcpy(v->endpoint, n->data + 9, len - 8);
	return 0;
}
