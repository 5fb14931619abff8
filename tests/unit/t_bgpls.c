/* t_bgpls.c — bgp-ls (RFC 9552), decoded only: the NLRI reader (framing, truncation, other
 * NLRI types kept), a link NLRI's JSON (ExaBGP's corpus, bgp-ls-1), and attribute TLVs whose
 * JSON needs care: IEEE float bandwidths in Python's repr, area IDs as big decimals,
 * repeated TLVs gathered into one list, unknown ones as generic-lsid-N. */
#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "model/bgpls_json.h"
#include "wire/family.h"
#include "wire/nlri_bgpls.h"
#include "tap.h"

static const char link_hex[] =
	"0002005103000000000000000001000020020000040000000102010004C0A87A7E0202000400000000020300040A0A0A0A0101002002"
	"000004000000010201000"
	"4C0A87A7E0202000400000000020300040A020202";

static int read_all(const uint8_t *p, size_t len, struct nlri *n, struct wire_error *err)
{
	struct cursor c = cursor_make(p, len, 0);
	wire_error_clear(err);
	int rc = nlri_bgpls_read(&c, false, n, err);
	return rc >= 0 && !cursor_empty(&c) ? -2 : rc;
}

static const char *attr(struct buf *out, const char *hex)
{
	struct buf bin = BUF_INIT;
	struct json j;
	hex_decode(hex, strlen(hex), &bin, NULL);
	buf_reset(out);
	json_init(&j, out, JSON_STYLE_EXABGP);
	json_object_open(&j);
	if (!bgpls_attr_json(&j, bin.data, bin.len))
		buf_puts(out, "refused");
	else
		json_object_close(&j);
	buf_free(&bin);
	return buf_cstr(out);
}

int main(void)
{
	struct buf bin = BUF_INIT, out = BUF_INIT;
	struct nlri n;
	struct wire_error err;
	struct json j;

	ok(hex_decode(link_hex, strlen(link_hex), &bin, NULL) > 0, "the corpus link NLRI");
	is_int(read_all(bin.data, bin.len, &n, &err), 0, "reads");
	json_init(&j, &out, JSON_STYLE_EXABGP);
	bgpls_json_write(&j, &n, NULL);
	is_str(buf_cstr(&out),
	       "{ \"ls-nlri-type\": \"bgpls-link\", \"l3-routing-topology\": 0, \"protocol-id\": 3, "
	       "\"local-node-descriptors\": [ { \"autonomous-system\": 1 }, { \"bgp-ls-identifier\": \"3232266878\" }, "
	       "{ \"ospf-area-id\": \"0.0.0.0\" }, { \"router-id\": \"10.10.10.10\" } ], \"remote-node-descriptors\": "
	       "[ { \"autonomous-system\": 1 }, { \"bgp-ls-identifier\": \"3232266878\" }, { \"ospf-area-id\": "
	       "\"0.0.0.0\" }, { \"router-id\": \"10.2.2.2\" } ], \"interface-addresses\": [  ], \"neighbor-addresses\": "
	       "[  ], \"multi-topology-ids\": [  ], \"link-identifiers\": [  ] }",
	       "its JSON, as ExaBGP's");
	bool all = true;
	for (size_t cut = 0; cut < bin.len; cut++)
		all = all && read_all(bin.data, cut, &n, &err) == -1 && err.action == WIRE_SESSION_RESET;
	ok(all, "every truncation: session-reset");
	bin.data[3]--; /* the NLRI one octet shorter: its last TLV overruns it */
	is_int(read_all(bin.data, bin.len - 1, &n, &err), -1, "a TLV overrunning the NLRI refused");
	static const uint8_t srv6sid[] = {0x00, 0x06, 0x00, 0x01, 0xAA};
	is_int(read_all(srv6sid, sizeof(srv6sid), &n, &err), 1, "another NLRI type kept as octets");

	is_str(attr(&out, "044100044CEE6B28"), "{ \"bgp-ls\": { \"maximum-link-bandwidth\": 125000000.0 } }",
	       "a float bandwidth, as Python writes it");
	is_str(attr(&out, "040300094900000000FF980000"),
	       "{ \"bgp-ls\": { \"area-ids\": [ \"1346612317385085419520\" ] } }", "a 9-octet area ID in decimal");
	is_str(attr(&out, "0404000401020304270F000201020404000405060708"),
	       "{ \"bgp-ls\": { \"local-router-ids\": [ \"1.2.3.4\", \"5.6.7.8\" ], \"generic-lsid-9999\": [ \"0x0102\" ] } }",
	       "router IDs gathered into one list; an unknown TLV as its octets");
	is_str(attr(&out, "04470003"), "{refused", "a truncated TLV refused");
	buf_free(&bin);
	buf_free(&out);
	return done_testing();
}
