/* t_flow.c — wire/nlri_flow and model/flow_text: flow NLRI bytes both ways, strict reading
 * (RFC 8955 4.2 order, lengths, RFC 7606 outcomes), ExaBGP's rule text and commands. */
#include <string.h>

#include "core/buf.h"
#include "core/hex.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "tap.h"
#include "wire/nlri_flow.h"

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; s[0] && s[1]; s += 2)
		out[n++] = (uint8_t)(hex_digit_value(s[0]) << 4 | hex_digit_value(s[1]));
	return n;
}

static void hexstr(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A command encoded: the flow NLRI of its single route, in hex. */
static void check_command(const char *cmd, const char *nlri_hex, const char *printed)
{
	struct update_collection c;
	struct route_text_error e;
	char got[2 * FLOW_NLRI_MAX + 1] = "";
	update_collection_init(&c);
	int rc = route_text_parse(&c, cmd, strlen(cmd), NULL, &e);
	is_int(rc, 0, "parses: %s%s%s", cmd, rc ? " -- " : "", rc ? e.why : "");
	if (rc == 0 && c.count == 1) {
		hexstr(c.routes[0].nlri.data, c.routes[0].nlri.len, got);
		is_str(got, nlri_hex, "NLRI of: %s", cmd);
		struct buf out = BUF_INIT;
		route_text_format_command(&out, &c.routes[0]);
		is_str(buf_cstr(&out), printed, "prints back: %s", cmd);
		buf_free(&out);
	}
	update_collection_fini(&c);
}

static void check_refused(const char *cmd, const char *why_has)
{
	struct update_collection c;
	struct route_text_error e;
	update_collection_init(&c);
	is_int(route_text_parse(&c, cmd, strlen(cmd), NULL, &e), -1, "refused: %s", cmd);
	ok(strstr(e.why, why_has) != NULL, "'%s' says '%s' (%s)", cmd, why_has, e.why);
	update_collection_fini(&c);
}

/* Read one NLRI from hex: the reader's return and the action it recorded. */
static void check_read(const char *hex, uint16_t afi, uint8_t safi, int want_rc, enum wire_action want_action,
		       const char *what)
{
	uint8_t buf[512];
	size_t n = unhex(hex, buf);
	struct cursor c = cursor_make(buf, n, 0);
	struct nlri nlri;
	struct wire_error err;
	wire_error_clear(&err);
	is_int(nlri_flow_read(&c, afi, safi, &nlri, &err), want_rc, "read %s", what);
	is_int(err.action, want_action, "action for %s", what);
	if (want_rc == 0)
		is_int(nlri.len, n, "%s: the whole NLRI", what);
}

int main(void)
{
	/* ExaBGP's corpus: conf-flow.ci, api-flow.ci */
	check_command("announce ipv4 flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.2/32 protocol [ =udp =tcp ] "
		      "port [ =80 =8080 ] destination-port [ >8080&<8088 =3128 ] source-port >1024",
		      "250120C0A8000102200A0000020301118106040150911F9005121F90541F98910C3806920400",
		      "announce ipv4 flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.2/32 protocol [ =udp =tcp ] "
		      "port [ =80 =8080 ] destination-port [ >8080&<8088 =3128 ] source-port >1024");
	check_command("announce ipv4 flow tcp-flags [ syn rst&fin&!=push ] destination-ipv4 10.0.0.2/32",
		      "0F01200A00000209000200044001C308",
		      "announce ipv4 flow destination-ipv4 10.0.0.2/32 tcp-flags [ syn rst&fin&!=push ]");
	check_command("announce ipv6 flow destination-ipv6 2a02:b80:15::7aca:39ff:feae:a87a/128/0 source-ipv6 ::1/128/120 "
		      "next-header =UDP traffic-class =101 flow-label =2013",
		      "300180002A020B80001500007ACA39FFFEAEA87A028078000000000000000000000000000000010381110B81650D9107DD",
		      "announce ipv6 flow destination-ipv6 2a02:b80:15:0:7aca:39ff:feae:a87a/128/0 source-ipv6 ::1/128/120 "
		      "next-header =udp traffic-class =101 flow-label =2013");
	check_command("announce ipv4 flow source-ipv4 10.0.0.1/32 rd 65535:65536", "0E0000FFFF0001000002200A000001",
		      "announce ipv4 flow source-ipv4 10.0.0.1/32 rd 65535:65536");
	check_command("announce ipv4 flow packet-length >200&<300", "060A02C8D4012C",
		      "announce ipv4 flow packet-length [ >200&<300 ]");
	/* the flow route form with its actions */
	check_command("announce flow route { match { source 10.0.0.1/32; destination-port =80; } then { discard; } }",
		      "0902200A000001058150",
		      "announce ipv4 flow source-ipv4 10.0.0.1/32 destination-port =80 extended-community [rate-limit:0]");
	check_command("announce flow route source 10.0.0.1/32 destination-port =80 rate-limit 9600",
		      "0902200A000001058150",
		      "announce ipv4 flow source-ipv4 10.0.0.1/32 destination-port =80 extended-community [rate-limit:9600]");
	check_refused("announce ipv4 flow", "no component");
	check_refused("announce ipv4 flow protocol =nosuch", "not valid");
	check_refused("announce ipv4 flow dscp =64", "not valid");
	check_refused("announce ipv4 flow destination-port >80&", "ends with '&'");
	/* values that would print as ExaBGP's "unknown ... type N", which cannot read back */
	check_refused("announce ipv4 flow tcp-flags 8088", "not valid");
	check_refused("announce ipv4 flow tcp-flags =0", "not valid");
	check_refused("announce ipv4 flow fragment 16", "not valid");
	check_refused("announce ipv4 flow destination-port", "a value is missing");
	check_refused("announce ipv4 flow source-ipv4 2001:db8::/32", "IPv4");
	check_refused("announce ipv4 flow-vpn source-ipv4 10.0.0.0/8", "rd");

	/* strict reading */
	check_read("0601200A000001", AFI_IPV4, SAFI_FLOW, 0, WIRE_OK, "a destination");
	check_read("0701200A000001", AFI_IPV4, SAFI_FLOW, -1, WIRE_SESSION_RESET, "a length past the field");
	check_read("0802200A0000010181", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "a type 1 after type 2");
	check_read("0C02200A00000101200A000001", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "decreasing types");
	check_read("03031106", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "a value past the end");
	check_read("03030106", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "an operator list without end");
	check_read("030D8101", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "flow-label in IPv4");
	check_read("030D8101", AFI_IPV6, SAFI_FLOW, 0, WIRE_OK, "flow-label in IPv6");
	check_read("0401210A00", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "a /33 IPv4 prefix");
	check_read("00", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "no component");
	check_read("03000001", AFI_IPV4, SAFI_FLOW_VPN, 1, WIRE_TREAT_AS_WITHDRAW, "a short RD");
	check_read("0403A10006", AFI_IPV4, SAFI_FLOW, 1, WIRE_TREAT_AS_WITHDRAW, "a 4-octet value cut short");

	/* the 2-octet length (RFC 8955 4.1): 300 octets of destination ports */
	struct flow_builder b;
	uint8_t out[FLOW_NLRI_MAX];
	struct nlri n;
	flow_builder_init(&b, AFI_IPV4);
	for (int i = 0; i < 100; i++) {
		struct flow_item it = {.type = FLOW_DESTINATION_PORT, .op = FLOW_OP_EQ, .value = 1000u + (unsigned)i};
		flow_builder_add(&b, &it);
	}
	is_int(flow_builder_pack(&b, out, &n), 0, "300 octets pack");
	is_int(out[0], 0xF1, "two length octets, 0xF in the first");
	is_int(out[1], 0x2D, "length 301");
	struct cursor c = cursor_make(out, n.len, 0);
	struct nlri back;
	struct wire_error err;
	wire_error_clear(&err);
	is_int(nlri_flow_read(&c, AFI_IPV4, SAFI_FLOW, &back, &err), 0, "the long NLRI reads back");
	struct flow_iter iter;
	struct flow_item item;
	size_t items = 0;
	flow_iter_init(&iter, &back);
	while (flow_iter_next(&iter, &item) == 1)
		items++;
	is_int(items, 100, "its 100 items");
	return done_testing();
}
