/* t_srpolicy.c — ipv4/ipv6 sr-policy (RFC 9830): the NLRI codec (length, truncation), the
 * route text both ways into ExaBGP's corpus octets (the Tunnel Encapsulation attribute with
 * its SR Policy sub-TLVs and segment types), the bottom-of-stack rule, the JSON, refusals. */
#include "core/buf.h"
#include "core/json.h"
#include "model/route_text.h"
#include "model/srpolicy_text.h"
#include "model/update_collection.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/nlri_srpolicy.h"
#include "wire/tunnel_encap.h"
#include "tap.h"

/* length 96 | distinguisher 0 | color 100 | endpoint 10.0.0.1 (conf-sr-policy) */
static const uint8_t v4[] = {0x60, 0, 0, 0, 0, 0, 0, 0, 0x64, 10, 0, 0, 1};

static int read_all(uint16_t afi, const uint8_t *p, size_t len, struct nlri *n, struct wire_error *err)
{
	struct cursor c = cursor_make(p, len, 0);
	wire_error_clear(err);
	int rc = nlri_srpolicy_read(&c, afi, false, n, err);
	return rc == 0 && !cursor_empty(&c) ? -2 : rc;
}

static void test_codec(void)
{
	struct nlri n;
	struct wire_error err;
	struct srpolicy v;
	uint8_t packed[SRPOLICY_NLRI_MAX], copy[sizeof(v4)];

	is_int(read_all(AFI_IPV4, v4, sizeof(v4), &n, &err), 0, "reads");
	is_int(srpolicy_unpack(&n, &v), 0, "and unpacks");
	ok(v.distinguisher == 0 && v.color == 100 && v.endpoint[0] == 10 && v.endpoint[3] == 1, "its parts");
	is_int(srpolicy_pack(&v, packed), sizeof(v4), "packs to 13 octets");
	ok(memcmp(packed, v4, sizeof(v4)) == 0, "the same ones");
	bool all = true;
	for (size_t cut = 0; cut < sizeof(v4); cut++)
		all = all && read_all(AFI_IPV4, v4, cut, &n, &err) == -1 && err.action == WIRE_SESSION_RESET;
	ok(all, "every truncation: session-reset");
	is_int(read_all(AFI_IPV6, v4, sizeof(v4), &n, &err), -1, "96 bits in ipv6 sr-policy refused");
	memcpy(copy, v4, sizeof(v4));
	copy[0] = 95;
	is_int(read_all(AFI_IPV4, copy, sizeof(copy), &n, &err), -1, "a length of 95 bits refused");

	struct buf out = BUF_INIT;
	struct json j;
	is_int(read_all(AFI_IPV4, v4, sizeof(v4), &n, &err), 0, "again");
	json_init(&j, &out, JSON_STYLE_EXABGP);
	srpolicy_json_write(&j, &n);
	is_str(buf_cstr(&out), "{ \"distinguisher\": 0, \"color\": 100, \"endpoint\": \"10.0.0.1\" }", "its JSON");
	buf_free(&out);
}

/* The Tunnel Encapsulation attribute value a route of one statement carries. */
static const uint8_t *tunnel_of(const struct route *r, uint32_t *len)
{
	const uint8_t *p = r->attrs ? r->attrs->unknown.ptr : NULL;
	if (p == NULL || r->attrs->unknown.len < 3 || p[1] != ATTR_TUNNEL_ENCAP)
		return NULL;
	*len = p[2];
	return p + 3;
}

static void test_text(void)
{
	struct update_collection coll;
	struct route_text_error e;
	struct buf out = BUF_INIT;
	const char *cmds[] = {
		"announce ipv4 sr-policy distinguisher 0 color 100 endpoint 10.0.0.1 next-hop 192.0.2.1 preference 100 "
		"binding-sid mpls 24000 segment-list weight 1 segment type-a mpls 16001",
		"announce ipv4 sr-policy distinguisher 1 color 200 endpoint 10.0.0.2 next-hop 192.0.2.1 preference 200 "
		"srv6-binding-sid fc00::1 segment-list weight 2 segment type-b srv6 fc00::1 endpoint-behavior 65 32 0 16 0 "
		"policy-name \"my-policy\" candidate-path-name \"primary\"",
		"announce ipv6 sr-policy distinguisher 0 color 100 endpoint 2001:db8::1 next-hop 2001:db8::2 preference 100 "
		"priority 10 binding-sid null segment-list weight 1 segment type-c ipv4 10.0.0.1 algorithm 128 sid 16001 "
		"segment type-d ipv6 fc00::1 algorithm 0 sid 16002 segment type-e local-if-id 1 ipv4 10.0.0.2 "
		"segment type-f local 10.1.1.1 remote 10.1.1.2 sid 3 segment type-g local-if-id 1 local-ipv6 fc00::1 "
		"remote-if-id 2 remote-ipv6 fc00::2 segment type-h local fc00::3 remote fc00::4 "
		"segment type-i ipv6 fc00::5 algorithm 0 sid fc00::6 endpoint-behavior 1 2 3 4 5 "
		"segment type-j local-if-id 3 local-ipv6 fc00::7 remote-if-id 4 remote-ipv6 fc00::8 algorithm 1 "
		"segment type-k local fc00::9 remote fc00::a algorithm 0 sid fc00::b",
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

	/* the corpus' policy: preference, MPLS binding SID (flags 0x10, S set), one type A */
	static const uint8_t want[] = {0x00, 0x0F, 0x00, 0x24, 0x0C, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x64,
				       0x0D, 0x06, 0x10, 0x00, 0x05, 0xDC, 0x01, 0x00, 0x80, 0x00, 0x11, 0x00,
				       0x09, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x06, 0x00, 0x00,
				       0x03, 0xE8, 0x11, 0x00};
	uint32_t len = 0;
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, cmds[0], strlen(cmds[0]), NULL, &e), 0, "again");
	const uint8_t *t = tunnel_of(&coll.routes[0], &len);
	ok(t && len == sizeof(want) && memcmp(t, want, len) == 0, "into the corpus octets");

	/* RFC 3032: bottom of stack on the last label of each list only */
	const char *two = "announce ipv4 sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 next-hop 10.0.0.2 "
			  "segment-list weight 1 segment type-a mpls 1 segment type-a mpls 2";
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, two, strlen(two), NULL, &e), 0, "two labels");
	t = tunnel_of(&coll.routes[0], &len);
	/* TLV 4 | list header 3 + reserved 1 | weight 8 | A 8 | A 8 */
	ok(t && len == 4 + 4 + 8 + 16 && t[4 + 4 + 8 + 6] == 0x10 && t[4 + 4 + 8 + 8 + 6] == 0x21,
	   "S on the second only");

	buf_reset(&out);
	struct json j;
	json_init(&j, &out, JSON_STYLE_EXABGP);
	json_object_open(&j);
	ok(t && tunnel_encap_json(&j, t, len), "JSON of the attribute");
	json_object_close(&j);
	is_str(buf_cstr(&out),
	       "{ \"tunnel-encap\": { \"sr-policy\": { \"segment-lists\": [ { \"weight\": 1, \"segments\": [ { \"type\": "
	       "\"A\", \"label\": 1, \"tc\": 0, \"s\": false, \"ttl\": 0 }, { \"type\": \"A\", \"label\": 2, \"tc\": 0, "
	       "\"s\": true, \"ttl\": 0 } ] } ] } } }",
	       "as ExaBGP writes it");
	static const uint8_t cut[] = {0x00, 0x0F, 0x00, 0x05, 0x80, 0x00, 0x02, 0x00, 0x09};
	ok(!tunnel_encap_framed(cut, sizeof(cut)), "a segment list whose sub-TLV overruns it is not framed");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"announce ipv4 sr-policy distinguisher 0 color 1 endpoint 2001::1 next-hop 1.1.1.1",
		 "endpoint: '2001::1' is not an IPv4 address (at 57)"},
		{"announce ipv4 sr-policy color 1", "sr-policy: 'color' found where 'distinguisher' is expected (at 24)"},
		{"announce ipv4 sr-policy distinguisher 0 color 1 endpoint 1.1.1.1 segment-list weight 1 segment type-z",
		 "segment: 'type-z' is not a segment type (type-a ... type-k) (at 95)"},
		{"announce ipv4 sr-policy distinguisher 0 color 1 endpoint 1.1.1.1 next-hop 1.1.1.2 segment-list weight 1 "
		 "segment type-a mpls 1048576",
		 "mpls: '1048576' is not a number (0-1048575) (at 124)"},
		{"announce ipv4 sr-policy distinguisher 0 color 1 endpoint 1.1.1.1 preference 1",
		 "sr-policy: the route is announced without a next-hop (at 77)"},
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
