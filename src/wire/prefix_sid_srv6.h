/* prefix_sid_srv6.h — building the SRv6 service TLVs of the Prefix-SID attribute (RFC 9252),
 * the value ExaBGP's `bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR [STRUCTURE]] )`
 * asks for. Reading them is prefix_sid.h's prefix_sid_parse.
 *
 * Owns: the octets of one service TLV holding one SID information sub-TLV, and whether a
 * received value is exactly that (so text can stand for it).
 * Must not know: text grammar, JSON.
 *
 *   TLV 5 / 6 | length (2) | reserved (1)
 *     sub-TLV 1 | length (2) | reserved1 (1) | SID (16) | flags (1) | behavior (2) | reserved2 (1)
 *       [ sub-sub-TLV 1 | length 6 (2) | block | node | function | argument | tpose length | tpose offset ]
 * ExaBGP writes zero flags and reserved fields.
 */
#ifndef WIRE_PREFIX_SID_SRV6_H
#define WIRE_PREFIX_SID_SRV6_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/prefix_sid.h"

/* The behavior ExaBGP gives a SID written without one (RFC 9252 3.1: opaque to BGP). */
#define PREFIX_SID_SRV6_BEHAVIOR_NONE 0xFFFF

/* Append the service TLV `tlv` (PREFIX_SID_TLV_SRV6_L3 or _L2) holding the one SID s
 * (its flags are written as 0, as ExaBGP does). */
void prefix_sid_srv6_pack(struct buf *out, uint8_t tlv, const struct prefix_sid_srv6_sid *s);

/* Whether value (a Prefix-SID attribute's value) is exactly what prefix_sid_srv6_pack writes
 * for one service TLV with one SID; fills *ps when it is. */
bool prefix_sid_srv6_is_simple(const uint8_t *value, uint32_t len, struct prefix_sid *ps);

#endif
