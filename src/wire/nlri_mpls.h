/* nlri_mpls.h — labelled prefixes: labelled unicast (SAFI 4, RFC 8277) and MPLS VPN
 * (SAFI 128, RFC 4364 4.3.4 / RFC 4659 3), IPv4 and IPv6.
 *
 * Owns: reading and building the packed NLRI of both families, taking one apart into its
 * label stack, RD and prefix, its prefix text, and the VPN next hop (an RD of zeros before
 * each address in MP_REACH_NLRI, RFC 4364 4.3.2 / RFC 4659 3.2.1.1, RFC 8950 for VPN-IPv4
 * over an IPv6 next hop). struct nlri keeps the NLRI exactly as packed (without path id).
 * Must not know: attributes, text grammar, JSON.
 *
 *   [path id (4), ADD-PATH] | length in bits (1) | labels (3 each) | [RD (8), SAFI 128] | prefix
 *   the length covers the labels, the RD and the prefix bits.
 */
#ifndef WIRE_NLRI_MPLS_H
#define WIRE_NLRI_MPLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/label.h"
#include "wire/nlri.h"
#include "wire/rd.h"

/* Octets of the longest packed NLRI we build: length, labels, RD, 16 address octets. */
#define NLRI_MPLS_MAX (1 + LABEL_STACK_MAX * LABEL_ENTRY_LEN + RD_LEN + 16)

/* A labelled NLRI taken apart. */
struct nlri_mpls {
	struct label_stack labels;
	bool has_rd;
	uint8_t rd[RD_LEN];
	uint8_t bits;          /* prefix length */
	uint8_t addr[16];      /* the prefix, zero-padded */
};

static inline bool nlri_is_labelled(uint16_t afi, uint8_t safi)
{
	return (afi == 1 || afi == 2) && (safi == 4 || safi == 128);
}

static inline bool nlri_has_rd(uint8_t safi) { return safi == 128; }

/* Read one labelled NLRI of afi/safi from c (path id first when addpath); `withdraw` lets
 * the 0x800000 entry end the stack (RFC 8277 2.4). data points into c. On a length that
 * cannot hold the labels, RD and prefix, or a prefix beyond the address, returns -1 with err
 * set to session reset (RFC 7606 5.3: the rest of the field cannot be parsed). */
int nlri_mpls_read(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw,
		   struct nlri *out, struct wire_error *err);

/* Take n (as read or made: trusted) apart. -1 when its bytes are not a labelled NLRI. */
int nlri_mpls_split(const struct nlri *n, struct nlri_mpls *out);

/* Build the packed NLRI of m into storage (NLRI_MPLS_MAX octets); host bits are cleared.
 * Returns 0, or -1 when the prefix exceeds the address or the whole exceeds 255 bits. */
int nlri_mpls_make(struct nlri *out, uint8_t storage[NLRI_MPLS_MAX], uint16_t afi, uint8_t safi,
		   const struct nlri_mpls *m);

/* ExaBGP's NLRI.index() without its path id: the NLRI as packed but without the labels,
 * the length octet counting the RD and prefix only (what ExaBGP sorts an UPDATE's NLRI by).
 * out holds NLRI_MPLS_MAX octets; returns the key's length. */
size_t nlri_mpls_sort_key(const struct nlri *n, uint8_t out[NLRI_MPLS_MAX]);

/* "10.0.0.0/24": the prefix alone; out holds NLRI_PREFIX_STR_MAX. */
char *nlri_mpls_prefix_format(const struct nlri *n, char *out);

/* MP_REACH_NLRI next hop of a VPN family (RFC 4364 4.3.2, RFC 4659 3.2.1.1, RFC 8950):
 * 12, 24 or 48 octets, each address after an RD that must be zero. Writes the addresses
 * alone (4, 16 or 32 octets) to addr. Returns their length, or -1 for a length or RD that
 * is not a VPN next hop. */
int nlri_vpn_nexthop_strip(const uint8_t *nh, size_t len, uint8_t addr[32]);
/* The wire length of a VPN next hop of len address octets (4, 16 or 32). */
static inline size_t nlri_vpn_nexthop_len(size_t len) { return len + (len == 32 ? 16 : 8); }
/* Append it: an RD of zeros before each address. */
void nlri_vpn_nexthop_put(struct buf *out, const uint8_t *addr, size_t len);

#endif
