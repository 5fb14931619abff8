/* t_notification.c — NOTIFICATION: parse and pack, ExaBGP's names, the Shutdown Communication
 * (RFC 9003) well-formed and not, text and JSON that stay safe whatever the peer wrote, and
 * the NOTIFICATION each parser error asks for. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "model/json_open.h"
#include "tap.h"
#include "jsoncmp.h"
#include "wire/message.h"
#include "wire/notification.h"
#include "wire/open.h"
#include "wirehelp.h"

#define MARKER "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static int parse_msg(const struct buf *msg, struct notification *n, struct wire_error *err)
{
	uint8_t type;
	uint16_t len;

	wire_error_clear(err);
	if (message_header_check(msg->data, msg->len, 4096, &type, &len, err) < 0)
		return -1;
	return notification_parse(msg->data + BGP_HEADER_LEN, len - BGP_HEADER_LEN, BGP_HEADER_LEN, n, err);
}

static char *data_text(const struct notification *n, bool escape)
{
	struct buf b = BUF_INIT;
	notification_data_text(n, &b, escape);
	return buf_steal(&b);
}

static char *formatted(const struct notification *n)
{
	struct buf b = BUF_INIT;
	notification_format(n, &b);
	return buf_steal(&b);
}

static char *body_json(const struct notification *n)
{
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b, JSON_STYLE_COMPACT);
	json_object_open(&j);
	json_notification_body(&j, n);
	json_object_close(&j);
	return buf_steal(&b);
}

/* "0x" and the upper-case hex of text, as ExaBGP's hexstring writes it */
static char *hexstring(const char *text)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "0x");
	hex_put(&b, (const uint8_t *)text, strlen(text), true);
	return buf_steal(&b);
}

/* The text forms of a NOTIFICATION built from body_hex. */
static void check_text(const char *name, const char *body_hex, const char *text, const char *line)
{
	struct buf msg = BUF_INIT;
	struct notification n;
	struct wire_error err;
	char *got;

	msg_build(&msg, BGP_MSG_NOTIFICATION, body_hex, 0);
	if (parse_msg(&msg, &n, &err) < 0) {
		ok(false, "%s: parses", name);
		buf_free(&msg);
		return;
	}
	got = data_text(&n, false);
	is_str(got, text, "%s: data text", name);
	free(got);
	got = formatted(&n);
	is_str(got, line, "%s: printed", name);
	free(got);
	got = body_json(&n);
	ok(jsoncmp_valid(got), "%s: JSON is well-formed", name);
	free(got);
	buf_free(&msg);
}

static void test_parse_pack(void)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;
	struct notification n;
	struct wire_error err;
	struct shutdown_communication sc;
	char *got, *hex, *want;

	msg_build(&msg, BGP_MSG_NOTIFICATION, "06 02 0A 676F696E6720646F776E", 0);
	ok(parse_msg(&msg, &n, &err) == 0, "Cease with a communication parses");
	ok(n.code == 6 && n.subcode == 2 && n.data_len == 11, "code, subcode, data");
	notification_shutdown(&n, &sc);
	ok(sc.status == SHUTDOWN_TEXT && sc.text_len == 10 && memcmp(sc.text, "going down", 10) == 0,
	   "the Shutdown Communication");
	is_int(sc.trailer_len, 0, "nothing after it");
	notification_pack(&out, n.code, n.subcode, n.data, n.data_len);
	ok(out.len == msg.len && memcmp(out.data, msg.data, msg.len) == 0, "packs back byte for byte");
	buf_reset(&out);
	ok(notification_pack_shutdown(&out, BGP_CEASE_ADMIN_SHUTDOWN, "going down", 10,
				      SHUTDOWN_COMMUNICATION_LEGACY_MAX) == 0, "shutdown packs");
	ok(out.len == msg.len && memcmp(out.data, msg.data, msg.len) == 0, "the same octets");

	got = body_json(&n);
	hex = hexstring("Shutdown Communication: \"going down\"");
	want = NULL;
	{
		struct buf w = BUF_INIT;
		buf_printf(&w,
			   "{\"notification\":{\"code\":6,\"subcode\":2,\"data\":\"%s\","
			   "\"message\":\"Shutdown Communication: \\\"going down\\\"\"}}",
			   hex);
		want = buf_steal(&w);
	}
	is_str(got, want, "JSON as ExaBGP writes it (data: the hex of its reading)");
	free(got);
	free(hex);
	free(want);

	/* a non-shutdown NOTIFICATION: data is the hex of the octets themselves */
	msg_build(&msg, BGP_MSG_NOTIFICATION, "02 02 FDE8", 0);
	ok(parse_msg(&msg, &n, &err) == 0, "OPEN error with data parses");
	got = body_json(&n);
	is_str(got,
	       "{\"notification\":{\"code\":2,\"subcode\":2,\"data\":\"0xFDE8\",\"message\":\"\xef\xbf\xbd\xef\xbf\xbd\"}}",
	       "JSON: data the octets, message made valid UTF-8");
	free(got);
	notification_shutdown(&n, &sc);
	is_int(sc.status, SHUTDOWN_NONE, "no Shutdown Communication outside Cease 2 and 4");

	/* the whole message */
	{
		struct json j;
		struct json_envelope env = {.shape = JSON_SHAPE_V6, .local_address = "192.0.2.2",
					    .peer_address = "192.0.2.1", .local_as = 65000,
					    .peer_as = 65001, .direction = "in"};
		buf_reset(&out);
		json_init(&j, &out, JSON_STYLE_EXABGP);
		json_notification_write(&j, &env, &n);
		ok(jsoncmp_valid(buf_cstr(&out)), "whole notification message is JSON");
		ok(strstr(buf_cstr(&out), "\"type\": \"notification\"") != NULL, "type notification");
		ok(strstr(buf_cstr(&out), "\"direction\": \"in\", \"notification\": { \"code\": 2") != NULL,
		   "body inside the neighbor object");
		/* ExaBGP: 'notification': '{ %s } ', then the neighbour's ' }' */
		static const char end[] = "\" }  } }";
		size_t len = strlen(buf_cstr(&out));
		ok(len > sizeof(end) && strcmp(buf_cstr(&out) + len - (sizeof(end) - 1), end) == 0,
		   "ExaBGP's spaces at the end");
	}

	/* too short to hold a code: RFC 4271 6.5, no answer, but no crash either */
	wire_error_clear(&err);
	ok(notification_parse((const uint8_t *)"\x06", 1, 19, &n, &err) == -1, "one octet body refused");
	ok(err.code == BGP_ERR_HEADER && err.subcode == BGP_HDR_BAD_LENGTH, "as a Bad Message Length");
	ok(notification_parse(NULL, 0, 19, &n, &err) == -1, "empty body refused");
	msg_build(&msg, BGP_MSG_NOTIFICATION, "06", 0);
	ok(parse_msg(&msg, &n, &err) == -1 && err.code == BGP_ERR_HEADER, "the header check refuses it first");

	/* data longer than a message can carry is cut to fit */
	{
		uint8_t big[5000];
		memset(big, 'x', sizeof(big));
		buf_reset(&out);
		notification_pack(&out, 6, 0, big, sizeof(big));
		is_int(out.len, 4096, "oversized data cut to a 4096-octet message");
		is_int(be16_load(out.data + 16), 4096, "length field agrees");
	}

	buf_free(&msg);
	buf_free(&out);
}

static void test_shutdown_forms(void)
{
	check_text("no data", "06 02", "", "Cease / Administrative Shutdown");
	check_text("empty communication", "06 04 00", "empty Shutdown Communication.",
		   "Cease / Administrative Reset / empty Shutdown Communication.");
	check_text("length past the data", "06 04 0A 616263",
		   "invalid Shutdown Communication (buffer underrun) length : 10 [0x616263]",
		   "Cease / Administrative Reset / invalid Shutdown Communication (buffer underrun) length : 10 [0x616263]");
	check_text("length 255 with nothing", "06 02 FF",
		   "invalid Shutdown Communication (buffer underrun) length : 255 [0x]",
		   "Cease / Administrative Shutdown / invalid Shutdown Communication (buffer underrun) length : 255 [0x]");
	check_text("not UTF-8", "06 02 02 C328",
		   "invalid Shutdown Communication (invalid UTF-8) length : 2 [0xC328]",
		   "Cease / Administrative Shutdown / invalid Shutdown Communication (invalid UTF-8) length : 2 [0xC328]");
	check_text("trailing data", "06 02 02 6869 FFEE", "Shutdown Communication: \"hi\", trailing data: 0xFFEE",
		   "Cease / Administrative Shutdown / Shutdown Communication: \"hi\", trailing data: 0xFFEE");
	check_text("UTF-8 text", "06 02 06 C3A9 E282AC 21", "Shutdown Communication: \"\xc3\xa9\xe2\x82\xac!\"",
		   "Cease / Administrative Shutdown / Shutdown Communication: \"\xc3\xa9\xe2\x82\xac!\"");
	/* control characters: CR and LF become spaces (ExaBGP), the rest is escaped in print */
	check_text("control characters", "06 02 0A 61 1B 5B 33 31 6D 0D 0A 5C 01",
		   "Shutdown Communication: \"a\x1b[31m  \\\x01\"",
		   "Cease / Administrative Shutdown / Shutdown Communication: \"a\\x1b[31m  \\\\\\x01\"");
	check_text("other code with text", "04 00 68656C6C6F", "hello", "Hold Timer Expired / Unspecific / hello");
	check_text("unknown code", "63 09 01", "\x01", "unknown error / unknow reason / \\x01");
	check_text("Cease 2 in another code", "02 02 03 616263", "\x03" "abc", "OPEN Message Error / Bad Peer AS / \\x03abc");

	/* the JSON of a communication full of control characters */
	{
		struct buf msg = BUF_INIT;
		struct notification n;
		struct wire_error err;
		char *got;

		msg_build(&msg, BGP_MSG_NOTIFICATION, "06 02 06 22 5C 1B 07 0D 7F", 0);
		ok(parse_msg(&msg, &n, &err) == 0, "hostile communication parses");
		got = body_json(&n);
		ok(strstr(got, "\"message\":\"Shutdown Communication: \\\"\\\"\\\\\\u001b\\u0007 \\u007f\\\"\"") != NULL,
		   "JSON escapes quote, backslash and control characters");
		ok(jsoncmp_valid(got), "and stays JSON");
		free(got);
		buf_free(&msg);
	}
}

static void test_names(void)
{
	static const struct {
		uint8_t code, subcode;
		const char *code_name, *subcode_name;
	} names[] = {
		{1, 0, "Message Header Error", "Unspecific"},
		{1, 1, "Message Header Error", "Connection Not Synchronized"},
		{1, 2, "Message Header Error", "Bad Message Length"},
		{1, 3, "Message Header Error", "Bad Message Type"},
		{2, 0, "OPEN Message Error", "Unspecific"},
		{2, 1, "OPEN Message Error", "Unsupported Version Number"},
		{2, 4, "OPEN Message Error", "Unsupported Optional Parameter"},
		{2, 5, "OPEN Message Error", "[Deprecated] Authentication Failure"},
		{2, 6, "OPEN Message Error", "Unacceptable Hold Time"},
		{2, 7, "OPEN Message Error", "Unsupported Capability"},
		{2, 11, "OPEN Message Error", "Role Mismatch"},
		{3, 1, "UPDATE Message Error", "Malformed Attribute List"},
		{3, 7, "UPDATE Message Error", "[Deprecated] AS Routing Loop"},
		{3, 11, "UPDATE Message Error", "Malformed AS_PATH"},
		{4, 0, "Hold Timer Expired", "Unspecific"},
		{5, 0, "Finite State Machine Error", "Unspecified Error"},
		{5, 3, "Finite State Machine Error", "Receive Unexpected Message in Established State"},
		{6, 0, "Cease", "Reserved"},
		{6, 1, "Cease", "Maximum Number of Prefixes Reached"},
		{6, 7, "Cease", "Connection Collision Resolution"},
		{6, 9, "Cease", "Hard Reset"},
		{6, 10, "Cease", "BFD Down"},
		{7, 1, "ROUTE-REFRESH Message Error", "Invalid Message Length"},
		{8, 0, "Send Hold Timer Expired", "Unspecific"},
		{9, 0, "Loss of LSDB Synchronization", "Unspecific"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		is_str(notification_code_name(names[i].code), names[i].code_name, "code %u", names[i].code);
		is_str(notification_subcode_name(names[i].code, names[i].subcode), names[i].subcode_name,
		       "subcode %u/%u", names[i].code, names[i].subcode);
	}
	ok(notification_code_name(0) == NULL && notification_code_name(10) == NULL, "unknown codes");
	ok(notification_subcode_name(6, 11) == NULL && notification_subcode_name(2, 12) == NULL &&
	   notification_subcode_name(4, 1) == NULL && notification_subcode_name(1, 255) == NULL,
	   "unknown subcodes");
}

static void test_pack_shutdown(void)
{
	struct buf out = BUF_INIT, text = BUF_INIT;

	/* cut on a character boundary: 'a' then two-octet characters, 128 octets at most */
	buf_putc(&text, 'a');
	for (int i = 0; i < 150; i++)
		buf_puts(&text, "\xc3\xa9");
	ok(notification_pack_shutdown(&out, BGP_CEASE_ADMIN_RESET, (const char *)text.data, text.len,
				      SHUTDOWN_COMMUNICATION_LEGACY_MAX) == 0, "long communication packs");
	is_int(out.data[21], 127, "cut to 127 octets: no half character");
	is_int(out.len, 19 + 2 + 1 + 127, "message length");
	buf_reset(&out);
	ok(notification_pack_shutdown(&out, BGP_CEASE_ADMIN_RESET, (const char *)text.data, text.len,
				      1000) == 0, "a maximum above 255");
	is_int(out.data[21], 255, "is 255 (RFC 9003 2)");

	buf_reset(&out);
	ok(notification_pack_shutdown(&out, BGP_CEASE_PEER_DECONFIGURED, "x", 1, 128) == -1 && out.len == 0,
	   "another Cease subcode carries no communication");
	ok(notification_pack_shutdown(&out, BGP_CEASE_ADMIN_SHUTDOWN, "\xff", 1, 128) == -1 && out.len == 0,
	   "text that is not UTF-8 is refused");
	ok(notification_pack_shutdown(&out, BGP_CEASE_ADMIN_SHUTDOWN, "", 0, 128) == 0, "empty text");
	ok(bytes_are(out.data, out.len, MARKER "0015 03 06 02"), "empty text: no data at all");

	buf_free(&out);
	buf_free(&text);
}

static void test_from_error(void)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;
	struct wire_error err;
	uint8_t type;
	uint16_t len;

	/* RFC 4271 6.1: a KEEPALIVE of 20 octets, Data the Length field */
	msg_build(&msg, BGP_MSG_KEEPALIVE, "00", 0);
	wire_error_clear(&err);
	ok(message_header_check(msg.data, msg.len, 4096, &type, &len, &err) == -1, "long KEEPALIVE refused");
	ok(notification_pack_error(&out, &err, msg.data, msg.len) == 0, "its NOTIFICATION");
	ok(bytes_are(out.data, out.len, MARKER "0017 03 01 02 0014"), "Bad Message Length with the length");

	/* data the message does not hold is left out rather than read past the end */
	err.data_offset = 100;
	err.data_len = 4;
	buf_reset(&out);
	ok(notification_pack_error(&out, &err, msg.data, msg.len) == 0, "a data range past the message");
	ok(bytes_are(out.data, out.len, MARKER "0015 03 01 02"), "packs no data");

	/* an error that does not reset the session sends nothing */
	wire_error_clear(&err);
	wire_error_set(&err, WIRE_ATTR_DISCARD, BGP_ERR_UPDATE, BGP_UPD_OPTIONAL_ATTR, 30, "x");
	buf_reset(&out);
	ok(notification_pack_error(&out, &err, msg.data, msg.len) == -1 && out.len == 0,
	   "attribute discard: no NOTIFICATION");

	buf_free(&msg);
	buf_free(&out);
}

int main(void)
{
	test_parse_pack();
	test_shutdown_forms();
	test_names();
	test_pack_shutdown();
	test_from_error();
	return done_testing();
}
