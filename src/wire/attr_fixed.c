/* attr_fixed.c — the fixed-size path attributes: ORIGIN, NEXT_HOP, MED, LOCAL_PREF,
 * ATOMIC_AGGREGATE, ORIGINATOR_ID, OTC.
 *
 * Owns: their value layouts and length rules (each one RFC 7606 7.x section), and writing
 * them back with ExaBGP's flags.
 * Must not know: the parse loop (flags, duplicates, eBGP rules are checked before these
 * run), next-hop resolution, defaults.
 *
 * Value parsers write into *out only on success, so a discarded attribute leaves no trace.
 */
#include "wire/attr_internal.h"

/* A length check shared by all: RFC 4271 6.3 "Attribute Length Error" unless said otherwise. */
static int fixed_length(const struct cursor *v, uint8_t code, size_t want, const char *name,
			struct wire_error *err)
{
	if (cursor_left(v) == want)
		return 0;
	return attr_fail(err, code, BGP_UPD_ATTR_LENGTH, cursor_offset(v), "%s length %zu, expected %zu", name,
			 cursor_left(v), want);
}

/*
 * ORIGIN (1): one octet, 0 IGP, 1 EGP, 2 INCOMPLETE.
 * RFC 7606 7.1: a length other than 1 or an undefined value: treat-as-withdraw.
 */
int attr_origin_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		      struct arena *arena, struct wire_error *err)
{
	uint8_t origin = 0;
	(void)flags, (void)ctx, (void)arena;

	if (fixed_length(v, ATTR_ORIGIN, 1, "ORIGIN", err) < 0)
		return -1;
	cursor_u8(v, &origin);
	if (origin > ORIGIN_INCOMPLETE)
		return attr_fail(err, ATTR_ORIGIN, BGP_UPD_INVALID_ORIGIN, cursor_offset(v) - 1,
				 "undefined ORIGIN value %u", origin);
	out->origin = origin;
	return 0;
}

void attr_origin_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_header_put(out, ATTR_FLAG_TRANSITIVE, ATTR_ORIGIN, 1);
	buf_put_u8(out, set->origin);
}

/*
 * NEXT_HOP (3): an IPv4 address.
 * RFC 7606 7.3: syntactically incorrect (length other than 4): treat-as-withdraw. The
 * semantic checks of RFC 4271 6.3 (not our own address, not martian) need the session and
 * policy, and ExaBGP's own tests send 255.255.255.255, so none is made here.
 */
int attr_next_hop_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	if (fixed_length(v, ATTR_NEXT_HOP, 4, "NEXT_HOP", err) < 0)
		return -1;
	cursor_bytes(v, out->next_hop, 4);
	return 0;
}

void attr_next_hop_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP, set->next_hop, 4);
}

/*
 * MULTI_EXIT_DISC (4): a 4-octet unsigned integer.
 * RFC 7606 7.4: a length other than 4: treat-as-withdraw.
 */
int attr_med_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		   struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	if (fixed_length(v, ATTR_MED, 4, "MULTI_EXIT_DISC", err) < 0)
		return -1;
	cursor_u32(v, &out->med);
	return 0;
}

void attr_med_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_header_put(out, ATTR_FLAG_OPTIONAL, ATTR_MED, 4);
	buf_put_u32(out, set->med);
}

/*
 * LOCAL_PREF (5): a 4-octet unsigned integer.
 * RFC 7606 7.5: from an internal peer, a length other than 4: treat-as-withdraw (from an
 * external peer the loop discards it before we are called). attrs_pack writes it whenever
 * it is present: whether to send it to an eBGP peer is the model's decision.
 */
int attr_local_pref_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			  struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	if (fixed_length(v, ATTR_LOCAL_PREF, 4, "LOCAL_PREF", err) < 0)
		return -1;
	cursor_u32(v, &out->local_pref);
	return 0;
}

void attr_local_pref_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_header_put(out, ATTR_FLAG_TRANSITIVE, ATTR_LOCAL_PREF, 4);
	buf_put_u32(out, set->local_pref);
}

/*
 * ATOMIC_AGGREGATE (6): no value.
 * RFC 7606 7.6: a length other than 0: attribute discard.
 */
int attr_atomic_aggregate_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
				struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena, (void)out;
	return fixed_length(v, ATTR_ATOMIC_AGGREGATE, 0, "ATOMIC_AGGREGATE", err);
}

void attr_atomic_aggregate_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)set, (void)ctx;
	attr_header_put(out, ATTR_FLAG_TRANSITIVE, ATTR_ATOMIC_AGGREGATE, 0);
}

/*
 * ORIGINATOR_ID (9, RFC 4456): a 4-octet router id, kept in host order.
 * RFC 7606 7.9: from an internal peer, a length other than 4: treat-as-withdraw (from an
 * external peer the loop discards it).
 */
int attr_originator_id_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx,
			     struct attr_set *out, struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	if (fixed_length(v, ATTR_ORIGINATOR_ID, 4, "ORIGINATOR_ID", err) < 0)
		return -1;
	cursor_u32(v, &out->originator_id);
	return 0;
}

void attr_originator_id_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_header_put(out, ATTR_FLAG_OPTIONAL, ATTR_ORIGINATOR_ID, 4);
	buf_put_u32(out, set->originator_id);
}

/*
 * OTC, Only to Customer (35, RFC 9234 5): a 4-octet AS number whatever the session's AS
 * number size.
 * RFC 9234 5: a length other than 4: treat-as-withdraw.
 */
int attr_otc_parse(struct cursor *v, uint8_t flags, const struct open_context *ctx, struct attr_set *out,
		   struct arena *arena, struct wire_error *err)
{
	(void)flags, (void)ctx, (void)arena;
	if (fixed_length(v, ATTR_OTC, 4, "OTC", err) < 0)
		return -1;
	cursor_u32(v, &out->otc);
	return 0;
}

void attr_otc_pack(const struct attr_set *set, const struct open_context *ctx, struct buf *out)
{
	(void)ctx;
	attr_header_put(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_OTC, 4);
	buf_put_u32(out, set->otc);
}
