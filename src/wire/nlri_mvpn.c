/* nlri_mvpn.c — see nlri_mvpn.h. */
#include "wire/nlri_mvpn.h"

#include <string.h>

#include "wire/family.h"

/* One address: its length in bits (32 or 128) then its octets. */
static int read_address(struct cursor *c, uint16_t *afi, uint8_t addr[16])
{
	uint8_t bits;
	if (cursor_u8(c, &bits) < 0 || (bits != 32 && bits != 128))
		return -1;
	*afi = bits == 32 ? AFI_IPV4 : AFI_IPV6;
	memset(addr, 0, 16);
	return cursor_bytes(c, addr, bits / 8);
}

/* The parts of the route type specific octets; -1 when they are not exactly the layout. */
static int parse_body(uint8_t type, const uint8_t *p, size_t len, struct mvpn *v)
{
	struct cursor c = cursor_make(p, len, 0);
	memset(v, 0, sizeof(*v));
	v->type = type;
	if (cursor_bytes(&c, v->rd, RD_LEN) < 0)
		return -1;
	if (type != MVPN_SOURCE_AD && cursor_u32(&c, &v->source_as) < 0)
		return -1;
	if (read_address(&c, &v->source_afi, v->source) < 0 || read_address(&c, &v->group_afi, v->group) < 0)
		return -1;
	return cursor_empty(&c) ? 0 : -1;
}

int nlri_mvpn_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint8_t type, length;

	if (nlri_read_begin(c, afi, SAFI_MCAST_VPN, addpath, out, &at, "mcast-vpn", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c);
	if (cursor_u8(c, &type) < 0 || cursor_u8(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "mcast-vpn: truncated route type and length");
	const uint8_t *body;
	if (cursor_view(c, length, &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "mcast-vpn: route of %u octets, %zu left", length, cursor_left(c));
	struct mvpn v;
	if (type >= MVPN_SOURCE_AD && type <= MVPN_SOURCE_JOIN && parse_body(type, body, length, &v) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_ATTR_LENGTH, at,
				      "mcast-vpn: route type %u of %u octets does not hold its RD, addresses "
				      "(32 or 128 bits) and nothing else",
				      type, length);
	out->data = start;
	out->len = (uint16_t)(2 + length);
	return type >= 1 && type <= 7 ? 0 : 1; /* RFC 6514 4: route types 1 to 7 */
}

size_t mvpn_pack(const struct mvpn *v, uint8_t out[MVPN_NLRI_MAX])
{
	size_t len = 2;
	memcpy(out + len, v->rd, RD_LEN);
	len += RD_LEN;
	if (v->type != MVPN_SOURCE_AD) {
		be32_store(out + len, v->source_as);
		len += 4;
	}
	size_t s = v->source_afi == AFI_IPV6 ? 16 : 4, g = v->group_afi == AFI_IPV6 ? 16 : 4;
	out[len++] = (uint8_t)(s * 8);
	memcpy(out + len, v->source, s);
	len += s;
	out[len++] = (uint8_t)(g * 8);
	memcpy(out + len, v->group, g);
	len += g;
	out[0] = v->type;
	out[1] = (uint8_t)(len - 2);
	return len;
}

int mvpn_unpack(const struct nlri *n, struct mvpn *v)
{
	if (n->data == NULL || n->len < 2 || n->data[0] < MVPN_SOURCE_AD || n->data[0] > MVPN_SOURCE_JOIN ||
	    n->data[1] != n->len - 2)
		return -1;
	return parse_body(n->data[0], n->data + 2, n->len - 2u, v);
}
