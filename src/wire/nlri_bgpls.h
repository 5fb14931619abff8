/* nlri_bgpls.h — the NLRI of bgp-ls bgp-ls (AFI 16388, SAFI 71; RFC 9552 5.2), decoded only.
 *
 * Owns: reading one BGP-LS NLRI from an UPDATE: its framing checked (the NLRI's length, and
 * for the node, link and prefix types the Protocol-ID, Identifier and the TLVs each ending
 * inside it); the TLV walker shared with the BGP-LS attribute (type 29).
 * Must not know: text, JSON (bgpls_json.c reads the TLVs).
 *
 *   NLRI Type (2) | Total NLRI Length (2) | body (Length)
 *   types 1 node, 2 link, 3 IPv4 prefix, 4 IPv6 prefix:
 *     Protocol-ID (1) | Identifier (8) | TLVs: Type (2) | Length (2) | Value
 */
#ifndef WIRE_NLRI_BGPLS_H
#define WIRE_NLRI_BGPLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"

enum bgpls_nlri_type {
	BGPLS_NODE = 1,
	BGPLS_LINK = 2,
	BGPLS_PREFIX_V4 = 3,
	BGPLS_PREFIX_V6 = 4,
};

/* Read one NLRI (path id first when addpath); out->data points into c (the whole NLRI,
 * its 4-octet header first). 0, 1 for an NLRI type this build does not decode (kept as
 * octets), -1 with err filled (session-reset) when it is truncated or badly framed. */
int nlri_bgpls_read(struct cursor *c, bool addpath, struct nlri *out, struct wire_error *err);

/* The next Type (2) | Length (2) | Value of c: 1, 0 at the end, -1 when truncated. */
int bgpls_tlv_next(struct cursor *c, uint16_t *type, const uint8_t **value, uint16_t *len);

#endif
