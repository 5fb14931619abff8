/* mpls_text.c — see mpls_text.h. */
#include "model/mpls_text.h"

#include <string.h>

#include "model/text_scan.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_mpls.h"
#include "wire/prefix_sid.h"

/* ---- reading ---------------------------------------------------------------------- */

int mpls_text_rd(struct rt_spec *spec, const char *kw, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	const char *why = "is not a route distinguisher";
	if (t.kind != RT_WORD || rd_parse(t.s, t.len, spec->rd, &why) < 0)
		return rt_error_word(err, kw, &t, why);
	spec->has_rd = true;
	return 0;
}

/* label N | label [ N N ... ] */
int mpls_text_label(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	bool bracket = t.kind == RT_LBRACKET;
	if (bracket)
		t = rt_lex_next(lx);
	spec->nlabels = 0;
	for (;;) {
		if (bracket && t.kind == RT_RBRACKET)
			break;
		if (bracket && t.kind == RT_COMMA) {
			t = rt_lex_next(lx);
			continue;
		}
		if (bracket && (t.kind == RT_END || t.kind == RT_SEMI))
			return rt_error_at(err, t.off, "label: the list is not closed with ']'");
		uint32_t v;
		if (t.kind != RT_WORD || label_value_parse(t.s, t.len, &v) < 0)
			return rt_error_word(err, "label", &t, "is not a label (0-1048575)");
		if (spec->nlabels == LABEL_STACK_MAX)
			return rt_error_word(err, "label", &t, "is one label too many for a stack");
		spec->labels[spec->nlabels++] = v;
		if (!bracket)
			break;
		t = rt_lex_next(lx);
	}
	if (spec->nlabels == 0)
		return rt_error_at(err, t.off, "label: no label in the list");
	return 0;
}

static int sid_number(const struct rt_token *t, uint64_t max, uint32_t *out, struct route_text_error *err,
		      const char *what)
{
	uint64_t v;
	if (t->kind != RT_WORD || scan_dec(t->s, t->len, max, &v) < 0)
		return rt_error_word(err, "bgp-prefix-sid", t, what);
	*out = (uint32_t)v;
	return 0;
}

/* The Prefix-SID attribute of value v, kept whole in attr_set.unknown as received ones
 * are (attr.h): one per route. */
static int prefix_sid_add(struct rt_spec *spec, const char *kw, const struct rt_token *t, const struct buf *v,
			  struct arena *arena, struct route_text_error *err)
{
	for (size_t i = 0; i < spec->ngeneric; i++)
		if (spec->generic[i].code == ATTR_PREFIX_SID)
			return rt_error_word(err, kw, t, "repeats an attribute already given (one prefix SID a route)");
	if (spec->ngeneric == RT_GENERIC_MAX)
		return rt_error_word(err, kw, t, "is one attribute too many");
	struct rt_generic *g = &spec->generic[spec->ngeneric++];
	g->code = ATTR_PREFIX_SID;
	g->flags = ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
	g->data = arena_dup(arena, v->data, v->len);
	g->len = (uint32_t)v->len;
	return 0;
}

/* bgp-prefix-sid INDEX | [ INDEX ] | [ INDEX, [ ( BASE,RANGE ) ... ] ] (RFC 8669) */
int mpls_text_prefix_sid(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			 struct route_text_error *err)
{
	uint32_t index, srgb[PREFIX_SID_SRGB_MAX][2];
	size_t nsrgb = 0;
	struct rt_token t = rt_lex_next(lx);
	bool bracket = t.kind == RT_LBRACKET;

	if (bracket)
		t = rt_lex_next(lx);
	if (sid_number(&t, UINT32_MAX, &index, err, "is not a label index (0-4294967295)") < 0)
		return -1;
	if (bracket) {
		t = rt_lex_next(lx);
		if (t.kind == RT_COMMA)
			t = rt_lex_next(lx);
		if (t.kind == RT_LBRACKET) {
			for (t = rt_lex_next(lx); t.kind != RT_RBRACKET; t = rt_lex_next(lx)) {
				if (t.kind == RT_COMMA)
					continue;
				if (t.kind != RT_LPAREN)
					return rt_error_word(err, "bgp-prefix-sid", &t, "found where '( BASE,RANGE )' starts");
				if (nsrgb == PREFIX_SID_SRGB_MAX)
					return rt_error_word(err, "bgp-prefix-sid", &t, "is one SRGB too many");
				t = rt_lex_next(lx);
				if (sid_number(&t, 0xFFFFFF, &srgb[nsrgb][0], err, "is not an SRGB base (0-16777215)") < 0)
					return -1;
				t = rt_lex_next(lx);
				if (t.kind == RT_COMMA)
					t = rt_lex_next(lx);
				if (sid_number(&t, 0xFFFFFF, &srgb[nsrgb][1], err, "is not an SRGB range (0-16777215)") < 0)
					return -1;
				t = rt_lex_next(lx);
				if (t.kind != RT_RPAREN)
					return rt_error_word(err, "bgp-prefix-sid", &t, "found where ')' closes the SRGB");
				nsrgb++;
			}
			t = rt_lex_next(lx);
		}
		if (t.kind != RT_RBRACKET)
			return rt_error_word(err, "bgp-prefix-sid", &t, "found where ']' closes the prefix SID");
	}
	struct buf v = BUF_INIT;
	prefix_sid_pack_label_index(&v, index, (const uint32_t(*)[2])srgb, nsrgb);
	int rc = prefix_sid_add(spec, "bgp-prefix-sid", &t, &v, arena, err);
	buf_free(&v);
	return rc;
}

static int srv6_number(const struct rt_token *t, uint64_t max, uint64_t *out)
{
	if (t->kind != RT_WORD)
		return -1;
	return scan_has_hex_prefix(t->s, t->len) ? scan_hex(t->s, t->len, max, out) : scan_dec(t->s, t->len, max, out);
}

/* bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR [ [B,N,F,A,TL,TO] ]] ) (RFC 9252) */
int mpls_text_prefix_sid_srv6(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			      struct route_text_error *err)
{
	static const char kw[] = "bgp-prefix-sid-srv6";
	uint8_t sid[16], structure[6];
	uint64_t behavior = 0xFFFF, v;
	uint16_t afi;
	bool has_structure = false;
	struct rt_token t = rt_lex_next(lx);

	if (t.kind != RT_LPAREN)
		return rt_error_word(err, kw, &t, "found where '( l3-service SID ... )' starts");
	t = rt_lex_next(lx);
	uint8_t tlv;
	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "l3-service"))
		tlv = PREFIX_SID_TLV_SRV6_L3;
	else if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "l2-service"))
		tlv = PREFIX_SID_TLV_SRV6_L2;
	else
		return rt_error_word(err, kw, &t, "is not a service (l3-service, l2-service)");
	t = rt_lex_next(lx);
	if (t.kind != RT_WORD || ip_parse(t.s, t.len, &afi, sid) < 0 || afi != AFI_IPV6)
		return rt_error_word(err, kw, &t, "is not an SRv6 SID (an IPv6 address)");
	t = rt_lex_next(lx);
	if (t.kind != RT_RPAREN) {
		if (srv6_number(&t, 0xFFFF, &behavior) < 0)
			return rt_error_word(err, kw, &t, "is not an endpoint behavior (0-65535, or 0x hexadecimal)");
		t = rt_lex_next(lx);
		if (t.kind == RT_LBRACKET) {
			for (int i = 0; i < 6; i++) {
				t = rt_lex_next(lx);
				if (i && t.kind == RT_COMMA)
					t = rt_lex_next(lx);
				if (srv6_number(&t, 0xFF, &v) < 0)
					return rt_error_word(err, kw, &t, "is not a SID structure length (0-255)");
				structure[i] = (uint8_t)v;
			}
			t = rt_lex_next(lx);
			if (t.kind != RT_RBRACKET)
				return rt_error_word(err, kw, &t, "found where ']' closes the six SID structure lengths");
			has_structure = true;
			t = rt_lex_next(lx);
		}
		if (t.kind != RT_RPAREN)
			return rt_error_word(err, kw, &t, "found where ')' closes the SRv6 service");
	}
	struct buf b = BUF_INIT;
	prefix_sid_pack_srv6(&b, tlv, sid, (uint16_t)behavior, has_structure ? structure : NULL);
	int rc = prefix_sid_add(spec, kw, &t, &b, arena, err);
	buf_free(&b);
	return rc;
}

uint8_t mpls_text_safi(const struct rt_spec *spec, uint8_t safi)
{
	if (safi == SAFI_MPLS_VPN || safi == SAFI_NLRI_MPLS) /* the family was given */
		return safi;
	if (spec->has_rd)
		return SAFI_MPLS_VPN;
	if (spec->nlabels)
		return SAFI_NLRI_MPLS;
	return safi;
}

int mpls_text_nlri(const struct rt_spec *spec, uint16_t afi, uint8_t safi, bool withdraw,
		   const uint8_t *addr, unsigned bits, struct arena *arena, struct nlri *out, struct route_text_error *err,
		   size_t off)
{
	struct nlri_mpls m;
	uint8_t storage[NLRI_MPLS_MAX];

	memset(&m, 0, sizeof(m));
	if (label_stack_from_values(&m.labels, spec->labels, spec->nlabels) < 0)
		return rt_error_at(err, off, "label: a stack of at most %u labels of 0-1048575, "
				   "0 and 524288 only last (they end a stack)", LABEL_STACK_MAX);
	/* Without a label the NLRI would read back differently: its first octets taken for one */
	if (spec->nlabels == 0) {
		if (!withdraw)
			return rt_error_at(err, off, "label: a labelled route is announced with its label (RFC 8277 2)");
		m.labels.count = 1; /* RFC 8277 2.4: the compatibility entry of a withdrawal */
		m.labels.raw[0] = LABEL_WITHDRAW_RAW;
	}
	if (nlri_has_rd(safi)) {
		if (!spec->has_rd)
			return rt_error_at(err, off, "rd: an mpls-vpn route needs a route distinguisher");
		m.has_rd = true;
		memcpy(m.rd, spec->rd, RD_LEN);
	}
	m.bits = (uint8_t)bits;
	memcpy(m.addr, addr, (bits + 7) / 8);
	if (nlri_mpls_make(out, storage, afi, safi, &m) < 0)
		return rt_error_at(err, off, "label: %u labels, the RD and a /%u do not fit in one NLRI (255 bits)",
				   spec->nlabels, bits);
	out->data = arena_dup(arena, storage, out->len);
	return 0;
}

/* ---- printing --------------------------------------------------------------------- */

void mpls_text_put(struct buf *out, const struct nlri *n)
{
	struct nlri_mpls m;
	char rd[RD_STR_MAX];
	if (nlri_mpls_split(n, &m) < 0)
		return;
	if (m.has_rd) {
		buf_puts(out, " rd ");
		buf_puts(out, rd_format(m.rd, rd));
	}
	if (m.labels.count == 1) {
		buf_puts(out, " label ");
		buf_put_uint(out, label_value(m.labels.raw[0]));
	} else if (m.labels.count > 1) {
		buf_puts(out, " label [");
		for (unsigned i = 0; i < m.labels.count; i++) {
			buf_putc(out, ' ');
			buf_put_uint(out, label_value(m.labels.raw[i]));
		}
		buf_puts(out, " ]");
	}
}

bool mpls_text_put_prefix_sid(struct buf *out, const uint8_t *value, uint32_t len)
{
	struct prefix_sid ps;
	if (!prefix_sid_is_text(value, len) || prefix_sid_parse(value, len, &ps) < 0)
		return false;
	if (ps.service_tlv) {
		/* ExaBGP's decoder: "( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )" */
		const struct prefix_sid_srv6_sid *sid = &ps.sids[0];
		char ip[IP_STR_MAX];
		buf_puts(out, ps.service_tlv == PREFIX_SID_TLV_SRV6_L3 ? " bgp-prefix-sid-srv6 ( l3-service "
								      : " bgp-prefix-sid-srv6 ( l2-service ");
		buf_puts(out, ip_format(AFI_IPV6, sid->sid, ip));
		buf_printf(out, " 0x%x", sid->behavior);
		if (sid->has_structure)
			buf_printf(out, " [%u,%u,%u,%u,%u,%u]", sid->structure[0], sid->structure[1], sid->structure[2],
				   sid->structure[3], sid->structure[4], sid->structure[5]);
		buf_puts(out, " )");
		return true;
	}
	/* ExaBGP's decoder: "[ 777 ]", "[ 300, [ ( 800000,4096 ) ( 1000000,5000 ) ] ]" */
	buf_puts(out, " bgp-prefix-sid [ ");
	buf_put_uint(out, ps.label_index);
	if (ps.nsrgb) {
		buf_puts(out, ", [");
		for (size_t i = 0; i < ps.nsrgb; i++) {
			buf_puts(out, " ( ");
			buf_put_uint(out, ps.srgb[i][0]);
			buf_putc(out, ',');
			buf_put_uint(out, ps.srgb[i][1]);
			buf_puts(out, " )");
		}
		buf_puts(out, " ]");
	}
	buf_puts(out, " ]");
	return true;
}

/* ---- JSON ------------------------------------------------------------------------- */

void mpls_json_nlri(struct json *j, const struct nlri *n)
{
	struct nlri_mpls m;
	char rd[RD_STR_MAX];
	if (nlri_mpls_split(n, &m) < 0)
		return;
	if (m.labels.count) {
		/* ExaBGP: "label": [ [value, raw] ... ], the raw entry left out when it is 0 */
		JSON_KEY(j, "label");
		json_array_open(j);
		for (unsigned i = 0; i < m.labels.count; i++) {
			/* '[%d, %d]': Python's spacing inside ExaBGP's own */
			char item[32];
			struct buf b = {(uint8_t *)item, 0, sizeof(item)};
			buf_putc(&b, '[');
			buf_put_uint(&b, label_value(m.labels.raw[i]));
			if (m.labels.raw[i]) {
				buf_puts(&b, ", ");
				buf_put_uint(&b, m.labels.raw[i]);
			}
			buf_putc(&b, ']');
			json_raw(j, item, b.len);
		}
		json_array_close(j);
	}
	if (m.has_rd) {
		JSON_KEY(j, "rd");
		json_string(j, rd_format(m.rd, rd));
	}
}

bool mpls_json_prefix_sid(struct json *j, const uint8_t *value, uint32_t len)
{
	struct prefix_sid ps;
	char ip[IP_STR_MAX];
	if (prefix_sid_parse(value, len, &ps) < 0)
		return false;
	JSON_KEY(j, "bgp-prefix-sid");
	json_object_open(j);
	if (ps.has_label_index) {
		JSON_KEY(j, "sr-label-index");
		json_uint(j, ps.label_index);
	}
	if (ps.nsrgb) {
		JSON_KEY(j, "sr-srgbs");
		enum json_style outer = json_style_set(j, JSON_STYLE_PYTHON); /* ExaBGP: json.dumps */
		json_array_open(j);
		for (size_t i = 0; i < ps.nsrgb; i++) {
			json_array_open(j);
			json_uint(j, ps.srgb[i][0]);
			json_uint(j, ps.srgb[i][1]);
			json_array_close(j);
		}
		json_array_close(j);
		json_style_set(j, outer);
	}
	if (ps.service_tlv) {
		if (ps.service_tlv == PREFIX_SID_TLV_SRV6_L3)
			JSON_KEY(j, "l3-service");
		else
			JSON_KEY(j, "l2-service");
		json_array_open(j);
		for (size_t i = 0; i < ps.nsids; i++) {
			const struct prefix_sid_srv6_sid *s = &ps.sids[i];
			json_object_open(j);
			JSON_KEY(j, "sid");
			json_string(j, ip_format(AFI_IPV6, s->sid, ip));
			JSON_KEY(j, "flags");
			json_uint(j, 0); /* ExaBGP shows 0 whatever was received */
			JSON_KEY(j, "endpoint_behavior");
			json_uint(j, s->behavior);
			if (s->has_structure) {
				static const char *const names[6] = {
					"locator-block-length", "locator-node-length", "function-length",
					"argument-length", "transposition-length", "transposition-offset"};
				JSON_KEY(j, "structure");
				enum json_style outer = json_style_set(j, JSON_STYLE_PYTHON); /* json.dumps */
				json_object_open(j);
				for (int k = 0; k < 6; k++) {
					json_key(j, names[k]);
					json_uint(j, s->structure[k]);
				}
				json_object_close(j);
				json_style_set(j, outer);
			}
			json_object_close(j);
		}
		json_array_close(j);
	}
	json_object_close(j);
	return true;
}
