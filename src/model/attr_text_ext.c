/* attr_text_ext.c — extended communities (RFC 4360, 8 octets) and IPv6 address specific
 * extended communities (RFC 5701, 20 octets) in ExaBGP's text syntax.
 *
 * Owns: the string ExaBGP gives each (sub)type — the same in its API text and in the
 * "string" field of its JSON — and the words its route grammar accepts.
 * Must not know: routes, JSON structure.
 *
 * Layout (RFC 4360 2):
 *   type(1) subtype(1) value(6)
 *   type: bit 0x80 IANA authority (0) / experimental (1), bit 0x40 non-transitive.
 *
 * ExaBGP looks a community's class up by (type & 0x0F, subtype): the transitive and
 * experimental bits are ignored, so 0x40 0x02 prints as a route target and 0x80 0x02 too.
 * We reproduce that lookup exactly, quirks included (see the table below).
 */
#include "model/attr_text.h"

#include <string.h>

#include "core/cursor.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/ip.h"

static void put_ipv4(struct buf *out, const uint8_t *p)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(AFI_IPV4, p, ip));
}

static float float_load(const uint8_t *p)
{
	uint32_t bits = be32_load(p);
	float f;
	memcpy(&f, &bits, sizeof(f));
	return f;
}

static void float_store(uint8_t *p, float f)
{
	uint32_t bits;
	memcpy(&bits, &f, sizeof(bits));
	be32_store(p, bits);
}

/* Python's '%d' % rate: the float truncated toward zero, every digit printed. */
static void put_float_trunc(struct buf *out, float f)
{
	double d = f;
	if (d != d) {
		buf_puts(out, "nan");
	} else if (d >= 9.2e18 || d <= -9.2e18) {
		/* beyond int64 the float is integral already: %.0f prints it exactly (or inf) */
		buf_printf(out, "%.0f", d);
	} else {
		buf_put_int(out, (int64_t)d);
	}
}

/* Python's '%0.f' % speed: rounded half to even, like C's %.0f. */
static void put_float_round(struct buf *out, float f)
{
	double d = f;
	if (d != d)
		buf_puts(out, "nan");
	else
		buf_printf(out, "%.0f", d);
}

/* Python's '0x{:016X}'.format(int): upper case, at least 16 digits, no leading zeros
 * beyond that (a 20-octet value starting with 00 prints fewer than 40 digits). */
static void put_hex_int(struct buf *out, const uint8_t *v, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t ndigits = len * 2, first = 0;
	while (first < ndigits - 16) {
		uint8_t nib = (uint8_t)(first % 2 ? v[first / 2] & 0x0F : v[first / 2] >> 4);
		if (nib)
			break;
		first++;
	}
	buf_puts(out, "0x");
	for (size_t i = first; i < ndigits; i++)
		buf_putc(out, digits[i % 2 ? v[i / 2] & 0x0F : v[i / 2] >> 4]);
}

static const char *encap_name(uint16_t tunnel)
{
	switch (tunnel) {
	case 0: return "Default";
	case 1: return "L2TPv3";
	case 2: return "GRE";
	case 7: return "IP-in-IP";
	case 8: return "VXLAN";
	case 9: return "NVGRE";
	case 10: return "MPLS";
	case 12: return "VXLAN-GPE";
	case 13: return "MPLS-in-UDP";
	default: return NULL;
	}
}

static const char *interface_set_direction(unsigned direction)
{
	switch (direction) {
	case 1: return "input";
	case 2: return "output";
	case 3: return "input-output";
	default: return NULL;
	}
}

/* Formats v when ExaBGP has a class for it; returns false (writing nothing) otherwise. */
static bool ext_format_known(struct buf *out, const uint8_t v[8])
{
	unsigned type = v[0] & 0x0F, sub = v[1];
	uint32_t two = be16_load(v + 2), four_at2 = be32_load(v + 2);
	uint32_t four_at4 = be32_load(v + 4), two_at6 = be16_load(v + 6);

	switch (type << 8 | sub) {
	case 0x0002: /* route target, 2-octet AS : 4-octet number */
	case 0x0013: /* rt-record, same layout */
		buf_puts(out, sub == 0x02 ? "target:" : "rtrecord:");
		buf_put_uint(out, two);
		buf_putc(out, ':');
		buf_put_uint(out, four_at4);
		return true;
	case 0x0102: /* route target, IPv4 : 2-octet number */
	case 0x0113:
		buf_puts(out, sub == 0x02 ? "target:" : "rtrecord:");
		put_ipv4(out, v + 2);
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x0202: /* route target, 4-octet AS : 2-octet number */
	case 0x0213:
		buf_puts(out, sub == 0x02 ? "target:" : "rtrecord:");
		buf_put_uint(out, four_at2);
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x0003:
		/* ExaBGP's quirk: the 2-octet-AS route origin shows its number as an IPv4 address */
		buf_puts(out, "origin:");
		buf_put_uint(out, two);
		buf_putc(out, ':');
		put_ipv4(out, v + 4);
		return true;
	case 0x0103:
		buf_puts(out, "origin:");
		put_ipv4(out, v + 2);
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x0203:
		buf_puts(out, "origin:");
		buf_put_uint(out, four_at2);
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x0004: /* link bandwidth; ExaBGP spells it without the d */
		buf_puts(out, "bandwith:");
		buf_put_uint(out, two);
		buf_putc(out, ':');
		put_float_round(out, float_load(v + 4));
		return true;
	case 0x0006: /* flowspec traffic-rate, bytes per second (RFC 8955 7.3) */
		buf_puts(out, "rate-limit:");
		put_float_trunc(out, float_load(v + 4));
		return true;
	case 0x000C: /* flowspec traffic-rate in packets per second (RFC 8955 7.3) */
		buf_puts(out, "rate-limit:");
		put_float_trunc(out, float_load(v + 4));
		buf_puts(out, ":packets");
		return true;
	case 0x0007: { /* flowspec traffic-action: S and T bits of the last octet */
		bool sample = v[7] & 0x02, terminal = v[7] & 0x01;
		buf_puts(out, "action ");
		if (sample)
			buf_puts(out, terminal ? "sample-terminal" : "sample");
		else if (terminal)
			buf_puts(out, "terminal");
		return true;
	}
	case 0x0008: /* flowspec redirect, 2-octet AS : 4-octet number */
		buf_puts(out, "redirect:");
		buf_put_uint(out, two);
		buf_putc(out, ':');
		buf_put_uint(out, four_at4);
		return true;
	case 0x0208: /* flowspec redirect, 4-octet AS : 2-octet number (RFC 7674) */
		buf_puts(out, "redirect:");
		buf_put_uint(out, four_at2);
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x0009:
		buf_puts(out, "mark ");
		buf_put_uint(out, v[7]);
		return true;
	case 0x000A: /* RFC 4761 layer 2 info: encaps, control flags, MTU, reserved */
		buf_puts(out, "l2info:");
		buf_put_uint(out, v[2]);
		buf_putc(out, ':');
		buf_put_uint(out, v[3]);
		buf_putc(out, ':');
		buf_put_uint(out, be16_load(v + 4));
		buf_putc(out, ':');
		buf_put_uint(out, two_at6);
		return true;
	case 0x010C: /* flowspec redirect to IPv4 next hop (draft-ietf-idr-flowspec-redirect-ip) */
		buf_puts(out, v[7] & 0x01 ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
		put_ipv4(out, v + 2);
		if (v[7] & 0x01)
			buf_puts(out, " (with copy)");
		return true;
	case 0x030C: { /* RFC 5512 encapsulation */
		const char *name = encap_name(two_at6);
		buf_puts(out, "encap:");
		if (name) {
			buf_puts(out, name);
		} else {
			/* ExaBGP's fallback repeats the prefix */
			buf_puts(out, "encap:UNKNOWN-");
			buf_put_uint(out, two_at6);
		}
		return true;
	}
	case 0x0314:
		buf_puts(out, "consistentHashSortOrder:");
		buf_put_uint(out, four_at2);
		return true;
	case 0x0600: /* RFC 7432 7.7 MAC mobility: flags, reserved, sequence */
		buf_puts(out, "mac-mobility:");
		buf_put_uint(out, four_at4);
		if (v[2] & 0x01)
			buf_puts(out, ":sticky");
		return true;
	case 0x0601: /* RFC 7432 7.5 ESI label: flags, 2 reserved, label in the top 20 bits */
		buf_puts(out, "esi-label:");
		buf_put_uint(out, ((uint32_t)v[5] << 16 | (uint32_t)v[6] << 8 | v[7]) >> 4);
		buf_puts(out, v[2] & 0x01 ? ":single-active" : ":all-active");
		return true;
	case 0x0602: /* RFC 7432 7.6 ES-import route target: a MAC address */
		buf_printf(out, "es-import:%02x:%02x:%02x:%02x:%02x:%02x", v[2], v[3], v[4], v[5], v[6],
			   v[7]);
		return true;
	case 0x0702: { /* flowspec interface-set: AS(4), direction(2 bits) group(14 bits) */
		unsigned direction = two_at6 >> 14;
		const char *name = interface_set_direction(direction);
		buf_puts(out, "interface-set:");
		if (name)
			buf_puts(out, name);
		else
			buf_put_uint(out, direction);
		buf_putc(out, ':');
		buf_put_uint(out, four_at2);
		buf_putc(out, ':');
		/* ExaBGP masks 13 bits, not the 14 the group has */
		buf_put_uint(out, two_at6 & 0x1FFF);
		return true;
	}
	case 0x0800: /* flowspec redirect to the UPDATE's next hop (draft-simpson) */
		buf_puts(out, v[7] & 0x01 ? "copy-to-nexthop" : "redirect-to-nexthop");
		return true;
	case 0x0C00: /* MUP direct segment identifier */
		buf_puts(out, "mup:");
		buf_put_uint(out, two);
		buf_putc(out, ':');
		buf_put_uint(out, four_at4);
		return true;
	default:
		return false;
	}
}

void ext_community_format(struct buf *out, const uint8_t value[8])
{
	if (!ext_format_known(out, value))
		put_hex_int(out, value, 8);
}

/* The (type & 0x0F) << 8 | subtype keys ext_format_known prints (the JSON writer asks per
 * community, so this is a lookup, not a trial print; a unit test keeps the two in step). */
static const uint16_t ext_known_keys[] = {
	0x0002, 0x0013, 0x0102, 0x0113, 0x0202, 0x0213, 0x0003, 0x0103, 0x0203, 0x0004,
	0x0006, 0x000C, 0x0007, 0x0008, 0x0208, 0x0009, 0x000A, 0x010C, 0x030C, 0x0314,
	0x0600, 0x0601, 0x0602, 0x0702, 0x0800, 0x0C00,
};

bool ext_community_known(const uint8_t value[8])
{
	uint16_t key = (uint16_t)((value[0] & 0x0F) << 8 | value[1]);
	for (size_t i = 0; i < sizeof(ext_known_keys) / sizeof(ext_known_keys[0]); i++)
		if (ext_known_keys[i] == key)
			return true;
	return false;
}

/* IPv6 address specific (RFC 5701): type(1) subtype(1) IPv6(16) local(2). */
static bool ipv6_ext_format_known(struct buf *out, const uint8_t v[20])
{
	char ip[IP_STR_MAX];
	unsigned type = v[0] & 0x0F, sub = v[1];
	bool copy = v[19] & 0x01;

	if (type == 0 && sub == 0x0C) {
		buf_puts(out, copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
		buf_puts(out, ip_format(AFI_IPV6, v + 2, ip));
		if (copy)
			buf_puts(out, " (with copy)");
		return true;
	}
	if (type == 0 && sub == 0x0B) { /* flowspec redirect to a VRF named by IPv6:N */
		buf_puts(out, "redirect ");
		buf_puts(out, ip_format(AFI_IPV6, v + 2, ip));
		buf_putc(out, ':');
		buf_put_uint(out, be16_load(v + 18));
		return true;
	}
	return false;
}

void ipv6_ext_community_format(struct buf *out, const uint8_t value[20])
{
	if (!ipv6_ext_format_known(out, value))
		put_hex_int(out, value, 20);
}

bool ipv6_ext_community_known(const uint8_t value[20])
{
	return (value[0] & 0x0F) == 0 && (value[1] == 0x0C || value[1] == 0x0B);
}

/* ---- parsing ---------------------------------------------------------------------- */

#define EXT_PARTS_MAX 6

struct ext_part {
	const char *s;
	size_t len;
};

/* One numeric field of "kind:a:b": decimal (ExaBGP tolerates a trailing 'L', its old
 * marker for a 4-octet AS) or a dotted quad read as a 32-bit number. */
static int ext_component(struct ext_part p, uint64_t *value, bool *long_mark, bool *dotted)
{
	uint8_t ip[4];
	*long_mark = *dotted = false;
	if (p.len > 1 && p.s[p.len - 1] == 'L') {
		*long_mark = true;
		p.len--;
	}
	if (scan_dec(p.s, p.len, UINT32_MAX, value) == 0)
		return 0;
	if (*long_mark)
		return -1;
	if (memchr(p.s, '.', p.len) && ipv4_parse(p.s, p.len, ip) == 0) {
		*dotted = true;
		*value = be32_load(ip);
		return 0;
	}
	return -1;
}

static int ext_numbers(const struct ext_part *parts, size_t n, uint64_t *values, bool *wide)
{
	*wide = false;
	for (size_t i = 0; i < n; i++) {
		bool long_mark, dotted;
		if (ext_component(parts[i], &values[i], &long_mark, &dotted) < 0)
			return -1;
		/* ExaBGP's rule for target/origin: a first field that is an address, carries the
		 * L mark or does not fit 16 bits selects the IPv4-address-specific layout */
		if (i == 0 && (long_mark || dotted || values[0] > 0xFFFF))
			*wide = true;
	}
	return 0;
}

static int ext_interface_set(const struct ext_part *parts, size_t n, uint8_t out[8])
{
	size_t i = 0;
	bool transitive = true;
	uint64_t asn, group;
	unsigned direction = 0;

	if (n == 4) {
		if (scan_word_is(parts[0].s, parts[0].len, "transitive"))
			transitive = true;
		else if (scan_word_is(parts[0].s, parts[0].len, "non-transitive"))
			transitive = false;
		else
			return -1;
		i = 1;
	} else if (n != 3) {
		return -1;
	}
	for (unsigned d = 1; d <= 3; d++)
		if (scan_word_is(parts[i].s, parts[i].len, interface_set_direction(d)))
			direction = d;
	if (direction == 0 || scan_dec(parts[i + 1].s, parts[i + 1].len, UINT32_MAX, &asn) < 0 ||
	    scan_dec(parts[i + 2].s, parts[i + 2].len, 0x3FFF, &group) < 0)
		return -1;
	out[0] = transitive ? 0x07 : 0x47;
	out[1] = 0x02;
	be32_store(out + 2, (uint32_t)asn);
	be16_store(out + 6, (uint16_t)(direction << 14 | group));
	return 0;
}

static int ext_rate_limit(const struct ext_part *parts, size_t n, uint8_t out[8])
{
	uint64_t rate;
	if (n < 1 || n > 2 || scan_dec(parts[0].s, parts[0].len, UINT64_MAX, &rate) < 0)
		return -1;
	if (n == 2 && !scan_word_is(parts[1].s, parts[1].len, "packets"))
		return -1;
	out[0] = 0x80;
	out[1] = n == 2 ? 0x0C : 0x06;
	be16_store(out + 2, 0); /* ExaBGP, Juniper and Arbor send AS 0 */
	float_store(out + 4, (float)rate);
	return 0;
}

int ext_community_parse(const char *s, size_t len, uint8_t out[8])
{
	struct ext_part parts[EXT_PARTS_MAX];
	size_t n = 0, start = 0;
	uint64_t v[EXT_PARTS_MAX];
	bool wide;

	if (len == 0)
		return -1;
	memset(out, 0, 8);
	if (memchr(s, ':', len) == NULL) {
		if (scan_has_hex_prefix(s, len)) {
			/* the raw 8 octets */
			if (len != 18)
				return -1;
			for (size_t i = 0; i < 8; i++) {
				int hi = hex_digit_value(s[2 + 2 * i]), lo = hex_digit_value(s[3 + 2 * i]);
				if (hi < 0 || lo < 0)
					return -1;
				out[i] = (uint8_t)(hi << 4 | lo);
			}
			return 0;
		}
		if (scan_word_is(s, len, "redirect-to-nexthop") || scan_word_is(s, len, "copy-to-nexthop")) {
			out[0] = 0x08;
			out[7] = s[0] == 'c' || s[0] == 'C' ? 0x01 : 0x00;
			return 0;
		}
		return -1;
	}

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (n == EXT_PARTS_MAX)
			return -1;
		parts[n].s = s + start;
		parts[n].len = i - start;
		n++;
		start = i + 1;
	}

	/* "A:B" alone is a route target */
	const struct ext_part *kind = NULL, *f = parts;
	size_t nf = n;
	if (n > 2) {
		kind = &parts[0];
		f = parts + 1;
		nf = n - 1;
	}
#define KIND_IS(lit) (kind && scan_word_is(kind->s, kind->len, lit))

	if (KIND_IS("interface-set"))
		return ext_interface_set(f, nf, out);
	if (KIND_IS("rate-limit") || (n == 2 && scan_word_is(parts[0].s, parts[0].len, "rate-limit")))
		return n == 2 ? ext_rate_limit(parts + 1, 1, out) : ext_rate_limit(f, nf, out);

	if (nf > EXT_PARTS_MAX - 1 || ext_numbers(f, nf, v, &wide) < 0)
		return -1;

	if (kind == NULL || KIND_IS("target") || KIND_IS("origin") || KIND_IS("target4") ||
	    KIND_IS("origin4")) {
		bool target = kind == NULL || KIND_IS("target") || KIND_IS("target4");
		if (nf != 2)
			return -1;
		if (KIND_IS("target4") || KIND_IS("origin4"))
			wide = true;
		out[1] = target ? 0x02 : 0x03;
		if (wide) {
			/* IPv4-address-specific layout (type 1): 4-octet field, 2-octet number */
			if (v[1] > 0xFFFF)
				return -1;
			out[0] = 0x01;
			be32_store(out + 2, (uint32_t)v[0]);
			be16_store(out + 6, (uint16_t)v[1]);
		} else {
			out[0] = 0x00;
			be16_store(out + 2, (uint16_t)v[0]);
			be32_store(out + 4, (uint32_t)v[1]);
		}
		return 0;
	}
	if (KIND_IS("redirect")) {
		if (nf != 2)
			return -1;
		if (v[0] <= 0xFFFF) {
			out[0] = 0x80;
			out[1] = 0x08;
			be16_store(out + 2, (uint16_t)v[0]);
			be32_store(out + 4, (uint32_t)v[1]);
		} else {
			/* RFC 7674: a 4-octet AS leaves 2 octets for the number */
			if (v[1] > 0xFFFF)
				return -1;
			out[0] = 0x82;
			out[1] = 0x08;
			be32_store(out + 2, (uint32_t)v[0]);
			be16_store(out + 6, (uint16_t)v[1]);
		}
		return 0;
	}
	if (KIND_IS("l2info")) {
		if (nf != 4 || v[0] > 0xFF || v[1] > 0xFF || v[2] > 0xFFFF || v[3] > 0xFFFF)
			return -1;
		out[0] = 0x80;
		out[1] = 0x0A;
		out[2] = (uint8_t)v[0];
		out[3] = (uint8_t)v[1];
		be16_store(out + 4, (uint16_t)v[2]);
		be16_store(out + 6, (uint16_t)v[3]);
		return 0;
	}
	if (KIND_IS("bandwidth") || KIND_IS("bandwith")) {
		if (nf != 2 || v[0] > 0xFFFF)
			return -1;
		out[0] = 0x40;
		out[1] = 0x04;
		be16_store(out + 2, (uint16_t)v[0]);
		float_store(out + 4, (float)v[1]);
		return 0;
	}
	if (KIND_IS("mup")) {
		if (nf != 2 || v[0] > 0xFFFF)
			return -1;
		out[0] = 0x0C;
		out[1] = 0x00;
		be16_store(out + 2, (uint16_t)v[0]);
		be32_store(out + 4, (uint32_t)v[1]);
		return 0;
	}
#undef KIND_IS
	return -1;
}
