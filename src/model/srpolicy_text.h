/* srpolicy_text.h — ipv4/ipv6 sr-policy routes in ExaBGP's text and JSON (internal to model).
 *
 * Owns: the route statement (ExaBGP's grammar, configuration/static/sr_policy.py)
 *   [announce|withdraw] ipv4|ipv6 sr-policy distinguisher N color N endpoint IP
 *       next-hop IP [preference N] [priority N] [binding-sid mpls LABEL | binding-sid null]
 *       [srv6-binding-sid SID] [policy-name "NAME"] [candidate-path-name "NAME"]
 *       [segment-list weight N SEGMENT ...] ... [ATTRIBUTE VALUE ...]
 *   SEGMENT: segment type-a mpls LABEL
 *          | segment type-b srv6 SID [endpoint-behavior B LB LN FUN ARG]
 *          | segment type-c ipv4 IP algorithm N [sid LABEL]
 *          | segment type-d ipv6 IP algorithm N [sid LABEL]
 *          | segment type-e local-if-id N ipv4 IP [sid LABEL]
 *          | segment type-f local IP remote IP [sid LABEL]
 *          | segment type-g local-if-id N local-ipv6 IP remote-if-id N remote-ipv6 IP [sid LABEL]
 *          | segment type-h local IP remote IP [sid LABEL]
 *          | segment type-i ipv6 IP algorithm N [sid SID] [endpoint-behavior ...]
 *          | segment type-j local-if-id N local-ipv6 IP remote-if-id N remote-ipv6 IP algorithm N
 *                           [sid SID] [endpoint-behavior ...]
 *          | segment type-k local IP remote IP algorithm N [sid SID] [endpoint-behavior ...]
 * the SR Policy words building the Tunnel Encapsulation attribute (kept whole in
 * attr_set.unknown, as received ones are), the NLRI and the attribute printed back, the
 * announce command ExaBGP's decoder writes, and their JSON.
 * Must not know: sessions, configuration files, the wire beyond nlri_srpolicy.h and
 * tunnel_encap.h.
 */
#ifndef MODEL_SRPOLICY_TEXT_H
#define MODEL_SRPOLICY_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/route_text.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"

/* The rest of a statement after `AFI sr-policy`, up to the end or a ';' (not read). Appends
 * one route to c. 0, or -1 with err filled. */
int srpolicy_text_parse(struct update_collection *c, struct rt_lex *lx, uint16_t afi, uint8_t action,
			struct route_text_error *err);

/* "distinguisher 0 color 100 endpoint 10.0.0.1"; an NLRI of a bad length as "0xHEX". */
void srpolicy_text_format(struct buf *out, const struct nlri *n);

/* The SR Policy words of a Tunnel Encapsulation attribute value (" preference 100 ...");
 * false, and nothing written, when the value has something those words cannot say. */
bool srpolicy_text_put_tunnel(struct buf *out, const uint8_t *value, uint32_t len);

/* The same when the words give these very octets back (and flags are the ones the words
 * set): for writing a configuration back. */
bool srpolicy_text_put_tunnel_exact(struct buf *out, uint8_t flags, const uint8_t *value, uint32_t len);

/* ExaBGP's decoder command for an announced r: "announce AFI sr-policy NLRI next-hop IP
 * SR-POLICY-WORDS". */
void srpolicy_format_announce(struct buf *out, const struct route *r);

void srpolicy_json_write(struct json *j, const struct nlri *n);

/* "tunnel-encap": {...} for a Tunnel Encapsulation attribute value, as ExaBGP writes it;
 * false, and nothing written, when its TLVs are not framed (RFC 9012 13). */
bool tunnel_encap_json(struct json *j, const uint8_t *value, uint32_t len);

#endif
