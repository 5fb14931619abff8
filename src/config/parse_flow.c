/* parse_flow.c — a neighbour's flow routes (RFC 8955/8956), as ExaBGP writes them:
 *
 *   flow {
 *       route [NAME] {
 *           [rd RD;] [next-hop IP;]
 *           match { source PREFIX; destination-port [ =80 >1024 ]; protocol tcp; ... }
 *           then  { discard; | rate-limit N; | redirect ASN:NN|IP; | mark N; | ...
 *                   community [ ... ]; extended-community [ ... ]; }
 *       }
 *   }
 * Each route block is flattened into the route grammar's one-line form ("flow route {
 * match { ... ; } then { ... ; } }", model/flow_text.h), parsed there and stored like the
 * static routes; errors are placed at the word they name.
 * Must not know: what the components mean (model/flow_text.c does).
 */
#include <string.h>

#include "config/parse_internal.h"

static void add_punct(struct cfg_parser *p, const char *s)
{
	cfg_route_text_add(p, s, strlen(s), p->st.line, p->st.col);
}

static void add_words(struct cfg_parser *p)
{
	for (size_t i = 0; i < p->st.n; i++)
		cfg_route_text_add(p, p->st.w[i].s, p->st.w[i].len, p->st.w[i].line, p->st.w[i].col);
}

/* route [NAME] { ... }: p->st is the opening statement. */
static int flow_route(struct cfg_parser *p, struct config_neighbor *n)
{
	uint32_t line = p->st.w[0].line, col = p->st.w[0].col;
	unsigned depth = 1;

	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], "flow", "is not expected: route [NAME] { match { } then { } }");
	cfg_route_text_begin(p);
	cfg_route_text_add(p, "flow", 4, line, col);
	cfg_route_text_add(p, "route", 5, line, col);
	add_punct(p, "{");
	while (depth) {
		if (depth > CFG_DEPTH_MAX)
			return cfg_fail_at(p, line, col, "blocks nest deeper than %u", CFG_DEPTH_MAX);
		if (cfg_next(p) < 0)
			return -1;
		switch (p->st.end) {
		case CFG_EOF:
			return cfg_fail_at(p, line, col, "route: the block opened here is not closed with '}'");
		case CFG_CLOSE:
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], "route",
						     "starts a statement that is not ended with ';' before '}'");
			add_punct(p, "}");
			depth--;
			break;
		case CFG_SEMI:
			if (p->st.n == 0)
				break;
			add_words(p);
			add_punct(p, ";");
			break;
		case CFG_OPEN:
			if (p->st.n == 0)
				return cfg_fail_at(p, p->st.line, p->st.col, "'{' opens a block without a name");
			add_words(p);
			add_punct(p, "{");
			depth++;
			break;
		}
	}
	return cfg_route_text_store(p, n);
}

static int flow_statement(struct cfg_parser *p, void *ctx)
{
	const struct cfg_word *kw = &p->st.w[0];

	if (!cfg_word_is(kw, "route"))
		return cfg_fail_word(p, kw, "flow", "is not a flow statement (route [NAME] { match { } then { } })");
	if (p->st.end != CFG_OPEN)
		return cfg_fail_word(p, kw, "flow", "is a block: route [NAME] { match { ... } then { ... } }");
	return flow_route(p, ctx);
}

int cfg_flow_routes_block(struct cfg_parser *p, struct config_neighbor *n)
{
	return cfg_block(p, "flow", flow_statement, flow_statement, n);
}
