/* nlri_mvpn.h — the MCAST-VPN NLRI of ipv4/ipv6 mcast-vpn (SAFI 5; RFC 6514 4).
 *
 * Owns: reading one MCAST-VPN NLRI from an UPDATE (the three route types ExaBGP decodes
 * checked field by field, the others kept as their octets), building the octets of those
 * three from their parts, and reading the parts back.
 * Must not know: text, JSON, attributes.
 *
 *   Route Type (1) | Length (1) | Route Type specific (Length octets)
 *
 *   5 Source Active A-D (RFC 6514 4.5):   RD (8) | source length in bits (1) | source |
 *                                          group length in bits (1) | group
 *   6 C-multicast Shared Tree Join,
 *   7 C-multicast Source Tree Join (4.6): RD (8) | Source AS (4) | source (or RP) length (1) |
 *                                          source | group length (1) | group
 * An address length is 32 (IPv4) or 128 (IPv6), the only values RFC 6514 defines.
 */
#ifndef WIRE_NLRI_MVPN_H
#define WIRE_NLRI_MVPN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"
#include "wire/rd.h"

enum mvpn_type {
	MVPN_SOURCE_AD = 5,
	MVPN_SHARED_JOIN = 6,
	MVPN_SOURCE_JOIN = 7,
};

#define MVPN_NLRI_MAX (2 + 8 + 4 + 1 + 16 + 1 + 16) /* an IPv6 C-multicast route: 48 octets */

struct mvpn {
	uint8_t type;                  /* enum mvpn_type */
	uint8_t rd[RD_LEN];
	uint32_t source_as;            /* types 6 and 7 */
	uint16_t source_afi, group_afi; /* AFI_IPV4 / AFI_IPV6 */
	uint8_t source[16];            /* the RP of a shared join */
	uint8_t group[16];
};

/* Read one NLRI of afi (path id first when addpath); out->data points into c. Returns 0,
 * or 1 for a route type RFC 6514 does not define (RFC 7606 5.4: an announced one is to be
 * discarded, the caller's choice). A truncated NLRI, or a type 5/6/7 whose length or
 * address lengths do not add up, fills err with session-reset (RFC 7606 5.3: the rest of
 * the field cannot be trusted) and returns -1. */
int nlri_mvpn_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err);

/* Pack v into out (MVPN_NLRI_MAX octets); returns the length. */
size_t mvpn_pack(const struct mvpn *v, uint8_t out[MVPN_NLRI_MAX]);

/* The parts of a packed NLRI of type 5, 6 or 7; -1 for another type or a bad layout. */
int mvpn_unpack(const struct nlri *n, struct mvpn *v);

#endif
