/* route_text_parse.c — the shapes of a route command (see route_text.h): which words come
 * first, where the prefixes are, how `split` and `group` multiply routes, End-of-RIB.
 *
 * Owns: turning one command into routes appended to a collection, all or nothing.
 * The keywords after the prefix are route_text_spec.c's; words come from route_text_lex.c.
 * Must not know: sessions, configuration files, JSON.
 *
 *   command   := 'group' statement (';' statement)* | statement
 *   statement := [announce|withdraw] body
 *   body      := 'route' PREFIX keyword*
 *              | AFI SAFI PREFIX keyword*               ipv4|ipv6 unicast|multicast
 *              | 'attributes' keyword* 'nlri' PREFIX+
 *              | 'attributes' keyword*                  in a group: the attributes of its
 *                                                       withdraws (ExaBGP's decoder output)
 *              | 'eor' [AFI SAFI]
 *              | ['l2vpn'] 'vpls' ...                   vpls_text.h
 *              | AFI 'mcast-vpn' ... | AFI 'mup' ...    mvpn_text.h, mup_text.h
 *              | AFI 'sr-policy' ...                    srpolicy_text.h
 *   (l2vpn evpn and bgp-ls are received only, as in ExaBGP: no statement)
 */
#include "model/route_text.h"

#include <string.h>

#include "model/flow_text.h"
#include "model/mpls_text.h"
#include "model/route_text_lex.h"
#include "model/route_text_spec.h"
#include "model/text_scan.h"
#include "model/mup_text.h"
#include "model/srpolicy_text.h"
#include "model/mvpn_text.h"
#include "model/vpls_text.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_mpls.h"

struct rt_parser {
	struct update_collection *c;
	const struct route_text_opts *opts;
	struct route_text_error *err;
	struct rt_lex lx;
	bool in_group;
	const struct attr_set *group_attrs; /* from a group's `attributes ...` statement */
};

struct rt_prefix {
	uint16_t afi;
	uint8_t safi;
	uint8_t bits;
	uint8_t addr[16];
	const struct rt_token *tok;
};

/* ---- prefixes --------------------------------------------------------------------- */

/* ExaBGP's IP.tosafi: an IPv4 prefix in 224.0.0.0/4 is multicast (so is an IPv4-mapped
 * IPv6 one written with its dotted quad); everything else unicast. */
static uint8_t prefix_default_safi(const struct rt_prefix *p)
{
	if (p->afi == AFI_IPV4)
		return p->addr[0] >= 224 && p->addr[0] <= 239 ? SAFI_MULTICAST : SAFI_UNICAST;
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(p->addr, mapped, 12) == 0 && memchr(p->tok->s, '.', p->tok->len) &&
	    p->addr[12] >= 224 && p->addr[12] <= 239)
		return SAFI_MULTICAST;
	return SAFI_UNICAST;
}

static int prefix_parse(struct rt_parser *p, const struct rt_token *t, const char *kw,
			struct rt_prefix *out)
{
	memset(out, 0, sizeof(*out));
	if (t->kind != RT_WORD)
		return rt_error_word(p->err, kw, t, "is not a prefix (ADDRESS/LENGTH)");
	const char *slash = memchr(t->s, '/', t->len);
	size_t ip_len = slash ? (size_t)(slash - t->s) : t->len;
	if (ip_parse(t->s, ip_len, &out->afi, out->addr) < 0)
		return rt_error_word(p->err, kw, t, "is not a prefix (ADDRESS/LENGTH)");
	unsigned max = afi_addr_len(out->afi) * 8;
	uint64_t bits = max;
	if (slash && scan_dec(slash + 1, t->len - ip_len - 1, max, &bits) < 0)
		return rt_error_word(p->err, kw, t, max == 32 ? "has a bad prefix length (0-32)"
							      : "has a bad prefix length (0-128)");
	out->bits = (uint8_t)bits;
	out->tok = t;
	/* ExaBGP refuses a prefix with host bits set rather than guess which one was meant */
	for (unsigned i = out->bits; i < max; i++)
		if (out->addr[i / 8] & (0x80 >> (i % 8)))
			return rt_error_word(p->err, kw, t, "has bits set beyond its prefix length");
	out->safi = prefix_default_safi(out);
	if (p->opts && p->opts->afi == out->afi && p->opts->safi)
		out->safi = p->opts->safi;
	return 0;
}

/* ---- building routes -------------------------------------------------------------- */

struct rt_statement {
	uint8_t action;
	struct rt_spec spec;
	const struct attr_set *attrs; /* computed once, shared by every route of the statement */
};

static int route_add(struct rt_parser *p, struct rt_statement *st, const struct rt_prefix *px,
		     const uint8_t *addr, unsigned bits)
{
	uint8_t storage[NLRI_PREFIX_MAX];
	struct nlri n;
	uint8_t safi = mpls_text_safi(&st->spec, px->safi);

	if (nlri_is_labelled(px->afi, safi)) {
		if (mpls_text_nlri(&st->spec, px->afi, safi, st->action == ROUTE_WITHDRAW, addr, bits, &p->c->arena, &n, p->err, px->tok->off) < 0)
			return -1;
	} else {
		nlri_prefix_make(&n, storage, px->afi, px->safi, addr, bits);
		n.data = arena_dup(&p->c->arena, storage, n.len);
	}
	struct route *r = update_collection_add(p->c);
	if (st->spec.has_path_id) {
		n.has_path_id = true;
		n.path_id = st->spec.path_id;
	}
	r->nlri = n;
	rt_spec_nexthop(&st->spec, px->afi, &r->nexthop);
	r->attrs = st->attrs;
	r->action = st->action;
	r->watchdog = st->spec.watchdog;
	r->name = st->spec.name;
	r->start_withdrawn = st->spec.start_withdrawn;
	return 0;
}

/* Add the routes of one prefix: itself, or with `split /N` every /N inside it. */
static int prefix_emit(struct rt_parser *p, struct rt_statement *st, const struct rt_prefix *px)
{
	unsigned max = afi_addr_len(px->afi) * 8;

	if (st->action == ROUTE_ANNOUNCE && !st->spec.has_nexthop)
		return rt_error_word(p->err, NULL, px->tok, "is announced without a next-hop");

	if (!st->spec.has_split || st->spec.split <= px->bits) {
		/* ExaBGP ignores a split no longer than the prefix */
		return route_add(p, st, px, px->addr, px->bits);
	}
	if (st->spec.split > max)
		return rt_error_at(p->err, st->spec.split_off, "split: /%u is longer than an %s address",
				   st->spec.split, px->afi == AFI_IPV4 ? "IPv4" : "IPv6");
	unsigned extra = st->spec.split - px->bits;
	if (extra > RT_SPLIT_BITS_MAX)
		return rt_error_at(p->err, st->spec.split_off,
				   "split: /%u of a /%u makes 2^%u routes, more than 2^%u", st->spec.split,
				   px->bits, extra, RT_SPLIT_BITS_MAX);
	uint8_t addr[16];
	memcpy(addr, px->addr, sizeof(addr));
	for (uint32_t i = 0; i < ((uint32_t)1 << extra); i++) {
		if (route_add(p, st, px, addr, st->spec.split) < 0)
			return -1;
		/* next sub-prefix: add 1 at bit position split-1 of the address */
		unsigned bit = st->spec.split - 1u;
		int byte = (int)(bit / 8);
		unsigned carry = 0x80u >> (bit % 8);
		while (byte >= 0 && carry) {
			unsigned sum = addr[byte] + carry;
			addr[byte] = (uint8_t)sum;
			carry = sum >> 8;
			byte--;
		}
	}
	return 0;
}

/* Read keywords until the end of the statement (or the word `stop`, consumed, if given).
 * Returns 1 when `stop` was found, 0 at the end, -1 on error. */
static int keywords_parse(struct rt_parser *p, struct rt_statement *st, const char *stop)
{
	for (;;) {
		struct rt_token t = rt_lex_peek(&p->lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			return 0;
		t = rt_lex_next(&p->lx);
		if (stop && t.kind == RT_WORD && scan_word_is(t.s, t.len, stop))
			return 1;
		int rc = rt_spec_keyword(&st->spec, &t, &p->lx, &p->c->arena, p->err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (t.kind == RT_WORD)
				return rt_error_word(p->err, NULL, &t, "is not a route keyword");
			return rt_error_word(p->err, NULL, &t, "is not expected here");
		}
	}
}

static void statement_attrs(struct rt_parser *p, struct rt_statement *st)
{
	if (st->action == ROUTE_ANNOUNCE || rt_spec_has_attributes(&st->spec))
		st->attrs = rt_spec_attrs(&st->spec, &p->c->arena);
	else
		st->attrs = p->group_attrs; /* a withdraw takes its group's attributes, if any */
}

/* route PREFIX keyword...   /   AFI SAFI PREFIX keyword... (family given) */
static int route_parse(struct rt_parser *p, struct rt_statement *st, const char *kw,
		       const struct family *family)
{
	struct rt_token t = rt_lex_next(&p->lx);
	struct rt_prefix px;

	if (prefix_parse(p, &t, kw, &px) < 0)
		return -1;
	if (family) {
		if (px.afi != family->afi)
			return rt_error_word(p->err, kw, &t,
					     family->afi == AFI_IPV4 ? "is not an IPv4 prefix" : "is not an IPv6 prefix");
		px.safi = family->safi;
	}
	if (keywords_parse(p, st, NULL) < 0)
		return -1;
	statement_attrs(p, st);
	return prefix_emit(p, st, &px);
}

/* attributes keyword... nlri PREFIX... */
static int attributes_parse(struct rt_parser *p, struct rt_statement *st, bool verb_given,
			    const struct rt_token *kw)
{
	int found = keywords_parse(p, st, "nlri");
	if (found < 0)
		return -1;
	if (found == 0) {
		/* ExaBGP's decoder writes "group attributes ... ; withdraw ..." for withdraws that
		 * carry attributes: the attributes statement holds them for the group */
		if (p->in_group && !verb_given) {
			/* its IPv4 next-hop is the withdrawals' NEXT_HOP attribute (ExaBGP's decoder) */
			if (st->spec.has_nexthop && !st->spec.nexthop_self && st->spec.nexthop_afi == AFI_IPV4) {
				st->spec.set.present |= ATTR_BIT(ATTR_NEXT_HOP);
				memcpy(st->spec.set.next_hop, st->spec.nexthop_addr, 4);
			}
			p->group_attrs = rt_spec_attrs(&st->spec, &p->c->arena);
			return 0;
		}
		/* ExaBGP sends "attributes ..." without NLRI as an UPDATE carrying only attributes */
		if (!p->in_group && st->action == ROUTE_ANNOUNCE && p->c->count == 0 && p->c->attrs == NULL) {
			p->c->attrs = rt_spec_attrs(&st->spec, &p->c->arena);
			return 0;
		}
		return rt_error_at(p->err, kw->off, "attributes: 'nlri' and its prefixes are missing");
	}
	statement_attrs(p, st);
	size_t emitted = 0;
	for (;;) {
		struct rt_token t = rt_lex_peek(&p->lx);
		if (t.kind == RT_END || t.kind == RT_SEMI)
			break;
		t = rt_lex_next(&p->lx);
		struct rt_prefix px;
		if (prefix_parse(p, &t, "nlri", &px) < 0 || prefix_emit(p, st, &px) < 0)
			return -1;
		emitted++;
	}
	if (emitted == 0) {
		struct rt_token end = rt_lex_peek(&p->lx);
		return rt_error_at(p->err, end.off, "nlri: no prefix follows");
	}
	return 0;
}

/* eor [AFI SAFI] */
static int eor_parse(struct rt_parser *p, struct rt_statement *st, const struct rt_token *kw)
{
	uint16_t afi = AFI_IPV4;
	uint8_t safi = SAFI_UNICAST;

	if (st->action != ROUTE_ANNOUNCE)
		return rt_error_at(p->err, kw->off, "eor: an End-of-RIB is announced, not withdrawn");
	if (p->in_group)
		return rt_error_at(p->err, kw->off, "eor: an End-of-RIB is a message of its own, not part of a group");
	struct rt_token t = rt_lex_next(&p->lx);
	if (t.kind == RT_WORD) {
		if (afi_parse(t.s, t.len, &afi) < 0)
			return rt_error_word(p->err, "eor", &t, "is not an address family (ipv4, ipv6, l2vpn, ...)");
		struct rt_token s = rt_lex_next(&p->lx);
		if (s.kind != RT_WORD || safi_parse(s.s, s.len, &safi) < 0)
			return rt_error_word(p->err, "eor", &s, "is not a subsequent address family (unicast, ...)");
		t = rt_lex_next(&p->lx);
	}
	if (t.kind != RT_END)
		return rt_error_word(p->err, "eor", &t, "follows the family");
	if (p->c->count != 0)
		return rt_error_at(p->err, kw->off, "eor: an End-of-RIB cannot share a collection with routes");
	p->c->eor = true;
	p->c->eor_afi = afi;
	p->c->eor_safi = safi;
	return 0;
}

/* AFI SAFI PREFIX ...: only IPv4/IPv6 unicast/multicast are handled by this grammar. */
static int family_parse(struct rt_parser *p, struct rt_statement *st, const struct rt_token *afi_tok,
			uint16_t afi)
{
	struct rt_token s = rt_lex_next(&p->lx);
	uint8_t safi;
	char name[FAMILY_NAME_MAX];

	if (s.kind != RT_WORD || safi_parse(s.s, s.len, &safi) < 0)
		return rt_error_word(p->err, NULL, &s, "is not a subsequent address family (unicast, multicast, ...)");
	if (afi == AFI_L2VPN && safi == SAFI_VPLS)
		return vpls_text_parse(p->c, &p->lx, st->action, p->err);
	if ((afi == AFI_IPV4 || afi == AFI_IPV6) && safi == SAFI_MCAST_VPN)
		return mvpn_text_parse(p->c, &p->lx, afi, st->action, p->err);
	if ((afi == AFI_IPV4 || afi == AFI_IPV6) && safi == SAFI_MUP) {
		size_t before = p->c->count;
		if (mup_text_parse(p->c, &p->lx, afi, st->action, p->err) < 0)
			return -1;
		/* a withdraw takes its group's attributes, if any (statement_attrs) */
		for (size_t i = before; i < p->c->count; i++)
			if (p->c->routes[i].action == ROUTE_WITHDRAW && p->c->routes[i].attrs == NULL)
				p->c->routes[i].attrs = p->group_attrs;
		return 0;
	}
	if ((afi == AFI_IPV4 || afi == AFI_IPV6) && safi == SAFI_SR_POLICY)
		return srpolicy_text_parse(p->c, &p->lx, afi, st->action, p->err);
	if ((afi == AFI_L2VPN && safi == SAFI_EVPN) || afi == AFI_BGPLS) /* as ExaBGP: received and decoded, no statement */
		return rt_error_at(p->err, afi_tok->off, "family %s is only received: there is no route statement for it",
				   family_format(afi, safi, name));
	if (!family_supported(afi, safi))
		return rt_error_at(p->err, afi_tok->off, "family %s is not supported yet",
				   family_format(afi, safi, name));
	if (safi == SAFI_FLOW || safi == SAFI_FLOW_VPN)
		return flow_text_statement(p->c, &p->lx, st->action, afi, safi, p->group_attrs, p->err);
	struct family f = {afi, safi};
	return route_parse(p, st, family_format(afi, safi, name), &f);
}

static int statement_parse(struct rt_parser *p)
{
	struct rt_statement st;
	struct rt_token t = rt_lex_next(&p->lx);
	bool verb = false;

	memset(&st, 0, sizeof(st));
	rt_spec_init(&st.spec);
	st.action = ROUTE_ANNOUNCE;
	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "announce")) {
		verb = true;
		t = rt_lex_next(&p->lx);
	} else if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "withdraw")) {
		verb = true;
		st.action = ROUTE_WITHDRAW;
		t = rt_lex_next(&p->lx);
	}
	if (p->c->eor)
		return rt_error_at(p->err, t.off, "routes cannot share a collection with an End-of-RIB");
	if (t.kind != RT_WORD)
		return rt_error_word(p->err, NULL, &t, "is not a route command");

	uint16_t afi;
	uint8_t safi;
	if (scan_word_is(t.s, t.len, "route"))
		return route_parse(p, &st, "route", NULL);
	if (scan_word_is(t.s, t.len, "attributes"))
		return attributes_parse(p, &st, verb, &t);
	if (scan_word_is(t.s, t.len, "eor"))
		return eor_parse(p, &st, &t);
	if (scan_word_is(t.s, t.len, "vpls"))
		return vpls_text_parse(p->c, &p->lx, st.action, p->err);
	if (afi_parse(t.s, t.len, &afi) == 0)
		return family_parse(p, &st, &t, afi);
	if (scan_word_is(t.s, t.len, "flow"))
		return flow_text_statement(p->c, &p->lx, st.action, 0, 0, p->group_attrs, p->err);
	if (safi_parse(t.s, t.len, &safi) == 0 || scan_word_is(t.s, t.len, "l2vpn"))
		return rt_error_at(p->err, t.off, "family %.*s is not supported yet", (int)(t.len > 32 ? 32 : t.len),
				   t.s);
	if (scan_word_is(t.s, t.len, "group"))
		return rt_error_at(p->err, t.off, "group: a group cannot be nested");
	return rt_error_word(p->err, NULL, &t, "is not a route command (route, attributes, eor, ipv4, ipv6)");
}

static int command_parse(struct rt_parser *p)
{
	struct rt_token t = rt_lex_peek(&p->lx);

	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, "group")) {
		rt_lex_next(&p->lx);
		p->in_group = true;
		size_t statements = 0;
		for (;;) {
			t = rt_lex_peek(&p->lx);
			if (t.kind == RT_END)
				break;
			if (t.kind == RT_SEMI) { /* empty statements (";;", a trailing ";") are harmless */
				rt_lex_next(&p->lx);
				continue;
			}
			if (statement_parse(p) < 0)
				return -1;
			statements++;
			t = rt_lex_next(&p->lx);
			if (t.kind == RT_END)
				break;
			if (t.kind != RT_SEMI)
				return rt_error_word(p->err, NULL, &t, "is not expected here");
		}
		if (statements == 0)
			return rt_error_at(p->err, t.off, "group: no command follows");
		return 0;
	}
	if (t.kind == RT_END)
		return rt_error_at(p->err, t.off, "the command is empty");
	if (statement_parse(p) < 0)
		return -1;
	t = rt_lex_next(&p->lx);
	if (t.kind == RT_SEMI)
		return rt_error_at(p->err, t.off, "';' separates the commands of a group: start with 'group'");
	if (t.kind != RT_END)
		return rt_error_word(p->err, NULL, &t, "is not expected here");
	return 0;
}

int route_text_parse(struct update_collection *c, const char *text, size_t len,
		     const struct route_text_opts *opts, struct route_text_error *err)
{
	struct route_text_error scratch;
	struct rt_parser p;
	size_t count = c->count;
	bool eor = c->eor;
	uint16_t eor_afi = c->eor_afi;
	uint8_t eor_safi = c->eor_safi;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.opts = opts;
	p.err = err;
	p.lx = rt_lex_make(text ? text : "", text ? len : 0);
	if (command_parse(&p) == 0)
		return 0;
	/* all or nothing: forget the routes of a half-parsed command (their bytes stay in the
	 * arena until the collection is reset; the arena cannot give back a tail) */
	c->count = count;
	c->eor = eor;
	c->eor_afi = eor_afi;
	c->eor_safi = eor_safi;
	return -1;
}
