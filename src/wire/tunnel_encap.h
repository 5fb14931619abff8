/* tunnel_encap.h — the framing of the Tunnel Encapsulation attribute (type 23, RFC 9012)
 * and of the SR Policy tunnel it carries for sr-policy (RFC 9830 2.4).
 *
 * Owns: walking Tunnel TLVs, their sub-TLVs and a segment list's sub-sub-TLVs without
 * reading a value; the codes of the SR Policy sub-TLVs and segment types.
 * Must not know: text, JSON (srpolicy_text.c reads the values).
 *
 *   attribute:   Tunnel Type (2) | Length (2) | sub-TLVs (Length) ...
 *   sub-TLV:     Type (1) | Length (1 below type 128, 2 from 128: RFC 9012 2) | Value
 *   segment list (sub-TLV 128): Reserved (1) | sub-sub-TLVs: Type (1) | Length (1) | Value
 */
#ifndef WIRE_TUNNEL_ENCAP_H
#define WIRE_TUNNEL_ENCAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"

#define TUNNEL_TYPE_SR_POLICY 15

enum srpolicy_subtlv {
	SRP_PREFERENCE = 12,
	SRP_BINDING_SID = 13,
	SRP_ENLP = 14,
	SRP_PRIORITY = 15,
	SRP_SRV6_BINDING_SID = 20,
	SRP_SEGMENT_LIST = 128,
	SRP_CANDIDATE_PATH_NAME = 129,
	SRP_POLICY_NAME = 130,
};

#define SRP_SEG_WEIGHT 9      /* in a segment list, beside the segments */
#define SRP_SEG_FLAG_A 0x40   /* the SR Algorithm octet is valid (RFC 9831 2.10) */
#define SRP_SEG_FLAG_B 0x10   /* an SRv6 Endpoint Behavior follows the SID */
#define SRP_BSID_FLAG_B 0x20  /* SRv6 Binding SID: an Endpoint Behavior follows */

/* The next Tunnel TLV of c: 1 with its type and value, 0 at the end, -1 when truncated. */
int tunnel_tlv_next(struct cursor *c, uint16_t *type, const uint8_t **value, uint16_t *len);

/* The next sub-TLV of a Tunnel TLV's value (or, when one_octet_lengths, of a segment
 * list's sub-sub-TLVs): 1, 0 at the end, -1 when truncated. */
int tunnel_subtlv_next(struct cursor *c, bool one_octet_lengths, uint8_t *type, const uint8_t **value,
		       uint16_t *len);

/* Whether every TLV, sub-TLV and SR Policy segment list sub-sub-TLV of the attribute value
 * ends exactly where its container does (RFC 9012 13). */
bool tunnel_encap_framed(const uint8_t *value, size_t len);

#endif
