/* t_vpls.c — l2vpn vpls (RFC 4761): the NLRI codec (strict length, truncation, ADD-PATH),
 * the route text both ways, its JSON object, and an UPDATE packed and parsed back with
 * ExaBGP's shape (no NEXT_HOP attribute; withdrawals carry the default attributes). */
#include <stdlib.h>

#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "model/vpls_text.h"
#include "wire/family.h"
#include "wire/nlri_vpls.h"
#include "tap.h"

/* 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 (ExaBGP's corpus, api-vpls) */
static const uint8_t corpus_nlri[] = {0x00, 0x11, 0x00, 0x01, 0xC0, 0xA8, 0xC9, 0x01, 0x00, 0x7B,
				      0x00, 0x05, 0x00, 0x01, 0x00, 0x08, 0x02, 0x9C, 0xE1};

static void test_codec(void)
{
	struct cursor c = cursor_make(corpus_nlri, sizeof(corpus_nlri), 0);
	struct wire_error err;
	struct nlri n;
	struct vpls v;
	uint8_t packed[VPLS_NLRI_LEN];

	wire_error_clear(&err);
	is_int(nlri_vpls_read(&c, false, &n, &err), 0, "corpus NLRI reads");
	ok(cursor_empty(&c), "all of it");
	is_int(n.len, VPLS_NLRI_LEN, "19 octets kept");
	is_int(vpls_unpack(&n, &v), 0, "unpacks");
	is_int(v.endpoint, 5, "endpoint");
	is_int(v.base, 10702, "base");
	is_int(v.offset, 1, "offset");
	is_int(v.size, 8, "size");
	vpls_pack(&v, packed);
	ok(memcmp(packed, corpus_nlri, sizeof(packed)) == 0, "packs back to the same octets");

	/* RFC 7606 5.3: a length the layout does not have, or a cut NLRI, resets the session */
	for (size_t cut = 0; cut < sizeof(corpus_nlri); cut++) {
		c = cursor_make(corpus_nlri, cut, 0);
		wire_error_clear(&err);
		if (nlri_vpls_read(&c, false, &n, &err) != -1 || err.action != WIRE_SESSION_RESET)
			break;
		if (cut + 1 == sizeof(corpus_nlri))
			ok(1, "every truncation refused with session-reset");
	}
	uint8_t longer[sizeof(corpus_nlri) + 1];
	memcpy(longer, corpus_nlri, sizeof(corpus_nlri));
	longer[1] = 0x12;
	longer[sizeof(corpus_nlri)] = 0;
	c = cursor_make(longer, sizeof(longer), 0);
	is_int(nlri_vpls_read(&c, false, &n, &err), -1, "length 18 refused");
	is_int(err.subcode, BGP_UPD_INVALID_NETWORK, "as an invalid network field");

	uint8_t with_id[4 + sizeof(corpus_nlri)] = {0, 0, 0, 9};
	memcpy(with_id + 4, corpus_nlri, sizeof(corpus_nlri));
	c = cursor_make(with_id, sizeof(with_id), 0);
	is_int(nlri_vpls_read(&c, true, &n, &err), 0, "ADD-PATH NLRI reads");
	ok(n.has_path_id && n.path_id == 9, "with its path identifier");
}

static void test_text(void)
{
	struct update_collection coll;
	struct route_text_error e;
	struct buf out = BUF_INIT;
	const char *cmd = "announce vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop "
			  "192.168.201.1 origin igp local-preference 100 extended-community [l2info:19:0:1500:111]";

	update_collection_init(&coll);
	is_int(route_text_parse(&coll, cmd, strlen(cmd), NULL, &e), 0, "announce parses");
	ok(coll.count == 1 && coll.routes[0].nlri.len == VPLS_NLRI_LEN &&
		   memcmp(coll.routes[0].nlri.data, corpus_nlri, VPLS_NLRI_LEN) == 0,
	   "into the corpus NLRI");
	route_text_format_collection(&out, &coll);
	is_str(buf_cstr(&out), "announce vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop "
			       "192.168.201.1 origin igp local-preference 100 extended-community [l2info:19:0:1500:111]\n",
	       "prints back");

	const char *any_order = "l2vpn vpls size 8 next-hop 1.2.3.4 endpoint 5 offset 1 rd 192.168.201.1:123 base 10702";
	update_collection_reset(&coll);
	is_int(route_text_parse(&coll, any_order, strlen(any_order), NULL, &e), 0, "family-first form, any order");
	ok(coll.count == 1 && memcmp(coll.routes[0].nlri.data, corpus_nlri, VPLS_NLRI_LEN) == 0, "same NLRI");

	buf_reset(&out);
	struct json j;
	json_init(&j, &out, JSON_STYLE_EXABGP);
	vpls_json_write(&j, &coll.routes[0].nlri);
	is_str(buf_cstr(&out), "{ \"rd\": \"192.168.201.1:123\", \"endpoint\": 5, \"base\": 10702, \"offset\": 1, \"size\": 8 }",
	       "JSON object");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"announce vpls rd 1:1 endpoint 5 base 10 offset 1 next-hop 1.2.3.4",
		 "vpls: size is missing (rd, endpoint, base, offset and size are needed) (at 14)"},
		{"announce vpls rd 1:1 endpoint 5 base 10 offset 1 size 8",
		 "vpls: the route is announced without a next-hop (at 14)"},
		{"announce vpls rd 1:1 endpoint 70000 base 10 offset 1 size 8 next-hop 1.2.3.4",
		 "endpoint: '70000' is not a number (0-65535) (at 30)"},
		{"announce vpls rd 1:1 endpoint 5 base 1048575 offset 1 size 8 next-hop 1.2.3.4",
		 "vpls: base 1048575 and size 8 run past the last label (1048575) (at 14)"},
		{"announce vpls rd 1:1 rd 1:2", "rd: given twice (at 21)"},
		{"announce vpls rd x:1", "rd: 'x:1' a route distinguisher is ADMIN:NUMBER (65000:1, 192.0.2.1:1 or 4200000000:1) (at 17)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		update_collection_reset(&coll);
		is_int(route_text_parse(&coll, bad[i].text, strlen(bad[i].text), NULL, &e), -1, "refused: %s", bad[i].text);
		is_str(e.why, bad[i].why, "why: %s", bad[i].text);
	}
	buf_free(&out);
	update_collection_fini(&coll);
}

static void test_pack(void)
{
	struct open_context_pool *pool = open_context_pool_new();
	const struct open_context *ctx = open_context_get(pool, AFI_L2VPN, SAFI_VPLS, false, true, 4096, 1, 1);
	struct update_collection coll, back;
	struct route_text_error e;
	struct wire_error err;
	struct buf out = BUF_INIT;
	struct pack_options popts = {NULL, NULL, NULL, true};
	const char *cmd = "withdraw vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 0.0.0.0";

	update_collection_init(&coll);
	update_collection_init(&back);
	is_int(route_text_parse(&coll, cmd, strlen(cmd), NULL, &e), 0, "withdraw parses");
	wire_error_clear(&err);
	is_int(update_collection_pack(&coll, ctx, &popts, &out, NULL, &err), 0, "packs");
	struct buf hex = BUF_INIT;
	hex_put(&hex, out.data + 16, out.len - 16, true);
	is_str(buf_cstr(&hex), "003E0200000027800F1600194100110001C0A8C901007B000500010008029CE14001010040020040050400000064",
	       "ExaBGP's bytes: MP_UNREACH_NLRI then the default attributes");
	is_int(update_collection_parse(&back, out.data, out.len, ctx, 0), 0, "parses back");
	ok(back.count == 1 && back.routes[0].action == ROUTE_WITHDRAW && back.routes[0].nlri.afi == AFI_L2VPN,
	   "one vpls withdrawal");
	buf_free(&hex);
	buf_free(&out);
	update_collection_fini(&coll);
	update_collection_fini(&back);
	open_context_pool_free(pool);
}

int main(void)
{
	test_codec();
	test_text();
	test_pack();
	return done_testing();
}
