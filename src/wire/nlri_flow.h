/* nlri_flow.h — the flow specification NLRI (RFC 8955, RFC 8956): SAFI 133 and, with a
 * route distinguisher in front, SAFI 134.
 *
 * Owns: reading a flow NLRI off the wire strictly, walking its components, and building one
 * from components in any order (packed in increasing type order, one operator list per type,
 * the end-of-list bit on the last operator of each list), byte for byte as ExaBGP packs it.
 * Must not know: text, JSON, attributes (the actions are extended communities).
 *
 *   length (1 octet if < 240, else 2 octets 0xFnnn) | [RD (8), SAFI 134] | component*
 *   prefix component (1, 2):   type | bits | [offset, IPv6] | prefix octets
 *   operator component (3-13): type | (op | value)*  the last op has the end-of-list bit
 *   op: e(0x80) a(0x40) len(0x30: 1, 2, 4, 8 octets) then numeric lt(4) gt(2) eq(1)
 *                                                   or bitmask not(2) match(1)
 * ExaBGP writes an IPv6 prefix component with ceil(bits/8) octets whatever its offset
 * (RFC 8956 3.1 would drop the offset's octets); we read and write the same, so the two
 * agree (with an offset of 0, every implementation agrees).
 */
#ifndef WIRE_NLRI_FLOW_H
#define WIRE_NLRI_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/nlri.h"

enum flow_type {
	FLOW_DESTINATION = 1,
	FLOW_SOURCE = 2,
	FLOW_PROTOCOL = 3,      /* IPv6: next-header */
	FLOW_PORT = 4,
	FLOW_DESTINATION_PORT = 5,
	FLOW_SOURCE_PORT = 6,
	FLOW_ICMP_TYPE = 7,
	FLOW_ICMP_CODE = 8,
	FLOW_TCP_FLAGS = 9,
	FLOW_PACKET_LENGTH = 10,
	FLOW_DSCP = 11,         /* IPv6: traffic-class */
	FLOW_FRAGMENT = 12,
	FLOW_FLOW_LABEL = 13,   /* IPv6 only */
};

#define FLOW_OP_END 0x80
#define FLOW_OP_AND 0x40
#define FLOW_OP_LEN 0x30
#define FLOW_OP_LT 0x04
#define FLOW_OP_GT 0x02
#define FLOW_OP_EQ 0x01
#define FLOW_OP_NOT 0x02
#define FLOW_OP_MATCH 0x01

/* Components longer than this cannot be sent (RFC 8955 4.1: 12-bit length). */
#define FLOW_NLRI_MAX (2 + 4095)
#define FLOW_ITEMS_MAX 128

static inline bool safi_is_flow(uint8_t safi) { return safi == SAFI_FLOW || safi == SAFI_FLOW_VPN; }
static inline bool nlri_is_flow(const struct nlri *n) { return safi_is_flow(n->safi); }

/* One prefix or one operator/value pair of a component. */
struct flow_item {
	uint8_t type;      /* enum flow_type */
	uint8_t op;        /* operator byte without its length bits; for prefixes 0 */
	uint8_t bits;      /* prefix length */
	uint8_t offset;    /* IPv6 prefix offset */
	uint8_t addr[16];  /* prefix, zero-padded */
	uint64_t value;
};

static inline bool flow_type_is_prefix(uint8_t type) { return type == FLOW_DESTINATION || type == FLOW_SOURCE; }
/* Bitmask components (tcp-flags, fragment) use not/match; the others lt/gt/eq. */
static inline bool flow_type_is_bitmask(uint8_t type) { return type == FLOW_TCP_FLAGS || type == FLOW_FRAGMENT; }
/* Whether the type exists for the AFI (flow-label is IPv6 only). */
bool flow_type_valid(uint16_t afi, uint8_t type);

/* Read one flow NLRI of (afi, safi) from c; out->data is the whole NLRI, length octets
 * included, pointing into c. A length running past the field resets the session (RFC 7606
 * 5.3: the field cannot be parsed further); a well-delimited NLRI whose components are
 * malformed (unknown type, decreasing order, an operator running past the NLRI, a bad
 * prefix) is skipped: returns 1 with err set to treat-as-withdraw (RFC 8955 4.2, RFC 7606).
 * Returns 0 with out filled, 1 skipped, -1 session reset. */
int nlri_flow_read(struct cursor *c, uint16_t afi, uint8_t safi, struct nlri *out, struct wire_error *err);

/* The RD of a SAFI 134 NLRI read or built here (NULL for SAFI 133). */
const uint8_t *nlri_flow_rd(const struct nlri *n);

/* Walks the items of a valid flow NLRI in wire order. */
struct flow_iter {
	struct cursor c;
	uint16_t afi;
	uint8_t type;      /* current operator list, 0 between components */
};
void flow_iter_init(struct flow_iter *it, const struct nlri *n);
/* 1 with *out filled, 0 at the end (or on bytes nlri_flow_read would have refused). */
int flow_iter_next(struct flow_iter *it, struct flow_item *out);

/* Items given in any order; packed in increasing type order (stable within a type). */
struct flow_builder {
	uint16_t afi;
	uint8_t safi;
	bool has_rd;
	uint8_t rd[8];
	size_t count;
	struct flow_item items[FLOW_ITEMS_MAX];
};
void flow_builder_init(struct flow_builder *b, uint16_t afi);
/* -1 when the builder is full. */
int flow_builder_add(struct flow_builder *b, const struct flow_item *item);
/* The NLRI into out (FLOW_NLRI_MAX bytes); n->data points at out. -1 when the components
 * do not fit the 12-bit length. safi is SAFI_FLOW_VPN when an RD was given. */
int flow_builder_pack(const struct flow_builder *b, uint8_t out[FLOW_NLRI_MAX], struct nlri *n);

/* Octets a value needs on the wire for a component type (ExaBGP's choice: the smallest of
 * 1, 2 or 4 the type allows). */
unsigned flow_value_size(uint8_t type, uint64_t value);

#endif
