/* t_evpn.c — l2vpn evpn (RFC 7432): the NLRI reader for route types 1-5 (fields checked,
 * truncation and bad lengths refused, other types kept), and the JSON of each type as
 * ExaBGP 4.2 writes it for the same octets. */
#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "model/evpn_text.h"
#include "wire/family.h"
#include "wire/nlri_evpn.h"
#include "tap.h"

static const struct {
	const char *hex, *json;
} vecs[] = {
	{"01190001252C373700010000000000000000000100000064000641",
	 "{ \"code\": 1, \"parsed\": true, \"raw\": \"01190001252C373700010000000000000000000100000064000641\", \"name\": "
	 "\"Ethernet Auto-Discovery\", \"rd\": \"37.44.55.55:1\", \"esi\": \"00:00:00:00:00:00:00:00:00:01\", "
	 "\"ethernet-tag\": 100, \"label\": [ [100, 1601] ] }"},
	{"03110001252C3737000100000005200A000001",
	 "{ \"code\": 3, \"parsed\": true, \"raw\": \"03110001252C3737000100000005200A000001\", \"name\": \"Inclusive "
	 "Multicast Ethernet Tag\", \"rd\": \"37.44.55.55:1\", \"ethernet-tag\": 5, \"ip\": \"10.0.0.1\" }"},
	{"04170001252C3737000100000000000000000001200A000002",
	 "{ \"code\": 4, \"parsed\": true, \"raw\": \"04170001252C3737000100000000000000000001200A000002\", \"name\": "
	 "\"Ethernet Segment\", \"rd\": \"37.44.55.55:1\", \"esi\": \"00:00:00:00:00:00:00:00:00:01\", \"ip\": "
	 "\"10.0.0.2\" }"},
	{"05220001252C373700010000000000000000000100000007180A0102000A0000FE000641",
	 "{ \"code\": 5, \"parsed\": true, \"raw\": \"05220001252C373700010000000000000000000100000007180A0102000A0000FE"
	 "000641\", \"name\": \"IP Prefix Advertisement\", \"rd\": \"37.44.55.55:1\", \"esi\": "
	 "\"00:00:00:00:00:00:00:00:00:01\", \"ethernet-tag\": 7, \"label\": [ [100, 1601] ], \"ip\": \"10.1.2.0\", "
	 "\"iplen\": 24, \"gateway\": \"10.0.0.254\" }"},
	{"02310001252C37370001000000000000000000010000000930AABBCCDDEEFF8020010DB8000000000000000000000001000641",
	 "{ \"code\": 2, \"parsed\": true, \"raw\": \"02310001252C37370001000000000000000000010000000930AABBCCDDEEFF8020"
	 "010DB8000000000000000000000001000641\", \"name\": \"MAC/IP advertisement\", \"rd\": \"37.44.55.55:1\", "
	 "\"esi\": \"00:00:00:00:00:00:00:00:00:01\", \"ethernet-tag\": 9, \"mac\": \"AA:BB:CC:DD:EE:FF\", \"label\": "
	 "[ [100, 1601] ], \"ip\": \"2001:db8::1\" }"},
	{"0803AABBCC", "{ \"code\": 8, \"parsed\": false, \"raw\": \"0803AABBCC\" }"},
};

static int read_all(const uint8_t *p, size_t len, struct nlri *n, struct wire_error *err)
{
	struct cursor c = cursor_make(p, len, 0);
	wire_error_clear(err);
	int rc = nlri_evpn_read(&c, false, n, err);
	return rc >= 0 && !cursor_empty(&c) ? -2 : rc;
}

int main(void)
{
	struct buf bin = BUF_INIT, out = BUF_INIT;
	struct nlri n;
	struct wire_error err;
	struct json j;

	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		buf_reset(&bin);
		ok(hex_decode(vecs[i].hex, strlen(vecs[i].hex), &bin, NULL) > 0, "hex %zu", i);
		bool known = bin.data[0] <= EVPN_PREFIX;
		is_int(read_all(bin.data, bin.len, &n, &err), known ? 0 : 1, "reads type %u", bin.data[0]);
		buf_reset(&out);
		json_init(&j, &out, JSON_STYLE_EXABGP);
		evpn_json_write(&j, &n);
		is_str(buf_cstr(&out), vecs[i].json, "JSON of type %u as ExaBGP 4.2", bin.data[0]);
		bool all = true;
		for (size_t cut = 0; cut < bin.len; cut++)
			all = all && read_all(bin.data, cut, &n, &err) == -1 && err.action == WIRE_SESSION_RESET;
		ok(all, "type %u: every truncation is session-reset", bin.data[0]);
		if (!known)
			continue;
		/* one octet more in the route, its length saying so: the fields no longer fit exactly */
		buf_put_u8(&bin, 0);
		bin.data[1]++;
		is_int(read_all(bin.data, bin.len, &n, &err), -1, "type %u one octet longer refused", bin.data[0]);
	}
	buf_free(&bin);
	buf_free(&out);
	return done_testing();
}
