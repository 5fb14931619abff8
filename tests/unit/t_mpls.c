/* t_mpls.c — wire/label, wire/nlri_mpls, wire/prefix_sid: label stacks, labelled and VPN
 * NLRI both ways (RFC 8277, RFC 4364, RFC 4659), their malformed forms (RFC 7606 5.3),
 * VPN next hops, and the Prefix-SID TLVs (RFC 8669, RFC 9252). */
#include "core/buf.h"
#include "core/hex.h"
#include "wire/family.h"
#include "wire/label.h"
#include "wire/nlri_mpls.h"
#include "wire/prefix_sid.h"
#include "tap.h"

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hex_digit_value(hex[2 * i]) << 4 | hex_digit_value(hex[2 * i + 1]));
	return n;
}

static void test_labels(void)
{
	struct label_stack s;
	uint32_t values[3] = {100, 200, 1048575};
	is_int(label_stack_from_values(&s, values, 3), 0, "three labels make a stack");
	is_int(s.raw[0], 100 << 4, "first entry: no bottom-of-stack bit");
	is_int(s.raw[2], (1048575u << 4) | 1, "last entry: bottom of stack");
	uint32_t zero_first[2] = {0, 45}, zero_last[2] = {45, 0};
	is_int(label_stack_from_values(&s, zero_first, 2), -1, "label 0 above the bottom is refused (it ends a stack)");
	is_int(label_stack_from_values(&s, zero_last, 2), 0, "label 0 at the bottom is a label");
	uint8_t empty = 0;
	ok(!prefix_sid_is_text(&empty, 0), "an empty prefix SID has no text");
	uint32_t big = 1048576;
	is_int(label_stack_from_values(&s, &big, 1), -1, "a label beyond 20 bits is refused");

	/* 0x800000 ends a withdrawal's stack (RFC 8277 2.4) but not an announcement's */
	uint8_t wire[] = {0x80, 0x00, 0x00, 0x00, 0x06, 0x41};
	struct cursor c = cursor_make(wire, sizeof(wire), 0);
	unsigned bits = 48;
	is_int(label_stack_read(&c, &bits, 0, true, &s), 0, "withdrawal stack reads");
	is_int(s.count, 1, "withdrawal: 0x800000 ends the stack");
	c = cursor_make(wire, sizeof(wire), 0);
	bits = 48;
	is_int(label_stack_read(&c, &bits, 0, false, &s), 0, "announcement stack reads");
	is_int(s.count, 2, "announcement: read up to the bottom of stack");
	is_int(label_value(s.raw[1]), 100, "second label is 100");
}

static void check_read(uint16_t afi, uint8_t safi, const char *hex, const char *prefix, int nlabels,
		       const char *rd)
{
	uint8_t data[128];
	size_t len = unhex(hex, data);
	struct cursor c = cursor_make(data, len, 0);
	struct nlri n;
	struct wire_error err;
	struct nlri_mpls m;
	char text[NLRI_PREFIX_STR_MAX], rdtext[RD_STR_MAX];
	wire_error_clear(&err);
	int rc = nlri_mpls_read(&c, afi, safi, false, false, &n, &err);
	ok(rc == 0, "reads %s", hex);
	if (rc != 0) {
		printf("#   %s\n", err.why);
		return;
	}
	ok(cursor_empty(&c), "%s: all read", hex);
	is_str(nlri_prefix_format(&n, text), prefix, "%s: prefix", hex);
	is_int(nlri_mpls_split(&n, &m), 0, "%s: splits", hex);
	is_int(m.labels.count, nlabels, "%s: labels", hex);
	if (rd)
		is_str(rd_format(m.rd, rdtext), rd, "%s: rd", hex);
	/* and back: the same bytes */
	uint8_t storage[NLRI_MPLS_MAX];
	struct nlri back;
	is_int(nlri_mpls_make(&back, storage, afi, safi, &m), 0, "%s: builds", hex);
	ok(back.len == n.len && memcmp(back.data, n.data, n.len) == 0, "%s: same bytes", hex);
}

static void check_malformed(uint16_t afi, uint8_t safi, const char *hex)
{
	uint8_t data[128];
	size_t len = unhex(hex, data);
	struct cursor c = cursor_make(data, len, 0);
	struct nlri n;
	struct wire_error err;
	wire_error_clear(&err);
	is_int(nlri_mpls_read(&c, afi, safi, false, false, &n, &err), -1, "malformed %s refused", hex);
	is_int(err.action, WIRE_SESSION_RESET, "malformed %s: session reset (RFC 7606 5.3)", hex);
}

static void test_nlri(void)
{
	/* ExaBGP's corpus: conf-vpn, conf-prefix-sid, conf-parity */
	check_read(AFI_IPV4, SAFI_MPLS_VPN, "71003E810000FDE8000000010A000000", "10.0.0.0/25", 1, "65000:1");
	check_read(AFI_IPV4, SAFI_NLRI_MPLS, "38C35011C6336464", "198.51.100.100/32", 1, NULL);
	check_read(AFI_IPV6, SAFI_MPLS_VPN, "880039E100000C8F22C6DB3D20014B5020C0", "2001:4b50:20c0::/48", 1,
		   "3215:583457597");
	check_read(AFI_IPV4, SAFI_NLRI_MPLS, "3800064000C81114", "20.0.0.0/8", 2, NULL);
	check_malformed(AFI_IPV4, SAFI_MPLS_VPN, "71003E810000FDE8000000010A00"); /* short */
	check_malformed(AFI_IPV4, SAFI_MPLS_VPN, "50003E810000FDE800");            /* no room for RD */
	check_malformed(AFI_IPV4, SAFI_NLRI_MPLS, "50000641FFFFFFFFFF");           /* /56 in IPv4 */
	check_malformed(AFI_IPV4, SAFI_NLRI_MPLS, "FF000000000000000000000000000000000000000000000000"
						  "0000000000000000000000");                 /* endless stack */
	check_malformed(AFI_IPV4, SAFI_NLRI_MPLS, "");
}

static void test_sort_key(void)
{
	/* ExaBGP sorts by the NLRI without its labels: 10.0.0.0/25 rd 65000:1 label 1000 */
	uint8_t data[64], key[NLRI_MPLS_MAX];
	struct nlri n = {.afi = AFI_IPV4, .safi = SAFI_MPLS_VPN};
	n.len = (uint16_t)unhex("71003E810000FDE8000000010A000000", data);
	n.data = data;
	size_t len = nlri_mpls_sort_key(&n, key);
	is_int(len, 13, "sort key: length octet, RD, prefix");
	is_int(key[0], 89, "sort key length counts the RD and the prefix only (64 + 25)");
}

static void test_nexthop(void)
{
	uint8_t nh[48] = {0}, addr[32];
	nh[8] = 10;
	is_int(nlri_vpn_nexthop_strip(nh, 12, addr), 4, "RD + IPv4");
	is_int(addr[0], 10, "the address after the RD");
	is_int(nlri_vpn_nexthop_strip(nh, 24, addr), 16, "RD + IPv6 (RFC 4659, RFC 8950)");
	is_int(nlri_vpn_nexthop_strip(nh, 48, addr), 32, "RD + global, RD + link-local");
	is_int(nlri_vpn_nexthop_strip(nh, 16, addr), -1, "no RD: refused");
	nh[0] = 1;
	is_int(nlri_vpn_nexthop_strip(nh, 12, addr), -1, "non-zero RD: refused");
	struct buf b = BUF_INIT;
	uint8_t v4[4] = {192, 0, 2, 1};
	nlri_vpn_nexthop_put(&b, v4, 4);
	is_int(b.len, 12, "written with its RD");
	buf_free(&b);
}

static void test_prefix_sid(void)
{
	uint8_t v[128];
	struct prefix_sid ps;
	size_t len = unhex("0100070000000000012C03000E00000C35000010000F4240001388", v);
	is_int(prefix_sid_parse(v, len, &ps), 0, "label index + SRGB parse");
	is_int(ps.label_index, 300, "label index");
	is_int(ps.nsrgb, 2, "two SRGB ranges");
	is_int(ps.srgb[1][0], 1000000, "second base");
	struct buf b = BUF_INIT;
	prefix_sid_pack_label_index(&b, 300, (const uint32_t(*)[2])ps.srgb, ps.nsrgb);
	ok(b.len == len && memcmp(b.data, v, len) == 0, "packs back to the same octets");
	buf_free(&b);
	len = unhex("05001900010015002001000100000000000000000000000000000000", v);
	is_int(prefix_sid_parse(v, len, &ps), 0, "SRv6 L3 service parses");
	is_int(ps.nsids, 1, "one SID");
	len = unhex("01000600000000", v);
	is_int(prefix_sid_parse(v, len, &ps), -1, "label index of length 6 refused");
	len = unhex("010007000000", v);
	is_int(prefix_sid_parse(v, len, &ps), -1, "truncated TLV refused");
}

int main(void)
{
	test_labels();
	test_nlri();
	test_sort_key();
	test_nexthop();
	test_prefix_sid();
	return done_testing();
}
