/* parse_routes.c — the route blocks of a neighbour: static { } and announce { }.
 *
 *   static {
 *       route PREFIX next-hop IP|self [ATTRIBUTE VALUE ...] [split /N] [watchdog NAME] [withdraw];
 *       route PREFIX { next-hop IP; ATTRIBUTE VALUE; ... }        the block form: the same
 *       attributes ATTRIBUTE VALUE ... nlri PREFIX ...;            (or `attribute`, ExaBGP 3)
 *   }
 *   announce {
 *       ipv4 { unicast PREFIX ...; multicast PREFIX ...; nlri-mpls PREFIX ...; mpls-vpn PREFIX ...; }
 *       ipv6 { unicast PREFIX ...; multicast PREFIX ...; nlri-mpls PREFIX ...; mpls-vpn PREFIX ...; }
 *   }
 * The route part is model/route_text.h's grammar: a statement's words are joined into
 * route text (the block form flattened into the one-line form) and parsed there; its
 * errors are placed back at the word they name. The routes go to the block's compact
 * store with their attributes interned (routes.h).
 * Routes of families the codec does not handle yet — announce's flow, sr-policy and static
 * sr-policy — are kept as written (parse_raw.c) and reported at start-up; announce's
 * nlri-mpls, mpls-vpn, l2vpn vpls, mcast-vpn and mup are routes (l2vpn { } is
 * parse_vpls.c's).
 * Must not know: how a route statement is spelled beyond its first words (route_text).
 */
#include <stdio.h>
#include <string.h>

#include "config/fields.h"
#include "config/parse_internal.h"
#include "config/route_cache.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "wire/family.h"
#include "wire/ip.h"

/* ---- route text from words -------------------------------------------------------- */

static void text_begin(struct cfg_parser *p)
{
	buf_reset(&p->text);
	p->ntw = 0;
}

static void text_add(struct cfg_parser *p, const char *s, size_t len, uint32_t line, uint32_t col)
{
	if (p->ntw == p->captw) {
		p->captw = p->captw ? p->captw * 2 : 32;
		p->tw = xrealloc(p->tw, p->captw * sizeof(*p->tw));
	}
	p->tw[p->ntw++] = (struct cfg_text_word){p->text.len, line, col};
	buf_put(&p->text, s, len);
	buf_putc(&p->text, ' ');
}

static void text_add_words(struct cfg_parser *p, const struct cfg_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_add(p, w[i].s, w[i].len, w[i].line, w[i].col);
}

/* route_text's message ends with " (at N)": the position is ours to give as line:col */
static int route_error(struct cfg_parser *p, const struct route_text_error *e)
{
	size_t len = strlen(e->why);
	const char *at = strstr(e->why, " (at ");
	if (at && e->why[len - 1] == ')')
		len = (size_t)(at - e->why);
	size_t k = 0;
	while (k + 1 < p->ntw && p->tw[k + 1].offset <= e->offset)
		k++;
	uint32_t line = p->ntw ? p->tw[k].line : p->st.line, col = p->ntw ? p->tw[k].col : p->st.col;
	return cfg_fail_at(p, line, col, "%.*s", (int)len, e->why);
}

static bool mentions(const struct cfg_word *w, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (cfg_word_is(&w[i], word))
			return true;
	return false;
}

static void note_family(struct config_neighbor *n, const struct nlri *nlri, uint32_t line, uint32_t col)
{
	int f = config_family_index(nlri->afi, nlri->safi);
	if (f >= 0 && n->routes.first_line[f] == 0) {
		n->routes.first_line[f] = line;
		n->routes.first_col[f] = col;
	}
}

/* Parse p->text as one route statement and store its routes in n; *attrs (when not NULL)
 * is the attributes index of the last one. */
static int text_store_attrs(struct cfg_parser *p, struct config_neighbor *n, uint32_t *attrs)
{
	struct route_text_error e;
	struct update_collection *c = &p->scratch;

	update_collection_reset(c);
	if (route_text_parse(c, (const char *)p->text.data, p->text.len, NULL, &e) < 0)
		return route_error(p, &e);
	uint32_t line = p->ntw ? p->tw[0].line : p->st.line, col = p->ntw ? p->tw[0].col : p->st.col;
	const struct attr_set *last_set = NULL;
	const char *last_watchdog = NULL, *last_name = NULL;
	struct nexthop last_nh;
	uint32_t last = 0;
	bool have_last = false;
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		/* the routes of one statement share their attributes: intern them once */
		if (!have_last || r->attrs != last_set || !nexthop_equal(&r->nexthop, &last_nh) ||
		    r->watchdog != last_watchdog || r->name != last_name) {
			last = config_attr_intern(&p->c->attrs, r->attrs, &r->nexthop, r->watchdog, r->name);
			last_set = r->attrs;
			last_nh = r->nexthop;
			last_watchdog = r->watchdog;
			last_name = r->name;
			have_last = true;
		}
		if (config_routes_add(&n->routes, r, last) < 0)
			return cfg_fail_at(p, line, col, "route: its family cannot be kept in a configuration");
		note_family(n, &r->nlri, line, col);
	}
	if (attrs)
		*attrs = last;
	return 0;
}

static int text_store(struct cfg_parser *p, struct config_neighbor *n)
{
	return text_store_attrs(p, n, NULL);
}

/* route PREFIX ...; through the cache of attribute texts (route_cache.h): 1 done, 0 the
 * caller goes the whole way, -1 error. */
static int static_route_cached(struct cfg_parser *p, struct config_neighbor *n)
{
	const struct cfg_word *w = p->st.w;
	uint8_t storage[NLRI_PREFIX_MAX];
	struct route r;

	if (p->st.n < 3)
		return 0;
	memset(&r, 0, sizeof(r));
	if (route_cache_prefix(&w[1], &r.nlri, storage) < 0)
		return 0;
	uint64_t hash = route_cache_hash(w + 2, p->st.n - 2, r.nlri.afi);
	const struct route_cache_entry *e = route_cache_find(&p->cache, hash, w + 2, p->st.n - 2, r.nlri.afi);
	if (e) {
		r.nlri.has_path_id = e->has_path_id;
		r.nlri.path_id = e->path_id;
		r.start_withdrawn = e->start_withdrawn;
		if (config_routes_add(&n->routes, &r, e->attrs) < 0)
			return 0;
		note_family(n, &r.nlri, w[0].line, w[0].col);
		return 1;
	}
	if (mentions(w, p->st.n, "split") || mentions(w, p->st.n, "rd") || mentions(w, p->st.n, "route-distinguisher") ||
	    mentions(w, p->st.n, "label") || mentions(w, p->st.n, "bgp-prefix-sid") ||
	    mentions(w, p->st.n, "bgp-prefix-sid-srv6"))
		return 0;
	/* the whole way once, remembered for the next statement with the same words */
	uint32_t attrs;
	text_begin(p);
	text_add_words(p, w, p->st.n);
	if (text_store_attrs(p, n, &attrs) < 0)
		return -1;
	if (p->scratch.count == 1)
		route_cache_add(&p->cache, hash, p->st.w + 2, p->st.n - 2, r.nlri.afi, attrs, &p->scratch.routes[0]);
	return 1;
}

/* ---- static { } ------------------------------------------------------------------- */

/* route PREFIX { KEYWORD VALUE; ... }: the inner statements become the one-line form */
static int route_block(struct cfg_parser *p, struct config_neighbor *n)
{
	uint32_t line = p->st.w[0].line, col = p->st.w[0].col;

	if (p->st.n != 2)
		return p->st.n < 2 ? cfg_fail_end(p, "route", "the prefix is missing (route PREFIX { ... })")
				   : cfg_fail_word(p, &p->st.w[2], "route", "is not expected: route PREFIX { KEYWORD VALUE; ... }");
	text_begin(p);
	text_add_words(p, p->st.w, 2);
	for (;;) {
		if (cfg_next(p) < 0)
			return -1;
		if (p->st.end == CFG_EOF)
			return cfg_fail_at(p, line, col, "route: the block opened here is not closed with '}'");
		if (p->st.end == CFG_OPEN)
			return cfg_fail_at(p, p->st.line, p->st.col, "route: a route block holds no block");
		if (p->st.end == CFG_CLOSE) {
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], "route",
						     "starts a statement that is not ended with ';' before '}'");
			break;
		}
		text_add_words(p, p->st.w, p->st.n);
	}
	return text_store(p, n);
}

static int static_leaf(struct cfg_parser *p, void *ctx)
{
	struct config_neighbor *n = ctx;
	const struct cfg_word *kw = &p->st.w[0];
	if (cfg_word_is(kw, "route")) {
		int done = static_route_cached(p, n);
		if (done)
			return done < 0 ? -1 : 0;
		text_begin(p);
		text_add_words(p, p->st.w, p->st.n);
		return text_store(p, n);
	}
	if (cfg_word_is(kw, "attributes") || cfg_word_is(kw, "attribute")) {
		/* ExaBGP 3's `attribute` spelling is read as `attributes` */
		text_begin(p);
		text_add(p, "attributes", 10, kw->line, kw->col);
		text_add_words(p, p->st.w + 1, p->st.n - 1);
		return text_store(p, n);
	}
	if (cfg_word_is(kw, "sr-policy")) {
		uint16_t afi = AFI_IPV4;
		for (size_t i = 1; i + 1 < p->st.n; i++)
			if (cfg_word_is(&p->st.w[i], "endpoint") && memchr(p->st.w[i + 1].s, ':', p->st.w[i + 1].len))
				afi = AFI_IPV6;
		/* route text's, in its family-first form: "ipv4 sr-policy distinguisher ..." */
		text_begin(p);
		text_add(p, afi == AFI_IPV4 ? "ipv4" : "ipv6", 4, kw->line, kw->col);
		text_add_words(p, p->st.w, p->st.n);
		return text_store(p, n);
	}
	return cfg_fail_word(p, kw, "static", "is not a static statement (route, attributes)");
}

static int static_section(struct cfg_parser *p, void *ctx)
{
	const struct cfg_word *kw = &p->st.w[0];
	if (cfg_word_is(kw, "route"))
		return route_block(p, ctx);
	if (cfg_word_is(kw, "sr-policy"))
		return cfg_raw_block(p, ctx, RAW_STATIC, "family sr-policy");
	return cfg_fail_word(p, kw, "static", "is not a static block (route PREFIX { ... })");
}

int cfg_static_block(struct cfg_parser *p, struct config_neighbor *n)
{
	return cfg_block(p, "static", static_leaf, static_section, n);
}

/* ---- announce { AFI { SAFI ... } } ------------------------------------------------ */

struct announce_ctx {
	struct config_neighbor *n;
	const char *afi_name;     /* "ipv4", "ipv6", "l2vpn" (the configuration's spelling) */
	uint16_t afi;
};

static int announce_family_leaf(struct cfg_parser *p, void *vctx)
{
	struct announce_ctx *ctx = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	int i = config_family_lookup(ctx->afi_name, strlen(ctx->afi_name), kw->s, kw->len);

	if (i < 0)
		return cfg_fail_word(p, kw, ctx->afi_name, "is not a subsequent address family of this block");
	const struct config_family *f = &config_family_table[i];
	if (family_supported(f->afi, f->safi) && f->safi != SAFI_EVPN && f->afi != AFI_BGPLS) { /* received only: kept */
		/* ExaBGP's family-first form: "ipv4 unicast PREFIX ..." */
		text_begin(p);
		text_add(p, f->afi_name, strlen(f->afi_name), kw->line, kw->col);
		text_add_words(p, p->st.w, p->st.n);
		return text_store(p, ctx->n);
	}
	char why[64];
	snprintf(why, sizeof(why), "family %s %s", f->afi_name, f->safi_name);
	struct config_raw *raw;
	uint32_t line = kw->line, col = kw->col; /* kw is gone once a block is captured */
	if (cfg_raw_capture(p) < 0)
		return -1;
	raw = cfg_raw_add(ctx->n, &p->c->arena);
	raw->place = RAW_ANNOUNCE;
	raw->afi_name = ctx->afi_name;
	raw->afi = f->afi;
	raw->safi = f->safi;
	raw->why = cfg_strdup(p, why, strlen(why));
	raw->text = cfg_strdup(p, (const char *)p->raw.data, p->raw.len);
	raw->line = line;
	raw->col = col;
	return 0;
}

static int announce_family_section(struct cfg_parser *p, void *vctx)
{
	struct announce_ctx *ctx = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	int i = config_family_lookup(ctx->afi_name, strlen(ctx->afi_name), kw->s, kw->len);
	if (i >= 0 && !family_supported(config_family_table[i].afi, config_family_table[i].safi))
		return announce_family_leaf(p, vctx); /* kept whole, block and all */
	return cfg_fail_word(p, kw, ctx->afi_name, "is not a block of this block");
}

static int announce_section(struct cfg_parser *p, void *vctx)
{
	struct config_neighbor *n = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	struct announce_ctx ctx = {n, NULL, 0};

	if (p->st.n > 1)
		return cfg_fail_word(p, &p->st.w[1], kw->s, "is not expected: the block takes no argument");
	if (cfg_word_is(kw, "ipv4"))
		ctx = (struct announce_ctx){n, "ipv4", AFI_IPV4};
	else if (cfg_word_is(kw, "ipv6"))
		ctx = (struct announce_ctx){n, "ipv6", AFI_IPV6};
	else if (cfg_word_is(kw, "l2vpn"))
		ctx = (struct announce_ctx){n, "l2vpn", AFI_L2VPN};
	else
		return cfg_fail_word(p, kw, "announce", "is not an announce block (ipv4, ipv6, l2vpn)");
	return cfg_block(p, ctx.afi_name, announce_family_leaf, announce_family_section, &ctx);
}

int cfg_announce_block(struct cfg_parser *p, struct config_neighbor *n)
{
	return cfg_block(p, "announce", NULL, announce_section, n);
}

/* ---- for the other route blocks (parse_vpls.c, parse_flow.c) ---------------------- */

void cfg_route_text_begin(struct cfg_parser *p) { text_begin(p); }

void cfg_route_text_add(struct cfg_parser *p, const char *s, size_t len, uint32_t line, uint32_t col)
{
	text_add(p, s, len, line, col);
}

void cfg_route_text_add_words(struct cfg_parser *p, const struct cfg_word *w, size_t n) { text_add_words(p, w, n); }

int cfg_route_text_store(struct cfg_parser *p, struct config_neighbor *n) { return text_store(p, n); }
