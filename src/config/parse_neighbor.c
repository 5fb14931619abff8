/* parse_neighbor.c — the statements of a neighbour (or template) block.
 *
 *   neighbor 192.0.2.1 {
 *       description "..."; router-id 192.0.2.2; local-address 192.0.2.2|auto;
 *       local-as N|auto; peer-as N|auto; hold-time N; passive; ...   (fields.c's table)
 *       inherit NAME; | inherit [ NAME ... ];
 *       capability { ... }  tcp-ao { ... }  family { ... }  add-path { ... }  nexthop { ... }
 *       api [NAME] { ... }  static { ... }  announce { ... }  flow { ... }  l2vpn { ... }
 *       operational { ... }
 *   }
 * A statement given twice keeps the last value, as ExaBGP does.
 * Must not know: how routes are stored, the route grammar (parse_routes.c).
 */
#include <string.h>

#include "config/fields.h"
#include "config/parse_internal.h"

static int field_leaf(struct cfg_parser *p, struct settings_neighbor *n, enum field_block block, const char *what)
{
	const struct cfg_word *kw = &p->st.w[0];
	const struct field_desc *d = field_find(block, kw->s, kw->len);
	struct field_fail f;

	if (d == NULL)
		return cfg_fail_word(p, kw, what, block == FB_NEIGHBOR ? "is not a neighbor statement"
								      : "is not a statement of this block");
	if (field_parse(d, n, &p->st.w[1], p->st.n - 1, &p->c->arena, &f) < 0) {
		if (f.word < 0)
			return cfg_fail_end(p, d->keyword, f.why);
		return cfg_fail_word(p, &p->st.w[1 + f.word], d->keyword, f.why);
	}
	return 0;
}

/* inherit NAME;  inherit [ NAME NAME ];  (templates must be defined above) */
static int inherit_leaf(struct cfg_parser *p, struct config_neighbor *n)
{
	const struct cfg_word *w = &p->st.w[1];
	size_t nw = p->st.n - 1, first = 0, count = nw;

	if (nw == 0)
		return cfg_fail_end(p, "inherit", "a template name is missing");
	if (nw > 1 || cfg_word_is(&w[0], "[")) {
		if (!cfg_word_is(&w[0], "[") || !cfg_word_is(&w[nw - 1], "]") || nw < 3)
			return cfg_fail_word(p, &w[0], "inherit", "is not a template list (NAME, or [ NAME ... ])");
		first = 1;
		count = nw - 2;
	}
	for (size_t i = first; i < first + count; i++) {
		if (cfg_word_is(&w[i], ","))
			continue;
		const struct config_neighbor *t = NULL;
		for (size_t k = 0; k < p->c->ntemplates && t == NULL; k++)
			if (strlen(p->c->templates[k]->name) == w[i].len &&
			    memcmp(p->c->templates[k]->name, w[i].s, w[i].len) == 0)
				t = p->c->templates[k];
		if (t == NULL || t == n)
			return cfg_fail_word(p, &w[i], "inherit", "is not a template defined above");
		/* ExaBGP appends inherit lists (`inherit a; inherit b;` takes both) */
		n->inherit = cfg_array_grow(&p->c->arena, n->inherit, n->ninherit, sizeof(*n->inherit));
		n->inherit[n->ninherit++] = t->name;
	}
	return 0;
}

static int neighbor_leaf(struct cfg_parser *p, void *ctx)
{
	struct config_neighbor *n = ctx;
	const struct cfg_word *kw = &p->st.w[0];

	if (cfg_word_is(kw, "inherit"))
		return inherit_leaf(p, n);
	if (cfg_word_is(kw, "peer-address"))
		return cfg_fail_word(p, kw, "neighbor", "is given by the block: neighbor ADDRESS { ... }");
	return field_leaf(p, &n->own, FB_NEIGHBOR, "neighbor");
}

static int capability_leaf(struct cfg_parser *p, void *ctx)
{
	return field_leaf(p, ctx, FB_CAPABILITY, "capability");
}

static int tcp_ao_leaf(struct cfg_parser *p, void *ctx)
{
	return field_leaf(p, ctx, FB_TCP_AO, "tcp-ao");
}

static int no_arguments(struct cfg_parser *p, const char *what)
{
	if (p->st.n > 1)
		return cfg_fail_word(p, &p->st.w[1], what, "is not expected: the block takes no argument");
	return 0;
}

static int neighbor_section(struct cfg_parser *p, void *ctx)
{
	struct config_neighbor *n = ctx;
	const struct cfg_word *kw = &p->st.w[0];

	if (cfg_word_is(kw, "api"))
		return cfg_api_block(p, &n->own);
	if (cfg_word_is(kw, "capability"))
		return no_arguments(p, "capability") < 0 ? -1 : cfg_block(p, "capability", capability_leaf, NULL, &n->own);
	if (cfg_word_is(kw, "tcp-ao"))
		return no_arguments(p, "tcp-ao") < 0 ? -1 : cfg_block(p, "tcp-ao", tcp_ao_leaf, NULL, &n->own);
	if (cfg_word_is(kw, "family"))
		return no_arguments(p, "family") < 0 ? -1 : cfg_family_block(p, &n->own, CFG_FAMILY);
	if (cfg_word_is(kw, "add-path"))
		return no_arguments(p, "add-path") < 0 ? -1 : cfg_family_block(p, &n->own, CFG_ADD_PATH);
	if (cfg_word_is(kw, "nexthop"))
		return no_arguments(p, "nexthop") < 0 ? -1 : cfg_family_block(p, &n->own, CFG_NEXTHOP);
	if (cfg_word_is(kw, "static"))
		return no_arguments(p, "static") < 0 ? -1 : cfg_static_block(p, n);
	if (cfg_word_is(kw, "announce"))
		return no_arguments(p, "announce") < 0 ? -1 : cfg_announce_block(p, n);
	if (cfg_word_is(kw, "flow"))
		return no_arguments(p, "flow") < 0 ? -1 : cfg_flow_routes_block(p, n);
	if (cfg_word_is(kw, "l2vpn"))
		return no_arguments(p, "l2vpn") < 0 ? -1 : cfg_l2vpn_block(p, n);
	if (cfg_word_is(kw, "operational"))
		return cfg_raw_block(p, n, RAW_NEIGHBOR, "operational messages");
	return cfg_fail_word(p, kw, "neighbor", "is not a neighbor block");
}

int cfg_neighbor_block(struct cfg_parser *p, struct config_neighbor *n)
{
	return cfg_block(p, n->name ? "template" : "neighbor", neighbor_leaf, neighbor_section, n);
}
