/* attr_internal.h — what the attribute codec files share with each other and nobody else.
 *
 * Owns: the full descriptor row (the public struct attr_desc plus the RFC 7606 rules the
 * parse loop applies before a value parser runs), the per-attribute parse and pack
 * functions the table points at, and the small helpers they all use (header writing,
 * error recording with the attribute as NOTIFICATION data).
 * Must not know: anything outside src/wire/attr*.c; other modules use wire/attr.h.
 *
 * Files: attr.c (the parse loop, RFC 7606 framing, AS4 reconciliation, attrs_pack),
 * attr_table.c (the rows), attr_fixed.c (fixed-size attributes), attr_aspath.c (AS_PATH,
 * AS4_PATH, RFC 6793), attr_aggregator.c, attr_list.c (communities and other lists of
 * fixed-size items, AIGP), attr_set.c (equality, hashing, copying).
 */
#ifndef WIRE_ATTR_INTERNAL_H
#define WIRE_ATTR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "wire/attr.h"
#include "wire/error.h"
#include "wire/open_context.h"

/* How the parse loop handles a row. */
enum attr_kind {
	ATTR_KIND_VALUE,          /* desc.parse fills fields of struct attr_set */
	ATTR_KIND_MP_REACH,       /* located only, returned in struct attr_mp */
	ATTR_KIND_MP_UNREACH,
	ATTR_KIND_AS4_PATH,       /* kept aside, reconciled after the loop (RFC 6793 4.2.3) */
	ATTR_KIND_AS4_AGGREGATOR,
	ATTR_KIND_RAW,            /* decoded by another module: kept whole in `unknown`, as received */
};

/* Rules checked by the loop before desc.parse runs. (Lengths, zero included, are the value
 * parsers' business: RFC 7606 5 lets only AS_PATH and ATOMIC_AGGREGATE be empty, and every
 * fixed-size or list parser rejects an empty value by its own length rule.) */
#define ATTR_RULE_IBGP_ONLY 0x01   /* RFC 7606 7.5, 7.9, 7.10: from an external peer: discard */

struct attr_row {
	struct attr_desc desc;       /* first member: attr_desc_find hands out &row->desc */
	uint8_t kind;                /* enum attr_kind */
	uint8_t rules;               /* ATTR_RULE_* */
	uint8_t on_flags;            /* enum wire_action for an Optional/Transitive conflict */
};

/* The row for a code, or NULL. O(1): a 256-entry index. */
const struct attr_row *attr_row_find(uint8_t code);

/* Bits of attr_set.present that attrs_pack writes through a row's pack function. */
extern const uint64_t attr_packable_mask;

/* Append an attribute header: flags (the Extended Length bit chosen from len), code, length.
 * len must be at most 65535. */
void attr_header_put(struct buf *out, uint8_t flags, uint8_t code, size_t len);

/* Record a malformed value of attribute `code` with the action of its row. The error's
 * offset is `at` (absolute; the field at fault). Returns -1 (parsers `return attr_fail(...)`). */
int attr_fail(struct wire_error *err, uint8_t code, uint8_t subcode, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Value parsers (see struct attr_desc.parse for the contract). */
int attr_origin_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		      struct arena *arena, struct wire_error *err);
int attr_next_hop_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_med_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		   struct arena *arena, struct wire_error *err);
int attr_local_pref_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			  struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_atomic_aggregate_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_originator_id_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			     struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_otc_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		   struct arena *arena, struct wire_error *err);
int attr_as_path_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
		       struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_aggregator_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			  struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			   struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_cluster_list_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			    struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_ext_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			       struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_ipv6_ext_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				    struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_large_communities_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				 struct attr_set *out, struct arena *arena, struct wire_error *err);
int attr_aigp_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		    struct arena *arena, struct wire_error *err);

/* Packers (see struct attr_desc.pack). */
void attr_origin_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_next_hop_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_med_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_local_pref_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_atomic_aggregate_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_originator_id_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_otc_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_as_path_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_aggregator_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_cluster_list_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_ext_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_ipv6_ext_communities_pack(const struct attr_set *set, const struct open_context *ctx,
				    struct buf *out);
void attr_large_communities_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);
void attr_aigp_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out);

/* RFC 6793 helpers (attr_aspath.c, attr_aggregator.c). */

/* Validate an AS path value whose ASNs are asn_size (2 or 4) octets, as RFC 7606 7.2 asks:
 * known segment types, no zero-length segment, no overrun, no trailing octet. Fills
 * *segments and *asns. Returns 0, or -1 with *bad_at the absolute offset of the fault and
 * *why a static reason. */
int aspath_check(const struct cursor *v, unsigned asn_size, size_t *segments, size_t *asns, size_t *bad_at,
		 const char **why);

/* RFC 4271 9.1.2.2 / RFC 5065: AS_SEQUENCE counts its ASNs, AS_SET counts one, confederation
 * segments count zero. path is canonical. */
size_t aspath_length(struct bytes path);

/* RFC 6793 4.2.3: the AS path built from AS_PATH (canonical) and AS4_PATH (canonical, as
 * received), into arena. Sets *out and returns 0; returns 1 when AS4_PATH is to be ignored
 * (it counts more ASNs than AS_PATH), leaving *out alone; -1 when the result would not fit
 * in one attribute. */
int aspath_merge_as4(struct bytes as_path, struct bytes as4_path, struct arena *arena, struct bytes *out);

#endif
