/* nlri.h — Network Layer Reachability Information: one route's key on the wire.
 *
 * Owns: struct nlri (family + optional ADD-PATH path identifier + the NLRI's own packed
 * bytes), and the codec for prefix families (IPv4/IPv6 unicast and multicast): reading a
 * run of prefixes from the withdrawn/NLRI fields or an MP attribute, writing them back,
 * and printing a prefix. Other families add their own codecs beside this one and keep
 * the same struct: `data` is always the NLRI exactly as packed, without the path id.
 * Must not know: attributes, next hops, text grammar beyond "addr/len".
 *
 * Prefix encoding (RFC 4271 4.3, RFC 4760 5, RFC 7911 3):
 *   [path identifier (4), ADD-PATH only] length in bits (1) prefix (ceil(length/8))
 */
#ifndef WIRE_NLRI_H
#define WIRE_NLRI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "wire/error.h"

struct nlri {
	uint16_t afi;
	uint8_t safi;
	bool has_path_id;
	uint16_t len;        /* bytes at data */
	uint32_t path_id;
	const uint8_t *data; /* packed NLRI without path id; for prefixes: bitlen then bytes */
};

#define NLRI_PREFIX_MAX 17   /* 1 length octet + 16 address octets */

/* Read one prefix of afi from c (path id first when addpath). data points into c.
 * On a bad length (beyond 32/128 bits, or running past the field) returns -1 and fills
 * err with session-reset (RFC 7606 5.3: the NLRI field cannot be parsed any further). */
int nlri_prefix_read(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, struct nlri *out,
		     struct wire_error *err);

/* The start every NLRI reader shares: out cleared with its family set, then the ADD-PATH
 * path identifier when addpath (*at moves past it, for the offsets of later errors). who
 * names the family in the error ("mup"; NULL for none). 0, or -1 with err filled
 * (session reset) when the path identifier is cut. */
int nlri_read_begin(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, struct nlri *out, size_t *at,
		    const char *who, struct wire_error *err);

/* Append n's wire form (path id first when addpath; a missing path id is sent as 0). */
void nlri_put(struct buf *out, const struct nlri *n, bool addpath);
static inline size_t nlri_wire_size(const struct nlri *n, bool addpath)
{
	return (size_t)n->len + (addpath ? 4 : 0);
}

/* Prefix bytes helpers: bit length and the full address (zero-padded). */
static inline uint8_t nlri_prefix_bits(const struct nlri *n) { return n->len ? n->data[0] : 0; }
void nlri_prefix_addr(const struct nlri *n, uint8_t addr[16]);

/* Build a prefix NLRI into storage (NLRI_PREFIX_MAX bytes): host bits beyond the length
 * are cleared. Returns 0, or -1 when bits exceeds the family's address size. */
int nlri_prefix_make(struct nlri *out, uint8_t storage[NLRI_PREFIX_MAX], uint16_t afi, uint8_t safi,
		     const uint8_t *addr, unsigned bits);

/* "10.0.0.0/24", "2001:db8::/32"; out must hold NLRI_PREFIX_STR_MAX bytes. */
#define NLRI_PREFIX_STR_MAX 52
char *nlri_prefix_format(const struct nlri *n, char *out);

bool nlri_equal(const struct nlri *a, const struct nlri *b);

#endif
