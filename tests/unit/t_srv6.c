/* t_srv6.c — wire/prefix_sid_srv6 and model/srv6_text: the SRv6 service TLVs of the
 * Prefix-SID attribute (RFC 9252) as ExaBGP writes them, `bgp-prefix-sid-srv6 ( ... )` read
 * and printed back, the short forms, and the errors that name what is wrong. */
#include "core/buf.h"
#include "core/hex.h"
#include "model/route_text.h"
#include "model/srv6_text.h"
#include "model/update_collection.h"
#include "wire/attr.h"
#include "wire/prefix_sid_srv6.h"
#include "tap.h"

/* l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] (ExaBGP's corpus, conf-srv6-mup) */
static const char L3_HEX[] = "0500220001001E0020010DB800010001000000000000000000004800010006401810000000";

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hex_digit_value(hex[2 * i]) << 4 | hex_digit_value(hex[2 * i + 1]));
	return n;
}

static void test_wire(void)
{
	uint8_t v[128];
	size_t len = unhex(L3_HEX, v);
	struct prefix_sid ps;
	ok(prefix_sid_srv6_is_simple(v, (uint32_t)len, &ps), "the corpus value is one SID as ExaBGP packs it");
	is_int(ps.sids[0].behavior, 0x48, "behavior");
	is_int(ps.sids[0].structure[1], 24, "locator node length");
	struct buf b = BUF_INIT;
	prefix_sid_srv6_pack(&b, PREFIX_SID_TLV_SRV6_L3, &ps.sids[0]);
	ok(b.len == len && memcmp(b.data, v, len) == 0, "packs back to the same octets");
	buf_free(&b);

	v[24] = 0x80; /* the SID's flags: ExaBGP writes 0, so text could not give them back */
	ok(!prefix_sid_srv6_is_simple(v, (uint32_t)len, &ps), "a SID with flags is not the text's");
	len = unhex("0500220001001E0020010DB80001000100000000000000000000480001000640181000", v);
	ok(!prefix_sid_srv6_is_simple(v, (uint32_t)len, &ps), "a truncated structure is refused");
}

static void round_trip(struct update_collection *c, const char *cmd, const char *printed)
{
	struct route_text_error e;
	struct buf out = BUF_INIT;
	update_collection_reset(c);
	int rc = route_text_parse(c, cmd, strlen(cmd), NULL, &e);
	is_int(rc, 0, "parses: %s", cmd);
	if (rc < 0) {
		printf("#   %s\n", e.why);
		return;
	}
	route_text_format_collection(&out, c);
	if (out.len)
		out.len--;
	is_str(buf_cstr(&out), printed, "prints: %s", printed);
	buf_free(&out);
}

static void test_text(void)
{
	struct update_collection coll;
	update_collection_init(&coll);
	const char *full = "announce ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1 extended-community "
			   "[target:10:10] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )";
	round_trip(&coll, full, full);
	/* the attribute is the corpus octets, kept whole in attr_set.unknown */
	uint8_t v[128];
	size_t len = unhex(L3_HEX, v);
	const struct bytes u = coll.routes[0].attrs->unknown;
	ok(u.len == len + 3 && u.ptr[0] == 0xC0 && u.ptr[1] == ATTR_PREFIX_SID && memcmp(u.ptr + 3, v, len) == 0,
	   "Prefix-SID attribute 0xC0 40 with the corpus value");

	/* ExaBGP's short forms: no structure; no behavior either (0xFFFF) */
	round_trip(&coll, "announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2 bgp-prefix-sid-srv6 ( l2-service 2001:5:: 21 )",
		   "announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2 bgp-prefix-sid-srv6 ( l2-service 2001:5:: 0x15 )");
	round_trip(&coll, "announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2 bgp-prefix-sid-srv6 ( l3-service 2001:1:: )",
		   "announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2 bgp-prefix-sid-srv6 ( l3-service 2001:1:: 0xffff )");
	/* a prefix route carries it too (conf-prefix-sid-srv6) */
	round_trip(&coll, "announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 2001:3:: 0x13 [48,16,0,0,16,64] )",
		   "announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 2001:3:: 0x13 [48,16,0,0,16,64] )");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 l3-service",
		 "bgp-prefix-sid-srv6: 'l3-service' found where '(' starts the SRv6 service (at 65)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l4-service 2001:: )",
		 "bgp-prefix-sid-srv6: 'l4-service' is not l3-service or l2-service (at 67)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 10.0.0.1 )",
		 "bgp-prefix-sid-srv6: '10.0.0.1' is not an IPv6 address (the SRv6 SID) (at 78)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 2001:: 0x10000 )",
		 "bgp-prefix-sid-srv6: '0x10000' is not an endpoint behavior (0-65535 or 0x0-0xffff) (at 85)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 2001:: 1 [1,2,3,4,5] )",
		 "bgp-prefix-sid-srv6: ']' is not a SID structure length (0-255; six of them) (at 97)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid-srv6 ( l3-service 2001:: 1 [1,2,3,4,5,256] )",
		 "bgp-prefix-sid-srv6: '256' is not a SID structure length (0-255; six of them) (at 98)"},
		{"announce route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid 7 bgp-prefix-sid-srv6 ( l3-service 2001:: )",
		 "bgp-prefix-sid-srv6: ')' repeats an attribute already given (at 102)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct route_text_error e;
		update_collection_reset(&coll);
		is_int(route_text_parse(&coll, bad[i].text, strlen(bad[i].text), NULL, &e), -1, "refused: %s", bad[i].text);
		is_str(e.why, bad[i].why, "why: %s", bad[i].text);
	}
	update_collection_fini(&coll);
}

int main(void)
{
	test_wire();
	test_text();
	return done_testing();
}
