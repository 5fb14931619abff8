/* route_text_spec.c — see route_text_spec.h. One function per keyword; each reads exactly
 * its value through the lexer and reports the word at fault with its offset. */
#include "model/route_text_spec.h"

#include <string.h>

#include "core/cursor.h"
#include "model/attr_text.h"
#include "model/flow_text.h"
#include "model/mpls_text.h"
#include "model/text_scan.h"
#include "wire/family.h"
#include "wire/ip.h"

enum rt_kw {
	KW_NEXT_HOP,
	KW_PATH_INFORMATION,
	KW_ORIGIN,
	KW_AS_PATH,
	KW_MED,
	KW_LOCAL_PREFERENCE,
	KW_ATOMIC_AGGREGATE,
	KW_AGGREGATOR,
	KW_COMMUNITY,
	KW_LARGE_COMMUNITY,
	KW_EXTENDED_COMMUNITY,
	KW_ORIGINATOR_ID,
	KW_CLUSTER_LIST,
	KW_ATTRIBUTE,
	KW_AIGP,
	KW_SPLIT,
	KW_WATCHDOG,
	KW_NAME,
	KW_WITHDRAW,
	KW_RD,
	KW_ROUTE_DISTINGUISHER,
	KW_LABEL,
	KW_PREFIX_SID,
	KW_PREFIX_SID_SRV6,
	KW_COUNT
};

static const char *const kw_names[KW_COUNT] = {
	[KW_NEXT_HOP] = "next-hop",
	[KW_PATH_INFORMATION] = "path-information",
	[KW_ORIGIN] = "origin",
	[KW_AS_PATH] = "as-path",
	[KW_MED] = "med",
	[KW_LOCAL_PREFERENCE] = "local-preference",
	[KW_ATOMIC_AGGREGATE] = "atomic-aggregate",
	[KW_AGGREGATOR] = "aggregator",
	[KW_COMMUNITY] = "community",
	[KW_LARGE_COMMUNITY] = "large-community",
	[KW_EXTENDED_COMMUNITY] = "extended-community",
	[KW_ORIGINATOR_ID] = "originator-id",
	[KW_CLUSTER_LIST] = "cluster-list",
	[KW_ATTRIBUTE] = "attribute",
	[KW_AIGP] = "aigp",
	[KW_SPLIT] = "split",
	[KW_WATCHDOG] = "watchdog",
	[KW_NAME] = "name",
	[KW_WITHDRAW] = "withdraw",
	[KW_RD] = "rd",
	[KW_ROUTE_DISTINGUISHER] = "route-distinguisher",
	[KW_LABEL] = "label",
	[KW_PREFIX_SID] = "bgp-prefix-sid",
	[KW_PREFIX_SID_SRV6] = "bgp-prefix-sid-srv6",
};

void rt_spec_init(struct rt_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
}

/* ---- small values ----------------------------------------------------------------- */

static int value_u32(const char *kw, const struct rt_token *t, uint32_t *out,
		     struct route_text_error *err)
{
	uint64_t v;
	if (t->kind != RT_WORD)
		return rt_error_word(err, kw, t, "is not a number");
	if (scan_dec(t->s, t->len, UINT64_MAX, &v) < 0) {
		/* tell "not digits" from "too many digits" */
		for (size_t i = 0; i < t->len; i++)
			if (t->s[i] < '0' || t->s[i] > '9')
				return rt_error_word(err, kw, t, "is not a number");
		return rt_error_word(err, kw, t, "is too large (at most 4294967295)");
	}
	if (v > UINT32_MAX)
		return rt_error_word(err, kw, t, "is too large (at most 4294967295)");
	*out = (uint32_t)v;
	return 0;
}

static int value_ipv4(const char *kw, const struct rt_token *t, uint8_t out[4], const char *what,
		      struct route_text_error *err)
{
	if (t->kind != RT_WORD || ipv4_parse(t->s, t->len, out) < 0)
		return rt_error_word(err, kw, t, what);
	return 0;
}

static int kw_next_hop(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "self")) {
		spec->nexthop_self = true;
		return 0;
	}
	if (t.kind != RT_WORD || ip_parse(t.s, t.len, &spec->nexthop_afi, spec->nexthop_addr) < 0)
		return rt_error_word(err, "next-hop", &t, "is not an IP address or self");
	return 0;
}

static int kw_path_information(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	uint8_t ip[4];
	uint64_t v;
	/* ExaBGP: digits are a number, anything else an IPv4 address */
	if (t.kind == RT_WORD && scan_dec(t.s, t.len, UINT32_MAX, &v) == 0) {
		spec->path_id = (uint32_t)v;
	} else if (t.kind == RT_WORD && ipv4_parse(t.s, t.len, ip) == 0) {
		spec->path_id = be32_load(ip);
	} else {
		return rt_error_word(err, "path-information", &t,
				     "is not a path identifier (a number or an IPv4 address)");
	}
	spec->has_path_id = true;
	return 0;
}

static int kw_origin(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (t.kind != RT_WORD || origin_parse(t.s, t.len, &spec->set.origin) < 0)
		return rt_error_word(err, "origin", &t, "is not an origin (igp, egp or incomplete)");
	spec->set.present |= ATTR_BIT(ATTR_ORIGIN);
	return 0;
}

static int kw_med(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (value_u32("med", &t, &spec->set.med, err) < 0)
		return -1;
	spec->set.present |= ATTR_BIT(ATTR_MED);
	return 0;
}

static int kw_local_preference(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (value_u32("local-preference", &t, &spec->set.local_pref, err) < 0)
		return -1;
	spec->set.present |= ATTR_BIT(ATTR_LOCAL_PREF);
	return 0;
}

/* aggregator AS:IP, with or without parentheses: "( 65000:1.2.3.4 )" or "(65000:1.2.3.4)" */
static int kw_aggregator(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	bool paren = t.kind == RT_LPAREN;
	if (paren)
		t = rt_lex_next(lx);
	const char *colon = t.kind == RT_WORD ? memchr(t.s, ':', t.len) : NULL;
	uint32_t asn;
	if (colon == NULL || scan_u32(t.s, (size_t)(colon - t.s), &asn) < 0 ||
	    ipv4_parse(colon + 1, t.len - (size_t)(colon - t.s) - 1, spec->set.aggregator_ip) < 0)
		return rt_error_word(err, "aggregator", &t, "is not an aggregator (ASN:IPv4)");
	spec->set.aggregator_as = asn;
	if (paren) {
		struct rt_token close = rt_lex_next(lx);
		if (close.kind == RT_END)
			return rt_error_at(err, close.off, "aggregator: ')' is missing");
		if (close.kind != RT_RPAREN)
			return rt_error_word(err, "aggregator", &close, "found where ')' closes the aggregator");
	}
	spec->set.present |= ATTR_BIT(ATTR_AGGREGATOR);
	return 0;
}

static int kw_originator_id(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	uint8_t ip[4];
	if (value_ipv4("originator-id", &t, ip, "is not an IPv4 address", err) < 0)
		return -1;
	spec->set.originator_id = be32_load(ip);
	spec->set.present |= ATTR_BIT(ATTR_ORIGINATOR_ID);
	return 0;
}

static int kw_aigp(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
		   struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	uint64_t v;
	if (t.kind != RT_WORD ||
	    (scan_has_hex_prefix(t.s, t.len) ? scan_hex(t.s, t.len, UINT64_MAX, &v)
					     : scan_dec(t.s, t.len, UINT64_MAX, &v)) < 0)
		return rt_error_word(err, "aigp", &t, "is not a number (decimal or 0x hexadecimal)");
	/* RFC 7311 3: one AIGP TLV, type 1, length 11, the 8-octet metric */
	uint8_t *tlv = arena_alloc(arena, 11);
	tlv[0] = 1;
	be16_store(tlv + 1, 11);
	be32_store(tlv + 3, (uint32_t)(v >> 32));
	be32_store(tlv + 7, (uint32_t)v);
	spec->set.aigp.ptr = tlv;
	spec->set.aigp.len = 11;
	spec->set.present |= ATTR_BIT(ATTR_AIGP);
	return 0;
}

static int kw_split(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	uint64_t bits;
	if (t.kind != RT_WORD || t.len < 2 || t.s[0] != '/' || scan_dec(t.s + 1, t.len - 1, 128, &bits) < 0)
		return rt_error_word(err, "split", &t, "is not a prefix length (/N)");
	spec->has_split = true;
	spec->split = (uint8_t)bits;
	spec->split_off = t.off;
	return 0;
}

static int kw_label_word(const char *kw, const char **out, struct rt_lex *lx, struct arena *arena,
			 struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (t.kind != RT_WORD)
		return rt_error_word(err, kw, &t, "is not a name");
	if (scan_word_is(t.s, t.len, "announce") || scan_word_is(t.s, t.len, "withdraw"))
		return rt_error_word(err, kw, &t, "is a reserved word, not a name");
	*out = arena_strndup(arena, t.s, t.len);
	return 0;
}

/* ---- lists: "[ a b c ]" or a single "a" -------------------------------------------- */

/* Parse one item word into out (size bytes). 0 or -1. */
typedef int (*rt_item_parse)(const char *s, size_t len, uint8_t *out);

static int item_community(const char *s, size_t len, uint8_t *out)
{
	uint32_t v;
	if (community_parse(s, len, &v) < 0)
		return -1;
	be32_store(out, v);
	return 0;
}

static int item_ipv4_or_number(const char *s, size_t len, uint8_t *out)
{
	uint64_t v;
	if (scan_dec(s, len, UINT32_MAX, &v) == 0) {
		be32_store(out, (uint32_t)v);
		return 0;
	}
	return ipv4_parse(s, len, out);
}

struct rt_list_kind {
	const char *kw;
	size_t size;
	rt_item_parse parse;
	const char *problem;
};

/* One pass over a list value: counts the items and, when items is not NULL, stores them. */
static int list_pass(const struct rt_list_kind *k, struct rt_lex *lx, uint8_t *items, size_t *count,
		     struct route_text_error *err)
{
	uint8_t scratch[32];
	struct rt_token t = rt_lex_next(lx);
	bool bracket = t.kind == RT_LBRACKET;
	size_t n = 0;

	if (bracket)
		t = rt_lex_next(lx);
	for (;;) {
		if (bracket && t.kind == RT_RBRACKET)
			break;
		if (bracket && t.kind == RT_COMMA) {
			t = rt_lex_next(lx);
			continue;
		}
		if (t.kind != RT_WORD) {
			if (bracket && (t.kind == RT_END || t.kind == RT_SEMI))
				return rt_error_at(err, t.off, "%s: the list is not closed with ']'", k->kw);
			return rt_error_word(err, k->kw, &t, k->problem);
		}
		if (k->parse == ext_community_parse && flow_ext_takes_value(t.s, t.len)) {
			/* flowspec actions written as two words: "mark 10", "action sample" */
			struct rt_token v = rt_lex_next(lx);
			if (v.kind != RT_WORD ||
			    flow_ext_pair_parse(t.s, t.len, v.s, v.len, items ? items + n * k->size : scratch) < 0)
				return rt_error_word(err, k->kw, &v, k->problem);
		} else if (k->parse(t.s, t.len, items ? items + n * k->size : scratch) < 0)
			return rt_error_word(err, k->kw, &t, k->problem);
		n++;
		if (!bracket)
			break;
		t = rt_lex_next(lx);
	}
	*count = n;
	return 0;
}

/* Parse a list value into an arena array: a first pass validates and counts, the second
 * fills an array of exactly the right size (no scratch allocation per command). */
static int list_parse(const struct rt_list_kind *k, struct rt_lex *lx, struct arena *arena,
		      uint8_t **items, size_t *n, struct route_text_error *err)
{
	struct rt_lex start = *lx;
	if (list_pass(k, lx, NULL, n, err) < 0)
		return -1;
	*items = *n ? arena_alloc(arena, *n * k->size) : NULL;
	*lx = start;
	list_pass(k, lx, *items, n, err);
	return 0;
}

/* ExaBGP keeps communities sorted by their packed value (Communities.add sorts). */
static void items_sort(uint8_t *items, size_t n, size_t size)
{
	uint8_t tmp[32];
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		memcpy(tmp, items + i * size, size);
		while (j > 0 && memcmp(items + (j - 1) * size, tmp, size) > 0) {
			memcpy(items + j * size, items + (j - 1) * size, size);
			j--;
		}
		memcpy(items + j * size, tmp, size);
	}
}

static size_t items_unique(uint8_t *items, size_t n, size_t size)
{
	size_t kept = n ? 1 : 0;
	for (size_t i = 1; i < n; i++)
		if (memcmp(items + (kept - 1) * size, items + i * size, size) != 0)
			memmove(items + kept++ * size, items + i * size, size);
	return kept;
}

static const struct rt_list_kind list_community = {
	"community", 4, item_community,
	"is not a community (ASN:NUMBER, a number, 0xHEX or a well-known name)"};
static const struct rt_list_kind list_large = {"large-community", 12, large_community_parse,
					       "is not a large community (A:B:C)"};
static const struct rt_list_kind list_extended = {"extended-community", 8, ext_community_parse,
						  "is not an extended community"};
static const struct rt_list_kind list_cluster = {"cluster-list", 4, item_ipv4_or_number,
						 "is not a cluster id (an IPv4 address)"};

static int kw_list(struct rt_spec *spec, enum rt_kw kw, struct rt_lex *lx, struct arena *arena,
		   struct route_text_error *err)
{
	struct bytes *view;
	const struct rt_list_kind *k;
	uint8_t code;

	switch (kw) {
	case KW_COMMUNITY: k = &list_community; view = &spec->set.communities; code = ATTR_COMMUNITIES; break;
	case KW_LARGE_COMMUNITY: k = &list_large; view = &spec->set.large_communities; code = ATTR_LARGE_COMMUNITIES; break;
	case KW_EXTENDED_COMMUNITY: k = &list_extended; view = &spec->set.ext_communities; code = ATTR_EXT_COMMUNITIES; break;
	default: k = &list_cluster; view = &spec->set.cluster_list; code = ATTR_CLUSTER_LIST; break;
	}
	uint8_t *items;
	size_t n;
	if (list_parse(k, lx, arena, &items, &n, err) < 0)
		return -1;
	if (kw != KW_CLUSTER_LIST) /* a cluster list is a path: its order means something */
		items_sort(items, n, k->size);
	if (kw == KW_LARGE_COMMUNITY) /* ExaBGP drops repeated large communities */
		n = items_unique(items, n, k->size);
	view->ptr = items;
	view->len = (uint32_t)(n * k->size);
	/* ExaBGP sends nothing for an empty list */
	if (view->len)
		spec->set.present |= ATTR_BIT(code);
	return 0;
}

static int kw_as_path(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
		      struct route_text_error *err)
{
	if (rt_aspath_parse(lx, arena, &spec->set.as_path, err) < 0)
		return -1;
	/* present even when empty: "as-path [ ]" asks for an empty AS_PATH */
	spec->set.present |= ATTR_BIT(ATTR_AS_PATH);
	return 0;
}

/* ---- attribute [ 0xCODE 0xFLAGS 0xDATA ] -------------------------------------------- */

static int hex_word(const struct rt_token *t, uint64_t max, uint64_t *out)
{
	return t->kind == RT_WORD ? scan_hex(t->s, t->len, max, out) : -1;
}

/* ExaBGP turns a generic attribute of a code it knows into that attribute; we do the same
 * for the codes attr_set holds, so `attribute [0x04 0x80 0x00000064]` is `med 100`. */
static int generic_known(struct rt_spec *spec, uint8_t code, const uint8_t *data, uint32_t len,
			 const struct rt_token *t, struct route_text_error *err)
{
	struct attr_set *s = &spec->set;
	uint32_t need = 0, multiple = 0;
	struct bytes *view = NULL;

	switch (code) {
	case ATTR_ORIGIN: need = 1; break;
	case ATTR_MED:
	case ATTR_LOCAL_PREF:
	case ATTR_ORIGINATOR_ID:
	case ATTR_OTC: need = 4; break;
	case ATTR_ATOMIC_AGGREGATE: need = 0; break;
	case ATTR_COMMUNITIES: multiple = 4; view = &s->communities; break;
	case ATTR_CLUSTER_LIST: multiple = 4; view = &s->cluster_list; break;
	case ATTR_EXT_COMMUNITIES: multiple = 8; view = &s->ext_communities; break;
	case ATTR_IPV6_EXT_COMMUNITIES: multiple = 20; view = &s->ipv6_ext_communities; break;
	case ATTR_LARGE_COMMUNITIES: multiple = 12; view = &s->large_communities; break;
	case ATTR_AIGP: multiple = 1; view = &s->aigp; break;
	case ATTR_AS_PATH:
	case ATTR_NEXT_HOP:
	case ATTR_AGGREGATOR:
	case ATTR_MP_REACH_NLRI:
	case ATTR_MP_UNREACH_NLRI:
	case ATTR_AS4_PATH:
	case ATTR_AS4_AGGREGATOR:
		/* their bytes depend on the session (2- or 4-octet AS, the family): use the keyword */
		return rt_error_word(err, "attribute", t,
				     "is a code whose value depends on the session; use its keyword");
	default:
		return 0;
	}
	if (s->present & ATTR_BIT(code))
		return rt_error_word(err, "attribute", t, "repeats an attribute already given");
	if (view ? (len % multiple != 0 || len == 0) : len != need)
		return rt_error_word(err, "attribute", t, "has a value of the wrong length for its code");
	switch (code) {
	case ATTR_ORIGIN:
		if (data[0] > ORIGIN_INCOMPLETE)
			return rt_error_word(err, "attribute", t, "is not a valid ORIGIN");
		s->origin = data[0];
		break;
	case ATTR_MED: s->med = be32_load(data); break;
	case ATTR_LOCAL_PREF: s->local_pref = be32_load(data); break;
	case ATTR_ORIGINATOR_ID: s->originator_id = be32_load(data); break;
	case ATTR_OTC: s->otc = be32_load(data); break;
	default:
		if (view) {
			view->ptr = data;
			view->len = len;
		}
		break;
	}
	s->present |= ATTR_BIT(code);
	return 1;
}

static int kw_attribute(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			struct route_text_error *err)
{
	struct rt_token open = rt_lex_next(lx), tc, tf, td, close;
	uint64_t code, flags;

	if (open.kind != RT_LBRACKET)
		return rt_error_word(err, "attribute", &open, "found where '[ 0xCODE 0xFLAGS 0xDATA ]' starts");
	tc = rt_lex_next(lx);
	if (hex_word(&tc, 0xFF, &code) < 0)
		return rt_error_word(err, "attribute", &tc, "is not an attribute code (0x00-0xff)");
	tf = rt_lex_next(lx);
	if (hex_word(&tf, 0xFF, &flags) < 0)
		return rt_error_word(err, "attribute", &tf, "is not attribute flags (0x00-0xff)");
	td = rt_lex_next(lx);
	if (td.kind != RT_WORD || !scan_has_hex_prefix(td.s, td.len) || td.len % 2 != 0 ||
	    (td.len - 2) / 2 > 0xFFFF)
		return rt_error_word(err, "attribute", &td, "is not attribute data (0x and pairs of hex digits)");
	uint32_t len = (uint32_t)((td.len - 2) / 2);
	uint8_t *data = len ? arena_alloc(arena, len) : NULL;
	for (uint32_t i = 0; i < len; i++) {
		int hi = hex_digit_value(td.s[2 + 2 * i]), lo = hex_digit_value(td.s[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return rt_error_word(err, "attribute", &td, "is not attribute data (0x and pairs of hex digits)");
		data[i] = (uint8_t)(hi << 4 | lo);
	}
	close = rt_lex_next(lx);
	if (close.kind != RT_RBRACKET)
		return rt_error_word(err, "attribute", &close, "found where ']' closes the attribute");

	int known = generic_known(spec, (uint8_t)code, data, len, &tc, err);
	if (known != 0)
		return known < 0 ? -1 : 0;
	for (size_t i = 0; i < spec->ngeneric; i++)
		if (spec->generic[i].code == code)
			return rt_error_word(err, "attribute", &tc, "repeats an attribute already given");
	if (spec->ngeneric == RT_GENERIC_MAX)
		return rt_error_word(err, "attribute", &tc, "is one generic attribute too many");
	struct rt_generic *g = &spec->generic[spec->ngeneric++];
	g->code = (uint8_t)code;
	g->flags = (uint8_t)flags;
	g->data = data;
	g->len = len;
	return 0;
}

/* ---- dispatch --------------------------------------------------------------------- */

int rt_spec_keyword(struct rt_spec *spec, const struct rt_token *kw, struct rt_lex *lx,
		    struct arena *arena, struct route_text_error *err)
{
	int k = -1;
	if (kw->kind != RT_WORD)
		return 0;
	for (int i = 0; i < KW_COUNT; i++)
		if (scan_word_is(kw->s, kw->len, kw_names[i])) {
			k = i;
			break;
		}
	if (k < 0)
		return 0;
	/* `attribute` may repeat, one per code; every other keyword once */
	if (k != KW_ATTRIBUTE && (spec->given & ((uint64_t)1 << k)))
		return rt_error_at(err, kw->off, "%s: given twice", kw_names[k]);
	spec->given |= (uint64_t)1 << k;

	switch ((enum rt_kw)k) {
	case KW_NEXT_HOP: spec->has_nexthop = true; return kw_next_hop(spec, lx, err) < 0 ? -1 : 1;
	case KW_PATH_INFORMATION: return kw_path_information(spec, lx, err) < 0 ? -1 : 1;
	case KW_ORIGIN: return kw_origin(spec, lx, err) < 0 ? -1 : 1;
	case KW_AS_PATH: return kw_as_path(spec, lx, arena, err) < 0 ? -1 : 1;
	case KW_MED: return kw_med(spec, lx, err) < 0 ? -1 : 1;
	case KW_LOCAL_PREFERENCE: return kw_local_preference(spec, lx, err) < 0 ? -1 : 1;
	case KW_ATOMIC_AGGREGATE: spec->set.present |= ATTR_BIT(ATTR_ATOMIC_AGGREGATE); return 1;
	case KW_AGGREGATOR: return kw_aggregator(spec, lx, err) < 0 ? -1 : 1;
	case KW_COMMUNITY:
	case KW_LARGE_COMMUNITY:
	case KW_EXTENDED_COMMUNITY:
	case KW_CLUSTER_LIST: return kw_list(spec, (enum rt_kw)k, lx, arena, err) < 0 ? -1 : 1;
	case KW_ORIGINATOR_ID: return kw_originator_id(spec, lx, err) < 0 ? -1 : 1;
	case KW_ATTRIBUTE: return kw_attribute(spec, lx, arena, err) < 0 ? -1 : 1;
	case KW_AIGP: return kw_aigp(spec, lx, arena, err) < 0 ? -1 : 1;
	case KW_SPLIT: return kw_split(spec, lx, err) < 0 ? -1 : 1;
	case KW_WATCHDOG: return kw_label_word("watchdog", &spec->watchdog, lx, arena, err) < 0 ? -1 : 1;
	case KW_NAME: return kw_label_word("name", &spec->name, lx, arena, err) < 0 ? -1 : 1;
	case KW_WITHDRAW: spec->start_withdrawn = true; return 1;
	case KW_RD:
	case KW_ROUTE_DISTINGUISHER: return mpls_text_rd(spec, kw_names[k], lx, err) < 0 ? -1 : 1;
	case KW_LABEL: return mpls_text_label(spec, lx, err) < 0 ? -1 : 1;
	case KW_PREFIX_SID: return mpls_text_prefix_sid(spec, lx, arena, err) < 0 ? -1 : 1;
	case KW_PREFIX_SID_SRV6: return mpls_text_prefix_sid_srv6(spec, lx, arena, err) < 0 ? -1 : 1;
	case KW_COUNT: break;
	}
	return 0;
}

/* ---- results ---------------------------------------------------------------------- */

bool rt_spec_has_attributes(const struct rt_spec *spec)
{
	return spec->set.present != 0 || spec->ngeneric != 0;
}

const struct attr_set *rt_spec_attrs(struct rt_spec *spec, struct arena *arena)
{
	struct attr_set *set = arena_dup(arena, &spec->set, sizeof(spec->set));

	if (spec->ngeneric) {
		/* unknown: whole attributes in increasing code order (attr.h) */
		struct rt_generic *g = spec->generic;
		for (size_t i = 1; i < spec->ngeneric; i++)
			for (size_t j = i; j > 0 && g[j - 1].code > g[j].code; j--) {
				struct rt_generic tmp = g[j];
				g[j] = g[j - 1];
				g[j - 1] = tmp;
			}
		size_t total = 0;
		for (size_t i = 0; i < spec->ngeneric; i++)
			total += 4 + g[i].len;
		uint8_t *p = arena_alloc(arena, total), *start = p;
		for (size_t i = 0; i < spec->ngeneric; i++) {
			/* ExaBGP keeps the given flags, adding extended length when the value needs it */
			uint8_t flags = g[i].flags;
			if (g[i].len > 0xFF)
				flags |= ATTR_FLAG_EXTENDED;
			*p++ = flags;
			*p++ = g[i].code;
			if (flags & ATTR_FLAG_EXTENDED) {
				be16_store(p, (uint16_t)g[i].len);
				p += 2;
			} else {
				*p++ = (uint8_t)g[i].len;
			}
			if (g[i].len)
				memcpy(p, g[i].data, g[i].len);
			p += g[i].len;
		}
		set->unknown.ptr = start;
		set->unknown.len = (uint32_t)(p - start);
	}
	return set;
}

void rt_spec_nexthop(const struct rt_spec *spec, uint16_t afi, struct nexthop *out)
{
	memset(out, 0, sizeof(*out));
	if (!spec->has_nexthop)
		return;
	if (spec->nexthop_self) {
		out->self = true;
		out->len = (uint8_t)afi_addr_len(afi);
		return;
	}
	out->len = (uint8_t)afi_addr_len(spec->nexthop_afi);
	memcpy(out->addr, spec->nexthop_addr, out->len);
}

struct route *rt_spec_route_add(struct rt_spec *spec, struct update_collection *c, uint16_t afi, uint8_t safi,
				const uint8_t *nlri, size_t len, uint16_t self_afi, uint8_t action)
{
	struct route *r = update_collection_add(c);
	memset(&r->nlri, 0, sizeof(r->nlri));
	r->nlri.afi = afi;
	r->nlri.safi = safi;
	r->nlri.len = (uint16_t)len;
	r->nlri.data = arena_dup(&c->arena, nlri, len);
	if (spec->has_path_id) {
		r->nlri.has_path_id = true;
		r->nlri.path_id = spec->path_id;
	}
	rt_spec_nexthop(spec, spec->nexthop_self ? self_afi : spec->nexthop_afi, &r->nexthop);
	r->attrs = action == ROUTE_ANNOUNCE || rt_spec_has_attributes(spec) ? rt_spec_attrs(spec, &c->arena) : NULL;
	r->action = action;
	r->watchdog = spec->watchdog;
	r->name = spec->name;
	r->start_withdrawn = spec->start_withdrawn;
	return r;
}
