/* t_route_refresh.c — ROUTE-REFRESH (RFC 2918, RFC 7313): parse and pack each subtype, the
 * unknown subtype that is ignored, the length error and its NOTIFICATION, ExaBGP's JSON. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/json_open.h"
#include "tap.h"
#include "jsoncmp.h"
#include "wire/message.h"
#include "wire/notification.h"
#include "wire/route_refresh.h"
#include "wirehelp.h"

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static int parse_msg(const struct buf *msg, struct route_refresh *rr, struct wire_error *err)
{
	uint8_t type;
	uint16_t len;

	wire_error_clear(err);
	if (message_header_check(msg->data, msg->len, 4096, &type, &len, err) < 0)
		return -1;
	return route_refresh_parse(msg->data + BGP_HEADER_LEN, len - BGP_HEADER_LEN, BGP_HEADER_LEN, rr, err);
}

static char *body_json(const struct route_refresh *rr)
{
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b, JSON_STYLE_COMPACT);
	json_object_open(&j);
	json_refresh_body(&j, rr);
	json_object_close(&j);
	return buf_steal(&b);
}

static void test_subtypes(void)
{
	static const struct {
		const char *body;
		uint16_t afi;
		uint8_t safi, subtype;
		bool ignored;
		const char *json;
	} cases[] = {
		{"0001 00 01", 1, 1, ROUTE_REFRESH_NORMAL, false,
		 "{\"route-refresh\":{\"afi\":\"ipv4\",\"safi\":\"unicast\",\"subtype\":\"query\"}}"},
		{"0002 01 80", 2, 128, ROUTE_REFRESH_BORR, false,
		 "{\"route-refresh\":{\"afi\":\"ipv6\",\"safi\":\"mpls-vpn\",\"subtype\":\"begin\"}}"},
		{"0001 02 85", 1, 133, ROUTE_REFRESH_EORR, false,
		 "{\"route-refresh\":{\"afi\":\"ipv4\",\"safi\":\"flow\",\"subtype\":\"end\"}}"},
		{"0019 03 46", 25, 70, 3, true,
		 "{\"route-refresh\":{\"afi\":\"l2vpn\",\"safi\":\"evpn\",\"subtype\":\"invalid\"}}"},
		{"0063 FF 63", 99, 99, 255, true,
		 "{\"route-refresh\":{\"afi\":\"unknown-afi-0x63\",\"safi\":\"unknown safi 99\",\"subtype\":\"invalid\"}}"},
	};
	struct buf msg = BUF_INIT, out = BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct route_refresh rr;
		struct wire_error err;
		char *json;

		msg_build(&msg, BGP_MSG_ROUTE_REFRESH, cases[i].body, 0);
		if (parse_msg(&msg, &rr, &err) < 0) {
			ok(false, "%s: parses (%s)", cases[i].body, err.why);
			continue;
		}
		ok(rr.afi == cases[i].afi && rr.safi == cases[i].safi && rr.subtype == cases[i].subtype,
		   "%s: afi, safi, subtype", cases[i].body);
		/* RFC 7313 5: an unknown subtype is ignored, not an error */
		is_int(route_refresh_ignored(&rr), cases[i].ignored, "%s: ignored or not", cases[i].body);
		buf_reset(&out);
		route_refresh_pack(&out, rr.afi, rr.safi, rr.subtype);
		ok(out.len == msg.len && memcmp(out.data, msg.data, msg.len) == 0, "%s: packs back", cases[i].body);
		json = body_json(&rr);
		is_str(json, cases[i].json, "%s: JSON", cases[i].body);
		free(json);
	}

	/* the whole message as ExaBGP sends it to a helper */
	{
		struct route_refresh rr = {1, 0, 1};
		struct json j;
		struct json_envelope env = {.shape = JSON_SHAPE_V4, .local_address = "192.0.2.2",
					    .peer_address = "192.0.2.1", .local_as = 65000,
					    .peer_as = 65001, .direction = "in"};
		buf_reset(&out);
		json_init(&j, &out, JSON_STYLE_EXABGP);
		json_refresh_write(&j, &env, &rr);
		ok(jsoncmp_valid(buf_cstr(&out)), "refresh message is JSON");
		ok(strstr(buf_cstr(&out), "\"exabgp\": \"4.0.1\"") != NULL, "the v4 shape relabels the version");
		ok(strstr(buf_cstr(&out), "\"type\": \"refresh\"") != NULL, "type refresh");
		/* ExaBGP: 'route-refresh': '{ %s }' */
		ok(strstr(buf_cstr(&out), " , \"direction\": \"receive\", \"route-refresh\": { \"afi\": \"ipv4\", "
				      "\"safi\": \"unicast\", \"subtype\": \"query\" } } }") != NULL,
		   "body in the neighbor object, with ExaBGP's spacing");
	}
	buf_free(&msg);
	buf_free(&out);
}

static void test_bad_length(void)
{
	static const char *const bodies[] = {"0001 00", "0001 00 01 00", "0001 00 01 00000000"};
	struct buf msg = BUF_INIT, note = BUF_INIT, want = BUF_INIT;

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct route_refresh rr;
		struct wire_error err;
		uint8_t type;
		uint16_t len;

		msg_build(&msg, BGP_MSG_ROUTE_REFRESH, bodies[i], 0);
		wire_error_clear(&err);
		if (message_header_check(msg.data, msg.len, 4096, &type, &len, &err) < 0) {
			/* shorter than 23: the header check's Bad Message Length comes first */
			ok(err.code == BGP_ERR_HEADER && err.subcode == BGP_HDR_BAD_LENGTH,
			   "%s: header Bad Message Length", bodies[i]);
			/* the body parser, asked directly, answers the RFC 7313 way */
			wire_error_clear(&err);
		}
		ok(route_refresh_parse(msg.data + 19, msg.len - 19, 19, &rr, &err) == -1, "%s: refused", bodies[i]);
		is_int(err.action, WIRE_SESSION_RESET, "%s: session reset", bodies[i]);
		is_int(err.code, BGP_ERR_ROUTE_REFRESH, "%s: ROUTE-REFRESH Message Error", bodies[i]);
		is_int(err.subcode, BGP_RR_INVALID_LENGTH, "%s: Invalid Message Length", bodies[i]);
		ok(err.data_offset == 0 && err.data_len == msg.len, "%s: Data is the whole message", bodies[i]);
		buf_reset(&note);
		ok(notification_pack_error(&note, &err, msg.data, msg.len) == 0, "%s: NOTIFICATION", bodies[i]);
		buf_reset(&want);
		message_begin(&want, BGP_MSG_NOTIFICATION);
		buf_put_u8(&want, 7);
		buf_put_u8(&want, 1);
		buf_put(&want, msg.data, msg.len);
		message_finish(&want, 0);
		ok(note.len == want.len && memcmp(note.data, want.data, want.len) == 0,
		   "%s: the NOTIFICATION carries the complete message (RFC 7313 5)", bodies[i]);
	}
	buf_free(&msg);
	buf_free(&note);
	buf_free(&want);
}

int main(void)
{
	test_subtypes();
	test_bad_length();
	return done_testing();
}
