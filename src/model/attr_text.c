/* attr_text.c — communities, large communities and ORIGIN in ExaBGP's text syntax.
 *
 * Owns: the words ExaBGP prints and accepts for these values (see attr_text.h); extended
 * communities, which have many more shapes, are in attr_text_ext.c.
 * Must not know: routes, JSON, where the words come from.
 */
#include "model/attr_text.h"

#include <string.h>

#include "core/cursor.h"
#include "model/text_scan.h"

/* RFC 1997 / RFC 3765 / RFC 7999 well-known communities, with the names ExaBGP prints.
 * Parsing also takes the spellings listed after them (ExaBGP's aliases). */
static const struct {
	uint32_t value;
	const char *name;
	const char *alias;
} community_names[] = {
	{0xFFFFFF01u, "no-export", "no_export"},
	{0xFFFFFF02u, "no-advertise", "no_advertise"},
	{0xFFFFFF03u, "no-export-subconfed", NULL},
	{0xFFFFFF04u, "no-peer", "nopeer"},
	{0xFFFF029Au, "blackhole", NULL},
};

#define COMMUNITY_NAMES (sizeof(community_names) / sizeof(community_names[0]))

void community_format(struct buf *out, uint32_t value)
{
	for (size_t i = 0; i < COMMUNITY_NAMES; i++)
		if (community_names[i].value == value) {
			buf_puts(out, community_names[i].name);
			return;
		}
	buf_put_uint(out, value >> 16);
	buf_putc(out, ':');
	buf_put_uint(out, value & 0xFFFF);
}

int community_parse(const char *s, size_t len, uint32_t *out)
{
	const char *colon = memchr(s, ':', len);
	uint64_t v;

	if (colon) {
		/* ASN:VALUE, two 16-bit decimal halves */
		size_t left = (size_t)(colon - s);
		uint64_t hi, lo;
		if (scan_dec(s, left, 0xFFFF, &hi) < 0 ||
		    scan_dec(colon + 1, len - left - 1, 0xFFFF, &lo) < 0)
			return -1;
		*out = (uint32_t)(hi << 16 | lo);
		return 0;
	}
	if (scan_has_hex_prefix(s, len)) {
		if (scan_hex(s, len, UINT32_MAX, &v) < 0)
			return -1;
		*out = (uint32_t)v;
		return 0;
	}
	for (size_t i = 0; i < COMMUNITY_NAMES; i++)
		if (scan_word_is(s, len, community_names[i].name) ||
		    (community_names[i].alias && scan_word_is(s, len, community_names[i].alias))) {
			*out = community_names[i].value;
			return 0;
		}
	if (scan_dec(s, len, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

void large_community_format(struct buf *out, const uint8_t value[12])
{
	buf_put_uint(out, be32_load(value));
	buf_putc(out, ':');
	buf_put_uint(out, be32_load(value + 4));
	buf_putc(out, ':');
	buf_put_uint(out, be32_load(value + 8));
}

/* A 96-bit number in decimal or hex, as ExaBGP accepts a large community given as one
 * integer (global admin in the top 32 bits). Three 32-bit words, most significant first. */
static int large_number_parse(const char *s, size_t len, uint32_t w[3])
{
	unsigned base = 10;
	size_t i = 0;
	if (scan_has_hex_prefix(s, len)) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	w[0] = w[1] = w[2] = 0;
	for (; i < len; i++) {
		int d = base == 16 ? hex_digit_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			return -1;
		/* w = w * base + d, word by word from the least significant */
		uint64_t carry = (uint64_t)d;
		for (int k = 2; k >= 0; k--) {
			uint64_t x = (uint64_t)w[k] * base + carry;
			w[k] = (uint32_t)x;
			carry = x >> 32;
		}
		if (carry)
			return -1; /* beyond 96 bits */
	}
	return 0;
}

int large_community_parse(const char *s, size_t len, uint8_t out[12])
{
	uint32_t w[3];
	const char *c1 = memchr(s, ':', len);

	if (c1) {
		size_t a = (size_t)(c1 - s);
		const char *rest = c1 + 1;
		size_t rest_len = len - a - 1;
		const char *c2 = memchr(rest, ':', rest_len);
		if (c2 == NULL)
			return -1;
		size_t b = (size_t)(c2 - rest);
		if (scan_u32(s, a, &w[0]) < 0 || scan_u32(rest, b, &w[1]) < 0 ||
		    scan_u32(c2 + 1, rest_len - b - 1, &w[2]) < 0)
			return -1;
	} else if (large_number_parse(s, len, w) < 0) {
		return -1;
	}
	be32_store(out, w[0]);
	be32_store(out + 4, w[1]);
	be32_store(out + 8, w[2]);
	return 0;
}

static const char *const origin_names[] = {"igp", "egp", "incomplete"};

void origin_format(struct buf *out, uint8_t origin)
{
	/* RFC 7606 7.1 makes any other value treat-as-withdraw; say so rather than guess */
	buf_puts(out, origin < 3 ? origin_names[origin] : "invalid");
}

int origin_parse(const char *s, size_t len, uint8_t *out)
{
	for (uint8_t i = 0; i < 3; i++)
		if (scan_word_is(s, len, origin_names[i])) {
			*out = i;
			return 0;
		}
	return -1;
}
