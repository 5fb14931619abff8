/* mvpn_text.c — see mvpn_text.h. */
#include "model/mvpn_text.h"

#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "model/attr_text.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_mvpn.h"

static const struct {
	uint8_t type;
	const char *word, *source_word, *name;
} mvpn_types[] = {
	{MVPN_SOURCE_AD, "source-ad", "source", "Source Active A-D Route"},
	{MVPN_SHARED_JOIN, "shared-join", "rp", "C-Multicast Shared Tree Join route"},
	{MVPN_SOURCE_JOIN, "source-join", "source", "C-Multicast Source Tree Join route"},
};

static int type_index(uint8_t type)
{
	for (int i = 0; i < 3; i++)
		if (mvpn_types[i].type == type)
			return i;
	return -1;
}

static int read_ip(struct rt_lex *lx, const char *word, uint16_t afi, const char *route, uint8_t addr[16],
		   struct route_text_error *err)
{
	struct rt_token t;
	uint16_t got;
	if (rt_expect_value(lx, word, route, err, &t) < 0)
		return -1;
	memset(addr, 0, 16);
	if (ip_parse(t.s, t.len, &got, addr) < 0)
		return rt_error_word(err, word, &t, "is not an IP address");
	if (got != afi)
		return rt_error_word(err, word, &t, afi == AFI_IPV4 ? "is not an IPv4 address" : "is not an IPv6 address");
	return 0;
}

int mvpn_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
		    struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx), value;
	struct mvpn v;
	struct rt_spec spec;
	const char *why;
	int k = -1;

	memset(&v, 0, sizeof(v));
	for (int i = 0; t.kind == RT_WORD && i < 3; i++)
		if (scan_word_is(t.s, t.len, mvpn_types[i].word))
			k = i;
	if (k < 0)
		return rt_error_word(err, "mcast-vpn", &t, "is not a route type (source-ad, shared-join, source-join)");
	const char *route = mvpn_types[k].word;
	v.type = mvpn_types[k].type;
	v.source_afi = v.group_afi = afi;
	if (read_ip(lx, mvpn_types[k].source_word, afi, route, v.source, err) < 0 ||
	    read_ip(lx, "group", afi, route, v.group, err) < 0)
		return -1;
	if (rt_expect_value(lx, "rd", route, err, &value) < 0)
		return -1;
	if (rd_parse(value.s, value.len, v.rd, &why) < 0)
		return rt_error_word(err, "rd", &value, why);
	if (v.type != MVPN_SOURCE_AD) {
		uint64_t asn;
		if (rt_expect_value(lx, "source-as", route, err, &value) < 0)
			return -1;
		if (scan_dec(value.s, value.len, UINT32_MAX, &asn) < 0)
			return rt_error_word(err, "source-as", &value, "is not an AS number (0-4294967295)");
		v.source_as = (uint32_t)asn;
	}

	rt_spec_init(&spec);
	for (;;) {
		t = rt_lex_peek(lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(lx);
		if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "split"))
			return rt_error_word(err, "mcast-vpn", &t, "cannot split a mcast-vpn route");
		int rc = rt_spec_keyword(&spec, &t, lx, &c->arena, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return rt_error_word(err, "mcast-vpn", &t,
					     t.kind == RT_WORD ? "is not a route keyword" : "is not expected here");
	}
	if (action == ROUTE_ANNOUNCE && !spec.has_nexthop)
		return rt_error_at(err, t.off, "mcast-vpn: the route is announced without a next-hop");

	uint8_t packed[MVPN_NLRI_MAX];
	size_t len = mvpn_pack(&v, packed);
	rt_spec_route_add(&spec, c, afi, SAFI_MCAST_VPN, packed, len, afi, action);
	return 0;
}

void mvpn_text_format(struct buf *out, const struct nlri *n)
{
	struct mvpn v;
	char ip[IP_STR_MAX], rd[RD_STR_MAX];

	if (mvpn_unpack(n, &v) < 0) {
		buf_printf(out, "type %u 0x", n->len ? n->data[0] : 0);
		hex_put(out, n->data, n->len, false);
		return;
	}
	int k = type_index(v.type);
	buf_puts(out, mvpn_types[k].word);
	buf_putc(out, ' ');
	buf_puts(out, mvpn_types[k].source_word);
	buf_putc(out, ' ');
	buf_puts(out, ip_format(v.source_afi, v.source, ip));
	buf_puts(out, " group ");
	buf_puts(out, ip_format(v.group_afi, v.group, ip));
	buf_puts(out, " rd ");
	buf_puts(out, rd_format(v.rd, rd));
	if (v.type != MVPN_SOURCE_AD) {
		buf_puts(out, " source-as ");
		buf_put_uint(out, v.source_as);
	}
}

void mvpn_format_command(struct buf *out, const struct route *r, const struct attr_set *attrs)
{
	struct mvpn v;
	char ip[IP_STR_MAX], name[FAMILY_NAME_MAX];

	if (mvpn_unpack(&r->nlri, &v) < 0)
		return; /* ExaBGP's decoder has no command for it */
	buf_puts(out, r->action == ROUTE_WITHDRAW ? "withdraw " : "announce ");
	buf_puts(out, family_format(r->nlri.afi, r->nlri.safi, name));
	buf_putc(out, ' ');
	mvpn_text_format(out, &r->nlri);
	buf_puts(out, " next-hop ");
	const struct attr_set *a = attrs;
	if (r->action == ROUTE_WITHDRAW && a && (a->present & ATTR_BIT(ATTR_NEXT_HOP)))
		buf_puts(out, ip_format(AFI_IPV4, a->next_hop, ip)); /* a received withdrawal's */
	else if (r->nexthop.len == 0 && !r->nexthop.self)
		buf_puts(out, "0.0.0.0");
	else if (r->nexthop.self)
		buf_puts(out, "self");
	else
		buf_puts(out, ip_format(r->nexthop.len == 4 ? AFI_IPV4 : AFI_IPV6, r->nexthop.addr, ip));
	if (a && (a->present & ATTR_BIT(ATTR_EXT_COMMUNITIES)) && a->ext_communities.len >= 8) {
		buf_puts(out, " extended-community [");
		for (uint32_t i = 0; i + 8 <= a->ext_communities.len; i += 8) {
			if (i)
				buf_putc(out, ' ');
			ext_community_format(out, a->ext_communities.ptr + i);
		}
		buf_putc(out, ']');
	}
}

void mvpn_format_announce_group(struct buf *out, const struct update_collection *c, size_t first, bool *done)
{
	const struct route *r0 = &c->routes[first];
	struct buf cmds = BUF_INIT;
	size_t n = 0;

	for (size_t i = first; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (done[i] || r->action != ROUTE_ANNOUNCE || r->nlri.afi != r0->nlri.afi ||
		    r->nlri.safi != r0->nlri.safi || !nexthop_equal(&r->nexthop, &r0->nexthop))
			continue;
		done[i] = true;
		size_t mark = cmds.len;
		if (n)
			buf_puts(&cmds, " ; ");
		size_t before = cmds.len;
		mvpn_format_command(&cmds, r, r->attrs ? r->attrs : c->attrs);
		if (cmds.len == before) { /* no command for this one */
			cmds.len = mark;
			continue;
		}
		n++;
	}
	if (n > 1)
		buf_puts(out, "group ");
	if (n) {
		buf_put(out, cmds.data, cmds.len);
		buf_putc(out, '\n');
	}
	buf_free(&cmds);
}

void mvpn_json_write(struct json *j, const struct nlri *n)
{
	struct mvpn v;
	char ip[IP_STR_MAX], rd[RD_STR_MAX];
	struct buf raw = BUF_INIT;

	hex_put(&raw, n->data, n->len, true);
	json_object_open(j);
	JSON_KEY(j, "code");
	json_uint(j, n->len ? n->data[0] : 0);
	bool parsed = mvpn_unpack(n, &v) == 0;
	JSON_KEY(j, "parsed");
	json_bool(j, parsed);
	JSON_KEY(j, "raw");
	json_string_n(j, (const char *)raw.data, raw.len);
	if (parsed) {
		JSON_KEY(j, "name");
		json_string(j, mvpn_types[type_index(v.type)].name);
		JSON_KEY(j, "rd");
		json_string(j, rd_format(v.rd, rd));
		if (v.type != MVPN_SOURCE_AD) {
			char asn[12];
			JSON_KEY(j, "source-as");
			snprintf(asn, sizeof(asn), "%u", v.source_as);
			json_string(j, asn);
		}
		JSON_KEY(j, "source");
		json_string(j, ip_format(v.source_afi, v.source, ip));
		JSON_KEY(j, "group");
		json_string(j, ip_format(v.group_afi, v.group, ip));
	}
	json_object_close(j);
	buf_free(&raw);
}
