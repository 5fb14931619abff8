/* json_open.h — ExaBGP's JSON for OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH.
 *
 *   "type": "open"          "open": {"version": 4, "asn": 65533, "hold_time": 180,
 *                                    "router_id": "10.0.0.2", "capabilities": {"1": {...}}}
 *   "type": "notification"  "notification": {"code": 6, "subcode": 2, "data": "0x..",
 *                                            "message": "..."}
 *   "type": "keepalive"     nothing beyond the envelope
 *   "type": "refresh"       "route-refresh": {"afi": "ipv4", "safi": "unicast",
 *                                             "subtype": "query"}
 *
 * Owns: these bodies, key for key as ExaBGP 6.0.0 writes them (ExaBGP 4 writes the same
 * bodies: its v4 encoder only relabels the version), capabilities keyed by their code in
 * the order they first appeared in the OPEN.
 * Must not know: sessions; the envelope's neighbour fields are the caller's (env).
 *
 * Where ExaBGP's output is not valid JSON (it does not escape strings) we write the valid
 * form of the same value: every string from the peer is escaped by the JSON writer.
 */
#ifndef MODEL_JSON_OPEN_H
#define MODEL_JSON_OPEN_H

#include "core/json.h"
#include "model/json_message.h"
#include "wire/capability.h"
#include "wire/notification.h"
#include "wire/open.h"
#include "wire/route_refresh.h"

/* Whole messages: envelope and body. */
void json_open_write(struct json *j, const struct json_envelope *env, const struct bgp_open *open);
void json_notification_write(struct json *j, const struct json_envelope *env,
			     const struct notification *n);
void json_keepalive_write(struct json *j, const struct json_envelope *env);
void json_refresh_write(struct json *j, const struct json_envelope *env,
			const struct route_refresh *rr);

/* The bodies alone, as a "key": {...} pair inside an open object. */
void json_open_body(struct json *j, const struct bgp_open *open);
void json_notification_body(struct json *j, const struct notification *n);
void json_refresh_body(struct json *j, const struct route_refresh *rr);

/* The capabilities object: {"1": {...}, "65": {...}} (json_capability.c). */
void json_capabilities_write(struct json *j, const struct capabilities *c);

#endif
