/* index.c — see index.h for the layout. */
#include "rib/index.h"

#include <stdbool.h>
#include <string.h>

#include "core/hex.h"
#include "wire/family.h"

static bool is_prefix_family(uint16_t afi, uint8_t safi)
{
	return (afi == AFI_IPV4 || afi == AFI_IPV6) && (safi == SAFI_UNICAST || safi == SAFI_MULTICAST);
}

size_t rib_index_make(const struct nlri *n, uint8_t *out)
{
	size_t len = 0;
	if (n->len > RIB_NLRI_MAX)
		return 0;
	if (n->afi > 0xff)
		out[len++] = (uint8_t)(n->afi >> 8);
	out[len++] = (uint8_t)n->afi;
	out[len++] = n->safi;
	if (n->has_path_id) {
		out[len++] = (uint8_t)(n->path_id >> 24);
		out[len++] = (uint8_t)(n->path_id >> 16);
		out[len++] = (uint8_t)(n->path_id >> 8);
		out[len++] = (uint8_t)n->path_id;
	}
	if (is_prefix_family(n->afi, n->safi) && n->len >= 1) {
		unsigned size = afi_addr_len(n->afi);
		out[len++] = nlri_prefix_bits(n);
		nlri_prefix_addr(n, out + len); /* zero-padded, bits past the length cleared */
		return len + size;
	}
	if (n->len)
		memcpy(out + len, n->data, n->len);
	return len + n->len;
}

char *rib_index_hex(const uint8_t *index, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[index[i] >> 4];
		out[2 * i + 1] = digits[index[i] & 15];
	}
	out[2 * len] = '\0';
	return out;
}

int rib_index_parse(const char *hex, size_t len, struct nlri *out, uint8_t *storage)
{
	uint8_t raw[RIB_INDEX_MAX];
	size_t n = len / 2;

	if (len % 2 || n < 3 || n > sizeof(raw))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit_value(hex[2 * i]), lo = hex_digit_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		raw[i] = (uint8_t)(hi << 4 | lo);
	}

	/* the AFI is one octet unless only two make a known family (BGP-LS) */
	size_t at;
	uint16_t afi;
	uint8_t safi;
	if (family_index(raw[0], raw[1]) >= 0) {
		afi = raw[0];
		safi = raw[1];
		at = 2;
	} else if (family_index((uint16_t)(raw[0] << 8 | raw[1]), raw[2]) >= 0) {
		afi = (uint16_t)(raw[0] << 8 | raw[1]);
		safi = raw[2];
		at = 3;
	} else {
		return -1;
	}

	memset(out, 0, sizeof(*out));
	out->afi = afi;
	out->safi = safi;
	out->data = storage;
	size_t rest = n - at;

	if (!is_prefix_family(afi, safi)) {
		/* a path id cannot be told apart from the NLRI here: read as without one */
		if (rest == 0 || rest > RIB_NLRI_MAX)
			return -1;
		memcpy(storage, raw + at, rest);
		out->len = (uint16_t)rest;
		return 0;
	}

	unsigned size = afi_addr_len(afi);
	bool has_path_id = rest == size + 5;
	uint32_t path_id = 0;
	if (has_path_id) {
		path_id = (uint32_t)raw[at] << 24 | (uint32_t)raw[at + 1] << 16 | (uint32_t)raw[at + 2] << 8 |
			  raw[at + 3];
		at += 4;
	} else if (rest != size + 1) {
		return -1;
	}
	unsigned bits = raw[at];
	const uint8_t *addr = raw + at + 1;
	if (bits > size * 8)
		return -1;
	/* canonical: nothing set past the length, so one prefix has one index */
	for (unsigned b = bits; b < size * 8; b++)
		if (addr[b / 8] & (0x80u >> (b % 8)))
			return -1;
	if (nlri_prefix_make(out, storage, afi, safi, addr, bits) < 0)
		return -1;
	out->has_path_id = has_path_id;
	out->path_id = path_id;
	return 0;
}
