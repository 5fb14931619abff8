/* nlri_mup.h — the MUP NLRI of ipv4/ipv6 mup (SAFI 85; draft-mpmz-bess-mup-safi).
 *
 * Owns: reading one MUP NLRI from an UPDATE (the four 3gpp-5g route types ExaBGP decodes
 * checked field by field, other architectures and types kept as their octets), building
 * the octets of those four from their parts, and reading the parts back.
 * Must not know: text, JSON, attributes (the SRv6 SIDs travel in the Prefix-SID attribute).
 *
 *   Architecture Type (1) | Route Type (2) | Length (1) | Route Type specific (Length)
 * Architecture 1 (3gpp-5g):
 *   1 Interwork Segment Discovery:   RD (8) | prefix length (1) | prefix (ceil(len/8))
 *   2 Direct Segment Discovery:      RD (8) | address (4 for ipv4 mup, 16 for ipv6)
 *   3 Type 1 Session Transformed:    RD (8) | prefix length (1) | prefix | TEID (4) | QFI (1) |
 *                                    endpoint length (1: 32|128) | endpoint |
 *                                    [source length (1: 32|128) | source]
 *   4 Type 2 Session Transformed:    RD (8) | endpoint length (1) | endpoint address (4|16 by
 *                                    family) | TEID (the remaining length - address bits,
 *                                    0 to 32 bits, in ceil(bits/8) octets)
 */
#ifndef WIRE_NLRI_MUP_H
#define WIRE_NLRI_MUP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"
#include "wire/rd.h"

enum mup_type {
	MUP_ISD = 1,
	MUP_DSD = 2,
	MUP_T1ST = 3,
	MUP_T2ST = 4,
};

#define MUP_ARCH_3GPP_5G 1
#define MUP_NLRI_MAX (4 + 8 + 1 + 16 + 4 + 1 + 1 + 16 + 1 + 16) /* an IPv6 T1ST with a source */

struct mup {
	uint8_t type;            /* enum mup_type */
	uint16_t afi;            /* the family's: the address size of prefix, DSD and T2ST endpoint */
	uint8_t rd[RD_LEN];
	uint8_t prefix_len;      /* ISD, T1ST */
	uint8_t prefix[16];      /* ISD, T1ST prefix; DSD address; T2ST endpoint */
	uint32_t teid;           /* T1ST; T2ST (teid_bits of it) */
	uint8_t teid_bits;       /* T2ST: 0-32 */
	uint8_t qfi;             /* T1ST */
	uint16_t endpoint_afi;   /* T1ST */
	uint8_t endpoint[16];
	uint16_t source_afi;     /* T1ST; 0: no source */
	uint8_t source[16];
};

/* Read one NLRI of afi (path id first when addpath); out->data points into c. A truncated
 * NLRI, or a 3gpp-5g route whose fields do not fill its length exactly, fills err with
 * session-reset (RFC 7606 5.3) and returns -1. */
int nlri_mup_read(struct cursor *c, uint16_t afi, bool addpath, struct nlri *out, struct wire_error *err);

/* Pack v into out (MUP_NLRI_MAX octets); returns the length. */
size_t mup_pack(const struct mup *v, uint8_t out[MUP_NLRI_MAX]);

/* The parts of a packed 3gpp-5g NLRI of afi; -1 for another architecture or type, or a bad layout. */
int mup_unpack(const struct nlri *n, struct mup *v);

#endif
