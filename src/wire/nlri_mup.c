/* nlri_mup.c — see nlri_mup.h. */
#include "wire/nlri_mup.h"

#include <string.h>

#include "wire/family.h"

static int read_address(struct cursor *c, uint16_t *afi, uint8_t addr[16])
{
	uint8_t bits;
	if (cursor_u8(c, &bits) < 0 || (bits != 32 && bits != 128))
		return -1;
	*afi = bits == 32 ? AFI_IPV4 : AFI_IPV6;
	memset(addr, 0, 16);
	return cursor_bytes(c, addr, bits / 8);
}

static int read_prefix(struct cursor *c, unsigned max_bits, struct mup *v)
{
	if (cursor_u8(c, &v->prefix_len) < 0 || v->prefix_len > max_bits)
		return -1;
	memset(v->prefix, 0, sizeof(v->prefix));
	return cursor_bytes(c, v->prefix, (v->prefix_len + 7u) / 8u);
}

/* The parts of the route type specific octets; -1 when they are not exactly the layout. */
static int parse_body(uint16_t type, uint16_t afi, const uint8_t *p, size_t len, struct mup *v)
{
	struct cursor c = cursor_make(p, len, 0);
	unsigned addr_len = afi == AFI_IPV6 ? 16 : 4;

	memset(v, 0, sizeof(*v));
	v->type = (uint8_t)type;
	v->afi = afi;
	if (cursor_bytes(&c, v->rd, RD_LEN) < 0)
		return -1;
	switch (type) {
	case MUP_ISD:
		if (read_prefix(&c, addr_len * 8, v) < 0)
			return -1;
		break;
	case MUP_DSD:
		if (cursor_bytes(&c, v->prefix, addr_len) < 0)
			return -1;
		break;
	case MUP_T1ST:
		if (read_prefix(&c, addr_len * 8, v) < 0 || cursor_u32(&c, &v->teid) < 0 || cursor_u8(&c, &v->qfi) < 0 ||
		    read_address(&c, &v->endpoint_afi, v->endpoint) < 0)
			return -1;
		if (!cursor_empty(&c) && read_address(&c, &v->source_afi, v->source) < 0)
			return -1;
		break;
	case MUP_T2ST: {
		uint8_t bits;
		if (cursor_u8(&c, &bits) < 0 || bits < addr_len * 8 || bits > addr_len * 8 + 32)
			return -1;
		v->teid_bits = (uint8_t)(bits - addr_len * 8);
		if (cursor_bytes(&c, v->prefix, addr_len) < 0)
			return -1;
		for (unsigned i = 0; i < (v->teid_bits + 7u) / 8u; i++) {
			uint8_t b;
			if (cursor_u8(&c, &b) < 0)
				return -1;
			v->teid = v->teid << 8 | b;
		}
		break;
	}
	default:
		return -1;
	}
	return cursor_empty(&c) ? 0 : -1;
}

int nlri_mup_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint8_t arch, length;
	uint16_t type;

	if (nlri_read_begin(c, afi, SAFI_MUP, addpath, out, &at, "mup", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c);
	if (cursor_u8(c, &arch) < 0 || cursor_u16(c, &type) < 0 || cursor_u8(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "mup: truncated architecture, route type and length");
	const uint8_t *body;
	if (cursor_view(c, length, &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "mup: route of %u octets, %zu left", length, cursor_left(c));
	struct mup v;
	if (arch == MUP_ARCH_3GPP_5G && type >= MUP_ISD && type <= MUP_T2ST && parse_body(type, afi, body, length, &v) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "mup: 3gpp-5g route type %u of %u octets does not hold its fields exactly", type,
				      length);
	out->data = start;
	out->len = (uint16_t)(4 + length);
	return 0;
}

size_t mup_pack(const struct mup *v, uint8_t out[MUP_NLRI_MAX])
{
	size_t len = 4, addr_len = v->afi == AFI_IPV6 ? 16 : 4;
	memcpy(out + len, v->rd, RD_LEN);
	len += RD_LEN;
	switch (v->type) {
	case MUP_ISD:
	case MUP_T1ST: {
		size_t bytes = (v->prefix_len + 7u) / 8u;
		out[len++] = v->prefix_len;
		memcpy(out + len, v->prefix, bytes);
		if (v->prefix_len % 8)
			out[len + bytes - 1] &= (uint8_t)(0xff00u >> (v->prefix_len % 8));
		len += bytes;
		if (v->type == MUP_ISD)
			break;
		be32_store(out + len, v->teid);
		len += 4;
		out[len++] = v->qfi;
		size_t e = v->endpoint_afi == AFI_IPV6 ? 16 : 4;
		out[len++] = (uint8_t)(e * 8);
		memcpy(out + len, v->endpoint, e);
		len += e;
		if (v->source_afi) {
			size_t s = v->source_afi == AFI_IPV6 ? 16 : 4;
			out[len++] = (uint8_t)(s * 8);
			memcpy(out + len, v->source, s);
			len += s;
		}
		break;
	}
	case MUP_DSD:
		memcpy(out + len, v->prefix, addr_len);
		len += addr_len;
		break;
	default: { /* MUP_T2ST */
		out[len++] = (uint8_t)(addr_len * 8 + v->teid_bits);
		memcpy(out + len, v->prefix, addr_len);
		len += addr_len;
		unsigned bytes = (v->teid_bits + 7u) / 8u;
		for (unsigned i = 0; i < bytes; i++)
			out[len++] = (uint8_t)(v->teid >> (8 * (bytes - 1 - i)));
		break;
	}
	}
	out[0] = MUP_ARCH_3GPP_5G;
	out[1] = 0;
	out[2] = v->type;
	out[3] = (uint8_t)(len - 4);
	return len;
}

int mup_unpack(const struct nlri *n, struct mup *v)
{
	if (n->data == NULL || n->len < 4 || n->data[0] != MUP_ARCH_3GPP_5G || n->data[3] != n->len - 4)
		return -1;
	uint16_t type = (uint16_t)(n->data[1] << 8 | n->data[2]);
	if (type < MUP_ISD || type > MUP_T2ST)
		return -1;
	return parse_body(type, n->afi, n->data + 4, n->len - 4u, v);
}
