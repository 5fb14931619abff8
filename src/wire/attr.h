/* attr.h — BGP path attributes: their values, and the codec between values and wire bytes.
 *
 * Owns: struct attr_set (the parsed value of every path attribute of one UPDATE except
 * MP_REACH_NLRI / MP_UNREACH_NLRI, which belong to the NLRI side), the descriptor table
 * (code, flags, name, parse, pack, RFC 7606 action; adding an attribute is adding a row),
 * RFC 7606 handling of malformed attributes, and RFC 6793 AS4_PATH / AS4_AGGREGATOR
 * (merged on receipt, generated when packing for a 2-octet-AS context).
 * Must not know: routes, next-hop resolution, defaults for iBGP/eBGP (model applies those),
 * text or JSON syntax (model).
 *
 * Representation: fixed-size attributes are fields; variable-length ones are byte views
 * (struct bytes) in a canonical wire form, so a parsed set can point straight into the
 * received message and a built set into an arena, and sets can be hashed and compared
 * as bytes:
 *   as_path             segments: type(1) count(1) asn(4)*count — always 4-octet ASNs,
 *                       counts 1..255, types 1..4 (aspath_put_segment builds it)
 *   communities         n * 4 octets, wire order
 *   cluster_list        n * 4 octets
 *   ext_communities     n * 8 octets
 *   ipv6_ext_communities n * 20 octets
 *   large_communities   n * 12 octets
 *   aigp                the attribute value as received (TLVs)
 *   unknown             whole attributes, flags(1) code(1) length(1|2) value, in increasing
 *                       code order: every attribute without a descriptor, kept as received,
 *                       and those whose descriptor has no parse function (PMSI tunnel,
 *                       tunnel encapsulation, BGP-LS, prefix SID: decoded elsewhere).
 *                       On receipt, an unrecognized transitive attribute gets the Partial
 *                       bit (RFC 4271 5, as ExaBGP does) and an unrecognized non-transitive
 *                       one is dropped; the packer writes these bytes unchanged, so route
 *                       text's `attribute [...]` is sent with exactly its flags.
 * A view with len 0 and the bit in `present` set is an empty-but-present attribute (an
 * empty AS_PATH is the common case).
 */
#ifndef WIRE_ATTR_H
#define WIRE_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "wire/error.h"
#include "wire/open_context.h"

enum attr_code {
	ATTR_ORIGIN = 1,
	ATTR_AS_PATH = 2,
	ATTR_NEXT_HOP = 3,
	ATTR_MED = 4,
	ATTR_LOCAL_PREF = 5,
	ATTR_ATOMIC_AGGREGATE = 6,
	ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8,
	ATTR_ORIGINATOR_ID = 9,
	ATTR_CLUSTER_LIST = 10,
	ATTR_MP_REACH_NLRI = 14,
	ATTR_MP_UNREACH_NLRI = 15,
	ATTR_EXT_COMMUNITIES = 16,
	ATTR_AS4_PATH = 17,
	ATTR_AS4_AGGREGATOR = 18,
	ATTR_PMSI_TUNNEL = 22,
	ATTR_TUNNEL_ENCAP = 23,
	ATTR_IPV6_EXT_COMMUNITIES = 25,
	ATTR_AIGP = 26,
	ATTR_BGP_LS = 29,
	ATTR_LARGE_COMMUNITIES = 32,
	ATTR_OTC = 35,
	ATTR_PREFIX_SID = 40,
};

#define ATTR_FLAG_OPTIONAL 0x80
#define ATTR_FLAG_TRANSITIVE 0x40
#define ATTR_FLAG_PARTIAL 0x20
#define ATTR_FLAG_EXTENDED 0x10

enum origin_value { ORIGIN_IGP = 0, ORIGIN_EGP = 1, ORIGIN_INCOMPLETE = 2 };

enum aspath_segment_type {
	AS_SET = 1,
	AS_SEQUENCE = 2,
	AS_CONFED_SEQUENCE = 3,
	AS_CONFED_SET = 4,
};

#define AS_TRANS 23456

struct bytes {
	const uint8_t *ptr;
	uint32_t len;
};

/* Bit for an attribute code in attr_set.present (codes 0..63 only). */
#define ATTR_BIT(code) ((uint64_t)1 << (code))

struct attr_set {
	uint64_t present;             /* ATTR_BIT(code) for each attribute present (not `unknown`) */
	uint8_t origin;
	uint8_t next_hop[4];          /* NEXT_HOP (code 3) as received; model moves it to the route */
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;       /* AGGREGATOR, merged with AS4_AGGREGATOR on receipt */
	uint8_t aggregator_ip[4];
	uint32_t originator_id;       /* host order */
	uint32_t otc;
	struct bytes as_path;         /* merged with AS4_PATH on receipt; 4-octet canonical */
	struct bytes communities;
	struct bytes cluster_list;
	struct bytes ext_communities;
	struct bytes ipv6_ext_communities;
	struct bytes large_communities;
	struct bytes aigp;
	struct bytes unknown;
};

/* The MP_REACH_NLRI / MP_UNREACH_NLRI values found while parsing attributes: views of the
 * attribute values (after the flags/code/length header), for the NLRI parser. */
struct attr_mp {
	bool has_reach, has_unreach;
	struct bytes reach;
	struct bytes unreach;
	uint32_t reach_offset, unreach_offset; /* absolute offsets of the values, for errors */
};

/* One row per attribute with a descriptor. */
struct attr_desc {
	uint8_t code;
	uint8_t flags;               /* the flags we send: optional / transitive bits */
	const char *name;            /* ExaBGP's name: "origin", "as-path", ... */
	enum wire_action on_error;   /* RFC 7606 action for a malformed instance */
	/* Parse one attribute value into *out. Returns 0, or -1 (with err filled) when the value
	 * is malformed; the caller then applies the row's action. NULL for MP_(UN)REACH_NLRI,
	 * AS4_PATH, AS4_AGGREGATOR (handled by attrs_parse) and the attributes kept raw. */
	int (*parse)(struct cursor *value, uint8_t flags, const struct open_context *ctx,
		     struct attr_set *out, struct arena *arena, struct wire_error *err);
	/* Append the whole attribute (header included) for ctx to out. NULL where parse is. */
	void (*pack)(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
};

/* The next of a set's `unknown` attributes (kept whole: flags, code, length, value) at c,
 * a cursor over set->unknown: true with its parts, false at the end (or on bytes the set
 * would not have been built with). */
struct attr_raw {
	uint8_t flags, code;
	uint32_t len;
	const uint8_t *value;
};
bool attr_raw_next(struct cursor *c, struct attr_raw *out);

/* The attribute of that code among a set's `unknown` ones (kept whole): true with a view of
 * its value. */
bool attr_set_unknown_find(const struct attr_set *set, uint8_t code, const uint8_t **value, uint32_t *len);

/* The descriptor of a code, or NULL (unknown: kept raw). */
const struct attr_desc *attr_desc_find(uint8_t code);

/* Parse the Path Attributes field of an UPDATE (RFC 4271 4.3) into *out, applying RFC 7606:
 * malformed attributes are discarded or turn the UPDATE into treat-as-withdraw (err says
 * which, and why); -1 only when the session must be reset. The set may point into the
 * message and into arena (for AS paths converted to 4-octet form or merged with AS4_PATH).
 * `has_nlri` says whether the UPDATE carries IPv4 NLRI in its trailing field (NEXT_HOP is
 * then mandatory, RFC 7606 3 d). out and mp are cleared first; mp and err may be NULL;
 * arena may not. The cursor is consumed. */
int attrs_parse(struct cursor *attrs, const struct open_context *ctx, bool has_nlri,
		struct attr_set *out, struct attr_mp *mp, struct arena *arena, struct wire_error *err);

/* Append every present attribute of set for ctx, in type-code order, with canonical flags
 * (extended length only when the value needs it). NEXT_HOP is written when its bit is set.
 * mp_reach / mp_unreach, when not NULL, are whole packed attributes written as ExaBGP 6
 * places them: MP_UNREACH_NLRI before every other attribute, MP_REACH_NLRI after them all.
 * For a 2-octet context (ctx->asn4 false), AS_PATH / AGGREGATOR carry AS_TRANS for large
 * ASNs and AS4_PATH / AS4_AGGREGATOR are added (RFC 6793 4.2.2), each right after the
 * attribute it completes (ExaBGP again). An optional attribute with an empty value (an
 * empty community list, say) is not written, as ExaBGP writes none. */
void attrs_pack(const struct attr_set *set, const struct open_context *ctx,
		const struct bytes *mp_reach, const struct bytes *mp_unreach, struct buf *out);

/* Append one attribute header + value; chooses the extended-length flag from len. A len
 * above 65535 cannot be encoded: nothing is written. */
void attr_put(struct buf *out, uint8_t flags, uint8_t code, const uint8_t *value, size_t len);

/* Equality and hashing of sets by value (for grouping routes and interning). */
bool attr_set_equal(const struct attr_set *a, const struct attr_set *b);
uint64_t attr_set_hash(const struct attr_set *s, uint64_t seed);

/* Copy every view of src into arena so dst no longer points into a message. */
void attr_set_copy(struct attr_set *dst, const struct attr_set *src, struct arena *arena);

/* Iterate AS_PATH segments of a canonical (4-octet) view. */
struct aspath_iter {
	struct cursor cur;
};
void aspath_iter_init(struct aspath_iter *it, struct bytes path);
/* Next segment: its type, count and a pointer to count 4-octet big-endian ASNs. 1 on a
 * segment, 0 at the end. Canonical views are trusted (validated when built). */
int aspath_iter_next(struct aspath_iter *it, uint8_t *type, uint8_t *count, const uint8_t **asns);

/* Append n ASNs as canonical segments of type to out: none when n is 0, and runs of at most
 * 255 ASNs (ExaBGP splits longer segments the same way), for building attr_set.as_path. */
void aspath_put_segment(struct buf *out, uint8_t type, const uint32_t *asns, size_t n);

#endif
