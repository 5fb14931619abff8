/* srpolicy_text.c — see srpolicy_text.h. */
#include "model/srpolicy_text.h"

#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "wire/attr.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_srpolicy.h"
#include "wire/tunnel_encap.h"

#define MPLS_LABEL_MAX 1048575u

/* ---- the segment types (RFC 9830 2.4.4.2, RFC 9831) --------------------------------
 * After Flags (1) and an octet that is the SR Algorithm or reserved, each type has fixed
 * fields then an optional tail: an SR-MPLS SID (a label stack entry) or an SRv6 SID with,
 * when the B flag says so, an Endpoint Behavior (8). Types A and B are only a tail. */

enum seg_tail { TAIL_MPLS, TAIL_SRV6 };

struct seg_field {
	char kind;          /* 'I' a 32-bit number, '4' an IPv4 address, '6' an IPv6 address */
	const char *word;   /* its keyword in text */
	const char *json;   /* its key in ExaBGP's JSON */
};

struct seg_type {
	uint8_t code;
	char letter;
	bool algorithm;     /* the second octet is the SR Algorithm (else reserved) */
	enum seg_tail tail;
	uint8_t nfields;
	struct seg_field f[4];
};

#define F_IFID(w, j) {'I', w, j}
static const struct seg_type seg_types[] = {
	{1, 'A', false, TAIL_MPLS, 0, {{0}}},
	{13, 'B', false, TAIL_SRV6, 0, {{0}}},
	{3, 'C', true, TAIL_MPLS, 1, {{'4', "ipv4", "ipv4_node"}}},
	{4, 'D', true, TAIL_MPLS, 1, {{'6', "ipv6", "ipv6_node"}}},
	{5, 'E', false, TAIL_MPLS, 2, {F_IFID("local-if-id", "local_if_id"), {'4', "ipv4", "ipv4_node"}}},
	{6, 'F', false, TAIL_MPLS, 2, {{'4', "local", "local_ipv4"}, {'4', "remote", "remote_ipv4"}}},
	{7, 'G', false, TAIL_MPLS, 4,
	 {F_IFID("local-if-id", "local_if_id"), {'6', "local-ipv6", "local_ipv6"},
	  F_IFID("remote-if-id", "remote_if_id"), {'6', "remote-ipv6", "remote_ipv6"}}},
	{8, 'H', false, TAIL_MPLS, 2, {{'6', "local", "local_ipv6"}, {'6', "remote", "remote_ipv6"}}},
	{14, 'I', true, TAIL_SRV6, 1, {{'6', "ipv6", "ipv6_node"}}},
	{15, 'J', true, TAIL_SRV6, 4,
	 {F_IFID("local-if-id", "local_if_id"), {'6', "local-ipv6", "local_ipv6"},
	  F_IFID("remote-if-id", "remote_if_id"), {'6', "remote-ipv6", "remote_ipv6"}}},
	{16, 'K', true, TAIL_SRV6, 2, {{'6', "local", "local_ipv6"}, {'6', "remote", "remote_ipv6"}}},
};
#define SEG_TYPES (sizeof(seg_types) / sizeof(seg_types[0]))

static const struct seg_type *seg_by_code(uint8_t code)
{
	for (size_t i = 0; i < SEG_TYPES; i++)
		if (seg_types[i].code == code)
			return &seg_types[i];
	return NULL;
}

static unsigned field_size(char kind)
{
	return kind == '6' ? 16 : 4;
}

/* Flags, the algorithm/reserved octet and the fixed fields; A and B: their whole value. */
static unsigned seg_base(const struct seg_type *t)
{
	unsigned n = 2;
	for (unsigned i = 0; i < t->nfields; i++)
		n += field_size(t->f[i].kind);
	if (t->letter == 'A')
		n += 4;
	else if (t->letter == 'B')
		n += 16;
	return n;
}

/* ---- text in ------------------------------------------------------------------------- */

static struct rt_token word(struct rt_lex *lx, const char *kw, struct route_text_error *err, int *rc)
{
	struct rt_token t = rt_lex_next(lx);
	*rc = 0;
	if (t.kind != RT_WORD)
		*rc = t.kind == RT_END || t.kind == RT_SEMI ? rt_error_at(err, t.off, "%s: a value is missing", kw)
							    : rt_error_word(err, kw, &t, "is not a value");
	return t;
}

static int number(struct rt_lex *lx, const char *kw, uint64_t max, uint64_t *v, struct route_text_error *err)
{
	int rc;
	struct rt_token t = word(lx, kw, err, &rc);
	if (rc < 0)
		return -1;
	if ((scan_has_hex_prefix(t.s, t.len) ? scan_hex(t.s, t.len, max, v) : scan_dec(t.s, t.len, max, v)) < 0) {
		char problem[48];
		snprintf(problem, sizeof(problem), "is not a number (0-%llu)", (unsigned long long)max);
		return rt_error_word(err, kw, &t, problem);
	}
	return 0;
}

static int address(struct rt_lex *lx, const char *kw, uint16_t want, uint8_t addr[16], struct route_text_error *err)
{
	int rc;
	uint16_t got;
	struct rt_token t = word(lx, kw, err, &rc);
	if (rc < 0)
		return -1;
	memset(addr, 0, 16);
	if (ip_parse(t.s, t.len, &got, addr) < 0 || (want && got != want))
		return rt_error_word(err, kw, &t,
				     want == AFI_IPV4 ? "is not an IPv4 address"
				     : want == AFI_IPV6 ? "is not an IPv6 address" : "is not an IP address");
	return 0;
}

static bool peek_is(const struct rt_lex *lx, const char *w)
{
	struct rt_token t = rt_lex_peek(lx);
	return t.kind == RT_WORD && scan_word_is(t.s, t.len, w);
}

/* endpoint-behavior B LB LN FUN ARG: Behavior (2) | Reserved (2) | LB | LN | Fun | Arg */
static int endpoint_behavior(struct rt_lex *lx, struct buf *out, struct route_text_error *err)
{
	static const char *const names[] = {"lb-length", "ln-length", "fun-length", "arg-length"};
	uint64_t v;
	rt_lex_next(lx);
	if (number(lx, "endpoint-behavior", 0xFFFF, &v, err) < 0)
		return -1;
	buf_put_u16(out, (uint16_t)v);
	buf_put_u16(out, 0);
	for (int i = 0; i < 4; i++) {
		if (number(lx, names[i], 255, &v, err) < 0)
			return -1;
		buf_put_u8(out, (uint8_t)v);
	}
	return 0;
}

static void put_label_entry(struct buf *out, uint64_t label)
{
	buf_put_u32(out, (uint32_t)(label << 12));
}

/* One `segment type-X ...`, appended to out as a sub-sub-TLV. *mpls_at: the offset of its
 * label stack entry when it is one that may take the bottom-of-stack bit (A, C with a SID). */
static int segment(struct rt_lex *lx, struct buf *out, size_t *mpls_at, struct route_text_error *err)
{
	int rc;
	struct rt_token t = word(lx, "segment", err, &rc);
	if (rc < 0)
		return -1;
	const struct seg_type *st = NULL;
	for (size_t i = 0; i < SEG_TYPES; i++)
		if (t.len == 6 && memcmp(t.s, "type-", 5) == 0 && (t.s[5] | 0x20) == (seg_types[i].letter | 0x20))
			st = &seg_types[i];
	if (st == NULL)
		return rt_error_word(err, "segment", &t, "is not a segment type (type-a ... type-k)");

	size_t head = out->len;
	buf_put_u8(out, st->code);
	buf_put_u8(out, 0); /* length, below */
	size_t flags_at = out->len;
	buf_put_u8(out, 0);
	buf_put_u8(out, 0);
	uint64_t v, alg = 0;
	uint8_t addr[16];
	if (st->letter == 'A') {
		if (rt_expect_word(lx, "mpls", "type-a", err) < 0 || number(lx, "mpls", MPLS_LABEL_MAX, &v, err) < 0)
			return -1;
		*mpls_at = out->len;
		put_label_entry(out, v);
	} else if (st->letter == 'B') {
		if (rt_expect_word(lx, "srv6", "type-b", err) < 0 || address(lx, "srv6", AFI_IPV6, addr, err) < 0)
			return -1;
		buf_put(out, addr, 16);
		if (peek_is(lx, "endpoint-behavior")) {
			out->data[flags_at] |= SRP_SEG_FLAG_B;
			if (endpoint_behavior(lx, out, err) < 0)
				return -1;
		}
	} else {
		for (unsigned i = 0; i < st->nfields; i++) {
			const struct seg_field *f = &st->f[i];
			if (rt_expect_word(lx, f->word, "segment", err) < 0)
				return -1;
			if (f->kind == 'I') {
				if (number(lx, f->word, UINT32_MAX, &v, err) < 0)
					return -1;
				buf_put_u32(out, (uint32_t)v);
			} else {
				if (address(lx, f->word, f->kind == '4' ? AFI_IPV4 : AFI_IPV6, addr, err) < 0)
					return -1;
				buf_put(out, addr, field_size(f->kind));
			}
		}
		if (st->algorithm) {
			if (rt_expect_word(lx, "algorithm", "segment", err) < 0 || number(lx, "algorithm", 255, &alg, err) < 0)
				return -1;
			out->data[flags_at + 1] = (uint8_t)alg;
			if (alg)
				out->data[flags_at] |= SRP_SEG_FLAG_A;
		}
		bool sid = peek_is(lx, "sid");
		if (sid) {
			rt_lex_next(lx);
			if (st->tail == TAIL_MPLS) {
				if (number(lx, "sid", MPLS_LABEL_MAX, &v, err) < 0)
					return -1;
				if (st->letter == 'C')
					*mpls_at = out->len;
				put_label_entry(out, v);
			} else {
				if (address(lx, "sid", AFI_IPV6, addr, err) < 0)
					return -1;
				buf_put(out, addr, 16);
			}
		}
		if (st->tail == TAIL_SRV6 && peek_is(lx, "endpoint-behavior")) {
			out->data[flags_at] |= SRP_SEG_FLAG_B;
			size_t at = out->len;
			if (endpoint_behavior(lx, out, err) < 0)
				return -1;
			if (!sid) /* ExaBGP sends the flag, and the behavior only after a SID */
				out->len = at;
		}
	}
	if (out->len - head - 2 > 255)
		return rt_error_word(err, "segment", &t, "is too long");
	out->data[head + 1] = (uint8_t)(out->len - head - 2);
	return 0;
}

/* segment-list weight N SEGMENT ...: Type 128 | Length (2) | Reserved | Weight | segments */
static int segment_list(struct rt_lex *lx, struct buf *out, struct route_text_error *err)
{
	uint64_t weight;
	size_t head = out->len, mpls_at = 0;
	if (rt_expect_word(lx, "weight", "segment-list", err) < 0 || number(lx, "weight", UINT32_MAX, &weight, err) < 0)
		return -1;
	buf_put_u8(out, SRP_SEGMENT_LIST);
	buf_put_u16(out, 0);
	buf_put_u8(out, 0);
	buf_put_u8(out, SRP_SEG_WEIGHT);
	buf_put_u8(out, 6);
	buf_put_u16(out, 0);
	buf_put_u32(out, (uint32_t)weight);
	while (peek_is(lx, "segment")) {
		rt_lex_next(lx);
		if (segment(lx, out, &mpls_at, err) < 0)
			return -1;
	}
	if (mpls_at) /* RFC 3032: bottom of stack on the last label only */
		out->data[mpls_at + 2] |= 0x01;
	size_t len = out->len - head - 3;
	if (len > 0xFFFF)
		return rt_error_at(err, 0, "segment-list: too long");
	out->data[head + 1] = (uint8_t)(len >> 8);
	out->data[head + 2] = (uint8_t)len;
	return 0;
}

static int name_subtlv(struct rt_lex *lx, const char *kw, uint8_t type, struct buf *out, struct route_text_error *err)
{
	int rc;
	struct rt_token t = word(lx, kw, err, &rc);
	if (rc < 0)
		return -1;
	const char *s = t.s;
	size_t n = t.len;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	buf_put_u8(out, type);
	buf_put_u16(out, (uint16_t)(n + 1));
	buf_put_u8(out, 0);
	buf_put(out, s, n);
	return 0;
}

/* One SR Policy keyword (already read as kw) into the SR Policy TLV's value. 1 when kw is
 * one, 0 when it is not, -1 on error. */
static int policy_keyword(const struct rt_token *kw, struct rt_lex *lx, struct buf *out, struct route_text_error *err)
{
	uint64_t v;
	uint8_t addr[16];
	if (scan_word_is(kw->s, kw->len, "preference")) {
		if (number(lx, "preference", UINT32_MAX, &v, err) < 0)
			return -1;
		buf_put_u8(out, SRP_PREFERENCE);
		buf_put_u8(out, 6);
		buf_put_u16(out, 0);
		buf_put_u32(out, (uint32_t)v);
	} else if (scan_word_is(kw->s, kw->len, "priority")) {
		if (number(lx, "priority", 255, &v, err) < 0)
			return -1;
		buf_put_u8(out, SRP_PRIORITY);
		buf_put_u8(out, 2);
		buf_put_u8(out, (uint8_t)v);
		buf_put_u8(out, 0);
	} else if (scan_word_is(kw->s, kw->len, "binding-sid")) {
		int rc;
		struct rt_token t = word(lx, "binding-sid", err, &rc);
		if (rc < 0)
			return -1;
		buf_put_u8(out, SRP_BINDING_SID);
		if (scan_word_is(t.s, t.len, "null")) {
			buf_put_u8(out, 2);
			buf_put_u16(out, 0);
		} else if (scan_word_is(t.s, t.len, "mpls")) {
			if (number(lx, "binding-sid", MPLS_LABEL_MAX, &v, err) < 0)
				return -1;
			/* ExaBGP sets flags 0x10 and the bottom-of-stack bit */
			buf_put_u8(out, 6);
			buf_put_u8(out, 0x10);
			buf_put_u8(out, 0);
			buf_put_u32(out, (uint32_t)(v << 12 | 0x100));
		} else {
			return rt_error_word(err, "binding-sid", &t, "is not a binding SID type (mpls, null)");
		}
	} else if (scan_word_is(kw->s, kw->len, "srv6-binding-sid")) {
		if (address(lx, "srv6-binding-sid", AFI_IPV6, addr, err) < 0)
			return -1;
		buf_put_u8(out, SRP_SRV6_BINDING_SID);
		buf_put_u8(out, 18);
		buf_put_u16(out, 0);
		buf_put(out, addr, 16);
	} else if (scan_word_is(kw->s, kw->len, "policy-name")) {
		return name_subtlv(lx, "policy-name", SRP_POLICY_NAME, out, err) < 0 ? -1 : 1;
	} else if (scan_word_is(kw->s, kw->len, "candidate-path-name")) {
		return name_subtlv(lx, "candidate-path-name", SRP_CANDIDATE_PATH_NAME, out, err) < 0 ? -1 : 1;
	} else if (scan_word_is(kw->s, kw->len, "segment-list")) {
		return segment_list(lx, out, err) < 0 ? -1 : 1;
	} else {
		return 0;
	}
	return 1;
}

static int parse_nlri(struct rt_lex *lx, uint16_t afi, struct srpolicy *v, struct route_text_error *err)
{
	uint64_t n;
	memset(v, 0, sizeof(*v));
	v->afi = afi;
	if (rt_expect_word(lx, "distinguisher", "sr-policy", err) < 0 ||
	    number(lx, "distinguisher", UINT32_MAX, &n, err) < 0)
		return -1;
	v->distinguisher = (uint32_t)n;
	if (rt_expect_word(lx, "color", "sr-policy", err) < 0 || number(lx, "color", UINT32_MAX, &n, err) < 0)
		return -1;
	v->color = (uint32_t)n;
	if (rt_expect_word(lx, "endpoint", "sr-policy", err) < 0 || address(lx, "endpoint", afi, v->endpoint, err) < 0)
		return -1;
	return 0;
}

int srpolicy_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
			struct route_text_error *err)
{
	struct srpolicy v;
	struct rt_spec spec;
	struct rt_token t;
	struct buf tlv = BUF_INIT;
	int rc = -1;

	if (parse_nlri(lx, afi, &v, err) < 0)
		return -1;
	rt_spec_init(&spec);
	for (;;) {
		t = rt_lex_peek(lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(lx);
		if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "split")) {
			rt_error_word(err, "sr-policy", &t, "cannot split an sr-policy route");
			goto out;
		}
		int k = t.kind == RT_WORD ? policy_keyword(&t, lx, &tlv, err) : 0;
		if (k == 0)
			k = rt_spec_keyword(&spec, &t, lx, &c->arena, err);
		if (k < 0)
			goto out;
		if (k == 0) {
			rt_error_word(err, "sr-policy", &t, t.kind == RT_WORD ? "is not a route keyword" : "is not expected here");
			goto out;
		}
	}
	if (action == ROUTE_ANNOUNCE && !spec.has_nexthop) {
		rt_error_at(err, t.off, "sr-policy: the route is announced without a next-hop");
		goto out;
	}
	if (tlv.len) {
		/* the Tunnel Encapsulation attribute: one SR Policy TLV */
		if (tlv.len > 0xFFFF - 4) {
			rt_error_at(err, t.off, "sr-policy: the policy is too long");
			goto out;
		}
		for (size_t i = 0; i < spec.ngeneric; i++)
			if (spec.generic[i].code == ATTR_TUNNEL_ENCAP) {
				rt_error_at(err, t.off, "sr-policy: a tunnel encapsulation attribute is given twice");
				goto out;
			}
		if (spec.ngeneric == RT_GENERIC_MAX) {
			rt_error_at(err, t.off, "sr-policy: one attribute too many");
			goto out;
		}
		uint8_t *a = arena_alloc(&c->arena, tlv.len + 4);
		be16_store(a, TUNNEL_TYPE_SR_POLICY);
		be16_store(a + 2, (uint16_t)tlv.len);
		memcpy(a + 4, tlv.data, tlv.len);
		struct rt_generic *g = &spec.generic[spec.ngeneric++];
		g->code = ATTR_TUNNEL_ENCAP;
		g->flags = ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
		g->data = a;
		g->len = (uint32_t)tlv.len + 4;
	}

	uint8_t packed[SRPOLICY_NLRI_MAX];
	size_t len = srpolicy_pack(&v, packed);
	struct route *r = update_collection_add(c);
	memset(&r->nlri, 0, sizeof(r->nlri));
	r->nlri.afi = afi;
	r->nlri.safi = SAFI_SR_POLICY;
	r->nlri.len = (uint16_t)len;
	r->nlri.data = arena_dup(&c->arena, packed, len);
	if (spec.has_path_id) {
		r->nlri.has_path_id = true;
		r->nlri.path_id = spec.path_id;
	}
	rt_spec_nexthop(&spec, spec.nexthop_self ? afi : spec.nexthop_afi, &r->nexthop);
	r->attrs = action == ROUTE_ANNOUNCE || rt_spec_has_attributes(&spec) ? rt_spec_attrs(&spec, &c->arena) : NULL;
	r->action = action;
	r->watchdog = spec.watchdog;
	r->name = spec.name;
	r->start_withdrawn = spec.start_withdrawn;
	rc = 0;
out:
	buf_free(&tlv);
	return rc;
}

/* ---- text out ------------------------------------------------------------------------ */

void srpolicy_text_format(struct buf *out, const struct nlri *n)
{
	struct srpolicy v;
	char ip[IP_STR_MAX];
	if (srpolicy_unpack(n, &v) < 0) {
		buf_puts(out, "0x");
		hex_put(out, n->data, n->len, false);
		return;
	}
	buf_printf(out, "distinguisher %u color %u endpoint ", v.distinguisher, v.color);
	buf_puts(out, ip_format(v.afi, v.endpoint, ip));
}

static void put_ip(struct buf *out, uint16_t afi, const uint8_t *addr)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(afi, addr, ip));
}

static void put_behavior(struct buf *out, const uint8_t *p)
{
	buf_printf(out, " endpoint-behavior %u %u %u %u %u", be16_load(p), p[4], p[5], p[6], p[7]);
}

static bool put_segment(struct buf *out, uint8_t code, const uint8_t *p, uint16_t len)
{
	const struct seg_type *st = seg_by_code(code);
	if (st == NULL || len < seg_base(st))
		return false;
	unsigned base = seg_base(st), at = 2;
	uint8_t flags = p[0];
	buf_printf(out, " segment type-%c", st->letter | 0x20);
	if (st->letter == 'A') {
		if (len != base)
			return false;
		buf_printf(out, " mpls %u", be32_load(p + 2) >> 12);
		return true;
	}
	if (st->letter == 'B') {
		buf_puts(out, " srv6 ");
		put_ip(out, AFI_IPV6, p + 2);
		if ((flags & SRP_SEG_FLAG_B) && len == base + 8)
			put_behavior(out, p + base);
		else if (len != base)
			return false;
		return true;
	}
	for (unsigned i = 0; i < st->nfields; i++) {
		const struct seg_field *f = &st->f[i];
		buf_printf(out, " %s ", f->word);
		if (f->kind == 'I')
			buf_put_uint(out, be32_load(p + at));
		else
			put_ip(out, f->kind == '4' ? AFI_IPV4 : AFI_IPV6, p + at);
		at += field_size(f->kind);
	}
	if (st->algorithm)
		buf_printf(out, " algorithm %u", p[1]);
	if (st->tail == TAIL_MPLS) {
		if (len == base + 4)
			buf_printf(out, " sid %u", be32_load(p + base) >> 12);
		else if (len != base)
			return false;
		return true;
	}
	if (len == base)
		return true;
	if (len < base + 16)
		return false;
	buf_puts(out, " sid ");
	put_ip(out, AFI_IPV6, p + base);
	if ((flags & SRP_SEG_FLAG_B) && len == base + 24)
		put_behavior(out, p + base + 16);
	else if (len != base + 16)
		return false;
	return true;
}

static bool put_segment_list(struct buf *out, const uint8_t *p, uint16_t len)
{
	struct cursor c = cursor_make(p, len, 0);
	uint8_t reserved, type;
	const uint8_t *v;
	uint16_t l;
	int rc;
	bool weight = false;
	if (cursor_u8(&c, &reserved) < 0)
		return false;
	while ((rc = tunnel_subtlv_next(&c, true, &type, &v, &l)) > 0) {
		if (type == SRP_SEG_WEIGHT && !weight && l == 6) {
			buf_printf(out, " segment-list weight %u", be32_load(v + 2));
			weight = true;
		} else if (!weight || !put_segment(out, type, v, l)) {
			return false;
		}
	}
	return rc == 0 && weight;
}

static bool plain_name(const uint8_t *p, uint16_t len)
{
	for (uint16_t i = 0; i < len; i++)
		if (p[i] <= ' ' || p[i] == '"' || p[i] == '\'' || p[i] == ';' || p[i] >= 0x7f || strchr("[](){},", p[i]))
			return false;
	return len > 0;
}

bool srpolicy_text_put_tunnel(struct buf *out, const uint8_t *value, uint32_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint16_t ttype, tlen;
	const uint8_t *tval;
	size_t before = out->len;

	if (tunnel_tlv_next(&c, &ttype, &tval, &tlen) <= 0 || ttype != TUNNEL_TYPE_SR_POLICY || !cursor_empty(&c))
		return false;
	struct cursor s = cursor_make(tval, tlen, 0);
	uint8_t type;
	const uint8_t *v;
	uint16_t l;
	int rc;
	while ((rc = tunnel_subtlv_next(&s, false, &type, &v, &l)) > 0) {
		bool ok = true;
		switch (type) {
		case SRP_PREFERENCE:
			ok = l == 6;
			if (ok)
				buf_printf(out, " preference %u", be32_load(v + 2));
			break;
		case SRP_PRIORITY:
			ok = l == 2;
			if (ok)
				buf_printf(out, " priority %u", v[0]);
			break;
		case SRP_BINDING_SID:
			if (l == 2)
				buf_puts(out, " binding-sid null");
			else if (l == 6)
				buf_printf(out, " binding-sid mpls %u", be32_load(v + 2) >> 12);
			else
				ok = false;
			break;
		case SRP_SRV6_BINDING_SID:
			ok = l == 18;
			if (ok) {
				buf_puts(out, " srv6-binding-sid ");
				put_ip(out, AFI_IPV6, v + 2);
			}
			break;
		case SRP_POLICY_NAME:
		case SRP_CANDIDATE_PATH_NAME:
			ok = l >= 1 && plain_name(v + 1, (uint16_t)(l - 1));
			if (ok) {
				buf_puts(out, type == SRP_POLICY_NAME ? " policy-name \"" : " candidate-path-name \"");
				buf_put(out, v + 1, l - 1u);
				buf_putc(out, '"');
			}
			break;
		case SRP_SEGMENT_LIST:
			ok = put_segment_list(out, v, l);
			break;
		default:
			ok = false;
		}
		if (!ok) {
			out->len = before;
			return false;
		}
	}
	if (rc < 0)
		out->len = before;
	return rc == 0;
}

bool srpolicy_text_put_tunnel_exact(struct buf *out, uint8_t flags, const uint8_t *value, uint32_t len)
{
	size_t before = out->len;
	if (flags != (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE) || !srpolicy_text_put_tunnel(out, value, len))
		return false;
	struct rt_lex lx = rt_lex_make((const char *)out->data + before, out->len - before);
	struct route_text_error err;
	struct buf tlv = BUF_INIT;
	bool same = true;
	for (struct rt_token t = rt_lex_next(&lx); t.kind != RT_END && same; t = rt_lex_next(&lx))
		same = policy_keyword(&t, &lx, &tlv, &err) == 1;
	same = same && tlv.len + 4 == len && memcmp(value + 4, tlv.data, tlv.len) == 0;
	buf_free(&tlv);
	if (!same)
		out->len = before;
	return same;
}

void srpolicy_format_announce(struct buf *out, const struct route *r)
{
	char name[FAMILY_NAME_MAX];
	buf_puts(out, "announce ");
	buf_puts(out, family_format(r->nlri.afi, r->nlri.safi, name));
	buf_putc(out, ' ');
	srpolicy_text_format(out, &r->nlri);
	buf_puts(out, " next-hop ");
	if (r->nexthop.self)
		buf_puts(out, "self");
	else if (r->nexthop.len == 4 || r->nexthop.len == 16)
		put_ip(out, r->nexthop.len == 4 ? AFI_IPV4 : AFI_IPV6, r->nexthop.addr);
	else
		buf_puts(out, r->nlri.afi == AFI_IPV6 ? "::" : "0.0.0.0");
	const struct attr_set *a = r->attrs;
	if (a == NULL)
		return;
	struct cursor c = cursor_make(a->unknown.ptr, a->unknown.len, 0);
	struct attr_raw raw;
	while (attr_raw_next(&c, &raw))
		if (raw.code == ATTR_TUNNEL_ENCAP)
			srpolicy_text_put_tunnel(out, raw.value, raw.len);
}

/* ---- JSON ---------------------------------------------------------------------------- */

void srpolicy_json_write(struct json *j, const struct nlri *n)
{
	struct srpolicy v;
	char ip[IP_STR_MAX];
	json_object_open(j);
	if (srpolicy_unpack(n, &v) < 0) {
		struct buf raw = BUF_INIT;
		hex_put(&raw, n->data, n->len, true);
		JSON_KEY(j, "raw");
		json_string_n(j, (const char *)raw.data, raw.len);
		buf_free(&raw);
		json_object_close(j);
		return;
	}
	JSON_KEY(j, "distinguisher");
	json_uint(j, v.distinguisher);
	JSON_KEY(j, "color");
	json_uint(j, v.color);
	JSON_KEY(j, "endpoint");
	json_string(j, ip_format(v.afi, v.endpoint, ip));
	json_object_close(j);
}

static void json_hex(struct json *j, const uint8_t *p, size_t len)
{
	struct buf hex = BUF_INIT;
	buf_puts(&hex, "0x");
	hex_put(&hex, p, len, false);
	json_string_n(j, (const char *)hex.data, hex.len);
	buf_free(&hex);
}

static void json_ip(struct json *j, uint16_t afi, const uint8_t *addr)
{
	char ip[IP_STR_MAX];
	json_string(j, ip_format(afi, addr, ip));
}

static void json_behavior_fields(struct json *j, const uint8_t *p)
{
	JSON_KEY(j, "behavior");
	json_uint(j, be16_load(p));
	JSON_KEY(j, "lb-length");
	json_uint(j, p[4]);
	JSON_KEY(j, "ln-length");
	json_uint(j, p[5]);
	JSON_KEY(j, "fun-length");
	json_uint(j, p[6]);
	JSON_KEY(j, "arg-length");
	json_uint(j, p[7]);
}

static void json_behavior(struct json *j, const uint8_t *p)
{
	JSON_KEY(j, "endpoint-behavior");
	json_object_open(j);
	json_behavior_fields(j, p);
	json_object_close(j);
}

/* a label stack entry: "KEY": label[, "tc", "s", "ttl"] */
static void json_label_entry(struct json *j, const char *key, uint32_t e, bool full)
{
	json_key(j, key);
	json_uint(j, e >> 12);
	if (!full)
		return;
	JSON_KEY(j, "tc");
	json_uint(j, (e >> 9) & 7);
	JSON_KEY(j, "s");
	json_bool(j, (e & 0x100) != 0);
	JSON_KEY(j, "ttl");
	json_uint(j, e & 0xFF);
}

/* ExaBGP reads a value shorter than its type's fixed part as the type's zero defaults. */
static void json_segment(struct json *j, const struct seg_type *st, const uint8_t *value, uint16_t len)
{
	uint8_t p[80] = {0};
	unsigned base = seg_base(st), at = 2;
	if (len >= base)
		memcpy(p, value, len < sizeof(p) ? len : sizeof(p));
	else
		len = 0;
	char letter[2] = {st->letter, 0};
	json_object_open(j);
	JSON_KEY(j, "type");
	json_string(j, letter);
	if (st->letter == 'A') {
		json_label_entry(j, "label", be32_load(p + 2), true);
	} else if (st->letter == 'B') {
		JSON_KEY(j, "sid");
		json_ip(j, AFI_IPV6, p + 2);
		if ((p[0] & SRP_SEG_FLAG_B) && len >= base + 8)
			json_behavior(j, p + base);
	} else {
		for (unsigned i = 0; i < st->nfields; i++) {
			const struct seg_field *f = &st->f[i];
			json_key(j, f->json);
			if (f->kind == 'I')
				json_uint(j, be32_load(p + at));
			else
				json_ip(j, f->kind == '4' ? AFI_IPV4 : AFI_IPV6, p + at);
			at += field_size(f->kind);
		}
		if (st->algorithm) {
			JSON_KEY(j, "algorithm");
			json_uint(j, p[1]);
		}
		if (st->tail == TAIL_MPLS && len >= base + 4) {
			json_label_entry(j, "sid", be32_load(p + base), st->letter == 'C');
		} else if (st->tail == TAIL_SRV6 && len >= base + 16) {
			JSON_KEY(j, "sid");
			json_ip(j, AFI_IPV6, p + base);
			if ((p[0] & SRP_SEG_FLAG_B) && len >= base + 24)
				json_behavior(j, p + base + 16);
		}
	}
	json_object_close(j);
}

/* {"weight": W, "segments": [...]}: weight 1 when absent, other sub-sub-TLVs skipped */
static void json_segment_list(struct json *j, const uint8_t *p, uint16_t len)
{
	uint32_t weight = 1;
	uint8_t type;
	const uint8_t *v;
	uint16_t l;
	struct cursor c = cursor_make(p, len, 0);
	if (len)
		cursor_skip(&c, 1);
	struct cursor first = c;
	while (tunnel_subtlv_next(&c, true, &type, &v, &l) > 0)
		if (type == SRP_SEG_WEIGHT)
			weight = l >= 6 ? be32_load(v + 2) : 1;
	json_object_open(j);
	JSON_KEY(j, "weight");
	json_uint(j, weight);
	JSON_KEY(j, "segments");
	json_array_open(j);
	c = first;
	while (tunnel_subtlv_next(&c, true, &type, &v, &l) > 0) {
		const struct seg_type *st = seg_by_code(type);
		if (st)
			json_segment(j, st, v, l);
	}
	json_array_close(j);
	json_object_close(j);
}

static bool single_occurrence(uint8_t type)
{
	return type == SRP_PREFERENCE || type == SRP_BINDING_SID || type == SRP_ENLP || type == SRP_PRIORITY ||
	       type == SRP_CANDIDATE_PATH_NAME || type == SRP_POLICY_NAME;
}

static void json_name(struct json *j, const uint8_t *v, uint16_t l)
{
	if (l == 0)
		json_string(j, "");
	else
		json_string_n(j, (const char *)v + 1, l - 1u);
}

static void json_sr_policy(struct json *j, const uint8_t *value, uint16_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint8_t type;
	const uint8_t *v;
	uint16_t l;
	uint32_t seen = 0; /* RFC 9012 13: all but the first of these is disregarded */
	bool lists = false;
	char key[32];

	JSON_KEY(j, "sr-policy");
	json_object_open(j);
	while (tunnel_subtlv_next(&c, false, &type, &v, &l) > 0) {
		if (single_occurrence(type)) {
			unsigned bit = type >= 128 ? type - 128 + 16 : type - 12;
			if (seen & (1u << bit))
				continue;
			seen |= 1u << bit;
		}
		switch (type) {
		case SRP_SEGMENT_LIST:
			lists = true;
			break;
		case SRP_PREFERENCE:
			JSON_KEY(j, "preference");
			json_uint(j, l >= 6 ? be32_load(v + 2) : 0);
			break;
		case SRP_BINDING_SID:
			JSON_KEY(j, "binding-sid");
			if (l >= 6) {
				json_object_open(j);
				JSON_KEY(j, "type");
				JSON_STRING(j, "mpls");
				JSON_KEY(j, "label");
				json_uint(j, be32_load(v + 2) >> 12);
				json_object_close(j);
			} else {
				json_null(j);
			}
			break;
		case SRP_ENLP:
			JSON_KEY(j, "enlp");
			json_uint(j, l >= 3 ? v[2] : 0);
			break;
		case SRP_PRIORITY:
			JSON_KEY(j, "priority");
			json_uint(j, l >= 1 ? v[0] : 0);
			break;
		case SRP_SRV6_BINDING_SID: {
			static const uint8_t zero[16];
			const uint8_t *sid = l >= 18 ? v + 2 : zero;
			JSON_KEY(j, "srv6-binding-sid");
			if (l >= 26 && (v[0] & SRP_BSID_FLAG_B)) {
				json_object_open(j);
				JSON_KEY(j, "sid");
				json_ip(j, AFI_IPV6, sid);
				json_behavior_fields(j, v + 18);
				json_object_close(j);
			} else {
				json_ip(j, AFI_IPV6, sid);
			}
			break;
		}
		case SRP_POLICY_NAME:
			JSON_KEY(j, "policy-name");
			json_name(j, v, l);
			break;
		case SRP_CANDIDATE_PATH_NAME:
			JSON_KEY(j, "candidate-path-name");
			json_name(j, v, l);
			break;
		default:
			snprintf(key, sizeof(key), "unknown-subtlv-%u", type);
			json_key(j, key);
			json_hex(j, v, l);
		}
	}
	if (lists) {
		JSON_KEY(j, "segment-lists");
		json_array_open(j);
		c = cursor_make(value, len, 0);
		while (tunnel_subtlv_next(&c, false, &type, &v, &l) > 0)
			if (type == SRP_SEGMENT_LIST)
				json_segment_list(j, v, l);
		json_array_close(j);
	}
	json_object_close(j);
}

bool tunnel_encap_json(struct json *j, const uint8_t *value, uint32_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint16_t ttype, tlen;
	const uint8_t *tval;
	char key[32];

	if (!tunnel_encap_framed(value, len))
		return false;
	JSON_KEY(j, "tunnel-encap");
	json_object_open(j);
	while (tunnel_tlv_next(&c, &ttype, &tval, &tlen) > 0) {
		if (ttype == TUNNEL_TYPE_SR_POLICY) {
			json_sr_policy(j, tval, tlen);
			continue;
		}
		snprintf(key, sizeof(key), "tunnel-type-%u", ttype);
		json_key(j, key);
		json_hex(j, tval, tlen);
	}
	json_object_close(j);
	return true;
}
