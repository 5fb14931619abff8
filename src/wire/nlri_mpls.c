/* nlri_mpls.c — labelled unicast and MPLS VPN NLRI (see nlri_mpls.h). */
#include "wire/nlri_mpls.h"

#include <string.h>

#include "wire/family.h"
#include "wire/ip.h"

int nlri_mpls_read(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw,
		   struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	unsigned max_bits = afi_addr_len(afi) * 8, rd_bits = nlri_has_rd(safi) ? RD_LEN * 8 : 0;
	struct label_stack labels;
	uint8_t length;

	if (nlri_read_begin(c, afi, safi, addpath, out, &at, NULL, err) < 0)
		return -1;
	const uint8_t *start = cursor_ptr(c);
	if (cursor_u8(c, &length) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "truncated labelled NLRI length");
	unsigned bits = length;
	if (label_stack_read(c, &bits, rd_bits, withdraw, &labels) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "labelled NLRI of %u bits: label stack truncated or too deep", length);
	/* RFC 7606 5.3: a length that cannot hold the RD and a prefix of the family */
	if (bits < rd_bits || bits - rd_bits > max_bits)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "labelled NLRI length %u leaves %d prefix bits (0-%u)", length,
				      (int)bits - (int)rd_bits, max_bits);
	size_t bytes = rd_bits / 8 + (bits - rd_bits + 7u) / 8u;
	if (cursor_left(c) < bytes)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "labelled NLRI of %u bits needs %zu more octets, %zu left", length,
				      bytes, cursor_left(c));
	cursor_skip(c, bytes);
	out->data = start;
	out->len = (uint16_t)(cursor_ptr(c) - start);
	return 0;
}

int nlri_mpls_split(const struct nlri *n, struct nlri_mpls *out)
{
	struct cursor c = cursor_make(n->data, n->len, 0);
	unsigned max_bits = afi_addr_len(n->afi) * 8, rd_bits = nlri_has_rd(n->safi) ? RD_LEN * 8 : 0;
	uint8_t length;

	memset(out, 0, sizeof(*out));
	if (cursor_u8(&c, &length) < 0)
		return -1;
	unsigned bits = length;
	/* a stored withdrawal's stack ended at 0x800000 when read; splitting again as a
	 * withdrawal ends it there too */
	if (label_stack_read(&c, &bits, rd_bits, true, &out->labels) < 0)
		return -1;
	if (bits < rd_bits || bits - rd_bits > max_bits)
		return -1;
	if (rd_bits) {
		if (cursor_bytes(&c, out->rd, RD_LEN) < 0)
			return -1;
		out->has_rd = true;
	}
	out->bits = (uint8_t)(bits - rd_bits);
	size_t bytes = (out->bits + 7u) / 8u;
	if (cursor_bytes(&c, out->addr, bytes) < 0)
		return -1;
	if (out->bits % 8)
		out->addr[bytes - 1] &= (uint8_t)(0xff00u >> (out->bits % 8));
	return 0;
}

int nlri_mpls_make(struct nlri *out, uint8_t storage[NLRI_MPLS_MAX], uint16_t afi, uint8_t safi,
		   const struct nlri_mpls *m)
{
	unsigned max_bits = afi_addr_len(afi) * 8, rd_bits = nlri_has_rd(safi) ? RD_LEN * 8 : 0;
	if (max_bits == 0 || m->bits > max_bits)
		return -1;
	unsigned total = label_stack_bits(&m->labels) + rd_bits + m->bits;
	if (total > 255)
		return -1;
	struct buf b = {storage, 0, NLRI_MPLS_MAX};
	unsigned bytes = (m->bits + 7u) / 8u;
	buf_put_u8(&b, (uint8_t)total);
	label_stack_put(&b, &m->labels);
	if (rd_bits)
		buf_put(&b, m->rd, RD_LEN);
	buf_put(&b, m->addr, bytes);
	if (m->bits % 8)
		storage[b.len - 1] &= (uint8_t)(0xff00u >> (m->bits % 8));
	memset(out, 0, sizeof(*out));
	out->afi = afi;
	out->safi = safi;
	out->len = (uint16_t)b.len;
	out->data = storage;
	return 0;
}

size_t nlri_mpls_sort_key(const struct nlri *n, uint8_t out[NLRI_MPLS_MAX])
{
	struct nlri_mpls m;
	struct nlri key;
	if (nlri_mpls_split(n, &m) < 0 || n->len > NLRI_MPLS_MAX) {
		memcpy(out, n->data, n->len);
		return n->len;
	}
	m.labels.count = 0;
	nlri_mpls_make(&key, out, n->afi, n->safi, &m);
	return key.len;
}

char *nlri_mpls_prefix_format(const struct nlri *n, char *out)
{
	struct nlri_mpls m;
	char ip[IP_STR_MAX];
	if (nlri_mpls_split(n, &m) < 0) {
		strcpy(out, "invalid");
		return out;
	}
	size_t len = strlen(ip_format(n->afi, m.addr, ip));
	memcpy(out, ip, len);
	out[len++] = '/';
	if (m.bits >= 100)
		out[len++] = (char)('0' + m.bits / 100);
	if (m.bits >= 10)
		out[len++] = (char)('0' + m.bits / 10 % 10);
	out[len++] = (char)('0' + m.bits % 10);
	out[len] = '\0';
	return out;
}

static bool rd_zero(const uint8_t *p)
{
	for (int i = 0; i < RD_LEN; i++)
		if (p[i])
			return false;
	return true;
}

int nlri_vpn_nexthop_strip(const uint8_t *nh, size_t len, uint8_t addr[32])
{
	/* RFC 4364 4.3.2: the RD of a VPN next hop is zero */
	switch (len) {
	case 12:
	case 24:
		if (!rd_zero(nh))
			return -1;
		memcpy(addr, nh + RD_LEN, len - RD_LEN);
		return (int)(len - RD_LEN);
	case 48: /* RFC 4659 3.2.1.1: global and link-local, each after its RD */
		if (!rd_zero(nh) || !rd_zero(nh + 24))
			return -1;
		memcpy(addr, nh + RD_LEN, 16);
		memcpy(addr + 16, nh + 24 + RD_LEN, 16);
		return 32;
	}
	return -1;
}

void nlri_vpn_nexthop_put(struct buf *out, const uint8_t *addr, size_t len)
{
	static const uint8_t zero[RD_LEN];
	if (len == 32) {
		buf_put(out, zero, RD_LEN);
		buf_put(out, addr, 16);
		buf_put(out, zero, RD_LEN);
		buf_put(out, addr + 16, 16);
		return;
	}
	buf_put(out, zero, RD_LEN);
	buf_put(out, addr, len);
}
