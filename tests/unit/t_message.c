/* t_message.c — message framing (RFC 4271 4.1, 6.1): message_header_check on every header
 * error, with the NOTIFICATION Data it names; KEEPALIVE packing, checking and JSON. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/json_open.h"
#include "tap.h"
#include "jsoncmp.h"
#include "wire/keepalive.h"
#include "wire/message.h"
#include "wire/notification.h"
#include "wirehelp.h"

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

struct header_case {
	const char *name;
	const char *hex;
	uint32_t max;
	int rc;
	uint8_t subcode;
	uint32_t offset;
	const char *notification; /* the NOTIFICATION it asks for, or NULL */
};

static const struct header_case cases[] = {
	{"keepalive", MARKER "0013 04", 4096, 0, 0, 0, NULL},
	{"open minimum", MARKER "001D 01 04FDE800B40A00000200", 4096, 0, 0, 0, NULL},
	{"update minimum", MARKER "0017 02 00000000", 4096, 0, 0, 0, NULL},
	{"notification minimum", MARKER "0015 03 0600", 4096, 0, 0, 0, NULL},
	{"route-refresh", MARKER "0017 05 00010001", 4096, 0, 0, 0, NULL},
	{"header cut", MARKER "0013", 4096, -1, BGP_HDR_BAD_LENGTH, 0, MARKER "0015 03 01 02"},
	{"marker octet 0", "00" "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" "0013 04", 4096, -1, BGP_HDR_NOT_SYNCHRONIZED, 0,
	 MARKER "0015 03 01 01"},
	{"marker octet 15", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" "FE" "0013 04", 4096, -1, BGP_HDR_NOT_SYNCHRONIZED, 15,
	 MARKER "0015 03 01 01"},
	{"length 18", MARKER "0012 04", 4096, -1, BGP_HDR_BAD_LENGTH, 16, MARKER "0017 03 01 02 0012"},
	{"keepalive 20", MARKER "0014 04 00", 4096, -1, BGP_HDR_BAD_LENGTH, 16, MARKER "0017 03 01 02 0014"},
	{"open 28", MARKER "001C 01 04FDE800B40A000002", 4096, -1, BGP_HDR_BAD_LENGTH, 16,
	 MARKER "0017 03 01 02 001C"},
	{"update 22", MARKER "0016 02 000000", 4096, -1, BGP_HDR_BAD_LENGTH, 16, MARKER "0017 03 01 02 0016"},
	{"notification 20", MARKER "0014 03 06", 4096, -1, BGP_HDR_BAD_LENGTH, 16, MARKER "0017 03 01 02 0014"},
	{"route-refresh 22", MARKER "0016 05 000100", 4096, -1, BGP_HDR_BAD_LENGTH, 16,
	 MARKER "0017 03 01 02 0016"},
	{"update 4097", MARKER "1001 02 00000000", 4096, -1, BGP_HDR_BAD_LENGTH, 16, MARKER "0017 03 01 02 1001"},
	{"update 4097 with extended messages", MARKER "1001 02 00000000", 65535, 0, 0, 0, NULL},
	{"type 0", MARKER "0013 00", 4096, -1, BGP_HDR_BAD_TYPE, 18, MARKER "0016 03 01 03 00"},
	{"type 6", MARKER "0013 06", 4096, -1, BGP_HDR_BAD_TYPE, 18, MARKER "0016 03 01 03 06"},
	{"type 255", MARKER "0013 FF", 4096, -1, BGP_HDR_BAD_TYPE, 18, MARKER "0016 03 01 03 FF"},
};

static void test_header_check(void)
{
	struct buf msg = BUF_INIT, note = BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_error err;
		uint8_t type = 0;
		uint16_t len = 0;
		int rc;

		buf_reset(&msg);
		hex_decode(cases[i].hex, strlen(cases[i].hex), &msg, NULL);
		wire_error_clear(&err);
		rc = message_header_check(msg.data, msg.len, cases[i].max, &type, &len, &err);
		is_int(rc, cases[i].rc, "%s: result", cases[i].name);
		if (rc == 0) {
			is_int(type, msg.data[18], "%s: type", cases[i].name);
			is_int(len, be16_load(msg.data + 16), "%s: length", cases[i].name);
			continue;
		}
		is_int(err.action, WIRE_SESSION_RESET, "%s: session reset", cases[i].name);
		is_int(err.code, BGP_ERR_HEADER, "%s: Message Header Error", cases[i].name);
		is_int(err.subcode, cases[i].subcode, "%s: subcode", cases[i].name);
		is_int(err.offset, cases[i].offset, "%s: offset", cases[i].name);
		buf_reset(&note);
		ok(notification_pack_error(&note, &err, msg.data, msg.len) == 0 &&
			   bytes_are(note.data, note.len, cases[i].notification),
		   "%s: NOTIFICATION and its Data (RFC 4271 6.1)", cases[i].name);
	}
	ok(message_header_check(msg.data, 0, 4096, &(uint8_t){0}, &(uint16_t){0}, NULL) == -1,
	   "no octets, no error record: refused all the same");
	buf_free(&msg);
	buf_free(&note);
}

static void test_message_names(void)
{
	is_str(bgp_msg_type_name(BGP_MSG_OPEN), "open", "type name open");
	is_str(bgp_msg_type_name(BGP_MSG_KEEPALIVE), "keepalive", "type name keepalive");
	is_str(bgp_msg_type_name(BGP_MSG_ROUTE_REFRESH), "route-refresh", "type name route-refresh");
	is_str(bgp_msg_type_name(9), "unknown", "type name unknown");
}

static void test_keepalive(void)
{
	struct buf out = BUF_INIT;
	struct wire_error err;
	uint8_t type;
	uint16_t len;
	struct json j;
	struct json_envelope env = {.shape = JSON_SHAPE_V6, .time = 1.5, .host = "h", .pid = 2, .ppid = 1,
				    .counter = 3, .local_address = "192.0.2.2", .peer_address = "192.0.2.1",
				    .local_as = 65000, .peer_as = 65001, .direction = "in"};

	keepalive_pack(&out);
	ok(bytes_are(out.data, out.len, MARKER "0013 04"), "KEEPALIVE is a bare header");
	wire_error_clear(&err);
	ok(message_header_check(out.data, out.len, 4096, &type, &len, &err) == 0 && type == BGP_MSG_KEEPALIVE &&
		   len == 19,
	   "and passes the header check");
	ok(keepalive_parse(out.data + 19, 0, 19, &err) == 0, "an empty body is a KEEPALIVE");
	ok(keepalive_parse((const uint8_t *)"x", 1, 19, &err) == -1, "a body is not");
	ok(err.code == BGP_ERR_HEADER && err.subcode == BGP_HDR_BAD_LENGTH && err.data_offset == 16 &&
		   err.data_len == 2,
	   "Bad Message Length, Data the Length field");

	buf_reset(&out);
	json_init(&j, &out, JSON_STYLE_EXABGP);
	json_keepalive_write(&j, &env);
	/* ExaBGP's text to the byte: "host" : and "asn": {...} , then two spaces after the
	 * direction of a message without a body */
	is_str(buf_cstr(&out),
	       "{ \"exabgp\": \"6.0.0\", \"time\": 1.5, \"host\" : \"h\", \"pid\" : 2, \"ppid\" : 1, \"counter\": 3, "
	       "\"type\": \"keepalive\", \"neighbor\": { \"address\": { \"local\": \"192.0.2.2\", \"peer\": \"192.0.2.1\" }, "
	       "\"asn\": { \"local\": 65000, \"peer\": 65001 } , \"direction\": \"in\"  } }",
	       "KEEPALIVE JSON: the envelope alone");
	ok(jsoncmp_valid(buf_cstr(&out)), "KEEPALIVE JSON is well-formed");

	buf_reset(&out);
	json_init(&j, &out, JSON_STYLE_COMPACT);
	json_keepalive_write(&j, &env);
	is_str(buf_cstr(&out),
	       "{\"exabgp\":\"6.0.0\",\"time\":1.5,\"host\":\"h\",\"pid\":2,\"ppid\":1,\"counter\":3,"
	       "\"type\":\"keepalive\",\"neighbor\":{\"address\":{\"local\":\"192.0.2.2\",\"peer\":\"192.0.2.1\"},"
	       "\"asn\":{\"local\":65000,\"peer\":65001},\"direction\":\"in\"}}",
	       "KEEPALIVE JSON, compact");
	ok(jsoncmp_valid(buf_cstr(&out)), "KEEPALIVE JSON is well-formed");
	buf_free(&out);
}

int main(void)
{
	test_header_check();
	test_message_names();
	test_keepalive();
	return done_testing();
}
