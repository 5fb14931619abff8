/* update.h — the UPDATE wire container and the split of its body into its three fields.
 *
 * Owns: struct wire_update, an immutable packed UPDATE (header included) with the
 * OpenContext it was packed for (or received under), and the RFC 4271 4.3 layout:
 *
 *   +-----------------------------------------------------+
 *   |   Withdrawn Routes Length (2 octets)                |
 *   |   Withdrawn Routes (variable)                       |
 *   |   Total Path Attribute Length (2 octets)            |
 *   |   Path Attributes (variable)                        |
 *   |   Network Layer Reachability Information (variable) |
 *   +-----------------------------------------------------+
 *
 * Parsing a wire_update never changes it; the semantic form is built by model
 * (update_collection_parse). A received UPDATE's families may differ from its context's
 * (withdrawn IPv4 and MP_REACH IPv6 in one message), so the container also records which
 * families carry ADD-PATH identifiers in the direction it travels.
 * Must not know: routes, attribute meanings.
 */
#ifndef WIRE_UPDATE_H
#define WIRE_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/open_context.h"

struct wire_update {
	const struct open_context *ctx;
	uint64_t addpath_families; /* family_bit()s whose NLRI carry path identifiers */
	uint32_t len;              /* whole message, 19-byte header included */
	uint8_t bytes[];
};

/* A new container holding a copy of msg (a whole UPDATE, header included). Free with free(). */
struct wire_update *wire_update_new(const uint8_t *msg, size_t len, const struct open_context *ctx,
				    uint64_t addpath_families);

static inline const uint8_t *wire_update_body(const struct wire_update *u) { return u->bytes + 19; }
static inline size_t wire_update_body_len(const struct wire_update *u) { return u->len - 19; }

struct update_fields {
	struct cursor withdrawn;
	struct cursor attributes;
	struct cursor nlri;
};

/* Split an UPDATE body (after the header). base is the body's offset in the message (19).
 * Lengths that disagree with the body are a session reset (RFC 4271 6.3, RFC 7606 5). */
int update_fields_split(const uint8_t *body, size_t len, size_t base, struct update_fields *out,
			struct wire_error *err);

/* End-of-RIB (RFC 4724 2): IPv4 unicast is the empty UPDATE; any other family is an UPDATE
 * whose only attribute is an empty MP_UNREACH_NLRI for it. Sets *afi and *safi when true. */
bool update_body_is_eor(const uint8_t *body, size_t len, uint16_t *afi, uint8_t *safi);

#endif
