/* vpls_text.h — l2vpn vpls routes in ExaBGP's text and JSON (internal to model).
 *
 * Owns: the route statement
 *   [announce|withdraw] vpls | l2vpn vpls
 *       rd RD endpoint N base N offset N size N next-hop IP [ATTRIBUTE VALUE ...]
 * (the five NLRI keywords in any order, mixed with the route keywords of route_text_spec.h),
 * its printing back ("rd RD endpoint N base N offset N size N"), and the NLRI's JSON object
 * {"rd": ..., "endpoint": N, "base": N, "offset": N, "size": N}.
 * Must not know: sessions, configuration files, the wire beyond nlri_vpls.h.
 */
#ifndef MODEL_VPLS_TEXT_H
#define MODEL_VPLS_TEXT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/route_text.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"

/* The rest of a vpls statement, after its `vpls` word, up to the end or a ';' (not read).
 * Appends one route to c. 0, or -1 with err filled. */
int vpls_text_parse(struct update_collection *c, struct rt_lex *lx, uint8_t action,
		    struct route_text_error *err);

/* "rd RD endpoint N base N offset N size N" (a malformed NLRI prints as its hex). */
void vpls_text_format(struct buf *out, const struct nlri *n);

/* The NLRI's JSON object. */
void vpls_json_write(struct json *j, const struct nlri *n);

#endif
