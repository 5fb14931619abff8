/* prefix_sid.h — the BGP Prefix-SID path attribute (type 40): RFC 8669 (SR-MPLS label index
 * and originator SRGB) and RFC 9252 (SRv6 L3 / L2 service TLVs).
 *
 * Owns: validating the attribute's TLVs, taking them apart for printing, and building the
 * value ExaBGP's `bgp-prefix-sid [ INDEX, [ ( BASE,RANGE ) ... ] ]` asks for.
 * The attribute itself travels in attr_set.unknown (its attr_table row is ATTR_KIND_RAW:
 * RFC 8669 6 says a malformed one is discarded, never the route).
 * Must not know: text grammar, JSON.
 *
 *   TLV:  type (1) | length (2) | value
 *   1 label index (RFC 8669 3.1):  reserved (1) | flags (2) | label index (4)      length 7
 *   3 originator SRGB (3.2):      flags (2) | { base (3) | range (3) }+            length 2+6n
 *   5 / 6 SRv6 L3 / L2 service (RFC 9252 2): reserved (1) | sub-TLVs
 *       sub-TLV 1 SID information (3.1): reserved1 (1) | SID (16) | flags (1) |
 *                                        endpoint behavior (2) | reserved2 (1) | sub-sub-TLVs
 *       sub-sub-TLV 1 SID structure (3.2.1): six one-octet lengths
 */
#ifndef WIRE_PREFIX_SID_H
#define WIRE_PREFIX_SID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define PREFIX_SID_TLV_LABEL_INDEX 1
#define PREFIX_SID_TLV_SRGB 3
#define PREFIX_SID_TLV_SRV6_L3 5
#define PREFIX_SID_TLV_SRV6_L2 6
#define PREFIX_SID_SRGB_MAX 32
#define PREFIX_SID_SIDS_MAX 8

struct prefix_sid_srv6_sid {
	uint8_t sid[16];
	uint8_t flags;
	uint16_t behavior;
	bool has_structure;
	uint8_t structure[6];  /* block, node, function, argument, transposition length, offset */
};

struct prefix_sid {
	bool has_label_index;
	uint32_t label_index;
	size_t nsrgb;
	uint32_t srgb[PREFIX_SID_SRGB_MAX][2];   /* base, range */
	uint8_t service_tlv;                     /* 0, or 5 / 6 */
	size_t nsids;
	struct prefix_sid_srv6_sid sids[PREFIX_SID_SIDS_MAX];
};

/* Take the attribute's value apart. Returns 0, or -1 when a TLV is truncated or not of
 * the forms above, or when the attribute holds what this struct cannot (unknown TLVs,
 * more than one service TLV, ...): the caller then shows it as a generic attribute. */
int prefix_sid_parse(const uint8_t *value, size_t len, struct prefix_sid *out);

/* The value for a label index and its SRGBs (as ExaBGP packs them: label index TLV, then
 * the SRGB TLV when there are ranges). */
void prefix_sid_pack_label_index(struct buf *out, uint32_t index, const uint32_t (*srgb)[2], size_t nsrgb);

/* The value of one SRv6 service TLV (tlv 5: L3, 6: L2) holding one SID information sub-TLV
 * with flags 0 and, when structure is not NULL, its SID structure (ExaBGP's
 * `bgp-prefix-sid-srv6 ( l3-service SID [BEHAVIOR [STRUCTURE]] )`). */
void prefix_sid_pack_srv6(struct buf *out, uint8_t tlv, const uint8_t sid[16], uint16_t behavior,
			  const uint8_t *structure);

/* Whether the route text's keywords give exactly these octets back: one label index (and
 * SRGBs) or one SRv6 service with one SID, every flag and reserved field zero. */
bool prefix_sid_is_text(const uint8_t *value, size_t len);

#endif
