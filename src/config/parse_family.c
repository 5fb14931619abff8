/* parse_family.c — family { }, add-path { } and nexthop { } blocks.
 *
 *   family   { ipv4 unicast [prefix-limit N]; ipv6 flow; l2vpn vpls; bgp-ls bgp-ls; ... | all; }
 *   add-path { ipv4 unicast [limit N]; ... | all; }
 *   nexthop  { ipv4 unicast ipv6; ipv6 unicast ipv4; ... }       (RFC 8950)
 * A family is named once per block and not after `all`; several blocks add up (ExaBGP).
 * Must not know: what the families are used for.
 */
#include <string.h>

#include "config/family_set.h"
#include "config/parse_internal.h"
#include "wire/family.h"

struct family_ctx {
	struct settings_neighbor *n;
	int kind;
	struct family_set seen;
	bool all;
};

static const char *kind_name(int kind)
{
	return kind == CFG_FAMILY ? "family" : kind == CFG_ADD_PATH ? "add-path" : "nexthop";
}

static int number(const struct cfg_word *w, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (w->len == 0 || w->len > 10)
		return -1;
	for (uint32_t i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(w->s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int family_leaf(struct cfg_parser *p, void *vctx)
{
	struct family_ctx *ctx = vctx;
	const char *what = kind_name(ctx->kind);
	const struct cfg_word *w = p->st.w;
	size_t nw = p->st.n;

	if (cfg_word_is(&w[0], "all")) {
		if (ctx->kind == CFG_NEXTHOP)
			return cfg_fail_word(p, &w[0], what, "is not valid here (AFI SAFI NEXTHOP-AFI)");
		if (nw > 1)
			return cfg_fail_word(p, &w[1], what, "is not expected after all");
		if (ctx->all || !family_set_empty(ctx->seen))
			return cfg_fail_word(p, &w[0], what, "cannot be used with any other family");
		ctx->all = true;
		ctx->seen = family_all();
		if (ctx->kind == CFG_FAMILY)
			ctx->n->families = family_all();
		else
			ctx->n->addpath = family_all();
		return 0;
	}
	if (nw < 2)
		return cfg_fail_end(p, what, "the SAFI is missing (AFI SAFI, e.g. ipv4 unicast)");
	int i = config_family_lookup(w[0].s, w[0].len, w[1].s, w[1].len);
	if (i < 0) {
		uint16_t afi;
		if (afi_parse(w[0].s, w[0].len, &afi) < 0 && config_family_lookup(w[0].s, w[0].len, "unicast", 7) < 0 &&
		    !cfg_word_is(&w[0], "l2vpn") && !cfg_word_is(&w[0], "bgp-ls"))
			return cfg_fail_word(p, &w[0], what, "is not an address family (ipv4, ipv6, l2vpn, bgp-ls)");
		return cfg_fail_word(p, &w[1], what, "is not a subsequent address family for this AFI");
	}
	if (ctx->all)
		return cfg_fail_word(p, &w[0], what, "cannot be given once all is");
	if (family_set_has_index(ctx->seen, i))
		return cfg_fail_word(p, &w[1], what, "names a family already given in this block");
	ctx->seen.bits |= 1u << i;
	struct settings_neighbor *n = ctx->n;
	const struct config_family *f = &config_family_table[i];

	if (ctx->kind == CFG_NEXTHOP) {
		/* only the IP families, next hop of the other AFI */
		bool ok = (f->afi == AFI_IPV4 || f->afi == AFI_IPV6) &&
			  (f->safi == SAFI_UNICAST || f->safi == SAFI_MULTICAST || f->safi == SAFI_NLRI_MPLS ||
			   f->safi == SAFI_MPLS_VPN);
		if (!ok)
			return cfg_fail_word(p, &w[1], what, "is not valid here (unicast, multicast, nlri-mpls, mpls-vpn)");
		if (nw < 3)
			return cfg_fail_end(p, what, "the next hop's AFI is missing (AFI SAFI NEXTHOP-AFI)");
		const char *other = f->afi == AFI_IPV4 ? "ipv6" : "ipv4";
		if (!cfg_word_is(&w[2], other))
			return cfg_fail_word(p, &w[2], what,
					     f->afi == AFI_IPV4 ? "is not a valid next-hop AFI (ipv6)" : "is not a valid next-hop AFI (ipv4)");
		if (nw > 3)
			return cfg_fail_word(p, &w[3], what, "is not expected after the next hop's AFI");
		n->nexthop.bits |= 1u << i;
		return 0;
	}

	const char *limit_kw = ctx->kind == CFG_FAMILY ? "prefix-limit" : "limit";
	uint64_t limit = 0;
	if (nw > 2) {
		if (!cfg_word_is(&w[2], limit_kw))
			return cfg_fail_word(p, &w[2], what,
					     ctx->kind == CFG_FAMILY ? "is not expected (prefix-limit N)" : "is not expected (limit N)");
		if (nw < 4)
			return cfg_fail_end(p, limit_kw, "the number is missing");
		uint64_t max = ctx->kind == CFG_FAMILY ? 0xFFFFFFFFu : 65535;
		if (number(&w[3], 1, max, &limit) < 0)
			return cfg_fail_word(p, &w[3], limit_kw,
					     ctx->kind == CFG_FAMILY ? "is not a number (1..4294967295)" : "is not a number (1..65535)");
		if (nw > 4)
			return cfg_fail_word(p, &w[4], limit_kw, "is not expected after the number");
	}
	if (ctx->kind == CFG_FAMILY) {
		n->families.bits |= 1u << i;
		if (limit)
			n->prefix_limit[i] = (uint32_t)limit;
	} else {
		n->addpath.bits |= 1u << i;
		if (limit)
			n->paths_limit[i] = (uint16_t)limit;
	}
	return 0;
}

int cfg_family_block(struct cfg_parser *p, struct settings_neighbor *n, int kind)
{
	struct family_ctx ctx = {n, kind, {0}, false};
	return cfg_block(p, kind_name(kind), family_leaf, NULL, &ctx);
}
