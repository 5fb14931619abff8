/* t_mvpn.c — ipv4/ipv6 mcast-vpn (RFC 6514): the NLRI codec (route types 5, 6, 7 checked
 * field by field, others kept as octets, truncation), the route text both ways, ExaBGP's
 * decoder commands and the NLRI's JSON object. */
#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "model/mvpn_text.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/nlri_mvpn.h"
#include "tap.h"

/* shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999 source-as 65000 */
static const uint8_t shared_join[] = {0x06, 0x16, 0x00, 0x00, 0xFD, 0xE8, 0x00, 0x01, 0x86, 0x9F, 0x00, 0x00,
				      0xFD, 0xE8, 0x20, 0x0A, 0x63, 0xC7, 0x01, 0x20, 0xEF, 0xFB, 0xFF, 0xE4};

static int read_all(const uint8_t *p, size_t len, struct nlri *n, struct wire_error *err)
{
	struct cursor c = cursor_make(p, len, 0);
	wire_error_clear(err);
	int rc = nlri_mvpn_read(&c, AFI_IPV4, false, n, err);
	return rc == 0 && !cursor_empty(&c) ? -2 : rc;
}

static void test_codec(void)
{
	struct nlri n;
	struct wire_error err;
	struct mvpn v;
	uint8_t copy[64], packed[MVPN_NLRI_MAX];

	is_int(read_all(shared_join, sizeof(shared_join), &n, &err), 0, "shared join reads");
	is_int(mvpn_unpack(&n, &v), 0, "and unpacks");
	ok(v.type == MVPN_SHARED_JOIN && v.source_as == 65000 && v.source_afi == AFI_IPV4, "its parts");
	is_int(mvpn_pack(&v, packed), sizeof(shared_join), "packs to 24 octets");
	ok(memcmp(packed, shared_join, sizeof(shared_join)) == 0, "the same ones");

	bool all = true;
	for (size_t cut = 0; cut < sizeof(shared_join); cut++)
		all = all && read_all(shared_join, cut, &n, &err) == -1 && err.action == WIRE_SESSION_RESET;
	ok(all, "every truncation: session-reset");

	memcpy(copy, shared_join, sizeof(shared_join));
	copy[14] = 33; /* a source length RFC 6514 does not define */
	is_int(read_all(copy, sizeof(shared_join), &n, &err), -1, "source length 33 refused");
	memcpy(copy, shared_join, sizeof(shared_join));
	copy[1] = 0x17;
	copy[sizeof(shared_join)] = 0;
	is_int(read_all(copy, sizeof(shared_join) + 1, &n, &err), -1, "a trailing octet refused");

	static const uint8_t unknown_type[] = {0x09, 0x01, 0x00};
	is_int(read_all(unknown_type, sizeof(unknown_type), &n, &err), 1,
	       "type 9: read, marked unrecognised (RFC 7606 5.4: discarded when announced)");

	/* an UPDATE announcing it next to a type 5: only the type 5 is kept */
	static const uint8_t update[] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0x00, 0x56, 0x02, 0x00, 0x00, 0x00, 0x3F, 0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x00, 0x40, 0x05,
		0x04, 0x00, 0x00, 0x00, 0x64, 0x80, 0x0E, 0x2E, 0x00, 0x01, 0x05, 0x04, 0x0A, 0x0A, 0x06, 0x04,
		0x00, 0x09, 0x01, 0x00, 0x05, 0x12, 0x00, 0x00, 0xFD, 0xE8, 0x00, 0x01, 0x86, 0x9F, 0x20, 0x0A,
		0x63, 0x0C, 0x04, 0x20, 0xEF, 0xFB, 0xFF, 0xE4, 0x01, 0x03, 0xAA, 0xBB, 0xCC, 0x02, 0x03, 0xAA,
		0xBB, 0xCC, 0x03, 0x00, 0x04, 0x00,
	};
	struct open_context_pool *pool = open_context_pool_new();
	const struct open_context *ctx = open_context_get(pool, AFI_IPV4, SAFI_MCAST_VPN, false, true, 4096, 1, 1);
	struct update_collection coll;
	update_collection_init(&coll);
	is_int(update_collection_parse(&coll, update, sizeof(update), ctx, 0), 0, "UPDATE parses");
	ok(coll.count == 5 && coll.routes[0].nlri.data[0] == MVPN_SOURCE_AD, "the type 9 announcement dropped, the rest kept (%zu)",
	   coll.count);
	update_collection_fini(&coll);
	open_context_pool_free(pool);

	static const uint8_t intra_as[] = {0x01, 0x03, 0xAA, 0xBB, 0xCC};
	is_int(read_all(intra_as, sizeof(intra_as), &n, &err), 0, "type 1 kept as octets");
	struct buf out = BUF_INIT;
	struct json j;
	json_init(&j, &out, JSON_STYLE_EXABGP);
	mvpn_json_write(&j, &n);
	is_str(buf_cstr(&out), "{ \"code\": 1, \"parsed\": false, \"raw\": \"0103AABBCC\" }", "its JSON");
	buf_free(&out);
}

static void test_text(void)
{
	struct update_collection coll;
	struct route_text_error e;
	struct buf out = BUF_INIT;
	const char *cmds[] = {
		"announce ipv4 mcast-vpn shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999 source-as 65000 "
		"next-hop 10.10.6.3 extended-community [target:192.168.94.12:5]",
		"announce ipv6 mcast-vpn source-ad source fd12::4 group ff0e::1 rd 65000:99999 next-hop 10.10.6.4",
		"withdraw ipv6 mcast-vpn source-join source fd12::2 group ff0e::1 rd 65000:99999 source-as 65000 next-hop "
		"10.10.6.3",
	};
	update_collection_init(&coll);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		update_collection_reset(&coll);
		is_int(route_text_parse(&coll, cmds[i], strlen(cmds[i]), NULL, &e), 0, "parses: %s", cmds[i]);
		buf_reset(&out);
		route_text_format_collection(&out, &coll);
		if (out.len)
			out.len--; /* the newline */
		is_str(buf_cstr(&out), cmds[i], "prints back");
	}
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, cmds[0], strlen(cmds[0]), NULL, &e), 0, "again");
	ok(coll.routes[0].nlri.len == sizeof(shared_join) &&
		   memcmp(coll.routes[0].nlri.data, shared_join, sizeof(shared_join)) == 0,
	   "into the corpus octets");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"announce ipv4 mcast-vpn source-ad source fd00::1 group 239.0.0.1 rd 1:1 next-hop 1.1.1.1",
		 "source: 'fd00::1' is not an IPv4 address (at 41)"},
		{"announce ipv4 mcast-vpn source-join source 1.1.1.1 group 239.0.0.1 rd 1:1 next-hop 1.1.1.1",
		 "source-join: 'next-hop' found where 'source-as' is expected (at 74)"},
		{"announce ipv4 mcast-vpn intra-as rd 1:1", "mcast-vpn: 'intra-as' is not a route type (source-ad, shared-join, source-join) (at 24)"},
		{"announce ipv4 mcast-vpn source-ad source 1.1.1.1 group 239.0.0.1 rd 1:1",
		 "mcast-vpn: the route is announced without a next-hop (at 71)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		update_collection_reset(&coll);
		is_int(route_text_parse(&coll, bad[i].text, strlen(bad[i].text), NULL, &e), -1, "refused: %s", bad[i].text);
		is_str(e.why, bad[i].why, "why: %s", bad[i].text);
	}
	buf_free(&out);
	update_collection_fini(&coll);
}

int main(void)
{
	test_codec();
	test_text();
	return done_testing();
}
