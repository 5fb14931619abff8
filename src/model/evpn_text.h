/* evpn_text.h — l2vpn evpn routes in ExaBGP's JSON and text (internal to model).
 *
 * Owns: the NLRI's JSON object as ExaBGP writes it (code, parsed, raw, name, then the route
 * type's fields), and its text: ExaBGP's own string of an EVPN route
 * ("evpn:macadv:RD:ESI:TAG:MAC:IP:LABELS"). ExaBGP has no route statement for evpn, so
 * neither has attobgp: these routes are received and decoded, never announced.
 * Must not know: sessions, configuration files, the wire beyond nlri_evpn.h.
 */
#ifndef MODEL_EVPN_TEXT_H
#define MODEL_EVPN_TEXT_H

#include "core/buf.h"
#include "core/json.h"
#include "wire/nlri.h"

void evpn_text_format(struct buf *out, const struct nlri *n);

void evpn_json_write(struct json *j, const struct nlri *n);

#endif
