/* nlri_evpn.h — the NLRI of l2vpn evpn (AFI 25, SAFI 70; RFC 7432 7, RFC 9136 3).
 *
 * Owns: reading one EVPN NLRI from an UPDATE (route types 1-5 checked field by field, other
 * types kept as their octets), and reading the parts of a kept one back.
 * Must not know: text, JSON, attributes.
 *
 *   Route Type (1) | Length (1) | Route Type specific (Length)
 *   1 Ethernet Auto-Discovery:  RD (8) | ESI (10) | Ethernet Tag (4) | MPLS Label (3) ...
 *   2 MAC/IP Advertisement:     RD (8) | ESI (10) | Ethernet Tag (4) | MAC length (1, <= 48) |
 *                               MAC (6) | IP length (1: 0, or up to 32 / 128) | IP (0, 4, 16) |
 *                               MPLS Label1 (3) | [MPLS Label2 (3)]
 *   3 Inclusive Multicast:      RD (8) | Ethernet Tag (4) | IP length (1: 32|128) | IP
 *   4 Ethernet Segment:         RD (8) | ESI (10) | IP length (1: 32|128) | IP
 *   5 IP Prefix:                RD (8) | ESI (10) | Ethernet Tag (4) | prefix length (1) |
 *                               prefix (4|16) | gateway (4|16) | MPLS Label (3)
 */
#ifndef WIRE_NLRI_EVPN_H
#define WIRE_NLRI_EVPN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/label.h"
#include "wire/nlri.h"
#include "wire/rd.h"

enum evpn_type {
	EVPN_ETHERNET_AD = 1,
	EVPN_MAC_IP = 2,
	EVPN_MULTICAST = 3,
	EVPN_SEGMENT = 4,
	EVPN_PREFIX = 5,
};

#define EVPN_ESI_LEN 10

struct evpn {
	uint8_t type;             /* enum evpn_type */
	uint8_t rd[RD_LEN];
	uint8_t esi[EVPN_ESI_LEN];     /* 1, 2, 4, 5 */
	uint32_t etag;            /* 1, 2, 3, 5 */
	uint8_t mac_len;          /* 2 */
	uint8_t mac[6];
	uint8_t ip_len;           /* 2 (0: none), 3, 4 (32|128), 5 (the prefix length) */
	uint16_t ip_afi;          /* 0 when there is no IP */
	uint8_t ip[16];
	uint8_t gw[16];           /* 5, of ip_afi */
	struct label_stack labels;     /* 1, 2, 5 */
};

/* Read one NLRI (path id first when addpath); out->data points into c. Returns 0, 1 for a
 * route type RFC 7432 / RFC 9136 do not define (read whole, kept as octets), or -1 with err
 * filled (session-reset, RFC 7606 5.3) for a truncated NLRI or one of types 1-5 whose fields
 * do not fill its length exactly. */
int nlri_evpn_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err);

/* The parts of a kept NLRI; -1 for another route type or a bad layout. */
int evpn_unpack(const struct nlri *n, struct evpn *v);

#endif
