/* nlri_evpn.c — see nlri_evpn.h. */
#include "wire/nlri_evpn.h"

#include <string.h>

#include "wire/family.h"

/* 3-octet entries to the end of c (the label fields are the last of their routes) */
static int read_labels(struct cursor *c, struct label_stack *s, unsigned max)
{
	s->count = 0;
	if (cursor_left(c) == 0 || cursor_left(c) % LABEL_ENTRY_LEN || cursor_left(c) / LABEL_ENTRY_LEN > max)
		return -1;
	while (!cursor_empty(c))
		if (cursor_u24(c, &s->raw[s->count++]) < 0)
			return -1;
	return 0;
}

/* IP length (1: 32|128) | IP, to the end */
static int read_router_ip(struct cursor *c, struct evpn *v)
{
	if (cursor_u8(c, &v->ip_len) < 0 || (v->ip_len != 32 && v->ip_len != 128))
		return -1;
	v->ip_afi = v->ip_len == 32 ? AFI_IPV4 : AFI_IPV6;
	return cursor_bytes(c, v->ip, v->ip_len / 8u);
}

static int parse_body(uint8_t type, const uint8_t *p, size_t len, struct evpn *v)
{
	struct cursor c = cursor_make(p, len, 0);

	memset(v, 0, sizeof(*v));
	v->type = type;
	if (cursor_bytes(&c, v->rd, RD_LEN) < 0)
		return -1;
	if (type != EVPN_MULTICAST && cursor_bytes(&c, v->esi, EVPN_ESI_LEN) < 0)
		return -1;
	if (type != EVPN_SEGMENT && cursor_u32(&c, &v->etag) < 0)
		return -1;
	switch (type) {
	case EVPN_ETHERNET_AD:
		if (read_labels(&c, &v->labels, LABEL_STACK_MAX) < 0)
			return -1;
		break;
	case EVPN_MAC_IP: {
		/* ExaBGP's lengths: 33/36 no IP, 37/40 IPv4, 49/52 IPv6 (one or two labels) */
		unsigned addr = len == 37 || len == 40 ? 4 : len == 49 || len == 52 ? 16 : 0;
		if ((addr == 0 && len != 33 && len != 36) || cursor_u8(&c, &v->mac_len) < 0 || v->mac_len > 48 ||
		    cursor_bytes(&c, v->mac, 6) < 0 || cursor_u8(&c, &v->ip_len) < 0)
			return -1;
		if (addr == 0 ? v->ip_len != 0 : v->ip_len > addr * 8)
			return -1;
		if (addr) {
			v->ip_afi = addr == 4 ? AFI_IPV4 : AFI_IPV6;
			if (cursor_bytes(&c, v->ip, addr) < 0)
				return -1;
		}
		if (read_labels(&c, &v->labels, 2) < 0)
			return -1;
		break;
	}
	case EVPN_MULTICAST:
	case EVPN_SEGMENT:
		if (read_router_ip(&c, v) < 0)
			return -1;
		break;
	case EVPN_PREFIX: {
		unsigned addr = len == 34 ? 4 : len == 58 ? 16 : 0;
		if (addr == 0 || cursor_u8(&c, &v->ip_len) < 0 || v->ip_len > addr * 8)
			return -1;
		v->ip_afi = addr == 4 ? AFI_IPV4 : AFI_IPV6;
		if (cursor_bytes(&c, v->ip, addr) < 0 || cursor_bytes(&c, v->gw, addr) < 0 ||
		    read_labels(&c, &v->labels, 1) < 0)
			return -1;
		break;
	}
	default:
		return -1;
	}
	return cursor_empty(&c) ? 0 : -1;
}

int nlri_evpn_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint8_t type, length;

	if (nlri_read_begin(c, AFI_L2VPN, SAFI_EVPN, addpath, out, &at, "evpn", err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c), *body;
	if (cursor_u8(c, &type) < 0 || cursor_u8(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "evpn: truncated route type and length");
	if (cursor_view(c, length, &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "evpn: route of %u octets, %zu left", length, cursor_left(c));
	out->data = start;
	out->len = (uint16_t)(2 + length);
	if (type < EVPN_ETHERNET_AD || type > EVPN_PREFIX)
		return 1;
	struct evpn v;
	if (parse_body(type, body, length, &v) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "evpn: route type %u of %u octets does not hold its fields exactly", type, length);
	return 0;
}

int evpn_unpack(const struct nlri *n, struct evpn *v)
{
	if (n->data == NULL || n->len < 2 || n->data[1] != n->len - 2)
		return -1;
	return parse_body(n->data[0], n->data + 2, n->len - 2u, v);
}
