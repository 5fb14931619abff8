/* srv6_text.c — see srv6_text.h. */
#include "model/srv6_text.h"

#include <string.h>

#include "core/cursor.h"
#include "model/text_scan.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/prefix_sid_srv6.h"

static const char KW[] = "bgp-prefix-sid-srv6";

/* decimal, or 0x hexadecimal (ExaBGP: int(value, 16 if it starts with 0x else 10)) */
static int number(const struct rt_token *t, uint64_t max, uint64_t *out)
{
	if (t->kind != RT_WORD)
		return -1;
	if (scan_has_hex_prefix(t->s, t->len))
		return scan_hex(t->s, t->len, max, out);
	return scan_dec(t->s, t->len, max, out);
}

/* [ B , N , F , A , TL , TO ]: the '[' already read */
static int read_structure(struct prefix_sid_srv6_sid *s, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t;
	for (int i = 0; i < 6; i++) {
		t = rt_lex_next(lx);
		if (i && t.kind == RT_COMMA)
			t = rt_lex_next(lx);
		uint64_t v;
		if (number(&t, 255, &v) < 0)
			return rt_error_word(err, KW, &t, "is not a SID structure length (0-255; six of them)");
		s->structure[i] = (uint8_t)v;
	}
	t = rt_lex_next(lx);
	if (t.kind != RT_RBRACKET)
		return rt_error_word(err, KW, &t, "found where ']' closes the SID structure (six lengths)");
	s->has_structure = true;
	return 0;
}

int srv6_text_prefix_sid(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			 struct route_text_error *err)
{
	struct prefix_sid_srv6_sid s;
	uint8_t tlv;
	uint16_t afi;
	uint64_t v;
	struct rt_token t = rt_lex_next(lx);

	memset(&s, 0, sizeof(s));
	if (t.kind != RT_LPAREN)
		return rt_error_word(err, KW, &t, "found where '(' starts the SRv6 service");
	t = rt_lex_next(lx);
	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "l3-service"))
		tlv = PREFIX_SID_TLV_SRV6_L3;
	else if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "l2-service"))
		tlv = PREFIX_SID_TLV_SRV6_L2;
	else
		return rt_error_word(err, KW, &t, "is not l3-service or l2-service");
	t = rt_lex_next(lx);
	if (t.kind != RT_WORD || ip_parse(t.s, t.len, &afi, s.sid) < 0 || afi != AFI_IPV6)
		return rt_error_word(err, KW, &t, "is not an IPv6 address (the SRv6 SID)");
	s.behavior = PREFIX_SID_SRV6_BEHAVIOR_NONE;
	t = rt_lex_next(lx);
	if (t.kind != RT_RPAREN) {
		if (number(&t, 0xFFFF, &v) < 0)
			return rt_error_word(err, KW, &t, "is not an endpoint behavior (0-65535 or 0x0-0xffff)");
		s.behavior = (uint16_t)v;
		t = rt_lex_next(lx);
		if (t.kind == RT_LBRACKET) {
			if (read_structure(&s, lx, err) < 0)
				return -1;
			t = rt_lex_next(lx);
		}
		if (t.kind != RT_RPAREN)
			return rt_error_word(err, KW, &t, "found where ')' closes the SRv6 service");
	}
	for (size_t i = 0; i < spec->ngeneric; i++)
		if (spec->generic[i].code == ATTR_PREFIX_SID)
			return rt_error_word(err, KW, &t, "repeats an attribute already given");
	if (spec->ngeneric == RT_GENERIC_MAX)
		return rt_error_word(err, KW, &t, "is one attribute too many");
	/* kept as the whole attribute in attr_set.unknown, as received ones are (attr.h) */
	struct buf b = BUF_INIT;
	prefix_sid_srv6_pack(&b, tlv, &s);
	struct rt_generic *g = &spec->generic[spec->ngeneric++];
	g->code = ATTR_PREFIX_SID;
	g->flags = ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
	g->data = arena_dup(arena, b.data, b.len);
	g->len = (uint32_t)b.len;
	buf_free(&b);
	return 0;
}

bool srv6_text_put_prefix_sid(struct buf *out, const uint8_t *value, uint32_t len)
{
	struct prefix_sid ps;
	char ip[IP_STR_MAX];
	if (!prefix_sid_srv6_is_simple(value, len, &ps))
		return false;
	const struct prefix_sid_srv6_sid *s = &ps.sids[0];
	buf_puts(out, " bgp-prefix-sid-srv6 ( ");
	buf_puts(out, ps.service_tlv == PREFIX_SID_TLV_SRV6_L3 ? "l3-service " : "l2-service ");
	buf_puts(out, ip_format(AFI_IPV6, s->sid, ip));
	buf_printf(out, " 0x%x", s->behavior);
	if (s->has_structure)
		buf_printf(out, " [%u,%u,%u,%u,%u,%u]", s->structure[0], s->structure[1], s->structure[2],
			   s->structure[3], s->structure[4], s->structure[5]);
	buf_puts(out, " )");
	return true;
}

void srv6_text_put_attrs(struct buf *out, const struct attr_set *a)
{
	if (a == NULL)
		return;
	/* whole attributes: flags(1) code(1) length(1|2) value (attr.h) */
	struct cursor c = cursor_make(a->unknown.ptr, a->unknown.len, 0);
	while (!cursor_empty(&c)) {
		uint8_t flags, code, len8;
		uint16_t len16 = 0;
		const uint8_t *value;
		if (cursor_u8(&c, &flags) < 0 || cursor_u8(&c, &code) < 0)
			return;
		if (flags & ATTR_FLAG_EXTENDED) {
			if (cursor_u16(&c, &len16) < 0)
				return;
		} else {
			if (cursor_u8(&c, &len8) < 0)
				return;
			len16 = len8;
		}
		if (cursor_view(&c, len16, &value) < 0)
			return;
		if (code == ATTR_PREFIX_SID) {
			srv6_text_put_prefix_sid(out, value, len16);
			return;
		}
	}
}
