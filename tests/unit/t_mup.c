/* t_mup.c — ipv4/ipv6 mup (draft-mpmz-bess-mup-safi): the NLRI codec (the four 3gpp-5g
 * route types checked field by field, others kept as octets, truncation), the route text
 * both ways and the NLRI's JSON object. */
#include "core/buf.h"
#include "core/json.h"
#include "model/mup_text.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/nlri_mup.h"
#include "tap.h"

/* mup-t2st 10.0.0.1 rd 100:100 teid 12345/23 (ExaBGP's corpus, conf-srv6-mup) */
static const uint8_t t2st[] = {0x01, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00,
			       0x00, 0x64, 0x37, 0x0A, 0x00, 0x00, 0x01, 0x00, 0x30, 0x39};

static int read_all(uint16_t afi, const uint8_t *p, size_t len, struct nlri *n, struct wire_error *err)
{
	struct cursor c = cursor_make(p, len, 0);
	wire_error_clear(err);
	int rc = nlri_mup_read(&c, afi, false, n, err);
	return rc == 0 && !cursor_empty(&c) ? -2 : rc;
}

static void test_codec(void)
{
	struct nlri n;
	struct wire_error err;
	struct mup v;
	uint8_t packed[MUP_NLRI_MAX], copy[32];

	is_int(read_all(AFI_IPV4, t2st, sizeof(t2st), &n, &err), 0, "T2ST reads");
	is_int(mup_unpack(&n, &v), 0, "and unpacks");
	ok(v.type == MUP_T2ST && v.teid == 12345 && v.teid_bits == 23, "TEID 12345 in 23 bits");
	is_int(mup_pack(&v, packed), sizeof(t2st), "packs to 20 octets");
	ok(memcmp(packed, t2st, sizeof(t2st)) == 0, "the same ones");

	bool all = true;
	for (size_t cut = 0; cut < sizeof(t2st); cut++)
		all = all && read_all(AFI_IPV4, t2st, cut, &n, &err) == -1 && err.action == WIRE_SESSION_RESET;
	ok(all, "every truncation: session-reset");
	memcpy(copy, t2st, sizeof(t2st));
	copy[12] = 32 + 33; /* a TEID of 33 bits */
	is_int(read_all(AFI_IPV4, copy, sizeof(t2st), &n, &err), -1, "a 33-bit TEID refused");
	is_int(read_all(AFI_IPV6, t2st, sizeof(t2st), &n, &err), -1, "an IPv4 endpoint in ipv6 mup refused");

	static const uint8_t other[] = {0x02, 0x00, 0x09, 0x01, 0xAB};
	is_int(read_all(AFI_IPV4, other, sizeof(other), &n, &err), 0, "another architecture kept as octets");
	struct buf out = BUF_INIT;
	struct json j;
	json_init(&j, &out, JSON_STYLE_EXABGP);
	mup_json_write(&j, &n);
	is_str(buf_cstr(&out), "{ \"arch\": 2, \"code\": 9, \"raw\": \"02000901AB\" }", "its JSON");
	buf_free(&out);
}

static void test_text(void)
{
	struct update_collection coll;
	struct route_text_error e;
	struct buf out = BUF_INIT;
	const char *cmds[] = {
		"announce ipv4 mup mup-t2st 10.0.0.1 rd 100:100 teid 12345/23 next-hop 10.0.0.2 extended-community "
		"[target:10:10 mup:10:10]",
		"announce ipv6 mup mup-t1st 2001:db8:1:1::2/128 rd 100:100 teid 12345 qfi 9 endpoint 2001::1 source 2002::2 "
		"next-hop ::ffff:10.0.0.2 extended-community [target:10:10]",
		"announce ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1",
		"announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 2001::2",
	};
	update_collection_init(&coll);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		update_collection_reset(&coll);
		is_int(route_text_parse(&coll, cmds[i], strlen(cmds[i]), NULL, &e), 0, "parses: %s", cmds[i]);
		buf_reset(&out);
		route_text_format_collection(&out, &coll);
		if (out.len)
			out.len--;
		is_str(buf_cstr(&out), cmds[i], "prints back");
	}
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, cmds[0], strlen(cmds[0]), NULL, &e), 0, "again");
	ok(coll.routes[0].nlri.len == sizeof(t2st) && memcmp(coll.routes[0].nlri.data, t2st, sizeof(t2st)) == 0,
	   "into the corpus octets");

	const char *v4nh = "announce ipv6 mup mup-dsd 2001::1 rd 100:100 next-hop 10.0.0.2";
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, v4nh, strlen(v4nh), NULL, &e), 0, "ipv6 mup with an IPv4 next hop");
	ok(coll.routes[0].nexthop.len == 16 && coll.routes[0].nexthop.addr[11] == 0xff, "sent IPv4-mapped, as ExaBGP");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"announce ipv4 mup mup-t2st 10.0.0.1 rd 100:100 teid 70000/16 next-hop 1.1.1.1",
		 "teid: '70000/16' does not fit in its bits (at 52)"},
		{"announce ipv4 mup mup-isd 2001::/64 rd 100:100 next-hop 1.1.1.1",
		 "mup-isd: '2001::/64' is not an IPv4 prefix (at 26)"},
		{"announce ipv4 mup mup-t1st 10.0.0.0/24 rd 1:1 qfi 9", "mup-t1st: 'qfi' found where 'teid' is expected (at 46)"},
		{"announce ipv4 mup mup-foo", "mup: 'mup-foo' is not a route type (mup-isd, mup-dsd, mup-t1st, mup-t2st) (at 18)"},
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
