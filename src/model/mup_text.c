/* mup_text.c — see mup_text.h. */
#include "model/mup_text.h"

#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "model/attr_text.h"
#include "model/mpls_text.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_mup.h"

static const char *const mup_words[] = {NULL, "mup-isd", "mup-dsd", "mup-t1st", "mup-t2st"};
static const char *const mup_names[] = {NULL, "InterworkSegmentDiscoveryRoute", "DirectSegmentDiscoveryRoute",
					"Type1SessionTransformedRoute", "Type2SessionTransformedRoute"};

static int address(const struct rt_token *t, const char *kw, uint16_t want, uint16_t *afi, uint8_t addr[16],
		   struct route_text_error *err)
{
	uint16_t got;
	memset(addr, 0, 16);
	if (t->kind != RT_WORD || ip_parse(t->s, t->len, &got, addr) < 0)
		return rt_error_word(err, kw, t, "is not an IP address");
	if (want && got != want)
		return rt_error_word(err, kw, t, want == AFI_IPV4 ? "is not an IPv4 address" : "is not an IPv6 address");
	if (afi)
		*afi = got;
	return 0;
}

static int prefix(const struct rt_token *t, const char *kw, uint16_t afi, struct mup *v, struct route_text_error *err)
{
	const char *slash = t->kind == RT_WORD ? memchr(t->s, '/', t->len) : NULL;
	uint64_t bits;
	uint16_t got;
	memset(v->prefix, 0, sizeof(v->prefix));
	if (slash == NULL || ip_parse(t->s, (size_t)(slash - t->s), &got, v->prefix) < 0)
		return rt_error_word(err, kw, t, "is not a prefix (ADDRESS/LENGTH)");
	if (got != afi)
		return rt_error_word(err, kw, t, afi == AFI_IPV4 ? "is not an IPv4 prefix" : "is not an IPv6 prefix");
	if (scan_dec(slash + 1, t->len - (size_t)(slash - t->s) - 1, afi_addr_len(afi) * 8u, &bits) < 0)
		return rt_error_word(err, kw, t, afi == AFI_IPV4 ? "has a bad prefix length (0-32)" : "has a bad prefix length (0-128)");
	v->prefix_len = (uint8_t)bits;
	return 0;
}

static int parse_nlri(struct rt_lex *lx, uint16_t afi, struct mup *v, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx), value;
	const char *why;

	memset(v, 0, sizeof(*v));
	v->afi = afi;
	for (uint8_t k = MUP_ISD; k <= MUP_T2ST && t.kind == RT_WORD; k++)
		if (scan_word_is(t.s, t.len, mup_words[k]))
			v->type = k;
	if (v->type == 0)
		return rt_error_word(err, "mup", &t, "is not a route type (mup-isd, mup-dsd, mup-t1st, mup-t2st)");
	const char *route = mup_words[v->type];
	struct rt_token key = rt_lex_next(lx);
	if (key.kind == RT_END || key.kind == RT_SEMI)
		return rt_error_at(err, key.off, "%s: the %s is missing", route,
				   v->type == MUP_ISD || v->type == MUP_T1ST ? "prefix" : "address");
	if (v->type == MUP_ISD || v->type == MUP_T1ST) {
		if (prefix(&key, route, afi, v, err) < 0)
			return -1;
	} else if (address(&key, route, afi, NULL, v->prefix, err) < 0) {
		return -1;
	}
	if (rt_expect_value(lx, "rd", route, err, &value) < 0)
		return -1;
	if (rd_parse(value.s, value.len, v->rd, &why) < 0)
		return rt_error_word(err, "rd", &value, why);
	if (v->type == MUP_T1ST) {
		uint64_t n;
		if (rt_expect_value(lx, "teid", route, err, &value) < 0)
			return -1;
		if (scan_dec(value.s, value.len, UINT32_MAX, &n) < 0)
			return rt_error_word(err, "teid", &value, "is not a number (0-4294967295)");
		v->teid = (uint32_t)n;
		if (rt_expect_value(lx, "qfi", route, err, &value) < 0)
			return -1;
		if (scan_dec(value.s, value.len, 255, &n) < 0)
			return rt_error_word(err, "qfi", &value, "is not a number (0-255)");
		v->qfi = (uint8_t)n;
		if (rt_expect_value(lx, "endpoint", route, err, &value) < 0 ||
		    address(&value, "endpoint", 0, &v->endpoint_afi, v->endpoint, err) < 0)
			return -1;
		t = rt_lex_peek(lx);
		if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "source")) {
			if (rt_expect_value(lx, "source", route, err, &value) < 0 ||
			    address(&value, "source", 0, &v->source_afi, v->source, err) < 0)
				return -1;
		}
	} else if (v->type == MUP_T2ST) {
		uint64_t n, bits;
		if (rt_expect_value(lx, "teid", route, err, &value) < 0)
			return -1;
		const char *slash = memchr(value.s, '/', value.len);
		if (slash == NULL || scan_dec(value.s, (size_t)(slash - value.s), UINT32_MAX, &n) < 0 ||
		    scan_dec(slash + 1, value.len - (size_t)(slash - value.s) - 1, 32, &bits) < 0)
			return rt_error_word(err, "teid", &value, "is not TEID/BITS (bits 0-32)");
		if (bits < 32 && (n >> bits) != 0)
			return rt_error_word(err, "teid", &value, "does not fit in its bits");
		v->teid = (uint32_t)n;
		v->teid_bits = (uint8_t)bits;
	}
	return 0;
}

int mup_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
		   struct route_text_error *err)
{
	struct mup v;
	struct rt_spec spec;
	struct rt_token t;

	if (parse_nlri(lx, afi, &v, err) < 0)
		return -1;
	rt_spec_init(&spec);
	for (;;) {
		t = rt_lex_peek(lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(lx);
		if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "split"))
			return rt_error_word(err, "mup", &t, "cannot split a mup route");
		int rc = rt_spec_keyword(&spec, &t, lx, &c->arena, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return rt_error_word(err, "mup", &t, t.kind == RT_WORD ? "is not a route keyword" : "is not expected here");
	}
	if (action == ROUTE_ANNOUNCE && !spec.has_nexthop)
		return rt_error_at(err, t.off, "mup: the route is announced without a next-hop");

	uint8_t packed[MUP_NLRI_MAX];
	size_t len = mup_pack(&v, packed);
	struct route *r = rt_spec_route_add(&spec, c, afi, SAFI_MUP, packed, len, afi, action);
	if (afi == AFI_IPV6 && r->nexthop.len == 4 && !r->nexthop.self && action == ROUTE_ANNOUNCE) {
		/* ExaBGP sends an IPv4 next hop of ipv6 mup as the IPv4-mapped IPv6 address (a
		 * withdrawal sends none: its "next-hop 0.0.0.0" is kept as written) */
		uint8_t v4[4];
		memcpy(v4, r->nexthop.addr, 4);
		memset(r->nexthop.addr, 0, 10);
		r->nexthop.addr[10] = r->nexthop.addr[11] = 0xff;
		memcpy(r->nexthop.addr + 12, v4, 4);
		r->nexthop.len = 16;
	}
	return 0;
}

static void put_prefix(struct buf *out, uint16_t afi, const uint8_t *addr, unsigned bits)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(afi, addr, ip));
	buf_putc(out, '/');
	buf_put_uint(out, bits);
}

void mup_text_format(struct buf *out, const struct nlri *n)
{
	struct mup v;
	char ip[IP_STR_MAX], rd[RD_STR_MAX];

	if (mup_unpack(n, &v) < 0) {
		buf_printf(out, "arch %u code %u 0x", n->len ? n->data[0] : 0, n->len >= 3 ? n->data[1] << 8 | n->data[2] : 0);
		hex_put(out, n->data, n->len, false);
		return;
	}
	buf_puts(out, mup_words[v.type]);
	buf_putc(out, ' ');
	if (v.type == MUP_ISD || v.type == MUP_T1ST)
		put_prefix(out, v.afi, v.prefix, v.prefix_len);
	else
		buf_puts(out, ip_format(v.afi, v.prefix, ip));
	buf_puts(out, " rd ");
	buf_puts(out, rd_format(v.rd, rd));
	if (v.type == MUP_T1ST) {
		buf_printf(out, " teid %u qfi %u endpoint ", v.teid, v.qfi);
		buf_puts(out, ip_format(v.endpoint_afi, v.endpoint, ip));
		if (v.source_afi) {
			buf_puts(out, " source ");
			buf_puts(out, ip_format(v.source_afi, v.source, ip));
		}
	} else if (v.type == MUP_T2ST) {
		buf_printf(out, " teid %u/%u", v.teid, v.teid_bits);
	}
}

void mup_format_announce(struct buf *out, const struct route *r)
{
	struct mup v;
	char ip[IP_STR_MAX], name[FAMILY_NAME_MAX];

	if (mup_unpack(&r->nlri, &v) < 0)
		return; /* ExaBGP's decoder has no command for it */
	buf_puts(out, "announce ");
	buf_puts(out, family_format(r->nlri.afi, r->nlri.safi, name));
	buf_putc(out, ' ');
	mup_text_format(out, &r->nlri);
	buf_puts(out, " next-hop ");
	if (r->nexthop.self)
		buf_puts(out, "self");
	else
		buf_puts(out, ip_format(r->nexthop.len == 4 ? AFI_IPV4 : AFI_IPV6, r->nexthop.addr, ip));
	const struct attr_set *a = r->attrs;
	if (a && (a->present & ATTR_BIT(ATTR_EXT_COMMUNITIES)) && a->ext_communities.len >= 8) {
		buf_puts(out, " extended-community [");
		for (uint32_t i = 0; i + 8 <= a->ext_communities.len; i += 8) {
			if (i)
				buf_putc(out, ' ');
			ext_community_format(out, a->ext_communities.ptr + i);
		}
		buf_putc(out, ']');
	}
	/* mup-isd and mup-dsd routes carry their SRv6 SID in the Prefix-SID attribute */
	const uint8_t *sid;
	uint32_t sid_len;
	if (a && attr_set_unknown_find(a, ATTR_PREFIX_SID, &sid, &sid_len))
		mpls_text_put_prefix_sid(out, sid, sid_len);
}

void mup_json_write(struct json *j, const struct nlri *n)
{
	struct mup v;
	char ip[IP_STR_MAX], rd[RD_STR_MAX], num[12];
	struct buf raw = BUF_INIT;

	hex_put(&raw, n->data, n->len, true);
	json_object_open(j);
	if (mup_unpack(n, &v) < 0) {
		JSON_KEY(j, "arch");
		json_uint(j, n->len ? n->data[0] : 0);
		JSON_KEY(j, "code");
		json_uint(j, n->len >= 3 ? (unsigned)(n->data[1] << 8 | n->data[2]) : 0);
		JSON_KEY(j, "raw");
		json_string_n(j, (const char *)raw.data, raw.len);
		json_object_close(j);
		buf_free(&raw);
		return;
	}
	JSON_KEY(j, "name");
	json_string(j, mup_names[v.type]);
	JSON_KEY(j, "arch");
	json_uint(j, MUP_ARCH_3GPP_5G);
	JSON_KEY(j, "code");
	json_uint(j, v.type);
	switch (v.type) {
	case MUP_ISD:
	case MUP_T1ST:
		JSON_KEY(j, "prefix_ip_len");
		json_uint(j, v.prefix_len);
		JSON_KEY(j, "prefix_ip");
		json_string(j, ip_format(v.afi, v.prefix, ip));
		if (v.type == MUP_ISD)
			break;
		JSON_KEY(j, "teid");
		snprintf(num, sizeof(num), "%u", v.teid);
		json_string(j, num);
		JSON_KEY(j, "qfi");
		snprintf(num, sizeof(num), "%u", v.qfi);
		json_string(j, num);
		break;
	case MUP_DSD:
		JSON_KEY(j, "ip");
		json_string(j, ip_format(v.afi, v.prefix, ip));
		break;
	default:
		JSON_KEY(j, "endpoint_len");
		json_uint(j, afi_addr_len(v.afi) * 8u + v.teid_bits);
		JSON_KEY(j, "endpoint_ip");
		json_string(j, ip_format(v.afi, v.prefix, ip));
		break;
	}
	JSON_KEY(j, "rd");
	json_string(j, rd_format(v.rd, rd));
	if (v.type == MUP_T1ST) {
		JSON_KEY(j, "endpoint_ip_len");
		json_uint(j, v.endpoint_afi == AFI_IPV6 ? 128 : 32);
		JSON_KEY(j, "endpoint_ip");
		json_string(j, ip_format(v.endpoint_afi, v.endpoint, ip));
		JSON_KEY(j, "source_ip_len");
		json_uint(j, v.source_afi ? (v.source_afi == AFI_IPV6 ? 128 : 32) : 0);
		JSON_KEY(j, "source_ip");
		json_string(j, v.source_afi ? ip_format(v.source_afi, v.source, ip) : "b''"); /* ExaBGP's text of no source */
	} else if (v.type == MUP_T2ST) {
		JSON_KEY(j, "teid");
		snprintf(num, sizeof(num), "%u", v.teid);
		json_string(j, num);
	}
	JSON_KEY(j, "raw");
	json_string_n(j, (const char *)raw.data, raw.len);
	json_object_close(j);
	buf_free(&raw);
}
