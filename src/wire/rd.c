/* rd.c — route distinguisher text and octets (see rd.h). */
#include "wire/rd.h"

#include <stdio.h>
#include <string.h>

#include "wire/ip.h"

static void put_u16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	put_u16(p, v >> 16);
	put_u16(p + 2, v & 0xffff);
}

static uint32_t get_u16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t get_u32(const uint8_t *p) { return get_u16(p) << 16 | get_u16(p + 2); }

/* Decimal digits only, at most 2^32-1; -1 otherwise. */
static int parse_u32(const char *s, size_t len, uint32_t *out)
{
	if (len == 0 || len > 10)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int rd_parse(const char *s, size_t len, uint8_t out[RD_LEN], const char **why)
{
	const char *colon = memchr(s, ':', len);
	*why = "a route distinguisher is ADMIN:NUMBER (65000:1, 192.0.2.1:1 or 4200000000:1)";
	if (colon == NULL || memchr(colon + 1, ':', len - (size_t)(colon + 1 - s)) != NULL)
		return -1;
	size_t admin_len = (size_t)(colon - s);
	uint32_t number;
	if (parse_u32(colon + 1, len - admin_len - 1, &number) < 0)
		return -1;
	uint32_t asn;
	uint8_t ip[4];
	if (memchr(s, '.', admin_len) != NULL) {
		if (ipv4_parse(s, admin_len, ip) < 0)
			return -1;
		if (number > 0xffff) {
			*why = "a route distinguisher with an IPv4 administrator has a number up to 65535";
			return -1;
		}
		put_u16(out, 1);
		memcpy(out + 2, ip, 4);
		put_u16(out + 6, number);
		return 0;
	}
	if (parse_u32(s, admin_len, &asn) < 0)
		return -1;
	if (asn <= 0xffff) {
		put_u16(out, 0);
		put_u16(out + 2, asn);
		put_u32(out + 4, number);
		return 0;
	}
	if (number > 0xffff) {
		*why = "a route distinguisher with a 4-octet AS has a number up to 65535";
		return -1;
	}
	put_u16(out, 2);
	put_u32(out + 2, asn);
	put_u16(out + 6, number);
	return 0;
}

char *rd_format(const uint8_t rd[RD_LEN], char out[RD_STR_MAX])
{
	switch (get_u16(rd)) {
	case 0:
		snprintf(out, RD_STR_MAX, "%u:%u", get_u16(rd + 2), get_u32(rd + 4));
		break;
	case 1:
		snprintf(out, RD_STR_MAX, "%u.%u.%u.%u:%u", rd[2], rd[3], rd[4], rd[5], get_u16(rd + 6));
		break;
	case 2:
		snprintf(out, RD_STR_MAX, "%u:%u", get_u32(rd + 2), get_u16(rd + 6));
		break;
	default: {
		static const char digits[] = "0123456789ABCDEF";
		out[0] = '0';
		out[1] = 'x';
		for (int i = 0; i < RD_LEN; i++) {
			out[2 + 2 * i] = digits[rd[i] >> 4];
			out[3 + 2 * i] = digits[rd[i] & 15];
		}
		out[2 + 2 * RD_LEN] = '\0';
	}
	}
	return out;
}
