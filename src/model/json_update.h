/* json_update.h — ExaBGP's JSON for an UPDATE (and End-of-RIB), both shapes.
 *
 * Owns: the "message": {"update": {"attribute": {...}, "announce": {...}, "withdraw":
 * {...}}} body and the attribute object, key for key in ExaBGP's order and format:
 *   announce: {"ipv4 unicast": {"<next hop>": [{"nlri": "10.0.0.0/24"}, ...]}}
 *   withdraw: {"ipv4 unicast": [{"nlri": "10.0.0.0/24", "path-information": "0.0.0.1"}]}
 *   eor:      "message": {"eor": {"afi": "ipv4", "safi": "unicast"}}
 * Shape V6 (ExaBGP 6.0.0): "as-path": {"0": {"element": "as-sequence", "value": [..]}}.
 * Shape V4 (ExaBGP 4.x): "as-path": [..], "confederation-path": [..] (+ "as-set",
 * "confederation-set" when present).
 * Must not know: sessions (the envelope carries the neighbour's values).
 */
#ifndef MODEL_JSON_UPDATE_H
#define MODEL_JSON_UPDATE_H

#include "core/json.h"
#include "model/json_message.h"
#include "model/update_collection.h"

/* The whole message: envelope, type "update", body. */
void json_update_write(struct json *j, const struct json_envelope *env, const struct update_collection *c);
/* Only the "attribute" object's members, for callers building their own message. */
void json_attributes_write(struct json *j, const struct attr_set *attrs, enum json_shape shape,
			   bool include_next_hop);

#endif
