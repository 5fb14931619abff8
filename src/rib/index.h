/* index.h — a route's index: the key the API shows and takes back ("index HEX").
 *
 * Owns: the byte layout of an index, its lower-case hex form, and reading an index back
 * into the NLRI it names.
 * Must not know: the store's own key layout (store.c keys routes by the packed NLRI, which
 * is shorter; the index is derived from it), sessions, text.
 *
 * The seed (ExaBGP's plan, part 3) defines the index as
 *     "%02x%02x" % (afi, safi) + nlri.index()          shown as hex: 0101180a000000
 * for 10.0.0.0/24 in IPv4 unicast. Read as octets that is 01 01 18 0a 00 00 00:
 *     AFI      one octet "%02x" (two octets, big-endian, for an AFI above 255: BGP-LS
 *              16388 is 40 04, which is what "%02x" prints too)
 *     SAFI     one octet
 *     PATH ID  four octets, big-endian — only for a route that has an ADD-PATH path
 *              identifier (ExaBGP 6 puts them first in its packed NLRI too), so
 *              10.0.0.0/24 and 10.0.0.0/24 path-information 0 are two routes
 *     NLRI     for IPv4/IPv6 unicast and multicast prefixes: the prefix length octet then
 *              the WHOLE address (4 or 16 octets, bits past the length zero) — 18 0a 00 00
 *              00 above, not the 3-octet wire form 18 0a 00 00; this is ExaBGP's
 *              CIDR key (mask octet + the padded address it keeps); for every other
 *              family the NLRI exactly as packed.
 * The lengths tell the cases apart (IPv4: 7 octets, 11 with a path id; IPv6: 19 / 23).
 * ExaBGP 6's own Route.index() is not this: it concatenates the ASCII text "0101" with
 * b"disabled" and the 3-octet wire prefix, so its hex is 3031303164697361626c6564180a0000.
 * The seed's second example, "0101200a010000" for 10.1.0.0/24, contradicts its first one
 * (under the rule above, fixed by the first, it is 10.1.0.0/32; 10.1.0.0/24 is
 * 0101180a010000); t_rib_index checks both readings.
 */
#ifndef RIB_INDEX_H
#define RIB_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "wire/nlri.h"

/* Octets of the longest index of a prefix route: AFI(2) SAFI(1) path id(4) length(1) 16. */
#define RIB_INDEX_PREFIX_MAX 24
/* The longest NLRI the store keeps (an NLRI cannot exceed a 4096-octet message anyway). */
#define RIB_NLRI_MAX 4096
#define RIB_INDEX_MAX (3 + 4 + RIB_NLRI_MAX)

/* Write n's index to out (room for RIB_INDEX_MAX octets; RIB_INDEX_PREFIX_MAX suffice for
 * prefixes). Returns its length, 0 when n is longer than RIB_NLRI_MAX. */
size_t rib_index_make(const struct nlri *n, uint8_t *out);

/* Lower-case hex of len octets, NUL-terminated: out must hold 2 * len + 1. Returns out. */
char *rib_index_hex(const uint8_t *index, size_t len, char *out);

/* Read hex[0..len) (either case) into the NLRI it names, whose bytes are put in storage
 * (room for RIB_NLRI_MAX + 1 octets; the NLRI points into it). Returns 0, or -1 when the
 * text is not hex, the family is unknown, or a prefix index is not canonical (a length
 * beyond the address, bits set past the length, a size that is neither form). */
int rib_index_parse(const char *hex, size_t len, struct nlri *out, uint8_t *storage);

#endif
