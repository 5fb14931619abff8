/* attr_table.c — the descriptor table: one row per path attribute we know by code.
 *
 * Owns: for each code, the flags we send, ExaBGP's name, the RFC 7606 action for a malformed
 * instance and for an Optional/Transitive flag conflict, the eBGP rule, and the parse and
 * pack functions. Indexed directly by type code (BIRD's bgp_attr_table[] layout), so a
 * lookup is one load. Adding an attribute is adding a row here and its two functions.
 * Must not know: how the parse loop walks a message (attr.c) or what values mean.
 *
 * Flags are ExaBGP 6's (the FLAG of each attribute class), checked against the UPDATEs of its
 * functional tests: ORIGIN 40, AS_PATH 40, NEXT_HOP 40, MED 80, LOCAL_PREF 40,
 * ATOMIC_AGGREGATE 40, AGGREGATOR C0, COMMUNITIES C0, ORIGINATOR_ID 80, CLUSTER_LIST 80,
 * MP_(UN)REACH_NLRI 80, EXTENDED_COMMUNITIES C0, AS4_PATH C0, AS4_AGGREGATOR C0,
 * IPv6 EXTENDED_COMMUNITIES C0, AIGP 80, LARGE_COMMUNITIES C0, OTC C0.
 */
#include <stdarg.h>
#include <stdio.h>

#include "wire/attr_internal.h"

#define WK ATTR_FLAG_TRANSITIVE                          /* well-known: 0x40 */
#define OPT ATTR_FLAG_OPTIONAL                           /* optional non-transitive: 0x80 */
#define OPT_T (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE) /* optional transitive: 0xC0 */

#define VALUE(code_, flags_, name_, action_, parse_, pack_, rules_)                                   \
	[code_] = {.desc = {code_, flags_, name_, action_, parse_, pack_},                             \
		   .kind = ATTR_KIND_VALUE,                                                            \
		   .rules = rules_,                                                                    \
		   .on_flags = WIRE_TREAT_AS_WITHDRAW}

static const struct attr_row attr_rows[256] = {
	/* RFC 7606 7.1: bad length or undefined value: treat-as-withdraw */
	VALUE(ATTR_ORIGIN, WK, "origin", WIRE_TREAT_AS_WITHDRAW, attr_origin_parse, attr_origin_pack, 0),
	/* RFC 7606 7.2: malformed segments: treat-as-withdraw */
	VALUE(ATTR_AS_PATH, WK, "as-path", WIRE_TREAT_AS_WITHDRAW, attr_as_path_parse, attr_as_path_pack, 0),
	/* RFC 7606 7.3: syntactically incorrect: treat-as-withdraw */
	VALUE(ATTR_NEXT_HOP, WK, "next-hop", WIRE_TREAT_AS_WITHDRAW, attr_next_hop_parse, attr_next_hop_pack,
	      0),
	/* RFC 7606 7.4: length other than 4: treat-as-withdraw */
	VALUE(ATTR_MED, OPT, "med", WIRE_TREAT_AS_WITHDRAW, attr_med_parse, attr_med_pack, 0),
	/* RFC 7606 7.5: from eBGP: discard; from iBGP with length other than 4: treat-as-withdraw */
	VALUE(ATTR_LOCAL_PREF, WK, "local-preference", WIRE_TREAT_AS_WITHDRAW, attr_local_pref_parse,
	      attr_local_pref_pack, ATTR_RULE_IBGP_ONLY),
	/* RFC 7606 7.6: length other than 0: attribute discard */
	VALUE(ATTR_ATOMIC_AGGREGATE, WK, "atomic-aggregate", WIRE_ATTR_DISCARD, attr_atomic_aggregate_parse,
	      attr_atomic_aggregate_pack, 0),
	/* RFC 7606 7.7: length other than 6 (2-octet) or 8 (4-octet): attribute discard */
	VALUE(ATTR_AGGREGATOR, OPT_T, "aggregator", WIRE_ATTR_DISCARD, attr_aggregator_parse,
	      attr_aggregator_pack, 0),
	/* RFC 7606 7.8: length not a non-zero multiple of 4: treat-as-withdraw */
	VALUE(ATTR_COMMUNITIES, OPT_T, "community", WIRE_TREAT_AS_WITHDRAW, attr_communities_parse,
	      attr_communities_pack, 0),
	/* RFC 7606 7.9: from eBGP: discard; length other than 4: treat-as-withdraw */
	VALUE(ATTR_ORIGINATOR_ID, OPT, "originator-id", WIRE_TREAT_AS_WITHDRAW, attr_originator_id_parse,
	      attr_originator_id_pack, ATTR_RULE_IBGP_ONLY),
	/* RFC 7606 7.10: from eBGP: discard; length not a non-zero multiple of 4: treat-as-withdraw */
	VALUE(ATTR_CLUSTER_LIST, OPT, "cluster-list", WIRE_TREAT_AS_WITHDRAW, attr_cluster_list_parse,
	      attr_cluster_list_pack, ATTR_RULE_IBGP_ONLY),
	/* RFC 7606 7.11 / 7.12: malformed: session reset (or AFI/SAFI disable; we reset), and a
	 * flag conflict too, since the NLRI inside cannot then be trusted (RFC 7606 3 j). */
	[ATTR_MP_REACH_NLRI] = {.desc = {ATTR_MP_REACH_NLRI, OPT, "mp-reach-nlri", WIRE_SESSION_RESET, NULL,
					 NULL},
				.kind = ATTR_KIND_MP_REACH,
				.on_flags = WIRE_SESSION_RESET},
	[ATTR_MP_UNREACH_NLRI] = {.desc = {ATTR_MP_UNREACH_NLRI, OPT, "mp-unreach-nlri", WIRE_SESSION_RESET,
					   NULL, NULL},
				  .kind = ATTR_KIND_MP_UNREACH,
				  .on_flags = WIRE_SESSION_RESET},
	/* RFC 7606 7.14: length not a non-zero multiple of 8: treat-as-withdraw */
	VALUE(ATTR_EXT_COMMUNITIES, OPT_T, "extended-community", WIRE_TREAT_AS_WITHDRAW,
	      attr_ext_communities_parse, attr_ext_communities_pack, 0),
	/* RFC 6793 6: a malformed AS4_PATH / AS4_AGGREGATOR (flags included) is discarded;
	 * both are only meaningful from a 2-octet speaker (RFC 6793 4.2.3). */
	[ATTR_AS4_PATH] = {.desc = {ATTR_AS4_PATH, OPT_T, "as4-path", WIRE_ATTR_DISCARD, NULL, NULL},
			   .kind = ATTR_KIND_AS4_PATH,
			   .on_flags = WIRE_ATTR_DISCARD},
	[ATTR_AS4_AGGREGATOR] = {.desc = {ATTR_AS4_AGGREGATOR, OPT_T, "as4-aggregator", WIRE_ATTR_DISCARD, NULL,
					  NULL},
				 .kind = ATTR_KIND_AS4_AGGREGATOR,
				 .on_flags = WIRE_ATTR_DISCARD},
	/* Decoded by other modules from the raw attribute kept in `unknown`: no value check
	 * here (on_flags WIRE_OK: not checked), no Partial bit added, kept even when
	 * non-transitive. Actions: RFC 7606 2's default for PMSI and Tunnel Encapsulation;
	 * RFC 9552 8.2.2 (BGP-LS) and RFC 8669 6 (Prefix-SID) say attribute discard. */
	[ATTR_PMSI_TUNNEL] = {.desc = {ATTR_PMSI_TUNNEL, OPT_T, "pmsi-tunnel", WIRE_TREAT_AS_WITHDRAW, NULL,
				       NULL},
			      .kind = ATTR_KIND_RAW},
	[ATTR_TUNNEL_ENCAP] = {.desc = {ATTR_TUNNEL_ENCAP, OPT_T, "tunnel-encaps", WIRE_TREAT_AS_WITHDRAW, NULL,
					NULL},
			       .kind = ATTR_KIND_RAW},
	[ATTR_BGP_LS] = {.desc = {ATTR_BGP_LS, OPT, "bgp-ls", WIRE_ATTR_DISCARD, NULL, NULL},
			 .kind = ATTR_KIND_RAW},
	[ATTR_PREFIX_SID] = {.desc = {ATTR_PREFIX_SID, OPT_T, "bgp-prefix-sid", WIRE_ATTR_DISCARD, NULL, NULL},
			     .kind = ATTR_KIND_RAW},
	/* RFC 7606 7.15: length not a non-zero multiple of 20: treat-as-withdraw */
	VALUE(ATTR_IPV6_EXT_COMMUNITIES, OPT_T, "extended-community-ipv6", WIRE_TREAT_AS_WITHDRAW,
	      attr_ipv6_ext_communities_parse, attr_ipv6_ext_communities_pack, 0),
	/* RFC 7311 3: a malformed AIGP is treated as an unrecognized non-transitive attribute,
	 * that is, discarded; a flag conflict too (its specification says so: RFC 7606 3 c) */
	[ATTR_AIGP] = {.desc = {ATTR_AIGP, OPT, "aigp", WIRE_ATTR_DISCARD, attr_aigp_parse, attr_aigp_pack},
		       .kind = ATTR_KIND_VALUE,
		       .on_flags = WIRE_ATTR_DISCARD},
	/* RFC 8092 6: length not a non-zero multiple of 12: treat-as-withdraw */
	VALUE(ATTR_LARGE_COMMUNITIES, OPT_T, "large-community", WIRE_TREAT_AS_WITHDRAW,
	      attr_large_communities_parse, attr_large_communities_pack, 0),
	/* RFC 9234 5: length other than 4: treat-as-withdraw */
	VALUE(ATTR_OTC, OPT_T, "otc", WIRE_TREAT_AS_WITHDRAW, attr_otc_parse, attr_otc_pack, 0),
};

const uint64_t attr_packable_mask =
	ATTR_BIT(ATTR_ORIGIN) | ATTR_BIT(ATTR_AS_PATH) | ATTR_BIT(ATTR_NEXT_HOP) | ATTR_BIT(ATTR_MED) |
	ATTR_BIT(ATTR_LOCAL_PREF) | ATTR_BIT(ATTR_ATOMIC_AGGREGATE) | ATTR_BIT(ATTR_AGGREGATOR) |
	ATTR_BIT(ATTR_COMMUNITIES) | ATTR_BIT(ATTR_ORIGINATOR_ID) | ATTR_BIT(ATTR_CLUSTER_LIST) |
	ATTR_BIT(ATTR_EXT_COMMUNITIES) | ATTR_BIT(ATTR_IPV6_EXT_COMMUNITIES) | ATTR_BIT(ATTR_AIGP) |
	ATTR_BIT(ATTR_LARGE_COMMUNITIES) | ATTR_BIT(ATTR_OTC);

const struct attr_row *attr_row_find(uint8_t code)
{
	const struct attr_row *row = &attr_rows[code];
	return row->desc.name ? row : NULL;
}

const struct attr_desc *attr_desc_find(uint8_t code)
{
	const struct attr_row *row = attr_row_find(code);
	return row ? &row->desc : NULL;
}

void attr_header_put(struct buf *out, uint8_t flags, uint8_t code, size_t len)
{
	if (len > 255) {
		buf_put_u8(out, (uint8_t)(flags | ATTR_FLAG_EXTENDED));
		buf_put_u8(out, code);
		buf_put_u16(out, (uint16_t)len);
	} else {
		buf_put_u8(out, (uint8_t)(flags & ~ATTR_FLAG_EXTENDED));
		buf_put_u8(out, code);
		buf_put_u8(out, (uint8_t)len);
	}
}

void attr_put(struct buf *out, uint8_t flags, uint8_t code, const uint8_t *value, size_t len)
{
	/* A value longer than an attribute can say is a caller's bug (parsed sets never hold
	 * one); writing nothing keeps the message well-formed. */
	if (len > 0xffff)
		return;
	attr_header_put(out, flags, code, len);
	buf_put(out, value, len);
}

int attr_fail(struct wire_error *err, uint8_t code, uint8_t subcode, size_t at, const char *fmt, ...)
{
	const struct attr_row *row = attr_row_find(code);
	enum wire_action action = row ? row->desc.on_error : WIRE_TREAT_AS_WITHDRAW;
	char why[WIRE_WHY_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	wire_error_set(err, action, BGP_ERR_UPDATE, subcode, at, "%s", why);
	return -1;
}
