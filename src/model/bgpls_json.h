/* bgpls_json.h — bgp-ls NLRI and the BGP-LS attribute (type 29) in ExaBGP's JSON (internal
 * to model). BGP-LS is decoded only, as in ExaBGP: no route statement, no text form.
 *
 * Owns: the node, link and prefix NLRI objects (descriptors in ExaBGP's key order and
 * spelling, the next hop inside the node and prefix ones as ExaBGP writes it), the
 * attribute's TLVs ExaBGP names, every other one as "generic-lsid-CODE": ["0xHEX"].
 * Must not know: sessions, configuration, the wire beyond nlri_bgpls.h.
 */
#ifndef MODEL_BGPLS_JSON_H
#define MODEL_BGPLS_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "wire/nlri.h"

/* The NLRI's object; nexthop: the route's next hop as text (node and prefix NLRIs show it). */
void bgpls_json_write(struct json *j, const struct nlri *n, const char *nexthop);

/* "bgp-ls": {...} for an attribute value; false, nothing written, when its TLVs are not framed. */
bool bgpls_attr_json(struct json *j, const uint8_t *value, uint32_t len);

/* The NLRI as text (decode -m): its JSON object, as ExaBGP's str() of it. */
void bgpls_text_format(struct buf *out, const struct nlri *n);

#endif
