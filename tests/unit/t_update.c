/* t_update.c — UpdateCollection packing and parsing: shapes, defaults, splitting at the
 * message size, ADD-PATH, MP families, End-of-RIB, and malformed UPDATEs with the exact
 * RFC 7606 action. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/hex.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/message.h"
#include "tap.h"

static struct open_context_pool *pool;

static const struct open_context *ctx_of(uint16_t afi, uint8_t safi, bool addpath, bool asn4,
					 uint32_t msg_size, uint32_t local_as, uint32_t peer_as)
{
	return open_context_get(pool, afi, safi, addpath, asn4, msg_size, local_as, peer_as);
}

/* Encode a command for ctx; returns the hex of all messages, space separated. */
static char *encode(const char *text, const struct open_context *ctx, size_t *messages)
{
	struct update_collection c;
	struct route_text_opts opts = {0, 0};
	struct route_text_error terr;
	struct wire_error err;
	struct buf out = BUF_INIT, hex = BUF_INIT;
	struct pack_options popts = {NULL, NULL, NULL, true};

	update_collection_init(&c);
	if (route_text_parse(&c, text, strlen(text), &opts, &terr) < 0) {
		printf("# parse: %s\n", terr.why);
		update_collection_fini(&c);
		return NULL;
	}
	wire_error_clear(&err);
	size_t n = 0;
	if (c.eor)
		update_pack_eor(c.eor_afi, c.eor_safi, &out), n = 1;
	else if (update_collection_pack(&c, ctx, &popts, &out, &n, &err) < 0) {
		printf("# pack: %s\n", err.why);
		update_collection_fini(&c);
		buf_free(&out);
		return NULL;
	}
	for (size_t off = 0; off < out.len;) {
		size_t len = be16_load(out.data + off + 16);
		if (off)
			buf_putc(&hex, ' ');
		hex_put(&hex, out.data + off, len, true);
		off += len;
	}
	if (messages)
		*messages = n;
	update_collection_fini(&c);
	buf_free(&out);
	buf_cstr(&hex);
	return (char *)buf_steal(&hex);
}

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void test_shapes(void)
{
	const struct open_context *ibgp = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 4096, 1, 1);
	const struct open_context *ebgp = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65533, 65000);
	char *h;

	/* corpus conf-attributes: iBGP defaults ORIGIN, empty AS_PATH, LOCAL_PREF given */
	h = encode("route 10.0.0.7/32 next-hop 255.255.255.255 origin igp local-preference 100 "
		   "large-community [1:2:3 10:11:12]", ibgp, NULL);
	is_str(h, MARKER "004C02"
		  "0000003040010100400200400304FFFFFFFF40050400000064C020180000000100000002000000030000000A"
		  "0000000B0000000C200A000007",
	       "iBGP announce with large communities");
	free(h);

	/* iBGP default LOCAL_PREF 100 when absent */
	h = encode("route 10.0.0.0/24 next-hop 10.0.0.1", ibgp, NULL);
	is_str(h, MARKER "003002" "00000015" "40010100" "400200" "4003040A000001" "40050400000064"
		  "180A0000",
	       "iBGP defaults: ORIGIN IGP, empty AS_PATH, LOCAL_PREF 100");
	free(h);

	/* corpus conf-ebgp: eBGP, AS_PATH given, LOCAL_PREF never sent */
	h = encode("route 10.0.0.0/24 next-hop 10.0.1.254 origin igp as-path [65533] local-preference 200",
		   ebgp, NULL);
	is_str(h, MARKER "002F02" "000000144001010040020602010000FFFD4003040A0001FE180A0000",
	       "eBGP: LOCAL_PREF dropped, AS_PATH as given");
	free(h);

	/* eBGP default AS_PATH is [local-as] */
	h = encode("route 10.0.0.0/24 next-hop 10.0.1.254", ebgp, NULL);
	is_str(h, MARKER "002F02" "000000144001010040020602010000FFFD4003040A0001FE180A0000",
	       "eBGP default AS_PATH [local-as]");
	free(h);

	/* IPv4 withdraw: withdrawn routes field, no attributes */
	h = encode("withdraw route 1.1.0.0/24", ibgp, NULL);
	is_str(h, MARKER "001B02" "0004180101000000", "IPv4 withdraw");
	free(h);

	/* End-of-RIB */
	h = encode("announce eor ipv4 unicast", ibgp, NULL);
	is_str(h, MARKER "001702" "00000000", "End-of-RIB IPv4 unicast");
	free(h);
	h = encode("announce eor ipv6 unicast", ibgp, NULL);
	is_str(h, MARKER "001E02" "00000007900F0003000201", "End-of-RIB IPv6 unicast");
	free(h);
}

static void test_mp(void)
{
	const struct open_context *v6 = ctx_of(AFI_IPV6, SAFI_UNICAST, false, true, 4096, 65533, 65533);
	const struct open_context *v4 = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65533, 65533);
	char *h;

	/* corpus conf-new-v6 */
	h = encode("announce ipv6 unicast 2a02:b80:0:1::1/128 next-hop 2a02:b80:0:2::1 origin igp "
		   "local-preference 200 community [30740:0 30740:30740]", v6, NULL);
	is_str(h, MARKER "005902" "0000004240010100400200400504000000C8C008087814000078147814800E2600020110"
		  "2A020B8000000002000000000000000100802A020B80000000010000000000000001",
	       "IPv6 announce: MP_REACH_NLRI after the attributes");
	free(h);

	/* corpus api-ipv6: MP withdraw carries only MP_UNREACH_NLRI */
	h = encode("withdraw ipv6 unicast fc00:1::/64", v6, NULL);
	is_str(h, MARKER "002602" "0000000F800F0C00020140FC00000100000000", "IPv6 withdraw");
	free(h);

	/* corpus extended-nexthop: IPv4 route with an IPv6 next hop (RFC 8950) */
	h = encode("route 153.153.153.153/32 next-hop 0bad:cafe:0bad:cafe:0bad:cafe:0bad:cafe", v4, NULL);
	ok(h && strstr(h, "800E1A000101100BADCAFE0BADCAFE0BADCAFE0BADCAFE002099999999") != NULL,
	   "IPv4 over an IPv6 next hop goes in MP_REACH_NLRI");
	ok(h && strstr(h, "400304") == NULL, "no NEXT_HOP attribute for an IPv6 next hop");
	free(h);

	/* multicast always travels in MP_REACH_NLRI */
	const struct open_context *mc = ctx_of(AFI_IPV4, SAFI_MULTICAST, false, true, 4096, 65533, 65533);
	h = encode("announce ipv4 multicast 232.1.0.0/16 next-hop 192.0.2.1", mc, NULL);
	ok(h && strstr(h, "800E0C00010204C000020100" "10E801") != NULL, "IPv4 multicast in MP_REACH_NLRI");
	free(h);
}

static void test_addpath(void)
{
	const struct open_context *ap = ctx_of(AFI_IPV4, SAFI_UNICAST, true, true, 4096, 300, 300);
	char *h = encode("announce attributes path-information 1.2.3.4 next-hop 10.11.12.13 origin igp "
			 "local-preference 16 community [14:15] nlri 16.17.18.19/32 20.21.22.23/32", ap, NULL);
	is_str(h, MARKER "004502" "0000001C400101004002004003040A0B0C0D40050400000010C00804000E000F0102030420"
		  "10111213010203042014151617",
	       "ADD-PATH: path identifiers before each prefix, NLRI grouped");
	free(h);

	h = encode("route 10.0.0.0/24 next-hop 10.0.0.1", ap, NULL);
	ok(h && strstr(h, "00000000180A0000") != NULL, "ADD-PATH without an identifier sends 0");
	free(h);
}

static void test_split(void)
{
	/* 1000 /32s in one command: must split into messages each within 4096 octets */
	struct buf text = BUF_INIT;
	buf_puts(&text, "announce attributes next-hop 192.0.2.1 nlri");
	for (int i = 0; i < 1000; i++)
		buf_printf(&text, " 10.%d.%d.1/32", i / 256, i % 256);
	const struct open_context *c4k = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 4096, 1, 1);
	const struct open_context *c64k = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 65535, 1, 1);
	size_t n4k = 0, n64k = 0;
	char *h = encode(buf_cstr(&text), c4k, &n4k);
	bool within = h != NULL;
	for (char *m = h; within && m && *m;) {
		size_t len = strcspn(m, " ");
		within = len / 2 <= 4096;
		m += len;
		while (*m == ' ')
			m++;
	}
	ok(n4k == 2 && within, "1000 /32 split into %zu messages of at most 4096 octets", n4k);
	free(h);
	h = encode(buf_cstr(&text), c64k, &n64k);
	is_int(n64k, 1, "one extended message holds them all");
	free(h);
	buf_free(&text);

	/* IPv6 in MP_REACH_NLRI: the attribute switches to extended length past 255 octets */
	buf_reset(&text);
	buf_puts(&text, "announce attributes next-hop 2001:db8::1 nlri");
	for (int i = 0; i < 300; i++)
		buf_printf(&text, " 2001:db8:%x::/48", i);
	const struct open_context *v6 = ctx_of(AFI_IPV6, SAFI_UNICAST, false, true, 4096, 1, 1);
	size_t n6 = 0;
	h = encode(buf_cstr(&text), v6, &n6);
	ok(h && strstr(h, "900E") != NULL && n6 == 1, "large MP_REACH_NLRI uses the extended length (%zu msg)", n6);
	free(h);
	buf_free(&text);
}

static int parse_hex(struct update_collection *c, const char *hex, const struct open_context *ctx,
		     uint64_t addpath)
{
	struct buf b = BUF_INIT;
	hex_decode(hex, strlen(hex), &b, NULL);
	int rc = update_collection_parse(c, b.data, b.len, ctx, addpath);
	buf_free(&b);
	return rc;
}

static void test_parse(void)
{
	const struct open_context *ctx = ctx_of(AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65533, 65533);
	struct update_collection c;
	update_collection_init(&c);

	ok(parse_hex(&c, MARKER "003C02" "0000001C4001010040020040030465016501800404000000C840050400000064"
			 "000000002001010101", ctx, 0) == 0 && c.count == 5,
	   "qa/decoding ipv4-unicast-1: five prefixes");
	ok(c.count == 5 && c.routes[4].action == ROUTE_ANNOUNCE && c.routes[4].nexthop.len == 4,
	   "announces carry the NEXT_HOP");

	ok(parse_hex(&c, MARKER "001E02" "00000007900F0003000201", ctx, 0) == 0 && c.eor &&
		   c.eor_afi == AFI_IPV6 && c.eor_safi == SAFI_UNICAST,
	   "End-of-RIB IPv6 unicast recognised");
	ok(parse_hex(&c, MARKER "001D02" "00000006800F03000201", ctx, 0) == 0 && c.eor,
	   "End-of-RIB with a one-octet attribute length recognised");

	/* withdrawn length past the message: session reset, Malformed Attribute List */
	ok(parse_hex(&c, MARKER "001B02" "0009180101000000", ctx, 0) == -1 &&
		   c.error.action == WIRE_SESSION_RESET && c.error.code == 3 && c.error.subcode == 1,
	   "withdrawn length overrun resets with 3/1");
	/* attribute length past the message */
	ok(parse_hex(&c, MARKER "001B02" "000000FF40010100", ctx, 0) == -1 && c.error.code == 3 &&
		   c.error.subcode == 1,
	   "attribute length overrun resets with 3/1");
	/* a prefix length of 33 bits */
	ok(parse_hex(&c, MARKER "003102" "00000015400101004002004003040A00000140050400000064" "210A000000", ctx, 0) ==
			   -1 &&
		   c.error.action == WIRE_SESSION_RESET && c.error.subcode == 10,
	   "prefix length 33 resets with 3/10 (RFC 7606 5.3)");
	/* a message shorter than the header says */
	ok(parse_hex(&c, MARKER "003002" "00000000", ctx, 0) == -1 && c.error.action == WIRE_SESSION_RESET,
	   "a truncated message is refused");
	/* MP_REACH_NLRI with a next hop length of 5 for IPv6 */
	ok(parse_hex(&c, MARKER "002802" "00000011" "800E0E00020105" "0102030405" "00" "2020010DB8", ctx, 0) == -1 &&
		   c.error.action == WIRE_SESSION_RESET,
	   "MP_REACH_NLRI with a bad next hop length resets the session");
	/* ORIGIN with a bad value: treat-as-withdraw, the route becomes a withdrawal */
	ok(parse_hex(&c, MARKER "003002" "00000015400101054002004003040A00000140050400000064" "180A0000", ctx, 0) ==
			   0 &&
		   c.error.action == WIRE_TREAT_AS_WITHDRAW && c.count == 1 &&
		   c.routes[0].action == ROUTE_WITHDRAW,
	   "bad ORIGIN: treat-as-withdraw turns the announce into a withdraw");

	/* ADD-PATH parse */
	ok(parse_hex(&c, MARKER "004502" "0000001C400101004002004003040A0B0C0D40050400000010C00804000E000F01020304"
			 "2010111213010203042014151617",
			 ctx, family_bit(AFI_IPV4, SAFI_UNICAST)) == 0 &&
		   c.count == 2 && c.routes[1].nlri.has_path_id && c.routes[1].nlri.path_id == 0x01020304,
	   "ADD-PATH identifiers parsed");
	update_collection_fini(&c);
}

/* Attribute sets equal but for NEXT_HOP, which parsing keeps and route text does not */
static bool same_but_next_hop(const struct attr_set *a, const struct attr_set *b)
{
	struct attr_set x = *a, y = *b;
	x.present &= ~ATTR_BIT(ATTR_NEXT_HOP);
	y.present &= ~ATTR_BIT(ATTR_NEXT_HOP);
	memset(x.next_hop, 0, 4);
	memset(y.next_hop, 0, 4);
	return attr_set_equal(&x, &y);
}

/* Round trip: everything we pack parses back to the same routes */
static void test_round_trip(void)
{
	const char *cmds[] = {
		"route 10.0.0.0/24 next-hop 192.0.2.1 origin egp as-path [ 1 2 ( 3 4 ) ] med 5 "
		"local-preference 7 atomic-aggregate aggregator ( 65001:192.0.2.9 ) community [ 1:2 no-export ] "
		"originator-id 1.2.3.4 cluster-list [ 5.6.7.8 ]",
		"route 2001:db8::/32 next-hop 2001:db8::1 origin igp as-path [ 65001 ] local-preference 100 "
		"extended-community [ target:65000:1 ] "
		"large-community [ 1:2:3 ]",
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct update_collection a, b;
		struct route_text_opts opts = {0, 0};
		struct route_text_error terr;
		struct wire_error err;
		struct buf out = BUF_INIT;
		struct pack_options popts = {NULL, NULL, NULL, true};
		update_collection_init(&a);
		update_collection_init(&b);
		int rc = route_text_parse(&a, cmds[i], strlen(cmds[i]), &opts, &terr);
		const struct open_context *ctx = rc == 0 ? ctx_of(a.routes[0].nlri.afi, a.routes[0].nlri.safi,
								  false, true, 4096, 65001, 65001)
							 : NULL;
		wire_error_clear(&err);
		ok(rc == 0 && update_collection_pack(&a, ctx, &popts, &out, NULL, &err) == 0 &&
			   update_collection_parse(&b, out.data, out.len, ctx, 0) == 0 && b.count == 1 &&
			   nlri_equal(&a.routes[0].nlri, &b.routes[0].nlri) &&
			   nexthop_equal(&a.routes[0].nexthop, &b.routes[0].nexthop) &&
			   same_but_next_hop(a.routes[0].attrs, b.routes[0].attrs),
		   "pack then parse gives the route back: %.40s...", cmds[i]);
		update_collection_fini(&a);
		update_collection_fini(&b);
		buf_free(&out);
	}
}

int main(void)
{
	pool = open_context_pool_new();
	test_shapes();
	test_mp();
	test_addpath();
	test_split();
	test_parse();
	test_round_trip();
	open_context_pool_free(pool);
	return done_testing();
}
