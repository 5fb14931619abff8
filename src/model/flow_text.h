/* flow_text.h — flow routes (RFC 8955/8956) in ExaBGP's text and JSON.
 *
 * Owns: the match components as ExaBGP writes them ("destination-ipv4 10.0.0.0/24",
 * "destination-port [ >8080&<8088 =3128 ]", "tcp-flags [ syn rst&fin&!=push ]", IPv6
 * prefixes as ADDR/LEN/OFFSET), both directions; the flow statement of the route grammar
 *   [announce|withdraw] ipv4|ipv6 flow|flow-vpn COMPONENT... [rd RD] [keyword ...]
 *   [announce|withdraw] flow route [COMPONENT|ACTION|keyword]...      (one line)
 *   [announce|withdraw] flow route { match { COMPONENT; ... } then { ACTION; ... } }
 * where ACTION is accept, discard, rate-limit N, redirect ASN:NN|IP, redirect-to-nexthop,
 * redirect-to-nexthop-ietf IP, copy IP, mark N, action sample|terminal|sample-terminal
 * (flowspec actions are extended communities, RFC 8955 7); the NLRI's JSON object; and the
 * flowspec extended communities written as two words ("mark 10", "action sample").
 * Must not know: sessions, configuration files, how routes are packed.
 */
#ifndef MODEL_FLOW_TEXT_H
#define MODEL_FLOW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/route.h"
#include "model/route_text.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"
#include "wire/attr.h"
#include "wire/nlri.h"

/* One flow statement, the lexer just past "ipv4 flow" / "flow-vpn" (afi, safi given) or
 * past "flow" (afi 0: "route" follows, the family comes from the prefixes). Appends one
 * route to c. group_attrs: the attributes a withdraw without its own takes (a group's).
 * 0, or -1 with err filled. */
int flow_text_statement(struct update_collection *c, struct rt_lex *lx, uint8_t action, uint16_t afi,
			uint8_t safi, const struct attr_set *group_attrs, struct route_text_error *err);

/* ExaBGP's rule text: " destination-ipv4 10.0.0.1/32 protocol =tcp" (each component with a
 * leading space) then " rd RD" for flow-vpn. */
void flow_text_rules(struct buf *out, const struct nlri *n);

/* The NLRI's JSON object: one key per component, "rd", then (nh not NULL, ExaBGP 4's shape)
 * "next-hop" when the route has one, "string" (with " next-hop IP" in that shape). */
void flow_json_write(struct json *j, const struct nlri *n, const struct nexthop *nh);

/* Extended communities written as a keyword and a value ("mark 10", "action sample",
 * "redirect-to-nexthop-ietf 1.2.3.4", "copy-to-nexthop-ietf 1.2.3.4"): whether word is
 * such a keyword, and the parse of the pair (0 or -1). */
bool flow_ext_takes_value(const char *s, size_t len);
int flow_ext_pair_parse(const char *kw, size_t kwlen, const char *v, size_t vlen, uint8_t out[8]);

#endif
