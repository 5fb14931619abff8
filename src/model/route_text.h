/* route_text.h — ExaBGP's route grammar: API commands and static route statements.
 *
 * Owns: parsing
 *   [announce|withdraw] route PREFIX next-hop IP|self [origin igp|egp|incomplete]
 *       [as-path [ASN ... ( ASN ... )]] [med N] [local-preference N] [atomic-aggregate]
 *       [aggregator ( AS:IP )] [community [ ... ]] [extended-community [ ... ]]
 *       [large-community [ ... ]] [originator-id IP] [cluster-list [ ... ]]
 *       [path-information ID] [attribute [ 0xCODE 0xFLAGS 0xHEX ]] [aigp N] [split /LEN]
 *       [watchdog NAME] [name NAME] [withdraw]
 *   announce|withdraw AFI SAFI PREFIX ...            (ExaBGP's family-first form)
 *   announce|withdraw attributes ... nlri P1 P2 ...
 *   announce eor [AFI SAFI]
 *   group CMD ; CMD ; ...                            (one UPDATE; a group's
 *                                                     `attributes ...` without nlri
 *                                                     gives its withdraws attributes)
 * Keywords are case-insensitive; "[", "]", "(", ")" need no spaces around them; a list
 * of one value needs no brackets; commas in lists are ignored.
 * into routes appended to an update_collection, and printing a route back as the API
 * command that re-creates it (what `attobgp decode -m` prints).
 * Errors name the word and its position.
 * Must not know: sessions, configuration files (the config parser calls into this for
 * the route part of a statement), JSON.
 */
#ifndef MODEL_ROUTE_TEXT_H
#define MODEL_ROUTE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "model/route.h"
#include "model/update_collection.h"

struct route_text_opts {
	uint16_t afi;   /* family of a bare `route` whose prefix does not say (encode -f); 0: from prefix */
	uint8_t safi;   /* 0: unicast */
};

struct route_text_error {
	size_t offset;  /* byte offset in the text of the word at fault */
	char why[200];
};

/* Parse one command or statement (text[0..len), need not be NUL-terminated, never read
 * past len); appends its routes to c (or marks c as End-of-RIB). All routes of one command
 * share one attr_set in c's arena; an announce always has one, a withdraw only when the
 * command gave attributes. IPv4/IPv6 unicast/multicast routes here; vpls (vpls_text.h),
 * mcast-vpn (mvpn_text.h) and mup (mup_text.h) in their own grammars; other families (flow,
 * mpls-vpn, ...) are refused with "family X is not supported yet".
 * Returns 0, or -1 with err filled ("keyword: 'word' problem (at N)"); c then holds the
 * same routes as before (bytes the failed command put in the arena stay until a reset).
 * err may be NULL. */
int route_text_parse(struct update_collection *c, const char *text, size_t len,
		     const struct route_text_opts *opts, struct route_text_error *err);

/* The API command re-creating r, as ExaBGP's decoder writes it: "announce route
 * 10.0.0.0/24 next-hop 1.2.3.4 origin igp ...", "announce ipv6 unicast 2001:db8::/32
 * next-hop ...", "withdraw route ..." or, for a withdraw carrying attributes a withdraw
 * command cannot, "group attributes ... ; withdraw route ...". */
void route_text_format_command(struct buf *out, const struct route *r);
/* The route as a statement, without the leading "announce "/"withdraw ":
 * "route 10.0.0.0/24 next-hop 1.2.3.4 origin igp ..." (every attribute, for withdraws too,
 * and the grammar's own watchdog / name / withdraw keywords). */
void route_text_format(struct buf *out, const struct route *r);

/* Every command ExaBGP's decoder (`exabgp decode --command`) writes for the collection of
 * one UPDATE, one per line ("\n" after each): "announce eor AFI SAFI"; announces grouped by
 * family and next hop, several prefixes as "announce attributes ... nlri P1 P2 ..."; then
 * one command per withdraw. What `attobgp decode -m` prints. */
void route_text_format_collection(struct buf *out, const struct update_collection *c);

#endif
