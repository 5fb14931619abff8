/* vpls_text.c — see vpls_text.h. */
#include "model/vpls_text.h"

#include <string.h>

#include "core/hex.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/nlri_vpls.h"

enum vpls_field { VF_RD, VF_ENDPOINT, VF_BASE, VF_OFFSET, VF_SIZE, VF_COUNT };

static const char *const vpls_field_names[VF_COUNT] = {"rd", "endpoint", "base", "offset", "size"};

static int vpls_field_of(const struct rt_token *t)
{
	if (t->kind != RT_WORD)
		return -1;
	if (scan_word_is(t->s, t->len, "route-distinguisher"))
		return VF_RD;
	for (int f = 0; f < VF_COUNT; f++)
		if (scan_word_is(t->s, t->len, vpls_field_names[f]))
			return f;
	return -1;
}

static int vpls_field_read(struct vpls *v, int f, struct rt_lex *lx, struct route_text_error *err)
{
	const char *kw = vpls_field_names[f];
	struct rt_token t = rt_lex_next(lx);
	const char *why;
	uint64_t n;

	if (t.kind != RT_WORD)
		return rt_error_word(err, kw, &t, f == VF_RD ? "is not a route distinguisher" : "is not a number");
	if (f == VF_RD) {
		if (rd_parse(t.s, t.len, v->rd, &why) < 0)
			return rt_error_word(err, kw, &t, why);
		return 0;
	}
	uint64_t max = f == VF_BASE ? VPLS_LABEL_MAX : 0xFFFF;
	if (scan_dec(t.s, t.len, max, &n) < 0)
		return rt_error_word(err, kw, &t, f == VF_BASE ? "is not a label (0-1048575)" : "is not a number (0-65535)");
	switch (f) {
	case VF_ENDPOINT: v->endpoint = (uint16_t)n; break;
	case VF_BASE: v->base = (uint32_t)n; break;
	case VF_OFFSET: v->offset = (uint16_t)n; break;
	default: v->size = (uint16_t)n; break;
	}
	return 0;
}

int vpls_text_parse(struct update_collection *c, struct rt_lex *lx, uint8_t action,
		    struct route_text_error *err)
{
	struct rt_spec spec;
	struct vpls v;
	unsigned given = 0;
	size_t start = rt_lex_peek(lx).off;

	memset(&v, 0, sizeof(v));
	rt_spec_init(&spec);
	for (;;) {
		struct rt_token t = rt_lex_peek(lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(lx);
		int f = vpls_field_of(&t);
		if (f >= 0) {
			if (given & (1u << f))
				return rt_error_at(err, t.off, "%s: given twice", vpls_field_names[f]);
			given |= 1u << f;
			if (vpls_field_read(&v, f, lx, err) < 0)
				return -1;
			continue;
		}
		if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "split"))
			return rt_error_word(err, "vpls", &t, "cannot split a vpls route");
		int rc = rt_spec_keyword(&spec, &t, lx, &c->arena, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return rt_error_word(err, "vpls", &t, t.kind == RT_WORD ? "is not a vpls keyword" : "is not expected here");
	}
	for (int f = 0; f < VF_COUNT; f++)
		if (!(given & (1u << f)))
			return rt_error_at(err, start, "vpls: %s is missing (rd, endpoint, base, offset and size are needed)",
					   vpls_field_names[f]);
	/* the block's labels run from base to base + size - 1, all within 20 bits */
	if (v.base > (uint32_t)VPLS_LABEL_MAX - v.size)
		return rt_error_at(err, start, "vpls: base %u and size %u run past the last label (1048575)", v.base,
				   v.size);
	if (action == ROUTE_ANNOUNCE && !spec.has_nexthop)
		return rt_error_at(err, start, "vpls: the route is announced without a next-hop");
	if (spec.has_nexthop && spec.nexthop_self == false && spec.nexthop_afi == 0)
		return rt_error_at(err, start, "vpls: bad next-hop");

	uint8_t packed[VPLS_NLRI_LEN];
	vpls_pack(&v, packed);
	/* `next-hop self` stands for the local IPv4 address (the packer falls back to IPv6) */
	rt_spec_route_add(&spec, c, AFI_L2VPN, SAFI_VPLS, packed, sizeof(packed), AFI_IPV4, action);
	return 0;
}

void vpls_text_format(struct buf *out, const struct nlri *n)
{
	struct vpls v;
	char rd[RD_STR_MAX];

	if (vpls_unpack(n, &v) < 0) {
		buf_puts(out, "0x");
		hex_put(out, n->data, n->len, false);
		return;
	}
	buf_puts(out, "rd ");
	buf_puts(out, rd_format(v.rd, rd));
	buf_puts(out, " endpoint ");
	buf_put_uint(out, v.endpoint);
	buf_puts(out, " base ");
	buf_put_uint(out, v.base);
	buf_puts(out, " offset ");
	buf_put_uint(out, v.offset);
	buf_puts(out, " size ");
	buf_put_uint(out, v.size);
}

void vpls_json_write(struct json *j, const struct nlri *n)
{
	struct vpls v;
	char rd[RD_STR_MAX];

	memset(&v, 0, sizeof(v));
	vpls_unpack(n, &v); /* only well-formed NLRI are read from the wire */
	json_object_open(j);
	JSON_KEY(j, "rd");
	json_string(j, rd_format(v.rd, rd));
	JSON_KEY(j, "endpoint");
	json_uint(j, v.endpoint);
	JSON_KEY(j, "base");
	json_uint(j, v.base);
	JSON_KEY(j, "offset");
	json_uint(j, v.offset);
	JSON_KEY(j, "size");
	json_uint(j, v.size);
	json_object_close(j);
}
