/* flow_text.c — see flow_text.h. */
#include "model/flow_text.h"

#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "model/attr_text.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_flow.h"
#include "wire/rd.h"

/* ---- names -------------------------------------------------------------------------- */

struct flow_name {
	uint64_t value;
	const char *name;
};

/* ExaBGP's Protocol, ICMPType, TCPFlag and Fragment names, in its order. */
static const struct flow_name protocol_names[] = {
	{1, "icmp"}, {2, "igmp"}, {6, "tcp"}, {8, "egp"}, {17, "udp"}, {46, "rsvp"}, {47, "gre"},
	{50, "esp"}, {51, "ah"}, {89, "ospf"}, {94, "ipip"}, {103, "pim"}, {132, "sctp"}, {0, NULL},
};
static const struct flow_name icmp_type_names[] = {
	{0, "echo-reply"}, {3, "unreachable"}, {4, "source-quench"}, {5, "redirect"},
	{8, "echo-request"}, {9, "router-advertisement"}, {10, "router-solicit"},
	{11, "time-exceeded"}, {12, "parameter-problem"}, {13, "timestamp"},
	{14, "timestamp-reply"}, {15, "info-request"}, {16, "info-reply"}, {17, "mask-request"},
	{18, "mask-reply"}, {30, "traceroute"}, {41, "experimental-mobility"},
	{42, "extended-echo-request"}, {43, "extended-echo-reply"}, {253, "experimental-one"},
	{254, "experimental-two"}, {0, NULL},
};
/* accepted when reading; ExaBGP prints ICMP codes as numbers */
static const struct flow_name icmp_code_names[] = {
	{0, "network-unreachable"}, {1, "host-unreachable"}, {2, "protocol-unreachable"},
	{3, "port-unreachable"}, {4, "fragmentation-needed"}, {5, "source-route-failed"},
	{6, "destination-network-unknown"}, {7, "destination-host-unknown"},
	{8, "source-host-isolated"}, {9, "destination-network-prohibited"},
	{10, "destination-host-prohibited"}, {11, "network-unreachable-for-tos"},
	{12, "host-unreachable-for-tos"}, {13, "communication-prohibited-by-filtering"},
	{14, "host-precedence-violation"}, {15, "precedence-cutoff-in-effect"},
	{0, "redirect-for-network"}, {1, "redirect-for-host"}, {2, "redirect-for-tos-and-net"},
	{3, "redirect-for-tos-and-host"}, {0, "ttl-eq-zero-during-transit"},
	{1, "ttl-eq-zero-during-reassembly"}, {1, "required-option-missing"}, {2, "ip-header-bad"},
	{0, NULL},
};
static const struct flow_name tcp_flag_names[] = {
	{0x01, "fin"}, {0x02, "syn"}, {0x04, "rst"}, {0x08, "push"}, {0x10, "ack"}, {0x20, "urg"},
	{0x40, "ece"}, {0x80, "cwr"}, {0x100, "ns"}, {0x20, "urgent"}, {0, NULL},
};
static const struct flow_name fragment_names[] = {
	{0x00, "not-a-fragment"}, {0x01, "dont-fragment"}, {0x02, "is-fragment"},
	{0x04, "first-fragment"}, {0x08, "last-fragment"}, {0, NULL},
};

static int name_lookup(const struct flow_name *t, const char *s, size_t len, uint64_t *out)
{
	for (; t->name; t++)
		if (scan_word_is(s, len, t->name)) {
			*out = t->value;
			return 0;
		}
	return -1;
}

static const char *name_of(const struct flow_name *t, uint64_t v)
{
	for (; t->name; t++)
		if (t->value == v)
			return t->name;
	return NULL;
}

/* ---- components: names, value limits ------------------------------------------------ */

static const char *component_name(uint16_t afi, uint8_t type)
{
	bool v6 = afi == AFI_IPV6;
	switch (type) {
	case FLOW_DESTINATION: return v6 ? "destination-ipv6" : "destination-ipv4";
	case FLOW_SOURCE: return v6 ? "source-ipv6" : "source-ipv4";
	case FLOW_PROTOCOL: return v6 ? "next-header" : "protocol";
	case FLOW_PORT: return "port";
	case FLOW_DESTINATION_PORT: return "destination-port";
	case FLOW_SOURCE_PORT: return "source-port";
	case FLOW_ICMP_TYPE: return "icmp-type";
	case FLOW_ICMP_CODE: return "icmp-code";
	case FLOW_TCP_FLAGS: return "tcp-flags";
	case FLOW_PACKET_LENGTH: return "packet-length";
	case FLOW_DSCP: return v6 ? "traffic-class" : "dscp";
	case FLOW_FRAGMENT: return "fragment";
	case FLOW_FLOW_LABEL: return "flow-label";
	default: return "unknown";
	}
}

/* The component a keyword names: 0 when none. *afi_hint is set for the -ipv4/-ipv6 names. */
static uint8_t component_keyword(const char *s, size_t len, uint16_t *afi_hint)
{
	static const struct {
		const char *name;
		uint8_t type;
		uint16_t afi;
	} words[] = {
		{"destination-ipv4", FLOW_DESTINATION, AFI_IPV4}, {"source-ipv4", FLOW_SOURCE, AFI_IPV4},
		{"destination-ipv6", FLOW_DESTINATION, AFI_IPV6}, {"source-ipv6", FLOW_SOURCE, AFI_IPV6},
		{"destination", FLOW_DESTINATION, 0},             {"source", FLOW_SOURCE, 0},
		{"protocol", FLOW_PROTOCOL, 0},                    {"next-header", FLOW_PROTOCOL, AFI_IPV6},
		{"port", FLOW_PORT, 0},                            {"destination-port", FLOW_DESTINATION_PORT, 0},
		{"source-port", FLOW_SOURCE_PORT, 0},              {"icmp-type", FLOW_ICMP_TYPE, 0},
		{"icmp-code", FLOW_ICMP_CODE, 0},                  {"tcp-flags", FLOW_TCP_FLAGS, 0},
		{"packet-length", FLOW_PACKET_LENGTH, 0},          {"dscp", FLOW_DSCP, 0},
		{"traffic-class", FLOW_DSCP, AFI_IPV6},                   {"fragment", FLOW_FRAGMENT, 0},
		{"flow-label", FLOW_FLOW_LABEL, AFI_IPV6},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (scan_word_is(s, len, words[i].name)) {
			*afi_hint = words[i].afi;
			return words[i].type;
		}
	return 0;
}

/* Largest value a component carries (ExaBGP's converters and encoders). */
static uint64_t component_max(uint16_t afi, uint8_t type)
{
	switch (type) {
	case FLOW_DSCP: return afi == AFI_IPV6 ? 0xFF : 0x3F; /* traffic-class is one octet */
	case FLOW_FLOW_LABEL: return 0xFFFFF;
	case FLOW_PORT:
	case FLOW_DESTINATION_PORT:
	case FLOW_SOURCE_PORT:
	case FLOW_PACKET_LENGTH:
	case FLOW_TCP_FLAGS:
	case FLOW_FRAGMENT: return 0xFFFF;
	default: return 0xFF;
	}
}

/* name, name+name (bit sets), decimal, or 0xHEX. */
static int value_parse(uint16_t afi, uint8_t type, const char *s, size_t len, uint64_t *out)
{
	const struct flow_name *names = NULL;
	switch (type) {
	case FLOW_PROTOCOL: names = protocol_names; break;
	case FLOW_ICMP_TYPE: names = icmp_type_names; break;
	case FLOW_ICMP_CODE: names = icmp_code_names; break;
	case FLOW_TCP_FLAGS: names = tcp_flag_names; break;
	case FLOW_FRAGMENT: names = fragment_names; break;
	default: break;
	}
	uint64_t total = 0;
	size_t start = 0;
	if (len == 0)
		return -1;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && !(s[i] == '+' && flow_type_is_bitmask(type)))
			continue;
		const char *w = s + start;
		size_t wl = i - start;
		uint64_t v;
		if (names && name_lookup(names, w, wl, &v) == 0)
			;
		else if (scan_dec(w, wl, component_max(afi, type), &v) == 0)
			;
		else if (scan_has_hex_prefix(w, wl) && scan_hex(w + 2, wl - 2, component_max(afi, type), &v) == 0)
			;
		else
			return -1;
		total += v;
		start = i + 1;
	}
	if (total > component_max(afi, type))
		return -1;
	/* bits without a name print as ExaBGP's "unknown ... type N", which reads back as nothing:
	 * refused here (a received NLRI with them still decodes) */
	if ((type == FLOW_TCP_FLAGS && (total == 0 || (total & ~(uint64_t)0x1FF))) ||
	    (type == FLOW_FRAGMENT && (total & ~(uint64_t)0x0F)))
		return -1;
	*out = total;
	return 0;
}

static void value_format(struct buf *out, uint8_t type, uint64_t v)
{
	const char *name;
	switch (type) {
	case FLOW_PROTOCOL:
	case FLOW_ICMP_TYPE:
		name = name_of(type == FLOW_PROTOCOL ? protocol_names : icmp_type_names, v);
		if (name) {
			buf_puts(out, name);
			return;
		}
		break;
	case FLOW_TCP_FLAGS:
	case FLOW_FRAGMENT: {
		/* ExaBGP's BitResource: each known bit by name, '+' between them */
		const struct flow_name *t = type == FLOW_TCP_FLAGS ? tcp_flag_names : fragment_names;
		uint64_t left = v;
		bool first = true;
		for (; t->name; t++) {
			if (type == FLOW_TCP_FLAGS && strcmp(t->name, "urgent") == 0)
				continue;
			if ((left & t->value) || left == t->value) {
				if (!first)
					buf_putc(out, '+');
				buf_puts(out, t->name);
				first = false;
				left -= t->value;
				if (t->value == 0)
					break;
			}
		}
		if (left) {
			if (!first)
				buf_putc(out, '+');
			buf_puts(out, type == FLOW_TCP_FLAGS ? "unknown tcp flag type " : "unknown fragment type ");
			buf_put_uint(out, v);
		}
		return;
	}
	default:
		break;
	}
	buf_put_uint(out, v);
}

/* ---- operators ---------------------------------------------------------------------- */

static void op_format(struct buf *out, const struct flow_item *it)
{
	uint8_t op = (uint8_t)(it->op & ~(FLOW_OP_END | FLOW_OP_LEN));
	const char *s = NULL;
	char hex[4];

	if (flow_type_is_bitmask(it->type)) {
		switch (op) {
		case 0x00: s = ""; break;
		case FLOW_OP_NOT: s = "!"; break;
		case FLOW_OP_MATCH: s = "="; break;
		case FLOW_OP_NOT | FLOW_OP_MATCH: s = "!="; break;
		case FLOW_OP_AND: s = "&"; break;
		case FLOW_OP_AND | FLOW_OP_NOT: s = "&!"; break;
		case FLOW_OP_AND | FLOW_OP_MATCH: s = "&="; break;
		case FLOW_OP_AND | FLOW_OP_NOT | FLOW_OP_MATCH: s = "&!="; break;
		default: break;
		}
	} else {
		uint8_t cmp = op & 0x07;
		if (op == 0x07 || op == 0x00) {
			buf_puts(out, op ? "true" : "false");
			return;
		}
		static const char *const cmps[8] = {"false", "=", ">", ">=", "<", "<=", "!=", "true"};
		if ((op & ~(FLOW_OP_AND | 0x07)) == 0) {
			if (op & FLOW_OP_AND)
				buf_putc(out, '&');
			s = cmps[cmp];
		}
	}
	if (s == NULL) {
		snprintf(hex, sizeof(hex), "%02X", op);
		s = hex;
	}
	buf_puts(out, s);
	value_format(out, it->type, it->value);
}

static void prefix_format(struct buf *out, uint16_t afi, const struct flow_item *it)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(afi, it->addr, ip));
	buf_putc(out, '/');
	buf_put_uint(out, it->bits);
	if (afi == AFI_IPV6) {
		buf_putc(out, '/');
		buf_put_uint(out, it->offset);
	}
}

static void item_format(struct buf *out, uint16_t afi, const struct flow_item *it)
{
	if (flow_type_is_prefix(it->type))
		prefix_format(out, afi, it);
	else
		op_format(out, it);
}

/* ---- printing ----------------------------------------------------------------------- */

/* The items of one component from it (first already read into *first); leaves *next with
 * the first item of the next component, returns whether there is one. */
static size_t component_items(struct flow_iter *it, const struct flow_item *first, struct flow_item *items,
			      size_t cap, struct flow_item *next, bool *more)
{
	size_t n = 0;
	items[n++] = *first;
	*more = false;
	struct flow_item cur;
	while (flow_iter_next(it, &cur) == 1) {
		if (cur.type != first->type) {
			*next = cur;
			*more = true;
			break;
		}
		if (n < cap)
			items[n++] = cur;
	}
	return n;
}

void flow_text_rules(struct buf *out, const struct nlri *n)
{
	struct flow_iter it;
	struct flow_item first, items[FLOW_ITEMS_MAX];
	bool more;

	flow_iter_init(&it, n);
	more = flow_iter_next(&it, &first) == 1;
	while (more) {
		size_t count = component_items(&it, &first, items, FLOW_ITEMS_MAX, &first, &more);
		buf_putc(out, ' ');
		buf_puts(out, component_name(n->afi, items[0].type));
		buf_puts(out, count > 1 ? " [ " : " ");
		for (size_t i = 0; i < count; i++) {
			if (i && !(items[i].op & FLOW_OP_AND))
				buf_putc(out, ' ');
			item_format(out, n->afi, &items[i]);
		}
		if (count > 1)
			buf_puts(out, " ]");
	}
	const uint8_t *rd = nlri_flow_rd(n);
	if (rd) {
		char text[RD_STR_MAX];
		buf_puts(out, " rd ");
		buf_puts(out, rd_format(rd, text));
	}
}

void flow_json_write(struct json *j, const struct nlri *n, const struct nexthop *nh)
{
	char ip[IP_STR_MAX] = "";
	struct flow_iter it;
	struct flow_item first, items[FLOW_ITEMS_MAX];
	struct buf s;
	bool more;

	buf_init(&s);
	json_object_open(j);
	flow_iter_init(&it, n);
	more = flow_iter_next(&it, &first) == 1;
	while (more) {
		size_t count = component_items(&it, &first, items, FLOW_ITEMS_MAX, &first, &more);
		json_key(j, component_name(n->afi, items[0].type));
		json_array_open(j);
		/* an item joined by "and" is written into the string of the one before it */
		for (size_t i = 0; i < count;) {
			buf_reset(&s);
			item_format(&s, n->afi, &items[i]);
			for (i++; i < count && (items[i].op & FLOW_OP_AND); i++)
				item_format(&s, n->afi, &items[i]);
			json_string_n(j, (const char *)s.data, s.len);
		}
		json_array_close(j);
	}
	const uint8_t *rd = nlri_flow_rd(n);
	if (rd) {
		char text[RD_STR_MAX];
		JSON_KEY(j, "rd");
		json_string(j, rd_format(rd, text));
	}
	if (nh && (nh->len == 4 || nh->len >= 16)) {
		ip_format(nh->len == 4 ? AFI_IPV4 : AFI_IPV6, nh->addr, ip);
		JSON_KEY(j, "next-hop");
		json_string(j, ip);
	}
	buf_reset(&s);
	buf_puts(&s, "flow");
	flow_text_rules(&s, n);
	if (ip[0]) {
		buf_puts(&s, " next-hop ");
		buf_puts(&s, ip);
	}
	JSON_KEY(j, "string");
	json_string_n(j, (const char *)s.data, s.len);
	json_object_close(j);
	buf_free(&s);
}

/* ---- extended communities written as two words -------------------------------------- */

bool flow_ext_takes_value(const char *s, size_t len)
{
	return scan_word_is(s, len, "mark") || scan_word_is(s, len, "action") ||
	       scan_word_is(s, len, "redirect-to-nexthop-ietf") || scan_word_is(s, len, "copy-to-nexthop-ietf");
}

int flow_ext_pair_parse(const char *kw, size_t kwlen, const char *v, size_t vlen, uint8_t out[8])
{
	uint64_t n;
	memset(out, 0, 8);
	if (scan_word_is(kw, kwlen, "mark")) {
		/* RFC 8955 7.5 traffic-marking: the DSCP in the last octet */
		if (scan_dec(v, vlen, 0x3F, &n) < 0)
			return -1;
		out[0] = 0x80;
		out[1] = 0x09;
		out[7] = (uint8_t)n;
		return 0;
	}
	if (scan_word_is(kw, kwlen, "action")) {
		/* RFC 8955 7.3 traffic-action: S (sample, 0x02) and T (terminal, 0x01) bits */
		bool sample = memmem(v, vlen, "sample", 6) != NULL;
		bool terminal = memmem(v, vlen, "terminal", 8) != NULL;
		if (!sample && !terminal)
			return -1;
		out[0] = 0x80;
		out[1] = 0x07;
		out[7] = (uint8_t)((sample ? 0x02 : 0) | (terminal ? 0x01 : 0));
		return 0;
	}
	/* draft-ietf-idr-flowspec-redirect-ip: 0x010C, the address, then the copy flag */
	uint8_t ip[4];
	if (ipv4_parse(v, vlen, ip) < 0)
		return -1;
	out[0] = 0x01;
	out[1] = 0x0C;
	memcpy(out + 2, ip, 4);
	out[7] = kw[0] == 'c' || kw[0] == 'C' ? 0x01 : 0x00;
	return 0;
}

/* ---- parsing ------------------------------------------------------------------------ */

struct flow_parse {
	struct flow_builder b;
	struct rt_spec spec;
	struct route_text_error *err;
	struct arena *arena;
	uint16_t afi;             /* 0 until a component or the family says */
	uint8_t ext[32][8];       /* actions: extended communities to add */
	size_t next;
	bool has_nexthop_action;  /* redirect IP / copy IP set the next hop */
};

static int set_afi(struct flow_parse *fp, uint16_t afi, const struct rt_token *t, const char *kw)
{
	if (afi == 0)
		return 0;
	if (fp->afi && fp->afi != afi)
		return rt_error_word(fp->err, kw, t, fp->afi == AFI_IPV4 ? "is not an IPv4 rule (the route is IPv4)"
									  : "is not an IPv6 rule (the route is IPv6)");
	fp->afi = afi;
	return 0;
}

/* ADDR/LEN or, IPv6, ADDR/LEN/OFFSET */
static int prefix_component(struct flow_parse *fp, uint8_t type, const char *kw, const struct rt_token *t)
{
	struct flow_item it;
	uint16_t afi;
	memset(&it, 0, sizeof(it));
	it.type = type;
	if (t->kind != RT_WORD)
		return rt_error_word(fp->err, kw, t, "is not a prefix (ADDRESS/LENGTH)");
	const char *slash = memchr(t->s, '/', t->len);
	if (slash == NULL || ip_parse(t->s, (size_t)(slash - t->s), &afi, it.addr) < 0)
		return rt_error_word(fp->err, kw, t, "is not a prefix (ADDRESS/LENGTH)");
	const char *rest = slash + 1, *end = t->s + t->len;
	const char *slash2 = memchr(rest, '/', (size_t)(end - rest));
	unsigned max = afi == AFI_IPV6 ? 128 : 32;
	uint64_t bits, offset = 0;
	if (scan_dec(rest, (size_t)((slash2 ? slash2 : end) - rest), max, &bits) < 0)
		return rt_error_word(fp->err, kw, t, max == 32 ? "has a bad prefix length (0-32)"
							      : "has a bad prefix length (0-128)");
	if (slash2 && (afi != AFI_IPV6 || scan_dec(slash2 + 1, (size_t)(end - slash2 - 1), bits, &offset) < 0))
		return rt_error_word(fp->err, kw, t, "has a bad offset (IPv6 only, at most the length)");
	if (set_afi(fp, afi, t, kw) < 0)
		return -1;
	it.bits = (uint8_t)bits;
	it.offset = (uint8_t)offset;
	/* keep only the prefix's bits, as the wire does */
	for (unsigned i = it.bits; i < 128; i++)
		it.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	if (flow_builder_add(&fp->b, &it) < 0)
		return rt_error_word(fp->err, kw, t, "is one rule too many");
	return 0;
}

/* One word of operator expressions: "=80", ">8080&<8088", "!=tcp", "syn", "rst&fin&!=push";
 * each expression after an '&' is joined to the one before it (the "and" bit). */
static int operator_word(struct flow_parse *fp, uint8_t type, const char *kw, const struct rt_token *t)
{
	if (t->kind != RT_WORD)
		return rt_error_word(fp->err, kw, t, "is not a match expression");
	const char *s = t->s, *end = t->s + t->len;
	bool and_next = false;
	while (s < end) {
		struct flow_item it;
		memset(&it, 0, sizeof(it));
		it.type = type;
		it.op = and_next ? FLOW_OP_AND : 0;
		size_t left = (size_t)(end - s);
		if (flow_type_is_bitmask(type)) {
			if (s[0] == '=') {
				it.op |= FLOW_OP_MATCH;
				s++;
			} else if (left >= 2 && s[0] == '!' && s[1] == '=') {
				it.op |= FLOW_OP_NOT | FLOW_OP_MATCH;
				s += 2;
			} else if (s[0] == '!') {
				it.op |= FLOW_OP_NOT;
				s++;
			}
		} else if (s[0] == '=') {
			it.op |= FLOW_OP_EQ;
			s++;
		} else if (s[0] == '>' || s[0] == '<') {
			it.op |= s[0] == '>' ? FLOW_OP_GT : FLOW_OP_LT;
			s++;
			if (s < end && s[0] == '=') {
				it.op |= FLOW_OP_EQ;
				s++;
			}
		} else if (left >= 2 && s[0] == '!' && s[1] == '=') {
			it.op |= FLOW_OP_LT | FLOW_OP_GT;
			s += 2;
		} else if (left >= 4 && strncasecmp(s, "true", 4) == 0) {
			it.op |= FLOW_OP_LT | FLOW_OP_GT | FLOW_OP_EQ;
			s += 4;
		} else if (left >= 5 && strncasecmp(s, "false", 5) == 0) {
			s += 5;
		} else {
			it.op |= FLOW_OP_EQ;
		}
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *vend = amp ? amp : end;
		bool valueless = !flow_type_is_bitmask(type) && ((it.op & 0x07) == 0x07 || (it.op & 0x07) == 0);
		if (valueless && vend == s)
			it.value = 0;
		else if (value_parse(fp->afi, type, s, (size_t)(vend - s), &it.value) < 0)
			return rt_error_word(fp->err, kw, t, "has a value that is not valid for the component");
		if (flow_builder_add(&fp->b, &it) < 0)
			return rt_error_word(fp->err, kw, t, "is one rule too many");
		if (amp) {
			if (amp + 1 == end)
				return rt_error_word(fp->err, kw, t, "ends with '&'");
			and_next = true;
			s = amp + 1;
		} else {
			s = end;
		}
	}
	return 0;
}

/* COMPONENT value | COMPONENT [ value ... ] */
static int component_parse(struct flow_parse *fp, uint8_t type, uint16_t afi_hint, const struct rt_token *kw_tok,
			   struct rt_lex *lx)
{
	char kw[32];
	size_t kl = kw_tok->len < sizeof(kw) - 1 ? kw_tok->len : sizeof(kw) - 1;
	memcpy(kw, kw_tok->s, kl);
	kw[kl] = '\0';
	if (set_afi(fp, afi_hint, kw_tok, NULL) < 0)
		return -1;
	if (type == FLOW_FLOW_LABEL && set_afi(fp, AFI_IPV6, kw_tok, NULL) < 0)
		return -1;
	struct rt_token t = rt_lex_next(lx);
	bool bracket = t.kind == RT_LBRACKET;
	if (bracket)
		t = rt_lex_next(lx);
	size_t n = 0;
	for (;;) {
		if (bracket && t.kind == RT_RBRACKET)
			break;
		if (bracket && (t.kind == RT_END || t.kind == RT_SEMI))
			return rt_error_at(fp->err, t.off, "%s: the list is not closed with ']'", kw);
		if (flow_type_is_prefix(type)) {
			if (prefix_component(fp, type, kw, &t) < 0)
				return -1;
		} else if (operator_word(fp, type, kw, &t) < 0) {
			return -1;
		}
		n++;
		if (!bracket)
			break;
		t = rt_lex_next(lx);
	}
	if (n == 0)
		return rt_error_at(fp->err, kw_tok->off, "%s: the list is empty", kw);
	return 0;
}

static int add_ext(struct flow_parse *fp, const uint8_t v[8], const struct rt_token *t)
{
	if (fp->next == sizeof(fp->ext) / sizeof(fp->ext[0]))
		return rt_error_word(fp->err, NULL, t, "is one action too many");
	memcpy(fp->ext[fp->next++], v, 8);
	return 0;
}

/* Flowspec actions of the `flow route` form (ExaBGP's `then` section). 1 consumed, 0 not an
 * action, -1 error. */
static int action_parse(struct flow_parse *fp, const struct rt_token *t, struct rt_lex *lx)
{
	uint8_t v[8];
	memset(v, 0, sizeof(v));
	if (scan_word_is(t->s, t->len, "accept"))
		return 1;
	if (scan_word_is(t->s, t->len, "discard")) {
		v[0] = 0x80;
		v[1] = 0x06; /* traffic-rate 0, AS 0 (what Juniper and Arbor send) */
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	if (scan_word_is(t->s, t->len, "rate-limit")) {
		struct rt_token val = rt_lex_next(lx);
		char word[64];
		if (val.kind != RT_WORD || val.len > 40)
			return rt_error_word(fp->err, "rate-limit", &val, "is not a rate (bytes per second)");
		struct rt_token unit = rt_lex_peek(lx);
		bool packets = unit.kind == RT_WORD && scan_word_is(unit.s, unit.len, "packets");
		if (packets) /* "rate-limit N packets": packets per second (RFC 8955 7.3) */
			rt_lex_next(lx);
		snprintf(word, sizeof(word), "rate-limit:%.*s%s", (int)val.len, val.s, packets ? ":packets" : "");
		if (ext_community_parse(word, strlen(word), v) < 0)
			return rt_error_word(fp->err, "rate-limit", &val, "is not a rate (bytes per second)");
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	if (scan_word_is(t->s, t->len, "redirect")) {
		struct rt_token val = rt_lex_next(lx);
		char word[64];
		uint16_t afi;
		uint8_t addr[16];
		if (val.kind == RT_WORD && ip_parse(val.s, val.len, &afi, addr) == 0) {
			/* redirect to an address: the next hop, with redirect-to-nexthop */
			fp->spec.has_nexthop = true;
			fp->spec.nexthop_afi = afi;
			memcpy(fp->spec.nexthop_addr, addr, 16);
			v[0] = 0x08;
			return add_ext(fp, v, t) < 0 ? -1 : 1;
		}
		if (val.kind != RT_WORD || val.len > 40)
			return rt_error_word(fp->err, "redirect", &val, "is not ASN:NUMBER or an IP address");
		snprintf(word, sizeof(word), "redirect:%.*s", (int)val.len, val.s);
		if (ext_community_parse(word, strlen(word), v) < 0)
			return rt_error_word(fp->err, "redirect", &val, "is not ASN:NUMBER or an IP address");
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	if (scan_word_is(t->s, t->len, "interface-set")) {
		/* interface-set TRANSITIVITY:DIRECTION:ASN:GROUP, or a list of them */
		struct rt_token val = rt_lex_next(lx);
		bool bracket = val.kind == RT_LBRACKET;
		if (bracket)
			val = rt_lex_next(lx);
		for (;;) {
			char word[96];
			if (bracket && val.kind == RT_RBRACKET)
				return 1;
			if (val.kind != RT_WORD || val.len > 80)
				return rt_error_word(fp->err, "interface-set", &val, "is not an interface set");
			snprintf(word, sizeof(word), "interface-set:%.*s", (int)val.len, val.s);
			if (ext_community_parse(word, strlen(word), v) < 0)
				return rt_error_word(fp->err, "interface-set", &val, "is not an interface set");
			if (add_ext(fp, v, t) < 0)
				return -1;
			if (!bracket)
				return 1;
			val = rt_lex_next(lx);
		}
	}
	if (scan_word_is(t->s, t->len, "redirect-to-nexthop")) {
		v[0] = 0x08;
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	if (scan_word_is(t->s, t->len, "copy")) {
		struct rt_token val = rt_lex_next(lx);
		if (val.kind != RT_WORD ||
		    ip_parse(val.s, val.len, &fp->spec.nexthop_afi, fp->spec.nexthop_addr) < 0)
			return rt_error_word(fp->err, "copy", &val, "is not an IP address");
		fp->spec.has_nexthop = true;
		v[0] = 0x08;
		v[7] = 0x01;
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	if (scan_word_is(t->s, t->len, "redirect-to-nexthop-ietf") || scan_word_is(t->s, t->len, "copy-to-nexthop-ietf")) {
		struct rt_token val = rt_lex_peek(lx);
		uint16_t afi;
		uint8_t addr[16];
		if (val.kind == RT_WORD && ip_parse(val.s, val.len, &afi, addr) == 0 && afi == AFI_IPV6) {
			/* the IPv6 form is an IPv6 extended community (RFC 5701): 0x000C, the
			 * address, then the copy flag */
			rt_lex_next(lx);
			if (fp->spec.set.present & ATTR_BIT(ATTR_IPV6_EXT_COMMUNITIES))
				return rt_error_word(fp->err, NULL, t, "is given twice");
			uint8_t *v6 = arena_alloc(fp->arena, 20);
			memset(v6, 0, 20);
			v6[1] = 0x0C;
			memcpy(v6 + 2, addr, 16);
			v6[19] = t->s[0] == 'c' || t->s[0] == 'C' ? 0x01 : 0x00;
			fp->spec.set.ipv6_ext_communities.ptr = v6;
			fp->spec.set.ipv6_ext_communities.len = 20;
			fp->spec.set.present |= ATTR_BIT(ATTR_IPV6_EXT_COMMUNITIES);
			return 1;
		}
	}
	if (flow_ext_takes_value(t->s, t->len)) {
		struct rt_token val = rt_lex_next(lx);
		if (val.kind != RT_WORD || flow_ext_pair_parse(t->s, t->len, val.s, val.len, v) < 0)
			return rt_error_word(fp->err, NULL, &val, "is not a valid value for this action");
		return add_ext(fp, v, t) < 0 ? -1 : 1;
	}
	return 0;
}

static int rd_keyword(struct flow_parse *fp, struct rt_lex *lx)
{
	struct rt_token t = rt_lex_next(lx);
	const char *why = NULL;
	if (t.kind != RT_WORD || rd_parse(t.s, t.len, fp->b.rd, &why) < 0)
		return rt_error_word(fp->err, "rd", &t, why ? why : "is not a route distinguisher");
	fp->b.has_rd = true;
	return 0;
}

/* One word of a flow statement: 1 consumed, 0 not ours, -1 error. */
static int flow_word(struct flow_parse *fp, const struct rt_token *t, struct rt_lex *lx, bool actions)
{
	uint16_t hint = 0;
	uint8_t type;
	if (t->kind != RT_WORD)
		return 0;
	type = component_keyword(t->s, t->len, &hint);
	if (type)
		return component_parse(fp, type, hint, t, lx) < 0 ? -1 : 1;
	if (scan_word_is(t->s, t->len, "rd") || scan_word_is(t->s, t->len, "route-distinguisher"))
		return rd_keyword(fp, lx) < 0 ? -1 : 1;
	if (actions)
		return action_parse(fp, t, lx);
	return 0;
}

/* { match { ... } then { ... } } and the route keywords between; the lexer past '{'. */
static int block_parse(struct flow_parse *fp, struct rt_lex *lx)
{
	for (;;) {
		struct rt_token t = rt_lex_next(lx);
		if (t.kind == RT_RBRACE)
			return 0;
		if (t.kind == RT_SEMI)
			continue;
		if (t.kind == RT_END)
			return rt_error_at(fp->err, t.off, "flow: the block is not closed with '}'");
		if (t.kind == RT_WORD && (scan_word_is(t.s, t.len, "match") || scan_word_is(t.s, t.len, "then") ||
					  scan_word_is(t.s, t.len, "scope"))) {
			bool then = !scan_word_is(t.s, t.len, "match"); /* then, scope: actions */
			struct rt_token open = rt_lex_next(lx);
			if (open.kind != RT_LBRACE)
				return rt_error_word(fp->err, NULL, &open, "found where '{' opens the section");
			for (;;) {
				struct rt_token w = rt_lex_next(lx);
				if (w.kind == RT_RBRACE)
					break;
				if (w.kind == RT_SEMI)
					continue;
				if (w.kind == RT_END)
					return rt_error_at(fp->err, w.off, "flow: the section is not closed with '}'");
				int rc = flow_word(fp, &w, lx, then);
				if (rc == 0 && then)
					rc = rt_spec_keyword(&fp->spec, &w, lx, fp->arena, fp->err);
				if (rc < 0)
					return -1;
				if (rc == 0)
					return rt_error_word(fp->err, NULL, &w,
							     then ? "is not a flow action" : "is not a flow match");
			}
			continue;
		}
		int rc = flow_word(fp, &t, lx, true);
		if (rc == 0)
			rc = rt_spec_keyword(&fp->spec, &t, lx, fp->arena, fp->err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return rt_error_word(fp->err, NULL, &t, "is not a flow keyword");
	}
}

static void merge_actions(struct flow_parse *fp)
{
	if (fp->next == 0)
		return;
	struct bytes *view = &fp->spec.set.ext_communities;
	size_t n = view->len / 8 + fp->next;
	uint8_t *all = arena_alloc(fp->arena, n * 8);
	if (view->len)
		memcpy(all, view->ptr, view->len);
	memcpy(all + view->len, fp->ext, fp->next * 8);
	/* ExaBGP keeps extended communities sorted by value */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && memcmp(all + (k - 1) * 8, all + k * 8, 8) > 0; k--) {
			uint8_t tmp[8];
			memcpy(tmp, all + k * 8, 8);
			memcpy(all + k * 8, all + (k - 1) * 8, 8);
			memcpy(all + (k - 1) * 8, tmp, 8);
		}
	view->ptr = all;
	view->len = (uint32_t)(n * 8);
	fp->spec.set.present |= ATTR_BIT(ATTR_EXT_COMMUNITIES);
}

int flow_text_statement(struct update_collection *c, struct rt_lex *lx, uint8_t action, uint16_t afi,
			uint8_t safi, const struct attr_set *group_attrs, struct route_text_error *err)
{
	struct flow_parse *fp = arena_alloc(&c->arena, sizeof(*fp));
	bool route_form = afi == 0;
	struct rt_token start = rt_lex_peek(lx);

	memset(fp, 0, sizeof(*fp));
	rt_spec_init(&fp->spec);
	fp->err = err;
	fp->arena = &c->arena;
	fp->afi = afi;
	if (route_form) {
		struct rt_token r = rt_lex_next(lx);
		if (r.kind != RT_WORD || !scan_word_is(r.s, r.len, "route"))
			return rt_error_word(err, "flow", &r, "found where 'route' follows 'flow'");
		/* ExaBGP names the route: "flow route NAME { ... }" */
		struct rt_token name = rt_lex_peek(lx);
		struct rt_lex after = *lx;
		rt_lex_next(&after);
		if (name.kind == RT_WORD && rt_lex_peek(&after).kind == RT_LBRACE) {
			uint16_t hint;
			if (!component_keyword(name.s, name.len, &hint))
				*lx = after;
		}
		if (rt_lex_peek(lx).kind == RT_LBRACE) {
			rt_lex_next(lx);
			if (block_parse(fp, lx) < 0)
				return -1;
		}
	}
	for (;;) {
		struct rt_token t = rt_lex_peek(lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(lx);
		int rc = flow_word(fp, &t, lx, true);
		if (rc == 0)
			rc = rt_spec_keyword(&fp->spec, &t, lx, &c->arena, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return rt_error_word(err, NULL, &t, t.kind == RT_WORD ? "is not a flow keyword" : "is not expected here");
	}
	if (fp->b.count == 0)
		return rt_error_at(err, start.off, "flow: the route matches nothing (no component given)");
	if (fp->afi == 0)
		fp->afi = AFI_IPV4;
	fp->b.afi = fp->afi;
	merge_actions(fp);

	uint8_t *storage = arena_alloc(&c->arena, FLOW_NLRI_MAX);
	struct nlri n;
	if (flow_builder_pack(&fp->b, storage, &n) < 0)
		return rt_error_at(err, start.off, "flow: the rules are longer than a flow NLRI can be (4095 octets)");
	if (safi == SAFI_FLOW_VPN && !fp->b.has_rd)
		return rt_error_at(err, start.off, "flow: flow-vpn needs an rd");

	struct route *r = update_collection_add(c);
	r->nlri = n;
	r->action = action;
	if (fp->spec.has_nexthop)
		rt_spec_nexthop(&fp->spec, fp->afi, &r->nexthop);
	if (action == ROUTE_ANNOUNCE || rt_spec_has_attributes(&fp->spec))
		r->attrs = rt_spec_attrs(&fp->spec, &c->arena);
	else
		r->attrs = group_attrs;
	r->watchdog = fp->spec.watchdog;
	r->name = fp->spec.name;
	r->start_withdrawn = fp->spec.start_withdrawn;
	return 0;
}
