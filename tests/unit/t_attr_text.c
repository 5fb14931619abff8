/* t_attr_text.c — attribute values in ExaBGP's text syntax: communities, large communities,
 * ORIGIN, extended communities (every string ExaBGP's JSON shows in the QA corpus) and
 * IPv6 extended communities; good and bad words. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/hex.h"
#include "model/attr_text.h"
#include "tap.h"

static struct buf out = BUF_INIT;

static const char *fmt_community(uint32_t v)
{
	buf_reset(&out);
	community_format(&out, v);
	return buf_cstr(&out);
}

static void test_community(void)
{
	uint32_t v = 0;

	is_str(fmt_community(0x78147814), "30740:30740", "community as ASN:VALUE");
	is_str(fmt_community(0), "0:0", "community 0:0");
	is_str(fmt_community(0xFFFFFF01), "no-export", "well-known no-export by name");
	is_str(fmt_community(0xFFFFFF02), "no-advertise", "well-known no-advertise by name");
	is_str(fmt_community(0xFFFFFF03), "no-export-subconfed", "well-known no-export-subconfed");
	is_str(fmt_community(0xFFFFFF04), "no-peer", "well-known no-peer");
	is_str(fmt_community(0xFFFF029A), "blackhole", "well-known blackhole");
	is_str(fmt_community(0xFFFFFF05), "65535:65285", "an unnamed 65535:x stays numeric");

	struct {
		const char *text;
		uint32_t want;
	} good[] = {
		{"30740:30740", 0x78147814}, {"0:0", 0},           {"65535:65535", 0xFFFFFFFF},
		{"0x10", 16},                {"0XFFFFFFFF", 0xFFFFFFFF}, {"no-export", 0xFFFFFF01},
		{"NO-EXPORT", 0xFFFFFF01},   {"no_export", 0xFFFFFF01}, {"no-advertise", 0xFFFFFF02},
		{"no_advertise", 0xFFFFFF02}, {"no-export-subconfed", 0xFFFFFF03},
		{"nopeer", 0xFFFFFF04},      {"no-peer", 0xFFFFFF04},   {"blackhole", 0xFFFF029A},
		{"4294967295", 0xFFFFFFFF},  {"65536", 0x10000},
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 0;
		ok(community_parse(good[i].text, strlen(good[i].text), &v) == 0 && v == good[i].want,
		   "community '%s' parses to 0x%08x", good[i].text, good[i].want);
	}
	const char *bad[] = {"65536:1", "1:65536", "0x100000000", "4294967296", "abc", "1:", ":1", "",
			     "1:2:3", "-1", "0x", "0xg", "no-exports", "1 :2", "+1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(community_parse(bad[i], strlen(bad[i]), &v) == -1, "community '%s' is refused", bad[i]);
	/* the length bounds the word: what follows is not read */
	ok(community_parse("1:2345", 3, &v) == 0 && v == 0x00010002, "community parse stops at len");
}

static void test_large(void)
{
	uint8_t v[12];
	static const uint8_t want123[12] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};

	buf_reset(&out);
	large_community_format(&out, want123);
	is_str(buf_cstr(&out), "1:2:3", "large community A:B:C");
	static const uint8_t big[12] = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x0B, 0x68, 0, 0, 0, 0x7B};
	buf_reset(&out);
	large_community_format(&out, big);
	is_str(buf_cstr(&out), "4294967295:2920:123", "large community with 32-bit parts");

	ok(large_community_parse("1:2:3", 5, v) == 0 && memcmp(v, want123, 12) == 0, "large 1:2:3");
	ok(large_community_parse("4294967295:2920:123", 19, v) == 0 && memcmp(v, big, 12) == 0,
	   "large with a 32-bit global admin");
	ok(large_community_parse("0x000000010000000200000003", 26, v) == 0 && memcmp(v, want123, 12) == 0,
	   "large community as one hex number");
	static const uint8_t two64[12] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
	ok(large_community_parse("18446744073709551616", 20, v) == 0 && memcmp(v, two64, 12) == 0,
	   "large community as one decimal number (2^64)");
	const char *bad[] = {"4294967296:0:0", "1:2", "1:2:3:4", "1::3", "a:b:c", "",
			     "79228162514264337593543950336", "0x1000000000000000000000000", "1:2:"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(large_community_parse(bad[i], strlen(bad[i]), v) == -1, "large community '%s' is refused", bad[i]);
}

static void test_origin(void)
{
	uint8_t o = 9;
	const char *names[] = {"igp", "egp", "incomplete"};
	for (uint8_t i = 0; i < 3; i++) {
		buf_reset(&out);
		origin_format(&out, i);
		is_str(buf_cstr(&out), names[i], "origin %u prints as %s", i, names[i]);
		ok(origin_parse(names[i], strlen(names[i]), &o) == 0 && o == i, "origin '%s' parses", names[i]);
	}
	ok(origin_parse("IGP", 3, &o) == 0 && o == 0, "origin is case-insensitive");
	ok(origin_parse("igpx", 4, &o) == -1, "origin 'igpx' refused");
	ok(origin_parse("ig", 2, &o) == -1, "origin 'ig' refused");
	buf_reset(&out);
	origin_format(&out, 7);
	is_str(buf_cstr(&out), "invalid", "an out-of-range origin says so");
}

static void unhex(const char *h, uint8_t *out_bytes, size_t n)
{
	struct buf b = BUF_INIT;
	hex_decode(h, strlen(h), &b, NULL);
	memcpy(out_bytes, b.data, n);
	buf_free(&b);
}

/* Every (value, string) pair the JSON of ExaBGP's QA corpus shows. */
static const struct {
	const char *hex;
	const char *string;
} corpus_ext[] = {
	{"0702000000008000", "interface-set:output:0:0"},
	{"0702000000fe80fe", "interface-set:output:254:254"},
	{"0702000004d2400a", "interface-set:input:1234:10"},
	{"0702000004d2c00a", "interface-set:input-output:1234:10"},
	{"4702caffee014001", "interface-set:input:3405770241:1"},
	{"0002000000000000", "target:0:0"},
	{"0002000100000001", "target:1:1"},
	{"0002000a0000000a", "target:10:10"},
	{"0002004800000001", "target:72:1"},
	{"000200c8000007d0", "target:200:2000"},
	{"0002019000012110", "target:400:74000"},
	{"000203e80a0a0a0a", "target:1000:168430090"},
	{"0800000000000000", "redirect-to-nexthop"},
	{"0800000000000001", "copy-to-nexthop"},
	{"0002271000000001", "target:10000:1"},
	{"0002282b04f95c78", "target:10283:83451000"},
	{"0102000113c81770", "target:0.1.19.200:6000"},
	{"0102000116202ee0", "target:0.1.22.32:12000"},
	{"0102080808081f40", "target:8.8.8.8:8000"},
	{"0102c0a85e0c0005", "target:192.168.94.12:5"},
	{"0103000113641388", "origin:0.1.19.100:5000"},
	{"0103000115bc2af8", "origin:0.1.21.188:11000"},
	{"0103020304051a85", "origin:2.3.4.5:6789"},
	{"0103070707071b58", "origin:7.7.7.7:7000"},
	{"010c010203040000", "redirect-to-nexthop-ietf 1.2.3.4"},
	{"0002d53f00000006", "target:54591:6"},
	{"0002fde800000001", "target:65000:1"},
	{"0002fde80001869f", "target:65000:99999"},
	{"0002fde900000001", "target:65001:1"},
	{"00030064000003e8", "origin:100:0.0.3.232"},
	{"0003012c00011d28", "origin:300:0.1.29.40"},
	{"0003092906070809", "origin:2345:6.7.8.9"},
	{"0c00000a0000000a", "mup:10:10"},
	{"0003232809090909", "origin:9000:9.9.9.9"},
	{"8006000000000000", "rate-limit:0"},
	{"800600003f800000", "rate-limit:1"},
	{"8006000040000000", "rate-limit:2"},
	{"8006000040400000", "rate-limit:3"},
	{"8006000046160000", "rate-limit:9600"},
	{"80060000477fff00", "rate-limit:65535"},
	{"800600004e9502f9", "rate-limit:1250000000"},
	{"8007000000000003", "action sample-terminal"},
	{"800801020203162e", "redirect:258:33756718"},
	{"8008051400014438", "redirect:1300:83000"},
	{"8008057800014820", "redirect:1400:84000"},
	{"8008fde900000077", "redirect:65001:119"},
	{"8008ffdc00003039", "redirect:65500:12345"},
	{"800900000000000a", "mark 10"},
	{"800a010234567890", "l2info:1:2:13398:30864"},
	{"800a130005dc006f", "l2info:19:0:1500:111"},
	{"800c0000447a0000", "rate-limit:1000:packets"},
};

/* Types the corpus does not show, from ExaBGP's classes. */
static const struct {
	const char *hex;
	const char *string;
} more_ext[] = {
	{"0202000111700001", "target:70000:1"},           /* 4-octet AS route target */
	{"0203000111700001", "origin:70000:1"},
	{"4002fde800000001", "target:65000:1"},           /* non-transitive: same class */
	{"0013fde800000001", "rtrecord:65000:1"},
	{"0113010203040005", "rtrecord:1.2.3.4:5"},
	{"40040064461c4000", "bandwith:100:10000"},       /* sic: ExaBGP's spelling */
	{"8007000000000002", "action sample"},
	{"8007000000000001", "action terminal"},
	{"8007000000000000", "action "},
	{"820800011170000a", "redirect:70000:10"},
	{"010c0a0000010001", "copy-to-nexthop-ietf 10.0.0.1 (with copy)"},
	{"030c000000000008", "encap:VXLAN"},
	{"030c000000000063", "encap:encap:UNKNOWN-99"},
	{"0314000000070000", "consistentHashSortOrder:7"},
	{"0600000000000005", "mac-mobility:5"},
	{"0600010000000005", "mac-mobility:5:sticky"},
	{"0601010000000640", "esi-label:100:single-active"},
	{"0602001122334455", "es-import:00:11:22:33:44:55"},
	{"0702000000010000", "interface-set:0:1:0"},      /* direction 0 has no name */
	{"0a0b0c0d0e0f1011", "0x0A0B0C0D0E0F1011"},       /* unknown: ExaBGP's repr */
	{"0001000000000000", "0x0001000000000000"},
	{"800600007f800000", "rate-limit:inf"},
	{"800600007fc00000", "rate-limit:nan"},
	{"80060000bf800000", "rate-limit:-1"},
	{"800600003fc00000", "rate-limit:1"},             /* 1.5 truncates */
	{"40040064403c0000", "bandwith:100:3"},           /* 2.9375 rounds */
};

static void test_ext_format(void)
{
	uint8_t v[8];
	for (size_t i = 0; i < sizeof(corpus_ext) / sizeof(corpus_ext[0]); i++) {
		unhex(corpus_ext[i].hex, v, 8);
		buf_reset(&out);
		ext_community_format(&out, v);
		is_str(buf_cstr(&out), corpus_ext[i].string, "ext %s (corpus JSON string)", corpus_ext[i].hex);
		ok(ext_community_known(v), "ext %s is a known type", corpus_ext[i].hex);
	}
	for (size_t i = 0; i < sizeof(more_ext) / sizeof(more_ext[0]); i++) {
		unhex(more_ext[i].hex, v, 8);
		buf_reset(&out);
		ext_community_format(&out, v);
		is_str(buf_cstr(&out), more_ext[i].string, "ext %s prints as ExaBGP's class does", more_ext[i].hex);
	}
	/* known() and format() must agree for every (type, subtype) pair */
	int disagree = 0;
	for (unsigned t = 0; t < 256; t++)
		for (unsigned s = 0; s < 256; s++) {
			uint8_t x[8] = {(uint8_t)t, (uint8_t)s, 0, 0, 0, 1, 0, 2};
			buf_reset(&out);
			ext_community_format(&out, x);
			bool hexed = strncmp(buf_cstr(&out), "0x", 2) == 0;
			if (hexed == ext_community_known(x))
				disagree++;
		}
	is_int(disagree, 0, "ext_community_known agrees with ext_community_format on all 65536 types");
}

static void test_ipv6_ext(void)
{
	uint8_t v[20];
	unhex("000c2a020b800000000100000000000000010000", v, 20);
	buf_reset(&out);
	ipv6_ext_community_format(&out, v);
	is_str(buf_cstr(&out), "redirect-to-nexthop-ietf 2a02:b80:0:1::1", "IPv6 ext: redirect to next hop (corpus)");
	ok(ipv6_ext_community_known(v), "IPv6 redirect-to-nexthop-ietf is known");
	unhex("000c2a020b800000000100000000000000010001", v, 20);
	buf_reset(&out);
	ipv6_ext_community_format(&out, v);
	is_str(buf_cstr(&out), "copy-to-nexthop-ietf 2a02:b80:0:1::1 (with copy)", "IPv6 ext: copy flag");
	unhex("800b20010db8000000000000000000000001fde8", v, 20);
	buf_reset(&out);
	ipv6_ext_community_format(&out, v);
	is_str(buf_cstr(&out), "redirect 2001:db8::1:65000", "IPv6 ext: redirect to VRF");
	unhex("0005000000000000000000000000000000000001", v, 20);
	buf_reset(&out);
	ipv6_ext_community_format(&out, v);
	/* Python's '0x{:016X}' of the 160-bit integer: leading zeros dropped */
	is_str(buf_cstr(&out), "0x5000000000000000000000000000000000001", "IPv6 ext unknown: ExaBGP's repr");
	ok(!ipv6_ext_community_known(v), "IPv6 ext unknown type");
}

static void check_ext_parse(const char *text, const char *want_hex)
{
	uint8_t v[8], want[8];
	unhex(want_hex, want, 8);
	int rc = ext_community_parse(text, strlen(text), v);
	ok(rc == 0 && memcmp(v, want, 8) == 0, "ext '%s' parses to %s", text, want_hex);
}

static void test_ext_parse(void)
{
	/* the configuration of ExaBGP's conf-extended-attributes test and its wire bytes */
	check_ext_parse("origin:100:1000", "00030064000003e8");
	check_ext_parse("target:200:2000", "000200c8000007d0");
	check_ext_parse("origin:300:73000", "0003012c00011d28");
	check_ext_parse("target:400:74000", "0002019000012110");
	check_ext_parse("origin:70500:5000", "0103000113641388");
	check_ext_parse("target:70600:6000", "0102000113c81770");
	check_ext_parse("origin:7.7.7.7:7000", "0103070707071b58");
	check_ext_parse("target:8.8.8.8:8000", "0102080808081f40");
	check_ext_parse("origin:9000:9.9.9.9", "0003232809090909");
	check_ext_parse("target:1000:10.10.10.10", "000203e80a0a0a0a");
	check_ext_parse("origin4:71100:11000", "0103000115bc2af8");
	check_ext_parse("target4:71200:12000", "0102000116202ee0");
	check_ext_parse("redirect:1300:83000", "8008051400014438");
	check_ext_parse("redirect:1400:84000", "8008057800014820");
	check_ext_parse("l2info:1:2:13398:30864", "800a010234567890");
	/* other shapes */
	check_ext_parse("65000:1", "0002fde800000001");
	check_ext_parse("target:65000:1", "0002fde800000001");
	check_ext_parse("target:100L:1", "0102000000640001");
	check_ext_parse("0x0002fde800000001", "0002fde800000001");
	check_ext_parse("0X0A0B0C0D0E0F1011", "0a0b0c0d0e0f1011");
	check_ext_parse("redirect-to-nexthop", "0800000000000000");
	check_ext_parse("copy-to-nexthop", "0800000000000001");
	check_ext_parse("rate-limit:0", "8006000000000000");
	check_ext_parse("rate-limit:9600", "8006000046160000");
	check_ext_parse("rate-limit:1000:packets", "800c0000447a0000");
	check_ext_parse("redirect:65500:12345", "8008ffdc00003039");
	check_ext_parse("redirect:70000:10", "820800011170000a");
	check_ext_parse("interface-set:transitive:input:1234:10", "0702000004d2400a");
	check_ext_parse("interface-set:non-transitive:input:3405770241:1", "4702caffee014001");
	check_ext_parse("interface-set:transitive:input-output:1234:10", "0702000004d2c00a");
	check_ext_parse("interface-set:output:254:254", "0702000000fe80fe");
	check_ext_parse("bandwidth:100:10000", "40040064461c4000");
	check_ext_parse("bandwith:100:10000", "40040064461c4000");
	check_ext_parse("mup:10:10", "0c00000a0000000a");
	check_ext_parse("l2info:19:0:1500:111", "800a130005dc006f");

	const char *bad[] = {
		"target:65000:4294967296", /* 32-bit number field */
		"target:70000:65536",      /* 4-octet field leaves 16 bits */
		"target:1.2.3.4:65536",
		"target:1.2.3:4",          /* not an address */
		"target:a:1",
		"target:1",                /* "target:1" is the target 'target' : 1 */
		"foo:1:2",
		"0x0002fde8000000",        /* seven octets */
		"0x0002fde80000000102",
		"0x0002fde80000000g",
		"l2info:256:0:0:0",
		"l2info:1:2:3",
		"redirect:1:2:3",
		"interface-set:sideways:1:2",
		"interface-set:transitive:input:1:16384", /* 14-bit group */
		"interface-set:maybe:input:1:2",
		"rate-limit:x",
		"rate-limit:1:bytes",
		"mup:65536:1",
		"bandwidth:65536:1",
		"",
		"redirect-to-nexthops",
		"1:2:3:4:5:6:7",
		":",
	};
	uint8_t v[8];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(ext_community_parse(bad[i], strlen(bad[i]), v) == -1, "ext '%s' is refused", bad[i]);

	/* every string that names one value reads back as that value */
	for (size_t i = 0; i < sizeof(corpus_ext) / sizeof(corpus_ext[0]); i++) {
		uint8_t want[8];
		const char *s = corpus_ext[i].string;
		unhex(corpus_ext[i].hex, want, 8);
		if (strchr(s, ' ') || strncmp(s, "interface-set", 13) == 0)
			continue; /* "mark 10" is two words; interface-set loses transitivity */
		if (ext_community_parse(s, strlen(s), v) != 0)
			continue; /* not every printed form is a grammar form (checked below) */
		ok(memcmp(v, want, 8) == 0 || strncmp(s, "target:", 7) == 0 || strncmp(s, "origin:", 7) == 0,
		   "'%s' reads back as %s", s, corpus_ext[i].hex);
	}
}

int main(void)
{
	test_community();
	test_large();
	test_origin();
	test_ext_format();
	test_ipv6_ext();
	test_ext_parse();
	buf_free(&out);
	return done_testing();
}
