/* t_attr.c — each path attribute: valid parse, the values it yields, and the pack round trip
 * (parse then pack gives back the canonical bytes), plus the descriptor table, unknown
 * attributes, MP attribute location and the packing order.
 */
#include "t_attr_util.h"

static void test_table(void)
{
	const struct attr_desc *d = attr_desc_find(ATTR_ORIGIN);
	ok(d && strcmp(d->name, "origin") == 0 && d->flags == 0x40, "ORIGIN row: name and flags");
	ok(d && d->on_error == WIRE_TREAT_AS_WITHDRAW && d->parse && d->pack, "ORIGIN row: action and functions");
	d = attr_desc_find(ATTR_AGGREGATOR);
	ok(d && d->flags == 0xC0 && d->on_error == WIRE_ATTR_DISCARD, "AGGREGATOR row: C0, attribute discard");
	d = attr_desc_find(ATTR_MP_REACH_NLRI);
	ok(d && d->on_error == WIRE_SESSION_RESET && d->parse == NULL, "MP_REACH_NLRI row: session reset");
	d = attr_desc_find(ATTR_BGP_LS);
	ok(d && d->flags == 0x80 && d->parse == NULL, "BGP-LS row: kept raw");
	ok(attr_desc_find(0x99) == NULL, "no row for an unknown code");
	ok(attr_desc_find(0) == NULL, "no row for code 0");
	static const uint8_t codes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 22, 23, 25, 26, 29, 32, 35, 40};
	int good = 0;
	for (size_t i = 0; i < sizeof(codes); i++) {
		d = attr_desc_find(codes[i]);
		good += d && d->code == codes[i] && d->name && (d->flags & 0x3f) == 0 && (d->parse == NULL) == (d->pack == NULL);
	}
	is_int(good, (int)sizeof(codes), "every row names its own code, sane flags, parse and pack together");
}

static void test_each_attribute(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct parsed p;

	/* ORIGIN */
	expect_round_trip("ORIGIN igp", "40010100", &c4);
	expect_round_trip("ORIGIN incomplete", "40010102", &c4);
	parse_hex(&p, "40010101", &c4, false);
	ok(p.rc == 0 && (p.set.present & ATTR_BIT(ATTR_ORIGIN)) && p.set.origin == ORIGIN_EGP, "ORIGIN egp value");
	parsed_fini(&p);

	/* AS_PATH, 4-octet */
	expect_round_trip("AS_PATH empty", "400200", &c4);
	expect_round_trip("AS_PATH sequence", "40020A02020000E1DD00001B1B", &c4);
	expect_round_trip("AS_PATH set, sequence and confederations",
			  "4002200102000000010000000202010000000303010000FDE904020000FDEA0000FDEB", &c4);
	parse_hex(&p, "400200", &c4, false);
	ok(p.rc == 0 && (p.set.present & ATTR_BIT(ATTR_AS_PATH)) && p.set.as_path.len == 0,
	   "empty AS_PATH is present and empty");
	parsed_fini(&p);
	parse_hex(&p, "40020A02020000E1DD00001B1B", &c4, false);
	ok(p.set.as_path.ptr == p.bytes.data + 3 && p.set.as_path.len == 10,
	   "4-octet AS_PATH is a view into the message");
	is_int(p.arena.bytes, 0, "a 4-octet session allocates nothing");
	parsed_fini(&p);

	/* NEXT_HOP */
	expect_round_trip("NEXT_HOP", "4003040A00FFFE", &c4);
	parse_hex(&p, "4003040A00FFFE", &c4, false);
	ok(memcmp(p.set.next_hop, "\x0a\x00\xff\xfe", 4) == 0, "NEXT_HOP value");
	parsed_fini(&p);

	/* MED, LOCAL_PREF, ATOMIC_AGGREGATE */
	expect_round_trip("MED", "80040400000064", &c4);
	expect_round_trip("LOCAL_PREF", "400504FFFFFFFF", &c4);
	expect_round_trip("ATOMIC_AGGREGATE", "400600", &c4);
	parse_hex(&p, "8004040000006440050400000032", &c4, false);
	ok(p.set.med == 100 && p.set.local_pref == 50, "MED and LOCAL_PREF values");
	parsed_fini(&p);

	/* AGGREGATOR, 4-octet session (ExaBGP conf-aggregator) */
	expect_round_trip("AGGREGATOR 4-octet", "C00708000046E0DB76E1BD", &c4);
	parse_hex(&p, "C00708000046E0DB76E1BD", &c4, false);
	ok(p.set.aggregator_as == 18144 && memcmp(p.set.aggregator_ip, "\xdb\x76\xe1\xbd", 4) == 0,
	   "AGGREGATOR 18144:219.118.225.189");
	parsed_fini(&p);

	/* COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST (ExaBGP conf-parity, conf-l2vpn) */
	expect_round_trip("COMMUNITIES", "C00808FDE80021FDE80022", &c4);
	parse_hex(&p, "C00808FDE80021FDE80022", &c4, false);
	ok(p.set.communities.len == 8 && p.set.communities.ptr == p.bytes.data + 3, "COMMUNITIES view");
	parsed_fini(&p);
	expect_round_trip("ORIGINATOR_ID", "800904392302F0", &c4);
	parse_hex(&p, "800904392302F0", &c4, false);
	is_int(p.set.originator_id, 0x392302F0, "ORIGINATOR_ID in host order");
	parsed_fini(&p);
	expect_round_trip("CLUSTER_LIST", "800A0803030303C0A8C901", &c4);

	/* EXTENDED, IPv6 EXTENDED, LARGE COMMUNITIES, AIGP, OTC */
	expect_round_trip("EXTENDED_COMMUNITIES", "C010100002282B04F95C788006000000000000", &c4);
	expect_round_trip("IPv6 EXTENDED_COMMUNITIES", "C01914000220010DB80000000000000000000000010064", &c4);
	expect_round_trip("LARGE_COMMUNITIES", "C020180000000100000002000000030000000A0000000B0000000C", &c4);
	expect_round_trip("AIGP", "801A0B01000B0000000000000064", &c4);
	expect_round_trip("AIGP with an unknown TLV kept", "801A0F01000B000000000000006402000401", &c4);
	expect_round_trip("OTC", "C0230400010000", &c4);
	parse_hex(&p, "C0230400010000", &c4, false);
	is_int(p.set.otc, 65536, "OTC value");
	parsed_fini(&p);

	/* every attribute at once, in ExaBGP's order */
	expect_round_trip("all attributes together",
			  "40010100" "40020602010000FDE8" "4003040A000001" "80040400000064" "40050400000064" "400600"
			  "C00708000046E0DB76E1BD" "C00804FDE80021" "800904392302F0" "800A0403030303"
			  "C010080002282B04F95C78" "C01914000220010DB80000000000000000000000010064"
			  "801A0B01000B0000000000000064" "C0200C000000010000000200000003" "C0230400010000"
			  "E0630400000001",
			  &c4);

	/* the same on a 2-octet session: only AS_PATH and AGGREGATOR change shape */
	struct open_context c2 = ctx_make(false, true);
	expect_round_trip("all attributes together, 2-octet session",
			  "40010100" "4002040201FDE8" "4003040A000001" "80040400000064" "40050400000064" "400600"
			  "C0070646E0DB76E1BD" "C00804FDE80021" "800904392302F0" "800A0403030303"
			  "C010080002282B04F95C78" "C01914000220010DB80000000000000000000000010064"
			  "801A0B01000B0000000000000064" "C0200C000000010000000200000003" "C0230400010000"
			  "E0630400000001",
			  &c2);
	parse_hex(&p, "4002040201FDE8" "C0070646E0DB76E1BD", &c2, false);
	char *got = pack_hex(&p.set, &c4, NULL, NULL);
	is_str(got, "40020602010000FDE8" "C00708000046E0DB76E1BD", "2-octet session's set packed for a 4-octet peer");
	free(got);
	parsed_fini(&p);
}

static void test_extended_length(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct buf hex = BUF_INIT;
	struct parsed p;

	/* 64 communities = 256 octets: the Extended Length bit, as ExaBGP sets it above 255 */
	buf_puts(&hex, "D0080100");
	for (int i = 0; i < 64; i++)
		buf_printf(&hex, "FDE8%04X", i);
	expect_round_trip("COMMUNITIES of 256 octets use Extended Length", buf_cstr(&hex), &c4);
	buf_free(&hex);

	/* 63 communities = 252 octets, sent with Extended Length: accepted, packed short */
	buf_puts(&hex, "D00800FC");
	for (int i = 0; i < 63; i++)
		buf_printf(&hex, "FDE8%04X", i);
	parse_hex(&p, buf_cstr(&hex), &c4, false);
	is_int(p.rc, 0, "Extended Length on a short value is accepted");
	char *got = pack_hex(&p.set, &c4, NULL, NULL);
	ok(strncmp(got, "C008FC", 6) == 0, "... and packed with a one-octet length");
	free(got);
	parsed_fini(&p);
	buf_free(&hex);

	/* ORIGIN with Extended Length */
	parse_hex(&p, "5001000102", &c4, false);
	ok(p.rc == 0 && p.set.origin == 2, "ORIGIN with Extended Length parses");
	got = pack_hex(&p.set, &c4, NULL, NULL);
	is_str(got, "40010102", "ORIGIN packs canonically");
	free(got);
	parsed_fini(&p);
}

static void test_aspath_build(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct buf path = BUF_INIT;
	uint32_t asns[300];
	for (int i = 0; i < 300; i++)
		asns[i] = (uint32_t)(i + 1);

	aspath_put_segment(&path, AS_SEQUENCE, asns, 300);
	aspath_put_segment(&path, AS_SET, asns, 0);
	aspath_put_segment(&path, AS_SET, asns, 2);
	is_int(path.len, 2 + 255 * 4 + 2 + 45 * 4 + 2 + 2 * 4, "300 ASNs split 255 + 45, empty segment omitted");

	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *v;
	struct bytes view = {path.data, (uint32_t)path.len};
	aspath_iter_init(&it, view);
	ok(aspath_iter_next(&it, &type, &count, &v) && type == AS_SEQUENCE && count == 255 && be32_load(v) == 1,
	   "segment 1: sequence of 255 from 1");
	ok(aspath_iter_next(&it, &type, &count, &v) && type == AS_SEQUENCE && count == 45 && be32_load(v) == 256,
	   "segment 2: sequence of 45 from 256");
	ok(aspath_iter_next(&it, &type, &count, &v) && type == AS_SET && count == 2, "segment 3: set of 2");
	ok(!aspath_iter_next(&it, &type, &count, &v), "then the end");

	struct attr_set set;
	memset(&set, 0, sizeof(set));
	set.present = ATTR_BIT(ATTR_AS_PATH);
	set.as_path = view;
	char *got = pack_hex(&set, &c4, NULL, NULL);
	ok(strncmp(got, "500204BE02FF00000001", 20) == 0, "1204-octet AS_PATH: Extended Length, 255 first");
	free(got);
	struct open_context c2 = ctx_make(false, true);
	got = pack_hex(&set, &c2, NULL, NULL);
	ok(strncmp(got, "50020262" "02FF0001", 16) == 0, "same path for a 2-octet peer: 608 octets");
	free(got);
	buf_free(&path);
}

static void test_unknown(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct parsed p;
	char *got;

	/* optional transitive unknown: kept, Partial set (RFC 4271 5, ExaBGP collection.py) */
	parse_hex(&p, "C0630400000001", &c4, false);
	is_int(p.err.action, WIRE_OK, "unknown optional transitive: no error");
	got = pack_hex(&p.set, &c4, NULL, NULL);
	is_str(got, "E0630400000001", "unknown optional transitive: passed on with Partial");
	free(got);
	is_int(p.set.present, 0, "unknown attributes have no present bit");
	parsed_fini(&p);

	/* optional non-transitive unknown: quietly ignored (RFC 4271 5) */
	parse_hex(&p, "80630400000001", &c4, false);
	ok(p.rc == 0 && p.err.action == WIRE_OK && p.set.unknown.len == 0, "unknown non-transitive: ignored");
	parsed_fini(&p);

	/* ExaBGP conf-generic-attribute: 0x60 and 0x70 (Extended Length kept) go through unchanged */
	expect_round_trip("generic attribute 0x60", "60990400000064", &c4);
	expect_round_trip("generic attribute 0x70 keeps its two-octet length", "7099000400000064", &c4);
	parse_hex(&p, "7099000400000064", &c4, false);
	ok(p.set.unknown.ptr == p.bytes.data && p.arena.bytes == 0, "one unchanged unknown is a view, no copy");
	parsed_fini(&p);

	/* several unknowns, out of order on the wire: sorted into `unknown`, interleaved by code */
	parse_hex(&p, "E0FA0101" "40010100" "E00C0102" "80040400000001" "C0110400000001", &c4, false);
	/* C011 is AS4_PATH, a known code: discarded on a 4-octet session */
	got = pack_hex(&p.set, &c4, NULL, NULL);
	is_str(got, "40010100" "80040400000001" "E00C0102" "E0FA0101", "unknown attributes interleaved by code");
	free(got);
	parsed_fini(&p);

	/* known-elsewhere attributes (BGP-LS, Prefix-SID) are kept raw, non-transitive too, no Partial */
	expect_round_trip("BGP-LS attribute kept raw", "801D0704030003010203", &c4);
	expect_round_trip("Prefix-SID kept raw", "C0280A01000700000000000309", &c4);

	/* a builder's unknown attribute is sent with exactly its flags */
	struct attr_set set;
	static const uint8_t raw[] = {0x40, 0x99, 0x01, 0x07};
	memset(&set, 0, sizeof(set));
	set.unknown = (struct bytes){raw, sizeof(raw)};
	got = pack_hex(&set, &c4, NULL, NULL);
	is_str(got, "40990107", "route text's attribute [0x99 0x40 0x07] is sent as given");
	free(got);
}

static void test_mp(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct parsed p;

	/* MP_UNREACH first, MP_REACH last: as ExaBGP sends them */
	static const char section[] = "900F0003000201" "40010100" "400200" "40050400000064"
				      "C010080002282B04F95C78" "800E0D000101040A00000100180A0001";
	parse_hex(&p, section, &c4, false);
	is_int(p.rc, 0, "MP section parses");
	is_int(p.err.action, WIRE_OK, "MP section: no error (%s)", p.err.why);
	ok(p.mp.has_reach && p.mp.reach.len == 13 && p.mp.reach.ptr == p.bytes.data + 35, "MP_REACH view");
	is_int(p.mp.reach_offset, 23 + 35, "MP_REACH absolute offset");
	ok(p.mp.has_unreach && p.mp.unreach.len == 3 && p.mp.unreach.ptr == p.bytes.data + 4, "MP_UNREACH view");
	struct bytes reach = {p.bytes.data + 32, 16}, unreach = {p.bytes.data, 7};
	char *got = pack_hex(&p.set, &c4, &reach, &unreach);
	is_str(got, section, "MP_UNREACH first, attributes, MP_REACH last");
	free(got);
	parsed_fini(&p);

	/* an MP_REACH route needs ORIGIN and AS_PATH but not NEXT_HOP */
	expect_parse("MP_REACH without NEXT_HOP", "40010100400200800E0D000101040A00000100180A0001", &c4, false, 0,
		     WIRE_OK, 0);
	/* withdrawals need nothing */
	expect_parse("MP_UNREACH alone", "800F03000201", &c4, false, 0, WIRE_OK, 0);
	expect_parse("nothing at all", "", &c4, false, 0, WIRE_OK, 0);
}

int main(void)
{
	test_table();
	test_each_attribute();
	test_extended_length();
	test_aspath_build();
	test_unknown();
	test_mp();
	return done_testing();
}
