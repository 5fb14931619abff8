/* json_message.h — the envelope every ExaBGP JSON message shares.
 *
 * { "exabgp": "6.0.0", "time": T, "host" : H, "pid" : P, "ppid" : PP, "counter": N,
 *   "type": "update", "neighbor": { "address": { "local": L, "peer": P },
 *   "asn": { "local": LA, "peer": PA }, "router-id": R , "direction": "in", <body> } }
 * (one line; in the ExaBGP style with ExaBGP's own irregular spaces: "host" : and the
 * space before the comma that follows the asn or router-id).
 *
 * Owns: that envelope, in ExaBGP's key order, for the 6.0.0 shape and the 4.0.1 shape.
 * The body writers (update, open, notification, ...) add their keys between
 * json_envelope_open and json_envelope_close.
 * Must not know: sessions (callers pass plain values).
 */
#ifndef MODEL_JSON_MESSAGE_H
#define MODEL_JSON_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/json.h"

enum json_shape {
	JSON_SHAPE_V6 = 6, /* ExaBGP 6.0.0 (default) */
	JSON_SHAPE_V4 = 4, /* ExaBGP 4.0.1: as-path as a list, confederation-path beside it */
};

struct json_envelope {
	enum json_shape shape;
	double time;          /* seconds since the epoch */
	const char *host;
	long pid, ppid;
	uint64_t counter;
	/* the neighbour */
	const char *local_address;
	const char *peer_address;
	uint32_t local_as;
	uint32_t peer_as;
	const char *router_id;   /* NULL: omitted */
	const char *direction;   /* "in" / "out"; NULL: omitted */
};

const char *json_shape_version(enum json_shape shape);

/* Writes the envelope up to and including "direction", leaving the neighbor object open. */
void json_envelope_open(struct json *j, const struct json_envelope *env, const char *type);
/* Closes the neighbor object and the message. A message without a body (keepalive) calls
 * json_space first: ExaBGP's template then leaves two spaces before the brace. */
void json_envelope_close(struct json *j);

#endif
