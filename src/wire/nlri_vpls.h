/* nlri_vpls.h — the VPLS NLRI of l2vpn vpls (AFI 25, SAFI 65; RFC 4761 3.2.2).
 *
 * Owns: reading one VPLS NLRI from an UPDATE (strictly: its length field must say 17),
 * building the 19 packed octets from their parts, and reading the parts back from them.
 * Must not know: text, JSON, attributes (the layer-2 info extended community is an
 * extended community like any other).
 *
 *   +------------------------------------+
 *   | Length (2 octets) = 17             |
 *   | Route Distinguisher (8 octets)     |
 *   | VE ID (2 octets)         endpoint  |
 *   | VE Block Offset (2 octets)         |
 *   | VE Block Size (2 octets)           |
 *   | Label Base (3 octets)              |  20-bit label, then 3 zero bits and the
 *   +------------------------------------+  bottom-of-stack bit (set)
 */
#ifndef WIRE_NLRI_VPLS_H
#define WIRE_NLRI_VPLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"
#include "wire/rd.h"

#define VPLS_NLRI_LEN 19      /* the length field (2) and the 17 octets it counts */
#define VPLS_LABEL_MAX 0xFFFFF

struct vpls {
	uint8_t rd[RD_LEN];
	uint16_t endpoint;    /* VE ID */
	uint16_t offset;      /* VE block offset */
	uint16_t size;        /* VE block size */
	uint32_t base;        /* label base, 20 bits */
};

/* Read one VPLS NLRI (path id first when addpath); out->data points into c. A truncated
 * NLRI or a length field other than 17 fills err with session-reset (RFC 7606 5.3: the
 * rest of the field cannot be parsed) and returns -1. */
int nlri_vpls_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err);

/* The 19 octets of v (the label base is cut to 20 bits, bottom-of-stack set). */
void vpls_pack(const struct vpls *v, uint8_t out[VPLS_NLRI_LEN]);

/* The parts of a packed VPLS NLRI; -1 when n is not VPLS_NLRI_LEN octets. */
int vpls_unpack(const struct nlri *n, struct vpls *v);

#endif
