/* nlri.c — see nlri.h. The prefix codec of IPv4/IPv6 unicast and multicast. */
#include "wire/nlri.h"

#include <string.h>

#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_mpls.h"

int nlri_read_begin(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, struct nlri *out, size_t *at,
		    const char *who, struct wire_error *err)
{
	memset(out, 0, sizeof(*out));
	out->afi = afi;
	out->safi = safi;
	if (!addpath)
		return 0;
	if (cursor_u32(c, &out->path_id) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, *at,
				      "%s%struncated path identifier", who ? who : "", who ? ": " : "");
	out->has_path_id = true;
	*at += 4;
	return 0;
}

int nlri_prefix_read(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, struct nlri *out,
		     struct wire_error *err)
{
	size_t at = cursor_offset(c);
	unsigned max_bits = afi_addr_len(afi) * 8;
	uint8_t bits;

	if (nlri_read_begin(c, afi, safi, addpath, out, &at, NULL, err) < 0)
		return -1;
	if (cursor_u8(c, &bits) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "truncated prefix length");
	/* RFC 7606 5.3: a prefix length beyond the address size leaves the rest unparseable */
	if (bits > max_bits)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "prefix length %u exceeds %u bits", bits, max_bits);
	size_t bytes = (bits + 7u) / 8u;
	if (cursor_left(c) < bytes)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "prefix of %u bits needs %zu octets, %zu left", bits, bytes,
				      cursor_left(c));
	out->data = cursor_ptr(c) - 1;
	out->len = (uint16_t)(bytes + 1);
	cursor_skip(c, bytes);
	return 0;
}

void nlri_put(struct buf *out, const struct nlri *n, bool addpath)
{
	if (addpath)
		buf_put_u32(out, n->has_path_id ? n->path_id : 0);
	buf_put(out, n->data, n->len);
}

void nlri_prefix_addr(const struct nlri *n, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (n->len > 1)
		memcpy(addr, n->data + 1, n->len - 1u > 16u ? 16u : n->len - 1u);
	/* A received prefix may carry bits beyond its length; they are not part of it */
	unsigned bits = nlri_prefix_bits(n);
	if (bits < 128) {
		unsigned byte = bits / 8, rem = bits % 8;
		if (rem && byte < 16)
			addr[byte++] &= (uint8_t)(0xff00u >> rem);
		for (; byte < 16; byte++)
			addr[byte] = 0;
	}
}

int nlri_prefix_make(struct nlri *out, uint8_t storage[NLRI_PREFIX_MAX], uint16_t afi, uint8_t safi,
		     const uint8_t *addr, unsigned bits)
{
	unsigned max_bits = afi_addr_len(afi) * 8;
	if (max_bits == 0 || bits > max_bits)
		return -1;
	unsigned bytes = (bits + 7) / 8;
	storage[0] = (uint8_t)bits;
	memcpy(storage + 1, addr, bytes);
	if (bits % 8)
		storage[bytes] &= (uint8_t)(0xff00u >> (bits % 8));
	memset(out, 0, sizeof(*out));
	out->afi = afi;
	out->safi = safi;
	out->len = (uint16_t)(bytes + 1);
	out->data = storage;
	return 0;
}

char *nlri_prefix_format(const struct nlri *n, char *out)
{
	uint8_t addr[16];
	char ip[IP_STR_MAX];
	if (nlri_is_labelled(n->afi, n->safi))
		return nlri_mpls_prefix_format(n, out);
	nlri_prefix_addr(n, addr);
	size_t len = strlen(ip_format(n->afi, addr, ip));
	memcpy(out, ip, len);
	out[len++] = '/';
	unsigned bits = nlri_prefix_bits(n);
	if (bits >= 100)
		out[len++] = (char)('0' + bits / 100);
	if (bits >= 10)
		out[len++] = (char)('0' + bits / 10 % 10);
	out[len++] = (char)('0' + bits % 10);
	out[len] = '\0';
	return out;
}

bool nlri_equal(const struct nlri *a, const struct nlri *b)
{
	return a->afi == b->afi && a->safi == b->safi && a->has_path_id == b->has_path_id &&
	       (!a->has_path_id || a->path_id == b->path_id) && a->len == b->len &&
	       memcmp(a->data, b->data, a->len) == 0;
}
