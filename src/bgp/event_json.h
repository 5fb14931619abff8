/* event_json.h — a session's events as ExaBGP's JSON, one object a line.
 *
 * Owns: the shapes of ExaBGP's reactor/api/response/json.py for what a session reports
 * (shown compact here; written with ExaBGP's spacing unless the options say compact):
 *   state       {"type": "state", "neighbor": {..., "state": "connected" | "up" | "down",
 *                "reason": "..."}}                                    (down only)
 *   fsm         {"type": "fsm", "neighbor": {..., "state": "ESTABLISHED"}}
 *   negotiated  {"type": "negotiated", "neighbor": {..., "negotiated": {"message_size": 4096,
 *                "hold_time": 180, "asn4": true, "multisession": false, "operational": false,
 *                "refresh": "normal", "families": ["ipv4 unicast"], "nexthop": [],
 *                "add_path": {"send": [], "receive": []}}}}
 * and, through the model's writers, open, update (and eor), notification, keepalive and
 * refresh with their "direction". Where ExaBGP writes invalid JSON (the families and next
 * hops of "negotiated" unquoted) we write the valid form of the same value.
 * Must not know: where the lines go (pipes, the CLI, logs are the API's).
 */
#ifndef BGP_EVENT_JSON_H
#define BGP_EVENT_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/event.h"
#include "bgp/session.h"
#include "core/buf.h"
#include "model/json_message.h"

struct bgp_json_options {
	enum json_shape shape;  /* JSON_SHAPE_V6 (ExaBGP 6.0.0) or JSON_SHAPE_V4 */
	const char *host;       /* the envelope's "host" (gethostname) */
	long pid, ppid;
	double time;            /* seconds since the epoch; 0: now */
	enum json_style style;  /* JSON_STYLE_EXABGP (ExaBGP's spacing, the default), or compact */
};

/* Append ev as one JSON object (no newline) to out. Each call counts one message of the
 * session (the envelope's "counter", per neighbour as ExaBGP counts). Returns 0, or -1 (out
 * unchanged) for an event without a JSON form. */
int bgp_event_json(struct buf *out, struct bgp_session *s, const struct bgp_event *ev,
		   const struct bgp_json_options *o);

#endif
