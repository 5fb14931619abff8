/* mup_text.h — ipv4/ipv6 mup routes in ExaBGP's text and JSON (internal to model).
 *
 * Owns: the route statement (ExaBGP's grammar: the NLRI words in this order)
 *   [announce|withdraw] ipv4|ipv6 mup
 *       mup-isd PREFIX rd RD
 *     | mup-dsd IP rd RD
 *     | mup-t1st PREFIX rd RD teid N qfi N endpoint IP [source IP]
 *     | mup-t2st IP rd RD teid N/BITS
 *       next-hop IP [ATTRIBUTE VALUE ...]
 * its NLRI printed back in that form, the announce command ExaBGP's decoder writes
 * (next-hop and extended communities), and the NLRI's JSON object.
 * Must not know: sessions, configuration files, the wire beyond nlri_mup.h, the Prefix-SID
 * attribute (the route keywords' business).
 */
#ifndef MODEL_MUP_TEXT_H
#define MODEL_MUP_TEXT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/route_text.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"

/* The rest of a statement after `AFI mup`, up to the end or a ';' (not read). Appends one
 * route to c. 0, or -1 with err filled. */
int mup_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
		   struct route_text_error *err);

/* "mup-isd 10.0.1.0/24 rd 100:100", ...; a route ExaBGP does not decode prints as
 * "arch N code N 0xHEX" (not read back). */
void mup_text_format(struct buf *out, const struct nlri *n);

/* ExaBGP's decoder command for an announced r: "announce AFI mup NLRI next-hop IP
 * [extended-community [...]]". Nothing for a route ExaBGP does not decode. */
void mup_format_announce(struct buf *out, const struct route *r);

void mup_json_write(struct json *j, const struct nlri *n);

#endif
