/* mvpn_text.h — ipv4/ipv6 mcast-vpn routes in ExaBGP's text and JSON (internal to model).
 *
 * Owns: the route statement (ExaBGP's grammar: the NLRI words in this order)
 *   [announce|withdraw] ipv4|ipv6 mcast-vpn
 *       source-ad source IP group IP rd RD
 *     | shared-join rp IP group IP rd RD source-as ASN
 *     | source-join source IP group IP rd RD source-as ASN
 *       next-hop IP [ATTRIBUTE VALUE ...]
 * its NLRI printed back in that form, the commands ExaBGP's decoder writes for an UPDATE
 * (next-hop and extended communities only; several routes of one next hop as a group),
 * and the NLRI's JSON object.
 * Must not know: sessions, configuration files, the wire beyond nlri_mvpn.h.
 */
#ifndef MODEL_MVPN_TEXT_H
#define MODEL_MVPN_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/route_text.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"

/* The rest of a statement after `AFI mcast-vpn`, up to the end or a ';' (not read).
 * Appends one route to c. 0, or -1 with err filled. */
int mvpn_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
		    struct route_text_error *err);

/* "source-ad source S group G rd RD", ...; a route type ExaBGP does not decode prints as
 * "type N 0xHEX" (not read back). */
void mvpn_text_format(struct buf *out, const struct nlri *n);

/* ExaBGP's decoder command for r: "announce|withdraw AFI mcast-vpn NLRI next-hop IP
 * [extended-community [...]]" (a withdrawal's next hop is its NEXT_HOP attribute, or
 * 0.0.0.0). attrs are r's (a received withdrawal has them in its collection). Nothing for
 * a route type ExaBGP does not decode. */
void mvpn_format_command(struct buf *out, const struct route *r, const struct attr_set *attrs);

/* The announcements of c sharing r0's family and next hop, from first on, marked in done:
 * one command a line, several as "group CMD ; CMD". */
void mvpn_format_announce_group(struct buf *out, const struct update_collection *c, size_t first, bool *done);

void mvpn_json_write(struct json *j, const struct nlri *n);

#endif
