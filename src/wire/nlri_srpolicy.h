/* nlri_srpolicy.h — the NLRI of ipv4/ipv6 sr-policy (SAFI 73, RFC 9830 2.1).
 *
 * Owns: reading one SR Policy NLRI from an UPDATE, building one from its parts, reading the
 * parts back. The NLRI is kept as on the wire, its length octet first.
 * Must not know: the Tunnel Encapsulation attribute that carries the policy itself
 * (tunnel_encap.h), text, JSON.
 *
 *   Length (1, in bits: 96 for IPv4, 192 for IPv6) | Distinguisher (4) | Policy Color (4) |
 *   Endpoint (4 or 16, the family's address)
 */
#ifndef WIRE_NLRI_SRPOLICY_H
#define WIRE_NLRI_SRPOLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"

#define SRPOLICY_NLRI_MAX (1 + 4 + 4 + 16)

struct srpolicy {
	uint16_t afi; /* the endpoint's: the family's */
	uint32_t distinguisher;
	uint32_t color;
	uint8_t endpoint[16];
};

/* Read one NLRI of afi (path id first when addpath); out->data points into c. A length
 * other than the family's, or a truncated NLRI, fills err with session-reset (RFC 7606 5.3,
 * RFC 9830 4.2.1) and returns -1. */
int nlri_srpolicy_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err);

/* Pack v into out; returns the length (13 or 25). */
size_t srpolicy_pack(const struct srpolicy *v, uint8_t out[SRPOLICY_NLRI_MAX]);

/* The parts of a packed NLRI; -1 when its length is not its family's. */
int srpolicy_unpack(const struct nlri *n, struct srpolicy *v);

#endif
