/* parse_vpls.c — the l2vpn block of a neighbour: VPLS routes (RFC 4761).
 *
 *   l2vpn {
 *       vpls [NAME] rd RD endpoint N base N offset N size N next-hop IP [ATTRIBUTE VALUE ...];
 *       vpls [NAME] { rd RD; endpoint N; base N; ...; next-hop IP; ATTRIBUTE VALUE; ... }
 *   }
 * The block form is the one-line form with its statements joined. NAME, ExaBGP's site
 * name, says nothing about the route and is not kept. The words are model/vpls_text.h's
 * grammar; the routes go to the neighbour's routes like a static route's (export prints
 * them back under announce { l2vpn { ... } }, which reads the same).
 * Must not know: the grammar beyond the first word.
 */
#include "config/parse_internal.h"

/* Whether w starts a keyword of the statement (else, right after `vpls`, it is a name). */
static bool is_keyword(const struct cfg_word *w)
{
	static const char *const words[] = {
		"rd", "route-distinguisher", "endpoint", "base", "offset", "size", "next-hop", "origin", "as-path",
		"med", "local-preference", "atomic-aggregate", "aggregator", "community", "large-community",
		"extended-community", "originator-id", "cluster-list", "attribute", "aigp", "path-information",
		"watchdog", "name", "withdraw", "split", "label", "bgp-prefix-sid", "bgp-prefix-sid-srv6",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (cfg_word_is(w, words[i]))
			return true;
	return false;
}

static int vpls_statement(struct cfg_parser *p, void *ctx)
{
	const struct cfg_word *kw = &p->st.w[0];
	if (!cfg_word_is(kw, "vpls"))
		return cfg_fail_word(p, kw, "l2vpn", "is not an l2vpn statement (vpls ...)");
	cfg_route_text_begin(p);
	cfg_route_text_add_words(p, kw, 1);
	/* vpls [NAME] KEYWORD VALUE ...: the site name says nothing about the route */
	size_t from = p->st.n > 1 && !is_keyword(&p->st.w[1]) ? 2 : 1;
	cfg_route_text_add_words(p, p->st.w + from, p->st.n - from);
	return cfg_route_text_store(p, ctx);
}

static int vpls_block(struct cfg_parser *p, void *ctx)
{
	const struct cfg_word *kw = &p->st.w[0];
	uint32_t line = kw->line, col = kw->col;

	if (!cfg_word_is(kw, "vpls"))
		return cfg_fail_word(p, kw, "l2vpn", "is not an l2vpn block (vpls [NAME] { ... })");
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], "vpls", "is not expected: vpls [NAME] { KEYWORD VALUE; ... }");
	cfg_route_text_begin(p);
	cfg_route_text_add_words(p, kw, 1);
	for (;;) {
		if (cfg_next(p) < 0)
			return -1;
		if (p->st.end == CFG_EOF)
			return cfg_fail_at(p, line, col, "vpls: the block opened here is not closed with '}'");
		if (p->st.end == CFG_OPEN)
			return cfg_fail_at(p, p->st.line, p->st.col, "vpls: a vpls block holds no block");
		if (p->st.end == CFG_CLOSE) {
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], "vpls",
						     "starts a statement that is not ended with ';' before '}'");
			break;
		}
		cfg_route_text_add_words(p, p->st.w, p->st.n);
	}
	return cfg_route_text_store(p, ctx);
}

int cfg_l2vpn_block(struct cfg_parser *p, struct config_neighbor *n)
{
	return cfg_block(p, "l2vpn", vpls_statement, vpls_block, n);
}
